/**
 * The two sides of a D9 workload on one devnet: what the demo (`runWorkload`) and the bench
 * (`deployTwins`) both need. Each side (confidential programs, public twins) has its own
 * deployed addresses and step values, because addresses differ between them; a step's target
 * and arguments are resolved per side. `deployBoth` deploys one contract on both sides: through
 * the SDK (waiting for its decrypted result) and as a plain contract; `callConfidential` sends
 * one step through the SDK and waits for its result.
 */
import { errorCodes, RaceteeError } from '@racetee/protocol'
import {
  callProgram,
  deployProgram,
  type SecretStore,
  type WaitForResultReturnType,
  waitForResult,
} from '@racetee/sdk'
import type { Abi, Account, Address, Chain, Hex, Transport, WalletClient } from 'viem'
import type { Devnet } from '../startDevnet.js'
import type { Side, SideContext, WorkloadDeployment, WorkloadStep } from './runWorkload.js'

const DEPLOY_GAS = 5_000_000n

export type WorkloadSides = {
  walletOf(address: Address): WalletClient<Transport, Chain, Account>
  context(side: Side): SideContext
  setAddress(side: Side, name: string, address: Address): void
  setValue(side: Side, label: string, value: unknown): void
  /** A step's target on one side: a deployment's name, or an address computed from earlier steps. */
  target(step: Pick<WorkloadStep, 'target'>, side: Side): Address
  /**
   * Sends `step` confidentially (its target and arguments on the confidential side, `gas` as
   * its gas limit) and waits for its decrypted, ABI-decoded result.
   */
  callConfidential(
    step: WorkloadStep,
    options: { secretStore: SecretStore; gas: bigint },
  ): Promise<{ hash: Hex; result: WaitForResultReturnType<Abi, string> }>
  /** Deploys `d` confidentially and publicly, records both addresses, and returns them. */
  deployBoth(
    d: WorkloadDeployment,
    options: { secretStore: SecretStore },
  ): Promise<{ confidential: Address; public: Address }>
}

export function workloadSides(devnet: Devnet, workloadName: string): WorkloadSides {
  const { mc, publicClient } = devnet
  const wallets = new Map(
    devnet.userKeys.map((key) => [devnet.wallet(key).account.address, devnet.wallet(key)]),
  )
  const sides = {
    confidential: { addresses: new Map<string, Address>(), values: new Map<string, unknown>() },
    public: { addresses: new Map<string, Address>(), values: new Map<string, unknown>() },
  }
  const failed = (what: string, status: string) =>
    new RaceteeError(errorCodes.TOOLING_FAILED, 'A workload deployment did not succeed.', {
      details: `${workloadName}: ${what} ended ${status}`,
    })
  const self: WorkloadSides = {
    walletOf(address) {
      const wallet = wallets.get(address)
      if (!wallet) throw new TypeError(`no devnet wallet for ${address}`)
      return wallet
    },
    context: (side) => ({
      side,
      address(name) {
        const address = sides[side].addresses.get(name)
        if (!address) throw new TypeError(`${workloadName}: ${name} is not deployed on the ${side} side`)
        return address
      },
      value: (label) => sides[side].values.get(label),
    }),
    setAddress: (side, name, address) => void sides[side].addresses.set(name, address),
    setValue: (side, label, value) => void sides[side].values.set(label, value),
    target: (step, side) =>
      typeof step.target === 'string'
        ? self.context(side).address(step.target)
        : step.target(self.context(side)),
    async callConfidential(step, { secretStore, gas }) {
      const sent = await callProgram(self.walletOf(step.from), {
        mc,
        program: self.target(step, 'confidential'),
        abi: step.abi,
        functionName: step.functionName,
        args: (step.args?.(self.context('confidential')) ?? []) as never,
        gasLimit: gas,
        secretStore,
        publicClient,
      })
      const result = await waitForResult(publicClient, {
        mc,
        hash: sent.hash,
        secretStore,
        abi: step.abi,
        functionName: step.functionName,
        pollingInterval: 100,
      })
      return { hash: sent.hash, result }
    },
    async deployBoth(d, { secretStore }) {
      const wallet = self.walletOf(d.from)
      const deployed = await deployProgram(wallet, {
        mc,
        bytecode: d.artifact.bytecode,
        abi: d.artifact.abi,
        args: (d.args?.(self.context('confidential')) ?? []) as never,
        gasLimit: DEPLOY_GAS,
        secretStore,
        publicClient,
      })
      const result = await waitForResult(publicClient, {
        mc,
        hash: deployed.hash,
        secretStore,
        pollingInterval: 100,
      })
      if (result.status !== 'success') throw failed(`confidential ${d.name} deploy`, result.status)
      self.setAddress('confidential', d.name, deployed.program)
      const hash = await wallet.deployContract({
        abi: d.artifact.abi,
        bytecode: d.artifact.bytecode,
        args: (d.args?.(self.context('public')) ?? []) as never,
      })
      const receipt = await publicClient.waitForTransactionReceipt({ hash })
      if (!receipt.contractAddress) throw failed(`public ${d.name} deploy`, receipt.status)
      self.setAddress('public', d.name, receipt.contractAddress)
      return { confidential: deployed.program, public: receipt.contractAddress }
    },
  }
  return self
}
