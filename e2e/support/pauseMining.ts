/**
 * Holds anvil's blocks back for a moment (D8 devnet, automine mode): transactions wait in the
 * mempool until `resume()`, which mines them in one block and turns automine back on. The
 * restart tests use it to make a race deterministic without sleeping: a commit transaction
 * that is sent but not mined when its executor dies, a request that is not even mined when its
 * SDK process dies.
 */
import { createTestClient, http } from 'viem'

export type MiningPause = {
  /** Mines everything waiting in one block, then goes back to a block per transaction. */
  resume(): Promise<void>
}

export async function pauseMining(rpcUrl: string): Promise<MiningPause> {
  const testClient = createTestClient({ mode: 'anvil', transport: http(rpcUrl) })
  await testClient.setAutomine(false)
  let resumed = false
  return {
    async resume() {
      if (resumed) return
      resumed = true
      await testClient.mine({ blocks: 1 })
      await testClient.setAutomine(true)
    },
  }
}
