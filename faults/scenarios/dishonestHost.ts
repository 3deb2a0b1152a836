/**
 * Scenarios of a lying executor host (issue 6; D2: the host "may lie, drop, replay, reorder";
 * D2.1, D3.3 check 2): two executors race, and executor 1's host is relaunched behind a
 * JSON-RPC proxy that lies from the first part of the workload on. `host drops, invents,
 * reorders requests` rewrites every `eth_getLogs` answer carrying the MC's `Request` logs, in
 * turn dropping one, inventing one by a victim, and swapping two seqs: its enclave, which reads
 * headers and proofs unaltered, must refuse every batch (the accumulator does not match the
 * proven checkpoint). `host feeds stale state` asks every `eth_getProof` relayed to the enclave
 * one block early: the proofs must not verify against the proven header. Either way executor 1
 * signs nothing, while the honest executor 0 commits everything. Checked before part 3: a commit covers part 2, no commit since
 * the lies began was signed by executor 1's enclave, and executor 1 logged refused rounds.
 */

import type { Devnet } from '@racetee/devnet'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { hexToBigInt, isAddressEqual, isHex, numberToHex } from 'viem'
import { committedRanges } from '../../e2e/support/commitCoverage.js'
import { commitSigner } from '../../e2e/support/commitSigner.js'
import { logLines } from '../../e2e/support/logLines.js'
import { pollUntil } from '../../e2e/support/pollUntil.js'
import { executorBehindProxy } from '../support/executorBehindProxy.js'
import { type RequestLogLie, type RpcLog, rewriteRequestLogs } from '../support/rewriteRequestLogs.js'
import type { Scenario } from '../support/runScenario.js'
import type { JsonRpcFaultProxy } from '../support/startJsonRpcFaultProxy.js'

const lies: readonly RequestLogLie[] = ['drop', 'invent', 'reorder']

/** What a lying host does to executor 1's JSON-RPC traffic; returns how many lies it told so far. */
type Lie = (proxy: JsonRpcFaultProxy, devnet: Devnet) => () => number

/** Codes of a round its enclave refused: the batch or a proof did not verify (D2.1). */
const REFUSALS = ['ENCLAVE_', 'CHAIN_PROOF_', 'CHAIN_HEADER_']

function lyingHost(name: string, lie: Lie): Scenario {
  return {
    name,
    expectsFaults: true,
    devnet: { executors: 2 },
    async arm(devnet, log) {
      const liar = devnet.executors[1]!
      const proxy = await executorBehindProxy({ devnet, executor: liar, name: 'executor 1 (lying host)' })
      let told = () => 0
      let firstLieBlock = 0n
      return {
        async inject() {
          firstLieBlock = await devnet.publicClient.getBlockNumber()
          told = lie(proxy, devnet)
          log(`executor 1's host now lies (${proxy.url})`)
        },
        async heal({ seqs }) {
          const { publicClient: client, mc } = devnet
          const target = [...seqs].sort((a, b) => (a < b ? 1 : -1))[0]!
          await pollUntil(
            async () =>
              (await committedRanges(client, { mc, fromBlock: devnet.deployBlock })).find(
                (r) => r.toSeq >= target,
              ),
            { what: 'a commit covering part 2', timeoutMs: 60_000 },
          )
          const since = (await committedRanges(client, { mc, fromBlock: devnet.deployBlock })).filter(
            (r) => r.blockNumber > firstLieBlock,
          )
          for (const r of since)
            if (isAddressEqual(await commitSigner(client, mc, r.commitId), liar.enclave))
              throw new RaceteeError(errorCodes.TOOLING_FAILED, 'The lying host got a commit signed.', {
                details: r.commitId,
              })
          const refused = logLines(liar.logFile).filter(
            (l) =>
              l.msg === 'round failed; retrying' &&
              REFUSALS.some((prefix) => String(l.code).startsWith(prefix)),
          )
          if (refused.length === 0)
            throw new RaceteeError(errorCodes.TOOLING_FAILED, "The lying host's enclave refused no round.", {
              details: `${told()} lies told`,
            })
          log(
            `${since.length} commits since the lies began, none by executor 1; its enclave refused ` +
              `${refused.length} rounds (${[...new Set(refused.map((l) => l.code))].join(', ')})`,
          )
        },
        injected: () => told(),
        stop: () => proxy.stop(),
      }
    },
  }
}

/** Every eth_getLogs answer with Request logs: in turn one dropped, one invented, two seqs swapped. */
export const dishonestHost: Scenario = lyingHost(
  'host drops, invents, reorders requests',
  (proxy, devnet) => {
    const victim = devnet.wallet(devnet.userKeys.at(-1)!).account.address
    let lied = 0
    proxy.setRewrite((method, _params, result) => {
      if (method !== 'eth_getLogs' || !Array.isArray(result)) return result
      const out = rewriteRequestLogs(result as RpcLog[], {
        mc: devnet.mc,
        lie: lies[lied % lies.length]!,
        victim,
      })
      if (out !== result) lied++
      return out
    })
    return () => lied
  },
)

/**
 * Every eth_getProof the host relays to its enclave is asked at the block before the one the
 * enclave named: state one block stale, which must not verify against the proven header.
 */
export const staleStateHost: Scenario = lyingHost('host feeds stale state', (proxy) => {
  proxy.setRewriteParams((method, params) => {
    if (method !== 'eth_getProof' || !Array.isArray(params)) return params
    const [address, keys, block] = params as [unknown, unknown, unknown]
    if (typeof block !== 'string' || !isHex(block) || hexToBigInt(block) === 0n) return params
    return [address, keys, numberToHex(hexToBigInt(block) - 1n)]
  })
  return () => proxy.stats().rewritten
})
