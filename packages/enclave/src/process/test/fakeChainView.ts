/**
 * Test helper: a `ProvenChainView` whose answers the test sets (the real one verifies storage
 * proofs, ../../chain). Only what admission and provisioning read is answered; the batch
 * methods throw, so a test cannot lean on them by accident.
 */
import type { Hex } from 'viem'
import type { ProvenChainView } from '../../chain/types.js'

export function fakeChainView(parameters: {
  number?: bigint
  epoch: bigint
  started?: boolean
  requestPublicKeys: Map<bigint, Hex>
}): ProvenChainView {
  const unused = () => Promise.reject(new TypeError('not used by this test'))
  return {
    header: {
      number: parameters.number ?? 100n,
      hash: `0x${'11'.repeat(32)}`,
      stateRoot: `0x${'22'.repeat(32)}`,
      timestamp: 1_700_000_000n,
      verifier: { label: 'test', simulated: true },
    },
    epoch: async () => ({ epoch: parameters.epoch, started: parameters.started ?? true }),
    requestPublicKey: async (epoch) => parameters.requestPublicKeys.get(epoch) ?? `0x${'00'.repeat(32)}`,
    config: async () => ({
      maxProgramsPerRequest: 64,
      maxCreatesPerRequest: 8,
      epochLength: 7_200n,
      storageThreshold: 2,
    }),
    lastCommit: unused,
    checkpointAt: unused,
    program: unused,
  }
}
