/**
 * Follows the chain head (D7): a WebSocket `newHeads` subscription for prompt rounds, plus a
 * slow poll that keeps the executor moving if the socket drops or misses a notification. Both
 * only say "look again": a round re-reads everything it needs from the chain, so a missed or
 * repeated notification can delay work but never lose or duplicate it.
 */
import type { Logger } from 'pino'
import { createPublicClient, type PublicClient, webSocket } from 'viem'

export type FollowHeadsParameters = {
  client: PublicClient
  wsUrl?: string
  logger: Logger
  onHead: (blockNumber: bigint) => void
  /** Poll interval in ms (default 2 000): the safety net under the subscription. */
  pollMs?: number
}

export function followHeads(parameters: FollowHeadsParameters): { stop(): Promise<void> } {
  const { client, wsUrl, logger, onHead } = parameters
  let stopped = false
  let unwatch: (() => void) | undefined
  let closeSocket: (() => Promise<void>) | undefined
  if (wsUrl) {
    const transport = webSocket(wsUrl)
    const wsClient = createPublicClient({ transport })
    closeSocket = async () => {
      const rpc = await wsClient.transport.getRpcClient()
      rpc.close()
    }
    // With a WebSocket transport viem subscribes to newHeads (eth_subscribe) instead of polling.
    unwatch = wsClient.watchBlockNumber({
      onBlockNumber: (n) => onHead(n),
      onError: (err) =>
        logger.warn({ err: (err as Error).name }, 'head subscription error; polling continues'),
    })
  }
  const poll = async () => {
    if (stopped) return
    try {
      onHead(await client.getBlockNumber({ cacheTime: 0 }))
    } catch (err) {
      logger.warn({ err: (err as Error).name }, 'head poll failed')
    }
  }
  const timer = setInterval(poll, parameters.pollMs ?? 2_000)
  void poll()
  return {
    async stop() {
      stopped = true
      clearInterval(timer)
      unwatch?.()
      await closeSocket?.().catch(() => {})
    },
  }
}
