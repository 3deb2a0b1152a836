/**
 * Test helper: a `ProvenChainView` whose answers the test sets (the real one verifies storage
 * proofs, ../../chain). Only what admission, provisioning and rotation read is answered; the
 * batch methods throw, so a test cannot lean on them by accident.
 */
import type { Address, Hex } from 'viem'
import { getAddress } from 'viem'
import type { ProvenChainView, ProvenEnclave, ProvenRegistry } from '../../chain/types.js'

export function fakeChainView(parameters: {
  number?: bigint
  /** The header's timestamp (seconds); default 1,700,000,000. */
  timestamp?: bigint
  epoch: bigint
  started?: boolean
  rotationBlock?: bigint
  requestPublicKeys: Map<bigint, Hex>
  registry?: Partial<ProvenRegistry>
  /** Registry entries by address; an address not listed reads as never registered. */
  enclaves?: Map<Address, Omit<ProvenEnclave, 'address' | 'member'>>
  programCount?: bigint
  epochLength?: bigint
  gracePeriod?: bigint
}): ProvenChainView {
  const unused = () => Promise.reject(new TypeError('not used by this test'))
  return {
    header: {
      number: parameters.number ?? 100n,
      hash: `0x${'11'.repeat(32)}`,
      stateRoot: `0x${'22'.repeat(32)}`,
      timestamp: parameters.timestamp ?? 1_700_000_000n,
      verifier: { label: 'test', simulated: true },
    },
    epoch: async () => ({
      epoch: parameters.epoch,
      started: parameters.started ?? true,
      rotationBlock: parameters.rotationBlock ?? 1n,
    }),
    requestPublicKey: async (epoch) => parameters.requestPublicKeys.get(epoch) ?? `0x${'00'.repeat(32)}`,
    registry: async () => ({ version: 1n, memberCount: 1n, lastRevocationBlock: 0n, ...parameters.registry }),
    enclave: async (signer) => {
      const entry = [...(parameters.enclaves ?? new Map()).entries()].find(
        ([address]) => getAddress(address) === getAddress(signer),
      )?.[1] ?? { encryptionKey: `0x${'00'.repeat(32)}` as Hex, admittedFrom: 0n, revokedAt: 0n }
      return {
        address: getAddress(signer),
        ...entry,
        member: entry.admittedFrom !== 0n && entry.revokedAt === 0n,
      }
    },
    programCount: async () => parameters.programCount ?? 0n,
    config: async () => ({
      maxProgramsPerRequest: 64,
      maxCreatesPerRequest: 8,
      epochLength: parameters.epochLength ?? 7_200n,
      storageThreshold: 2,
      gracePeriod: parameters.gracePeriod ?? 100n,
    }),
    lastCommit: unused,
    checkpointAt: unused,
    program: unused,
  }
}
