/**
 * Scenario `storage serving corrupted bytes` (issue 6, D6: "GET returns bytes that the reader
 * re-hashes"): storage node 0 is put behind a proxy that flips a byte of every blob it serves,
 * and the registry is rewritten by governance so that this node is the first every reader asks
 * (the SDK for results bundles, the executor for the enclave's blobs). After the first part of
 * the workload the executor is restarted cleanly, so its blob cache is empty and its enclave's
 * loads go through storage. Readers must refuse the corrupted bytes and use another node.
 */
import { anvilDevKeys } from '@racetee/contracts/devchain'
import type { Devnet } from '@racetee/devnet'
import { managementContractAbi } from '@racetee/protocol'
import type { Hex } from 'viem'
import type { Scenario } from '../support/runScenario.js'
import { startCorruptingStorageProxy } from '../support/startCorruptingStorageProxy.js'

export const corruptStorageNode: Scenario = {
  name: 'storage serving corrupted bytes',
  expectsFaults: true,
  async arm(devnet, log) {
    const node = devnet.storage[0]!
    const proxy = await startCorruptingStorageProxy({ target: node.url })
    try {
      await registerInOrder(devnet, [
        { signer: node.signer, url: proxy.url },
        ...devnet.storage.slice(1).map((n) => ({ signer: n.signer, url: n.url })),
      ])
    } catch (err) {
      await proxy.stop()
      throw err
    }
    log(`storage node 0 registered behind a corrupting proxy (${proxy.url}), first in the registry`)
    return {
      async inject() {
        const executor = devnet.executors[0]!
        await executor.service.stop()
        await executor.restart()
        log('executor restarted with an empty blob cache')
      },
      heal: async () => {},
      injected: () => proxy.stats().corrupted,
      stop: () => proxy.stop(),
    }
  },
}

/** Governance removes every storage node and adds them back in this order, at these URLs. */
async function registerInOrder(devnet: Devnet, nodes: { signer: Hex; url: string }[]): Promise<void> {
  const governance = devnet.wallet(anvilDevKeys[0]!)
  const send = async (hash: Promise<Hex>) => {
    const receipt = await devnet.publicClient.waitForTransactionReceipt({ hash: await hash })
    if (receipt.status !== 'success')
      throw new TypeError(`registry transaction ${receipt.transactionHash} reverted`)
  }
  for (const { signer } of nodes)
    await send(
      governance.writeContract({
        address: devnet.mc,
        abi: managementContractAbi,
        functionName: 'removeStorageNode',
        args: [signer],
      }),
    )
  for (const { signer, url } of nodes)
    await send(
      governance.writeContract({
        address: devnet.mc,
        abi: managementContractAbi,
        functionName: 'addStorageNode',
        args: [signer, url],
      }),
    )
}
