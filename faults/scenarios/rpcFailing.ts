/**
 * Scenario `executor RPC fails 1 call in 5` (issue 6, D7 "RPC errors retried with backoff"):
 * the executor is relaunched on its data dir with `--rpc-url` pointing at a JSON-RPC fault
 * proxy in front of anvil (its host's reads, its commit transactions and its enclave's header
 * verifier all go through it; head notifications still come over anvil's WebSocket). The proxy
 * passes everything until the first part of the workload is sent, then fails one call in five,
 * as HTTP 503 or a JSON-RPC error, until the end. Users' SDK talks to anvil directly.
 */
import type { Scenario } from '../support/runScenario.js'
import { relaunch, withFlag } from '../support/serviceControls.js'
import { startJsonRpcFaultProxy } from '../support/startJsonRpcFaultProxy.js'

export const rpcFailing: Scenario = {
  name: 'executor RPC fails 1 call in 5',
  expectsFaults: true,
  async arm(devnet, log) {
    const proxy = await startJsonRpcFaultProxy({
      target: devnet.rpcUrl,
      every: 5,
      seed: 'faults/rpcFailing',
      mode: 'passThrough',
    })
    try {
      await relaunch(devnet.executors[0]!, {
        name: 'executor 0 (through the RPC fault proxy)',
        change: (args) => withFlag(args, '--rpc-url', proxy.url),
        readyMessage: 'executor ready',
      })
    } catch (err) {
      await proxy.stop()
      throw err
    }
    log(`executor relaunched through ${proxy.url}`)
    return {
      async inject() {
        proxy.setMode('faulty')
        log('proxy now fails one call in five')
      },
      heal: async () => {},
      injected: () => proxy.stats().failed,
      stop: () => proxy.stop(),
    }
  },
}
