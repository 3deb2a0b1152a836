/**
 * Scenarios `executor RPC fails 1 call in 5` and `3 racing executors, RPC fails 1 call in 5`
 * (issue 6, D7 "RPC errors retried with backoff"; D3.3 the race): each executor is relaunched
 * on its data dir with `--rpc-url` pointing at its own JSON-RPC fault proxy in front of anvil
 * (its host's reads, its commit and challenge transactions and its enclave's header verifier
 * all go through it; head notifications still come over anvil's WebSocket). The proxies pass
 * everything until the first part of the workload is sent, then fail one call in five, as HTTP
 * 503 or a JSON-RPC error, until the end, each on its own seeded schedule. With several
 * executors, failures land in the middle of races: a commit lost to a failed send, a failed
 * read of the winner, a failed estimate while another executor's commit lands. Users' SDK
 * talks to anvil directly.
 */

import { executorBehindProxy } from '../support/executorBehindProxy.js'
import type { Scenario } from '../support/runScenario.js'
import type { JsonRpcFaultProxy } from '../support/startJsonRpcFaultProxy.js'

function rpcFailingScenario(name: string, executors: number): Scenario {
  return {
    name,
    expectsFaults: true,
    ...(executors > 1 ? { devnet: { executors } } : {}),
    async arm(devnet, log) {
      const proxies: JsonRpcFaultProxy[] = []
      const stopAll = () => Promise.all(proxies.map((p) => p.stop()))
      try {
        for (const [i, executor] of devnet.executors.entries()) {
          proxies.push(
            await executorBehindProxy({
              devnet,
              executor,
              name: `executor ${i} (through an RPC fault proxy)`,
              every: 5,
              seed: `faults/rpcFailing/${i}`,
            }),
          )
        }
      } catch (err) {
        await stopAll()
        throw err
      }
      log(`${proxies.length} executor(s) relaunched, each through its own fault proxy`)
      return {
        async inject() {
          for (const proxy of proxies) proxy.setMode('faulty')
          log('proxies now fail one call in five')
        },
        heal: async () => {},
        injected: () => proxies.reduce((sum, p) => sum + p.stats().failed, 0),
        stop: async () => {
          await stopAll()
        },
      }
    },
  }
}

export const rpcFailing = rpcFailingScenario('executor RPC fails 1 call in 5', 1)
export const rpcFailingRace = rpcFailingScenario('3 racing executors, RPC fails 1 call in 5', 3)
