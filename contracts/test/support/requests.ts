/**
 * Requests in tests: send them, and recompute the accumulator independently from the chain's
 * logs and blocks with @racetee/protocol (P2), to compare with what the MC stored.
 */
import {
  accumulate,
  accumulatorEntryHash,
  accumulatorGenesis,
  type RequestEntry,
  type RequestKind,
  rotationTypes,
} from '@racetee/protocol'
import { type Address, getAddress, type Hex, hashStruct, keccak256, parseEventLogs } from 'viem'
import { mcAbi, type TestChain, type Wallet } from './testChain.js'

export type RequestOptions = {
  kind?: number
  epoch?: bigint
  gasLimit?: bigint
  payload?: Hex
  value?: bigint
  /** Set to skip gas estimation (several requests in one block with automine off). */
  gas?: bigint
}

/** 177 bytes: the envelope of a token transfer (P3). */
export const transferEnvelope: Hex = `0x01${'5a'.repeat(176)}`

export function feeFor(t: TestChain, gasLimit: bigint): bigint {
  return t.config.feeBase + gasLimit * t.config.enclaveGasPrice
}

export async function sendRequest(t: TestChain, wallet: Wallet, program: Address, o: RequestOptions = {}) {
  const gasLimit = o.gasLimit ?? 100_000n
  return wallet.writeContract({
    address: t.mc,
    abi: mcAbi,
    functionName: 'request',
    args: [program, o.kind ?? 1, o.epoch ?? 0n, gasLimit, o.payload ?? transferEnvelope],
    value: o.value ?? feeFor(t, gasLimit),
    ...(o.gas === undefined ? {} : { gas: o.gas }),
  })
}

export async function createProgram(t: TestChain, wallet: Wallet, salt: Hex, payload: Hex = '0x0102') {
  const gasLimit = 1_000_000n
  const hash = await wallet.writeContract({
    address: t.mc,
    abi: mcAbi,
    functionName: 'createProgram',
    args: [salt, 0n, gasLimit, payload],
    value: feeFor(t, gasLimit),
  })
  const receipt = await t.publicClient.waitForTransactionReceipt({ hash })
  const [log] = parseEventLogs({ abi: mcAbi, logs: receipt.logs, eventName: 'ProgramRegistered' })
  if (!log) throw new TypeError('no ProgramRegistered log')
  return log.args.program
}

export type ReplayedEntry = RequestEntry & { accAfter: Hex; fee: bigint }

/** Every accumulator entry since deployment, from Request and Rotated logs, in chain order. */
export async function replayAccumulator(t: TestChain): Promise<ReplayedEntry[]> {
  const logs = await t.publicClient.getLogs({ address: t.mc, fromBlock: t.deployBlock, toBlock: 'latest' })
  const events = parseEventLogs({ abi: mcAbi, logs }).filter(
    (l) => l.eventName === 'Request' || l.eventName === 'Rotated',
  )
  events.sort((a, b) => Number(a.blockNumber - b.blockNumber) || a.logIndex - b.logIndex)
  let acc = accumulatorGenesis(t.chainId, t.mc)
  const out: ReplayedEntry[] = []
  const blocks = new Map<bigint, { timestamp: bigint; parentHash: Hex }>()
  for (const ev of events) {
    let block = blocks.get(ev.blockNumber)
    if (!block) {
      const b = await t.publicClient.getBlock({ blockNumber: ev.blockNumber })
      block = { timestamp: b.timestamp, parentHash: b.parentHash }
      blocks.set(ev.blockNumber, block)
    }
    const tx = await t.publicClient.getTransaction({ hash: ev.transactionHash })
    let entry: RequestEntry
    if (ev.eventName === 'Request') {
      entry = {
        seq: ev.args.seq,
        blockNumber: ev.blockNumber,
        timestamp: block.timestamp,
        parentHash: block.parentHash,
        kind: ev.args.kind as RequestKind,
        program: ev.args.program,
        caller: ev.args.caller,
        epoch: ev.args.epoch,
        gasLimit: ev.args.gasLimit,
        payloadHash: keccak256(ev.args.payload),
      }
    } else if (ev.eventName === 'Rotated') {
      entry = {
        seq: ev.args.seq,
        blockNumber: ev.blockNumber,
        timestamp: block.timestamp,
        parentHash: block.parentHash,
        kind: 4,
        program: '0x0000000000000000000000000000000000000000',
        caller: getAddress(tx.from),
        epoch: ev.args.epoch,
        gasLimit: 0n,
        payloadHash: hashStruct({
          types: rotationTypes,
          primaryType: 'Rotation',
          data: {
            epoch: ev.args.epoch,
            requestPublicKey: ev.args.requestPublicKey,
            registryVersion: ev.args.registryVersion,
            grants: ev.args.grants,
          },
        }),
      }
    } else continue
    acc = accumulate(acc, accumulatorEntryHash(entry))
    out.push({ ...entry, accAfter: acc, fee: tx.value })
  }
  return out
}

/** Mines `n` empty blocks. */
export async function mine(t: TestChain, n = 1): Promise<void> {
  await t.testClient.mine({ blocks: n })
}

/** Runs `fn` with automine off, then mines one block holding everything it sent. */
export async function inOneBlock(t: TestChain, fn: () => Promise<unknown>): Promise<bigint> {
  await t.testClient.setAutomine(false)
  try {
    await fn()
    await t.testClient.mine({ blocks: 1 })
  } finally {
    await t.testClient.setAutomine(true)
  }
  return t.publicClient.getBlockNumber()
}
