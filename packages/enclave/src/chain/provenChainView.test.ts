import { type ErrorCode, isRaceteeError, managementContractLayout } from '@racetee/protocol'
import { type Address, concat, type Hex, hexToBigInt, numberToHex } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { mcSlots } from './mcStorage.js'
import { provenChainView } from './provenChainView.js'
import { type FakeState, fakeState, flipByte, tamperedSource } from './test/fakeState.js'
import type { AccountProof } from './types.js'

const mc: Address = '0x00000000000000000000000000000000000000cc'
const program: Address = '0x00000000000000000000000000000000000000a1'
const unknown: Address = '0x00000000000000000000000000000000000000a2'
const member: Address = '0x00000000000000000000000000000000000000b1'
const revoked: Address = '0x00000000000000000000000000000000000000b2'
const word = (n: bigint): Hex => numberToHex(n, { size: 32 })
const h = (byte: string): Hex => `0x${byte.repeat(32)}`
const BLOCK = 7n

/** MC runtime code of the layout's length with the immutables written at their offsets. */
function mcCode(values: Record<keyof typeof managementContractLayout.immutables, bigint>): Hex {
  const code = new Uint8Array(managementContractLayout.deployedBytecodeLength).fill(0x5b)
  for (const [name, refs] of Object.entries(managementContractLayout.immutables))
    for (const r of refs)
      code.set(Buffer.from(word(values[name as keyof typeof values]).slice(2), 'hex'), r.start)
  return `0x${Buffer.from(code).toString('hex')}`
}

const storage: Record<Hex, bigint> = {
  // P2 packings (McBase.sol, RequestLog.sol).
  [mcSlots.epochSlot]: 3n | (5n << 64n) | (1n << 112n),
  [mcSlots.acc]: hexToBigInt(h('ac')),
  [mcSlots.live]: 42n | (BLOCK << 64n) | (777n << 112n) | (2n << 208n),
  [mcSlots.lastCommitId]: hexToBigInt(h('c1')),
  [mcSlots.lastAcc]: hexToBigInt(h('1a')),
  [mcSlots.lastMeta]: 4n | (40n << 64n) | (700n << 128n),
  [mcSlots.requestPublicKey(3n)]: hexToBigInt(h('3e')),
  [mcSlots.registered(program)]: 1n,
  [mcSlots.digest(program)]: hexToBigInt(h('d1')),
  [mcSlots.programCount]: 9n,
  // ExecutorRegistry.sol: version (64) | memberCount (64) << 64 | lastRevocationBlock (64) << 128.
  [mcSlots.registry]: 7n | (2n << 64n) | (33n << 128n),
  [mcSlots.enclave(member).encryptionKey]: hexToBigInt(h('e1')),
  // McTypes.sol EnclaveInfo: admittedFrom (64) | revokedAt (64) << 64.
  [mcSlots.enclave(member).membership]: 12n,
  [mcSlots.enclave(revoked).membership]: 12n | (30n << 64n),
}
const config = {
  MAX_PROGRAMS_TOUCHED: 64n,
  MAX_PROGRAMS_CREATED: 8n,
  EPOCH_LENGTH: 7200n,
  STORAGE_THRESHOLD: 2n,
  GRACE_PERIOD: 50n,
}

async function expectCode(promise: Promise<unknown>, code: ErrorCode, detail?: string): Promise<void> {
  let caught: unknown
  try {
    await promise
  } catch (err) {
    caught = err
  }
  expect(isRaceteeError(caught, code), String(caught)).toBe(true)
  if (detail) expect((caught as { details?: string }).details).toContain(detail)
}

