/**
 * Test-only: which epochs' secrets an executor's sealed state file holds, as its enclave sealed
 * them. It opens the file the way its enclave does under
 * SIMULATION (the platform key file and the measurement make the sealing key), which only a
 * test of the simulated platform can: on hardware the key never leaves the CPU.
 */
import { readFileSync } from 'node:fs'
import type { Devnet } from '@racetee/devnet'
import { deriveSimulatedSealingKey, EnclaveStateStore, sealedStateProviders } from '@racetee/enclave'
import { hexToBytes } from 'viem'

export async function heldEpochs(devnet: Devnet, dataDir: string): Promise<bigint[]> {
  const platformKey = hexToBytes(readFileSync(devnet.platformKeyFile, 'utf8').trim() as `0x${string}`)
  const sealingKey = deriveSimulatedSealingKey({ platformKey, measurement: devnet.measurement })
  platformKey.fill(0)
  const store = new EnclaveStateStore({
    dataDir,
    context: {
      sealingKey,
      provider: sealedStateProviders.simulation,
      chainId: BigInt(devnet.chainId),
      mc: devnet.mc,
    },
  })
  sealingKey.fill(0) // the store keeps its own copy
  const state = await store.load()
  if (!state) return []
  try {
    return state.keyring.epochs()
  } finally {
    state.keyring.eraseAll()
    state.identity.erase()
  }
}
