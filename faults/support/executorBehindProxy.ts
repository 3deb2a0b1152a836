/**
 * Relaunches a devnet executor on its data dir with `--rpc-url` pointing at a fresh JSON-RPC
 * fault proxy in front of anvil (issue 6's chain faults): its host's reads, its commit and
 * challenge transactions and its enclave's header verifier then all go through the proxy,
 * while head notifications still come over anvil's WebSocket. The proxy starts in
 * `passThrough`, so the executor starts cleanly; the scenario turns faults, rewrites or holds
 * on later. On failure the proxy is stopped before the error propagates.
 */
import type { Devnet } from '@racetee/devnet'
import { type ControlledService, relaunch, withFlag } from './serviceControls.js'
import { type JsonRpcFaultProxy, startJsonRpcFaultProxy } from './startJsonRpcFaultProxy.js'

export type ExecutorBehindProxyParameters = {
  devnet: Pick<Devnet, 'rpcUrl'>
  executor: ControlledService
  /** How the relaunched process is named in logs. */
  name: string
  /** The proxy's failure schedule, once a scenario sets it `faulty` (default: every call). */
  every?: number
  seed?: string
}

export async function executorBehindProxy(
  parameters: ExecutorBehindProxyParameters,
): Promise<JsonRpcFaultProxy> {
  const proxy = await startJsonRpcFaultProxy({
    target: parameters.devnet.rpcUrl,
    every: parameters.every ?? 1,
    seed: parameters.seed ?? 'unused',
    mode: 'passThrough',
  })
  try {
    await relaunch(parameters.executor, {
      name: parameters.name,
      change: (args) => withFlag(args, '--rpc-url', proxy.url),
      readyMessage: 'executor ready',
    })
    return proxy
  } catch (err) {
    await proxy.stop()
    throw err
  }
}
