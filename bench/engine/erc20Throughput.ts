/**
 * `engine.erc20PerSecond` (issue 7): confidential ERC20 transfers per second through ONE
 * enclave, in this process, with no chain. Users' envelopes are sealed beforehand (the client's
 * work, not timed); the timed part is the enclave's whole batch: open each envelope (HPKE,
 * D4), execute the transfer on the engine (D5), seal results and changed pages, build and sign
 * the commit (D3.3). A warm-up batch runs first so the engine's caches, the JIT and the token's
 * pages are hot. Every result is opened afterwards and must be a success, so a broken batch
 * can never report a fast figure.
 */
import { confidentialErc20Artifact } from '@racetee/contracts'
import { type BatchOutput, Enclave } from '@racetee/enclave'
import {
  decodeResultsBundle,
  encodeDeployBody,
  errorCodes,
  openResult,
  programRuntimes,
  RaceteeError,
  type RequestKind,
  requestKinds,
  resultStatus,
  sealRequestEnvelope,
} from '@racetee/protocol'
import { bytesToHex, encodeDeployData, encodeFunctionData, getAddress, hexToBytes } from 'viem'
import { MemoryChain } from './memoryChain.js'

const chainId = 31337n
const mc = getAddress('0x5fbdb2315678afecb367f032d93f642f64180aa3')
const token = getAddress('0x00000000000000000000000000000000c0de0001')
const alice = getAddress('0x00000000000000000000000000000000000a11ce')
const bob = getAddress('0x0000000000000000000000000000000000000b0b')
const beneficiary = getAddress('0x000000000000000000000000000000000000bee1')
const abi = confidentialErc20Artifact.abi

export type Erc20ThroughputParameters = {
  /** Transfers in the timed batch. */
  transfers: number
  /** Transfers in the untimed warm-up batch before it. */
  warmup: number
  /**
   * Wraps the timed batch alone (a profiler started and stopped around it, for
   * `bench/micro/enclaveProfile.ts`); the default runs it as is.
   */
  around?: (<T>(run: () => Promise<T>) => Promise<T>) | undefined
}

export type Erc20ThroughputReturnType = { transfers: number; ms: number; perSecond: number }

export async function erc20Throughput(
  parameters: Erc20ThroughputParameters,
): Promise<Erc20ThroughputReturnType> {
  const { transfers, warmup, around = (run) => run() } = parameters
  if (!Number.isInteger(transfers) || transfers < 1)
    throw new RangeError('transfers must be a positive integer')
  if (!Number.isInteger(warmup) || warmup < 0) throw new RangeError('warmup must be a non-negative integer')
  const enclave = new Enclave({ chainId, mc, limits: { maxProgramsPerRequest: 8, maxCreatesPerRequest: 4 } })
  const { requestPublicKey } = enclave.createGenesisEpoch()
  const chain = new MemoryChain(chainId, mc)
  chain.register(token)

  const send = async (blockNumber: bigint, kind: RequestKind, body: Uint8Array, gasLimit: bigint) => {
    const { envelope, resultBase } = await sealRequestEnvelope({
      recipientPublicKey: requestPublicKey,
      chainId,
      mc,
      epoch: 0n,
      program: token,
      caller: alice,
      kind,
      body,
    })
    const { seq } = chain.push({
      blockNumber,
      kind,
      program: token,
      caller: alice,
      gasLimit,
      payload: bytesToHex(envelope),
    })
    return { seq, resultBase }
  }
  const transfer = (amount: bigint) =>
    hexToBytes(encodeFunctionData({ abi, functionName: 'transfer', args: [bob, amount] }))
  const runBlock = async (blockNumber: bigint): Promise<BatchOutput> => {
    const output = await enclave.executeBatch({
      epoch: 0n,
      facts: chain,
      blobs: chain,
      input: chain.batchInput(blockNumber, beneficiary),
    })
    chain.commit(output)
    return output
  }

  // Block 1 deploys the token (supply to alice) and makes bob a holder: every later transfer
  // is D9's baseline, a transfer to an existing holder.
  const deployCode = encodeDeployData({
    abi,
    bytecode: confidentialErc20Artifact.bytecode,
    args: ['Bench', 'BNC', 10n ** 30n],
  })
  const deploy = encodeDeployBody({
    runtime: programRuntimes.evm,
    code: hexToBytes(deployCode),
    config: { acl: [], rotateEvery: 0, keepHistory: false, resultBucketMin: 0, pageBucketMin: 0 },
  })
  const setup = [
    await send(1n, requestKinds.deploy, deploy, 3_000_000n),
    await send(1n, requestKinds.call, transfer(1n), 200_000n),
  ]
  expectSuccess(await runBlock(1n), setup)

  if (warmup > 0) {
    const sent = []
    for (let i = 0; i < warmup; i++) sent.push(await send(2n, requestKinds.call, transfer(1n), 200_000n))
    expectSuccess(await runBlock(2n), sent)
  }

  const sent = []
  for (let i = 0; i < transfers; i++)
    sent.push(await send(3n, requestKinds.call, transfer(BigInt(i + 1)), 200_000n))
  let ms = 0
  const output = await around(async () => {
    const started = performance.now()
    const out = await runBlock(3n)
    ms = performance.now() - started
    return out
  })
  expectSuccess(output, sent)
  return { transfers, ms, perSecond: (transfers * 1000) / ms }
}

/** Opens every result of the batch with its sender's secret: each must be a successful call. */
function expectSuccess(output: BatchOutput, sent: readonly { seq: bigint; resultBase: Uint8Array }[]): void {
  const entries = new Map(decodeResultsBundle(output.resultsBundle).map((e) => [e.seq, e]))
  for (const { seq, resultBase } of sent) {
    const entry = entries.get(seq)
    const status = entry
      ? openResult({
          resultBase,
          seq,
          acc: entry.acc,
          chainId,
          mc,
          program: entry.program,
          sealed: entry.sealed,
        }).status
      : null
    if (status !== resultStatus.success)
      throw new RaceteeError(errorCodes.TOOLING_FAILED, 'An engine bench request did not succeed.', {
        details: `seq ${seq}: ${entry ? `status ${status}` : 'no bundle entry'}`,
      })
  }
}
