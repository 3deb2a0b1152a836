import { isRaceteeError } from '@racetee/protocol'
import { type Address, zeroHash } from 'viem'
import { describe, expect, it } from 'vitest'
import { resealInfos } from './resealInfos.js'
import type { SealedProgramLoader } from './sealedProgramLoader.js'
import type { ChainFacts, ProgramRecord } from './types.js'

const deployPending: Address = '0x00000000000000000000000000000000000000a1'
const registeredLater: Address = '0x00000000000000000000000000000000000000a2'
const stranger: Address = '0x00000000000000000000000000000000000000a3'

const records: Record<Address, ProgramRecord> = {
  [deployPending]: { registered: true, digest: zeroHash },
  [registeredLater]: { registered: false, digest: zeroHash, registeredLater: true },
  [stranger]: { registered: false, digest: zeroHash },
}
const facts: ChainFacts = {
  lastCommit: () => Promise.reject(new TypeError('not used')),
  checkpointAt: () => Promise.reject(new TypeError('not used')),
  program: async (address) => records[address.toLowerCase() as Address]!,
}
/** Programs without state have no Info: nothing may be fetched or loaded for them. */
const untouched = {
  blobs: { get: () => Promise.reject(new TypeError('nothing to fetch')) },
  loader: {
    program: () => Promise.reject(new TypeError('nothing to load')),
  } as unknown as SealedProgramLoader,
}

const reseal = (programs: Address[], programCount: bigint) =>
  resealInfos({ epoch: 1n, programCount, programs, facts, ...untouched, infos: new Map(), accW: zeroHash })

describe('resealInfos', () => {
  it('counts programs without state (deploy pending) and re-seals none of them', async () => {
    expect(await reseal([deployPending], 1n)).toBe(0)
  })

  it('behavior: a program registered after toBlock is counted in the list but not re-sealed (decision 19)', async () => {
    expect(await reseal([deployPending, registeredLater], 2n)).toBe(0)
  })

  it('error: a list that is not the registered set is ENCLAVE_BATCH_UNPROVEN', async () => {
    for (const [programs, count] of [
      [[deployPending, stranger], 2n],
      [[deployPending], 2n],
      [[deployPending, deployPending], 2n],
    ] as const) {
      const err = await reseal([...programs], count).catch((e: unknown) => e)
      expect(isRaceteeError(err, 'ENCLAVE_BATCH_UNPROVEN'), String(err)).toBe(true)
    }
  })
})
