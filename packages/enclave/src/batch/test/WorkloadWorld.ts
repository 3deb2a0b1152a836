/**
 * Test helper: one enclave, one fake chain (MC + storage) and the users' side, for running the
 * D9 workloads through `executeBatch` (D5) batch after batch. Bodies are built from the
 * committed artifacts' ABIs; each sent request is remembered with the ABI and function that
 * decode its result. The keyring is the test's, so it can open a program's sealed Info to
 * check who its admin is (D5 "Admin"); a real host never holds it.
 */
import { encodeDeployBody, programRuntimes, type ResultV1 } from '@racetee/protocol'
import {
  type Abi,
  type Address,
  bytesToHex,
  decodeFunctionResult,
  encodeDeployData,
  encodeFunctionData,
  getAddress,
  type Hex,
  hexToBytes,
} from 'viem'
import { Enclave } from '../../Enclave.js'
import { EpochKeyring } from '../../keys/epochKeys.js'
import { SealedProgramLoader } from '../sealedProgramLoader.js'
import type { BatchOutput } from '../types.js'
import { resultOf, type SentRequest, seal, send } from './client.js'
import { FakeChain } from './FakeChain.js'

const chainId = 31337n
const mc = getAddress('0x5fbdb2315678afecb367f032d93f642f64180aa3')
const beneficiary = getAddress('0x000000000000000000000000000000000000bee1')
const kinds = { call: 1, deploy: 2, acl: 3 } as const

export type Artifact = { abi: Abi; bytecode: Hex }
type Sent = SentRequest & { abi: Abi; functionName: string | null }

export class WorkloadWorld {
  readonly chain = new FakeChain(chainId, mc)
  readonly outputs: BatchOutput[] = []
  readonly #keyring = new EpochKeyring()
  readonly #enclave = new Enclave({
    chainId,
    mc,
    limits: { maxProgramsPerRequest: 8, maxCreatesPerRequest: 4 },
    keyring: this.#keyring,
  })
  readonly #requestPublicKey = this.#enclave.createGenesisEpoch().requestPublicKey

  /** `createProgram` (D3.1) for programs users deploy; created ones are registered by commits. */
  register(...programs: Address[]): this {
    for (const program of programs) this.chain.register(program)
    return this
  }

  async deploy(block: bigint, caller: Address, program: Address, artifact: Artifact, args: unknown[] = []) {
    const initCode = encodeDeployData({ abi: artifact.abi, bytecode: artifact.bytecode, args } as never)
    const body = encodeDeployBody({
      runtime: programRuntimes.evm,
      code: hexToBytes(initCode),
      config: { acl: [], rotateEvery: 0, keepHistory: false, resultBucketMin: 0, pageBucketMin: 0 },
    })
    return this.#send(block, caller, program, kinds.deploy, body, 5_000_000n, artifact.abi, null)
  }

  async call(
    block: bigint,
    caller: Address,
    program: Address,
    abi: Abi,
    functionName: string,
    args: unknown[] = [],
  ): Promise<Sent> {
    const data = encodeFunctionData({ abi, functionName, args } as never)
    return this.#send(block, caller, program, kinds.call, hexToBytes(data), 3_000_000n, abi, functionName)
  }

  /** An ACL change request (P3 kind acl) with an already encoded body. */
  async acl(block: bigint, caller: Address, program: Address, body: Uint8Array): Promise<Sent> {
    return this.#send(block, caller, program, kinds.acl, body, 100_000n, [], null)
  }

  /** Executes blocks up to `toBlock` as one batch and applies the commit to the fake chain. */
  async run(toBlock: bigint): Promise<BatchOutput> {
    const output = await this.#enclave.executeBatch({
      epoch: 0n,
      facts: this.chain,
      blobs: this.chain,
      input: this.chain.batchInput(toBlock, beneficiary),
    })
    this.chain.commit(output)
    this.outputs.push(output)
    return output
  }

  /** The decrypted result of a request, as its sender opens it. */
  result(sent: Sent): ResultV1 {
    return resultOf(this.chain, this.outputs, sent)
  }

  /** The decrypted result's return value, decoded with the function's ABI. */
  value(sent: Sent): unknown {
    const { returnData } = this.result(sent)
    if (sent.functionName === null) throw new TypeError('not a call')
    return decodeFunctionResult({
      abi: sent.abi,
      functionName: sent.functionName,
      data: bytesToHex(returnData),
    } as never)
  }

  /** The admin and ACL in a program's sealed Info as committed (opened with the test's keyring). */
  async access(program: Address): Promise<{ admin: Address; acl: readonly Address[] }> {
    const loader = new SealedProgramLoader({
      chainId,
      mc,
      facts: this.chain,
      blobs: this.chain,
      keyring: this.#keyring,
    })
    try {
      const loaded = await loader.program(program)
      if (!loaded) throw new TypeError(`${program} is not deployed`)
      return { admin: loaded.info.admin, acl: [...loaded.info.acl] }
    } finally {
      await loader.wipe()
    }
  }

  async #send(
    block: bigint,
    caller: Address,
    program: Address,
    kind: 1 | 2 | 3,
    body: Uint8Array,
    gasLimit: bigint,
    abi: Abi,
    functionName: string | null,
  ): Promise<Sent> {
    const sealed = await seal({
      chainId,
      mc,
      requestPublicKey: this.#requestPublicKey,
      blockNumber: block,
      kind,
      program,
      caller,
      body,
      gasLimit,
    })
    return { ...send(this.chain, sealed), abi, functionName }
  }
}
