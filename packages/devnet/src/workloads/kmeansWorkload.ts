/**
 * K-Means as a JS program (D5, D9): `examples/js/kmeans.js` deployed confidentially through the
 * SDK, run in QuickJS inside the enclave on 1,000 points of 5 dimensions, k = 10, 100
 * iterations, from a fixed seed, and compared with the same source run natively in Node.
 */
import { readFileSync } from 'node:fs'
import type { SecretStore } from '@racetee/sdk'
import { callProgram, deployProgram, waitForResult } from '@racetee/sdk'
import type { Abi, Address } from 'viem'
import { commitBlock } from '../commitBlock.js'
import type { Devnet } from '../startDevnet.js'
import type { WorkloadOutcome } from './runWorkload.js'

export const kmeansSourceFile = new URL('../../../../examples/js/kmeans.js', import.meta.url)
const ARGS = [42, 1_000, 5, 10, 100] as const

type KmeansModule = { abi: Abi; kmeans(...args: number[]): [bigint[], bigint[]] }

export async function runKmeansWorkload(
  devnet: Devnet,
  user: Address,
  options: { secretStore: SecretStore; print?: (line: string) => void },
): Promise<WorkloadOutcome[]> {
  const { mc, publicClient } = devnet
  const { secretStore } = options
  const print = options.print ?? (() => {})
  const source = readFileSync(kmeansSourceFile, 'utf8')
  const native = (await import(`data:text/javascript,${encodeURIComponent(source)}`)) as KmeansModule
  const wallet = devnet.userKeys.map((key) => devnet.wallet(key)).find((w) => w.account.address === user)
  if (!wallet) throw new TypeError(`no devnet wallet for ${user}`)

  print('\nK-Means as a JS program (QuickJS in the enclave) vs the same source in Node')
  const deployed = await deployProgram(wallet, {
    mc,
    source,
    gasLimit: 3_000_000n,
    secretStore,
    publicClient,
  })
  const deploy = await waitForResult(publicClient, {
    mc,
    hash: deployed.hash,
    secretStore,
    pollingInterval: 100,
  })
  if (deploy.status !== 'success') throw new TypeError(`K-Means deploy ended ${deploy.status}`)
  print(`  deployed kmeans         confidential ${deployed.program} (${source.length} bytes of JavaScript)`)

  const sent = await callProgram(wallet, {
    mc,
    program: deployed.program,
    abi: native.abi,
    functionName: 'kmeans',
    args: ARGS,
    gasLimit: 16_000_000n,
    secretStore,
    publicClient,
  } as never)
  const result = await waitForResult(publicClient, {
    mc,
    hash: sent.hash,
    secretStore,
    abi: native.abi,
    functionName: 'kmeans',
    pollingInterval: 100,
  })
  const started = performance.now()
  const expected = native.kmeans(...ARGS)
  const nativeMs = performance.now() - started
  const [centroids, sizes] = (result.decoded ?? []) as [bigint[]?, bigint[]?]
  const differs: string[] = []
  if (result.status !== 'success') differs.push('status')
  else if (JSON.stringify([centroids, sizes], big) !== JSON.stringify(expected, big)) differs.push('value')
  const requestBlock = (await publicClient.getTransactionReceipt({ hash: sent.hash })).blockNumber
  const latencyBlocks = (await commitBlock(devnet, result.commitId)) - requestBlock
  print(
    `  seq ${String(result.seq).padStart(3)}  kmeans(seed 42, 1000 points, 5 dims, k 10, 100 iterations) → ` +
      `${result.status === 'success' ? `cluster sizes [${sizes?.join(', ')}]` : result.status}  gas ${result.gasUsed}  ` +
      `${latencyBlocks} block${latencyBlocks === 1n ? '' : 's'}  ${differs.length === 0 ? 'match' : `MISMATCH (${differs.join(', ')})`} ` +
      `(native Node: ${nativeMs.toFixed(0)} ms)`,
  )
  return [
    {
      workload: 'K-Means (JS)',
      label: 'kmeans',
      seq: result.seq,
      status: result.status,
      gasUsed: result.gasUsed,
      publicGasUsed: null,
      latencyBlocks,
      differs,
    },
  ]
}

function big(_: string, value: unknown): unknown {
  return typeof value === 'bigint' ? `${value}n` : value
}
