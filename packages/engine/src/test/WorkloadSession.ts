/**
 * Test helper: drives one engine (one batch) with the compiled workloads: deploys a contract at
 * a given address, sends calls numbered in order (request n carries write tag n), and decodes
 * return data with the contract's ABI. Outcomes are returned whole so tests can check status,
 * gas and logs. Deployer and user default to anvil's dev accounts 0 and 1, so addresses and
 * calldata equal those of the public runs in contracts/test/workloads.
 */
import { bytesToHex } from '@ethereumjs/util'
import { resultStatus } from '@racetee/protocol'
import {
  type Abi,
  type Address,
  decodeFunctionResult,
  encodeDeployData,
  encodeFunctionData,
  getContractAddress,
  type Hex,
} from 'viem'
import type { EvmEngine } from '../EvmEngine.js'
import type { ExecutionOutcome } from '../types.js'
import { workload } from './compileWorkloads.js'
import { callRequest, deployRequest, hexBytes } from './requests.js'

export const DEPLOYER: Address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
export const USER: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'

/** Where anvil puts the deployer's `nonce`-th contract. */
export function deployedAt(nonce: number): Address {
  return getContractAddress({ from: DEPLOYER, nonce: BigInt(nonce) })
}

export class WorkloadSession {
  private n: number

  constructor(
    readonly engine: EvmEngine,
    firstRequest = 1,
  ) {
    this.n = firstRequest
  }

  /** The number (write tag) the next request will carry. */
  get next(): number {
    return this.n
  }

  async deploy(name: string, address: Address, args: readonly unknown[] = []): Promise<ExecutionOutcome> {
    const { abi, bytecode } = workload(name)
    const initCode = encodeDeployData({ abi, bytecode, args } as never)
    const outcome = await this.engine.execute(deployRequest(address, hexBytes(initCode), this.n++, DEPLOYER))
    if (outcome.status !== resultStatus.success) throw new TypeError(`deploy of ${name} failed`)
    return outcome
  }

  async call(
    name: string,
    address: Address,
    functionName: string,
    args: readonly unknown[] = [],
    options: { caller?: Address; gasLimit?: bigint } = {},
  ): Promise<{ outcome: ExecutionOutcome; result: unknown }> {
    const { abi } = workload(name)
    const data = encodeFunctionData({ abi, functionName, args } as never)
    const outcome = await this.engine.execute(
      callRequest(address, data, this.n++, { caller: options.caller ?? DEPLOYER, ...gas(options.gasLimit) }),
    )
    const result =
      outcome.status === resultStatus.success
        ? decodeResult(abi, functionName, outcome.returnData)
        : undefined
    return { outcome, result }
  }
}

function gas(gasLimit: bigint | undefined): { gasLimit?: bigint } {
  return gasLimit === undefined ? {} : { gasLimit }
}

function decodeResult(abi: Abi, functionName: string, returnData: Uint8Array): unknown {
  const data: Hex = bytesToHex(returnData)
  return decodeFunctionResult({ abi, functionName, data } as never)
}
