/**
 * Runs one workload of D9 twice on the same devnet: confidentially through the SDK and as plain
 * public contracts (the reference), and compares every decrypted result with the public one
 * (status, return value, gas). A workload is a list of deployments and a list of steps; their
 * arguments are functions of the side they run on, because addresses differ between the
 * confidential programs and their public twins. Steps run one after another, so the MC's seq
 * order and the public order are the same. Public gas is shown net of calldata cost
 * differences (marked *): the two sides' addresses differ in their zero bytes.
 */
import type { SecretStore } from '@racetee/sdk'
import { type Abi, type Address, encodeFunctionData, type Hex, hexToBytes } from 'viem'
import { commitBlock } from '../commitBlock.js'
import { compareWithReference, runReference } from '../publicReference.js'
import type { Devnet } from '../startDevnet.js'
import { workloadSides } from './workloadSides.js'

export type Side = 'confidential' | 'public'

/** What a step's arguments may depend on: deployed addresses and earlier steps' values, per side. */
export type SideContext = {
  side: Side
  address(name: string): Address
  value(label: string): unknown
}

export type WorkloadDeployment = {
  name: string
  artifact: { abi: Abi; bytecode: Hex }
  args?: (ctx: SideContext) => readonly unknown[]
  from: Address
}

export type WorkloadStep = {
  label: string
  from: Address
  /** A deployment's name, or an address computed from earlier steps (a factory's product). */
  target: string | ((ctx: SideContext) => Address)
  abi: Abi
  functionName: string
  args?: (ctx: SideContext) => readonly unknown[]
  kind?: 'view' | 'transaction'
  gas?: bigint
  /**
   * The code branches on the order of the programs' addresses (a factory sorting its tokens), and
   * the two sides' addresses differ: gas is shown but not compared.
   */
  gasDependsOnAddresses?: boolean
  /** Runs before the step on the shared chain (e.g. moving time past an auction's end). */
  before?: (devnet: Devnet) => Promise<void>
}

export type Workload = { name: string; deployments: WorkloadDeployment[]; steps: WorkloadStep[] }

export type WorkloadOutcome = {
  workload: string
  label: string
  seq: bigint
  status: string
  gasUsed: bigint
  publicGasUsed: bigint | null
  latencyBlocks: bigint
  differs: string[]
}

const DEFAULT_GAS = 1_000_000n

export async function runWorkload(
  devnet: Devnet,
  workload: Workload,
  options: { secretStore: SecretStore; print?: (line: string) => void },
): Promise<WorkloadOutcome[]> {
  const { publicClient } = devnet
  const { secretStore } = options
  const print = options.print ?? (() => {})
  const sides = workloadSides(devnet, workload.name)
  const { walletOf, context } = sides

  print(`\n${workload.name}`)
  for (const d of workload.deployments) {
    const deployed = await sides.deployBoth(d, { secretStore })
    print(`  deployed ${d.name.padEnd(14)} confidential ${deployed.confidential}  public ${deployed.public}`)
  }

  const outcomes: WorkloadOutcome[] = []
  for (const step of workload.steps) {
    await step.before?.(devnet)
    const resolve = (side: Side) => ({ to: sides.target(step, side), args: step.args?.(context(side)) ?? [] })
    const confidential = resolve('confidential')
    const gas = step.gas ?? DEFAULT_GAS
    const { hash, result } = await sides.callConfidential(step, { secretStore, gas })
    const requestBlock = (await publicClient.getTransactionReceipt({ hash })).blockNumber
    const latencyBlocks = (await commitBlock(devnet, result.commitId)) - requestBlock
    const pub = resolve('public')
    const reference = await runReference(publicClient, walletOf(step.from), {
      abi: step.abi,
      address: pub.to,
      functionName: step.functionName,
      args: pub.args,
      kind: step.kind ?? 'transaction',
      gas,
    })
    // Calldata naming the confidential side's addresses costs other intrinsic gas than the public
    // side's (EIP-2028: 4 per zero byte, 16 per other byte): compare gas net of that difference.
    if (reference.gasUsed !== null)
      reference.gasUsed +=
        calldataGas(
          encodeFunctionData({
            abi: step.abi,
            functionName: step.functionName,
            args: confidential.args,
          } as never),
        ) -
        calldataGas(
          encodeFunctionData({ abi: step.abi, functionName: step.functionName, args: pub.args } as never),
        )
    sides.setValue('confidential', step.label, result.decoded)
    sides.setValue('public', step.label, reference.value)
    // Addresses a factory returned differ by side by design; everything else must match.
    const differs = compareWithReference(result, reference).filter(
      (field) =>
        !(field === 'value' && isAddressPair(result.decoded, reference.value)) &&
        !(field === 'gas' && step.gasDependsOnAddresses),
    )
    outcomes.push({
      workload: workload.name,
      label: step.label,
      seq: result.seq,
      status: result.status,
      gasUsed: result.gasUsed,
      publicGasUsed: reference.gasUsed,
      latencyBlocks,
      differs,
    })
    const gasText =
      reference.gasUsed === null
        ? `gas ${result.gasUsed}`
        : `gas ${result.gasUsed} (public ${reference.gasUsed}*)`
    print(
      `  seq ${String(result.seq).padStart(3)}  ${step.label.padEnd(40)} → ${show(result.status, result.decoded).padEnd(24)} ` +
        `${gasText.padEnd(28)} ${latencyBlocks} block${latencyBlocks === 1n ? '' : 's'}  ` +
        `${differs.length === 0 ? 'match' : `MISMATCH (${differs.join(', ')})`}`,
    )
  }
  return outcomes
}

function calldataGas(data: Hex): bigint {
  let gas = 0n
  for (const byte of hexToBytes(data)) gas += byte === 0 ? 4n : 16n
  return gas
}

function isAddressPair(a: unknown, b: unknown): boolean {
  const isAddress = (v: unknown) => typeof v === 'string' && /^0x[0-9a-fA-F]{40}$/.test(v)
  return isAddress(a) && isAddress(b)
}

function show(status: string, value: unknown): string {
  if (status !== 'success') return status
  if (value === undefined) return 'ok'
  const text = Array.isArray(value) ? `[${value.map(String).join(', ')}]` : String(value)
  return text.length > 24 ? `${text.slice(0, 21)}…` : text
}
