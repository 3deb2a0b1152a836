/**
 * Scenario `host drops, invents, reorders requests` (issue 6; D2.1, D3.3 check 2): two
 * executors race. Executor 1's host is relaunched behind a JSON-RPC proxy that, from the first
 * part of the workload on, rewrites every `eth_getLogs` answer carrying the MC's `Request` logs,
 * in turn dropping one, inventing one by a victim, and swapping two seqs. Its enclave reads
 * headers and proofs through the same endpoint, unaltered, so it must refuse every batch it is
 * fed (the accumulator does not match the proven checkpoint) and sign nothing, while the honest
 * executor 0 commits everything. Checked before part 3: a commit covers part 2, no commit since
 * the lies began was signed by executor 1's enclave, and executor 1 logged refused rounds.
 */
import { errorCodes, RaceteeError } from '@racetee/protocol'
import { isAddressEqual } from 'viem'
import { committedRanges } from '../../e2e/support/commitCoverage.js'
import { commitSigner } from '../../e2e/support/commitSigner.js'
import { logLines } from '../../e2e/support/logLines.js'
import { pollUntil } from '../../e2e/support/pollUntil.js'
import { type RequestLogLie, type RpcLog, rewriteRequestLogs } from '../support/rewriteRequestLogs.js'
import type { Scenario } from '../support/runScenario.js'
import { relaunch, withFlag } from '../support/serviceControls.js'
import { startJsonRpcFaultProxy } from '../support/startJsonRpcFaultProxy.js'

const lies: readonly RequestLogLie[] = ['drop', 'invent', 'reorder']

export const dishonestHost: Scenario = {
  name: 'host drops, invents, reorders requests',
  expectsFaults: true,
  devnet: { executors: 2 },
  async arm(devnet, log) {
    const liar = devnet.executors[1]!
    const victim = devnet.wallet(devnet.userKeys.at(-1)!).account.address
    const proxy = await startJsonRpcFaultProxy({
      target: devnet.rpcUrl,
      every: 1,
      seed: 'unused',
      mode: 'passThrough',
    })
    try {
      await relaunch(liar, {
        name: 'executor 1 (lying host)',
        change: (args) => withFlag(args, '--rpc-url', proxy.url),
        readyMessage: 'executor ready',
      })
    } catch (err) {
      await proxy.stop()
      throw err
    }
    let lied = 0
    let firstLieBlock = 0n
    return {
      async inject() {
        firstLieBlock = await devnet.publicClient.getBlockNumber()
        proxy.setRewrite((method, _params, result) => {
          if (method !== 'eth_getLogs' || !Array.isArray(result)) return result
          const lie = lies[lied % lies.length]!
          const out = rewriteRequestLogs(result as RpcLog[], { mc: devnet.mc, lie, victim })
          if (out !== result) lied++
          return out
        })
        log(`executor 1's host now lies about Request logs (${proxy.url})`)
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
          (l) => l.msg === 'round failed; retrying' && String(l.code).startsWith('ENCLAVE_'),
        )
        if (refused.length === 0)
          throw new RaceteeError(errorCodes.TOOLING_FAILED, "The lying host's enclave refused no round.", {
            details: `${lied} answers rewritten`,
          })
        log(
          `${since.length} commits since the lies began, none by executor 1; its enclave refused ` +
            `${refused.length} rounds (${[...new Set(refused.map((l) => l.code))].join(', ')})`,
        )
      },
      injected: () => lied,
      stop: () => proxy.stop(),
    }
  },
}