describe('provenChainView', () => {
  let s: FakeState
  beforeAll(async () => {
    s = await fakeState({ [mc]: { nonce: 1n, code: mcCode(config), storage } }, BLOCK)
  })

  it('answers every fact from proofs at the header, proving each slot once', async () => {
    s.calls.length = 0
    const view = provenChainView({ mc, header: s.header, proofs: s.source })
    expect(view.header).toBe(s.header)
    expect(await view.lastCommit()).toEqual({ commitId: h('c1'), toBlock: 4n, toSeq: 40n, acc: h('1a') })
    expect(await view.checkpointAt(BLOCK)).toEqual({ seq: 42n, acc: h('ac') })
    expect(await view.program(program)).toEqual({ registered: true, digest: h('d1') })
    expect(await view.program(unknown)).toEqual({ registered: false, digest: word(0n) })
    expect(await view.epoch()).toEqual({ epoch: 3n, started: true, rotationBlock: 5n })
    expect(await view.requestPublicKey(3n)).toBe(h('3e'))
    expect(await view.requestPublicKey(4n)).toBe(word(0n))
    expect(await view.config()).toEqual({
      maxProgramsPerRequest: 64,
      maxCreatesPerRequest: 8,
      epochLength: 7200n,
      storageThreshold: 2,
      gracePeriod: 50n,
    })
    // Asked again: all cached.
    await Promise.all([view.lastCommit(), view.program(program), view.config(), view.checkpointAt(BLOCK)])
    expect(s.calls.map((c) => c.storageKeys?.length ?? 'code')).toEqual([3, 2, 2, 2, 1, 1, 1, 'code'])
  })

  it('answers the registry, enclave entries and the program count (D4 "Epoch rotation")', async () => {
    const view = provenChainView({ mc, header: s.header, proofs: s.source })
    expect(await view.registry()).toEqual({ version: 7n, memberCount: 2n, lastRevocationBlock: 33n })
    expect(await view.programCount()).toBe(9n)
    expect(await view.enclave(member)).toEqual({
      address: member,
      encryptionKey: h('e1'),
      admittedFrom: 12n,
      revokedAt: 0n,
      member: true,
    })
    expect((await view.enclave(revoked)).member).toBe(false)
    expect((await view.enclave(unknown)).member).toBe(false)
  })

  it('behavior: concurrent questions about the same slots share one proof', async () => {
    s.calls.length = 0
    const view = provenChainView({ mc, header: s.header, proofs: s.source })
    await Promise.all([view.program(program), view.program(program), view.config()])
    expect(s.calls.map((c) => c.storageKeys?.length ?? 'code')).toEqual([2, 'code'])
  })

  it('behavior: a failed relay is not cached, asking again asks the host again', async () => {
    let fail = true
    const flaky = tamperedSource(s.source, {
      proof: (p) => {
        if (fail) p.storageProof[0]!.value = '0x2'
        return p
      },
    })
    const view = provenChainView({ mc, header: s.header, proofs: flaky })
    await expectCode(view.program(program), 'CHAIN_PROOF_INVALID')
    fail = false
    expect(await view.program(program)).toEqual({ registered: true, digest: h('d1') })
  })

  it('behavior: the checkpoint of an earlier block comes from the ring entry named (P2)', async () => {
    // Block 5's requests ended at seq 40; the next came in block 7 (the live block).
    const ring = await fakeState(
      {
        [mc]: {
          code: '0x00',
          storage: {
            ...storage,
            [mcSlots.ringAcc(3n)]: hexToBigInt(h('5a')),
            [mcSlots.ringMeta(3n)]: 5n | (40n << 48n) | (600n << 112n) | (BLOCK << 208n),
          },
        },
      },
      BLOCK,
    )
    const view = provenChainView({ mc, header: ring.header, proofs: ring.source })
    expect(await view.checkpointAt(5n, 3n)).toEqual({ seq: 40n, acc: h('5a') })
    expect(await view.checkpointAt(6n, 3n)).toEqual({ seq: 40n, acc: h('5a') })
    // The live values cover their own block and later ones: the hint is not read.
    expect(await view.checkpointAt(BLOCK, 99n)).toEqual({ seq: 42n, acc: h('ac') })
    await expectCode(view.checkpointAt(4n, 3n), 'ENCLAVE_BATCH_UNPROVEN', 'covers blocks [5, 7)')
    await expectCode(view.checkpointAt(6n, 2n), 'ENCLAVE_BATCH_UNPROVEN', 'covers blocks [0, 0)')
  })

  it('error: a checkpoint after the header, or before the live block without a ring entry, is unproven', async () => {
    const view = provenChainView({ mc, header: s.header, proofs: s.source })
    await expectCode(view.checkpointAt(BLOCK - 1n), 'ENCLAVE_BATCH_UNPROVEN', 'no ring entry')
    await expectCode(view.checkpointAt(BLOCK + 1n), 'ENCLAVE_BATCH_UNPROVEN')
  })

  it('error: every tampered relay is CHAIN_PROOF_INVALID', async () => {
    const lies: Record<string, (p: AccountProof) => AccountProof> = {
      'flipped proof node': (p) => {
        p.accountProof[0] = flipByte(p.accountProof[0]!, 3)
        return p
      },
      'changed value': (p) => {
        p.storageProof[1]!.value = '0x1234'
        return p
      },
      'omitted key': (p) => {
        p.storageProof.pop()
        return p
      },
      'wrong address': (p) => ({ ...p, address: unknown }),
    }
    for (const [lie, proof] of Object.entries(lies)) {
      const view = provenChainView({ mc, header: s.header, proofs: tamperedSource(s.source, { proof }) })
      await expectCode(view.lastCommit(), 'CHAIN_PROOF_INVALID', lie === 'wrong address' ? unknown : mc)
    }
  })

  it('error: code that does not hash to the proven codeHash', async () => {
    for (const code of [(c: Hex) => flipByte(c, 100), (c: Hex) => concat([c, '0x00']), () => '0x' as Hex]) {
      const view = provenChainView({ mc, header: s.header, proofs: tamperedSource(s.source, { code }) })
      await expectCode(view.config(), 'CHAIN_PROOF_INVALID', 'codeHash')
    }
  })

  it('error: no contract at the address, or code of another build', async () => {
    const empty = await fakeState({ [mc]: { balance: 1n, storage } }, BLOCK)
    await expectCode(
      provenChainView({ mc, header: empty.header, proofs: empty.source }).lastCommit(),
      'ENCLAVE_BATCH_UNPROVEN',
    )
    const other = await fakeState({ [mc]: { code: '0x6001', storage } }, BLOCK)
    await expectCode(
      provenChainView({ mc, header: other.header, proofs: other.source }).config(),
      'ENCLAVE_BATCH_UNPROVEN',
    )
    const oversized = await fakeState(
      { [mc]: { code: mcCode({ ...config, MAX_PROGRAMS_TOUCHED: 2n ** 32n }), storage } },
      BLOCK,
    )
    await expectCode(
      provenChainView({ mc, header: oversized.header, proofs: oversized.source }).config(),
      'ENCLAVE_BATCH_UNPROVEN',
    )
  })

  it('error: malformed arguments are TypeError/RangeError', async () => {
    expect(() => provenChainView({ mc: '0x12', header: s.header, proofs: s.source })).toThrow(TypeError)
    const view = provenChainView({ mc, header: s.header, proofs: s.source })
    await expect(view.program('0xabc' as Address)).rejects.toThrow(TypeError)
    await expect(view.requestPublicKey(2n ** 64n)).rejects.toThrow(RangeError)
  })
})
