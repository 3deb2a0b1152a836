import { type ErrorCode, isRaceteeError } from '@racetee/protocol'
import { type Address, type Hex, keccak256, numberToHex, pad } from 'viem'
import { beforeAll, describe, expect, it } from 'vitest'
import { type FakeState, fakeState, flipByte } from './test/fakeState.js'
import type { AccountProof } from './types.js'
import { EMPTY_CODE_HASH, EMPTY_TRIE_ROOT, verifyAccountProof } from './verifyProofs.js'

const mc: Address = '0x00000000000000000000000000000000000000cc'
const other: Address = '0x00000000000000000000000000000000000000dd'
const absent: Address = '0x00000000000000000000000000000000000000ee'
const big = 2n ** 255n + 12345n
const storage: Record<Hex, bigint> = { '0x02': 5n, '0x04': big, '0x05': 0x7fn }
const word = (n: bigint): Hex => numberToHex(n, { size: 32 })
const keys = [word(2n), word(4n), word(9n)]

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

describe('verifyAccountProof', () => {
  let s: FakeState
  let honest: AccountProof
  const verify = (proof: AccountProof, storageKeys: Hex[] = keys, address: Address = mc) =>
    verifyAccountProof({ stateRoot: s.header.stateRoot, address, storageKeys, proof })

  beforeAll(async () => {
    s = await fakeState({
      [mc]: { nonce: 1n, balance: 10n ** 18n, code: '0x6001600055', storage },
      [other]: { nonce: 3n, storage: { '0x02': 99n } },
    })
    honest = await s.source.getProof({ address: mc, storageKeys: keys, blockNumber: s.header.number })
  })

  it('proves the account and every asked slot against the state root', async () => {
    const a = await verify(honest)
    expect(a.nonce).toBe(1n)
    expect(a.balance).toBe(10n ** 18n)
    expect(a.codeHash).toBe(keccak256('0x6001600055'))
    expect(a.storage.get(word(2n))).toBe(word(5n))
    expect(a.storage.get(word(4n))).toBe(word(big))
    expect(a.storage.get(word(9n))).toBe(word(0n))
  })

  it('behavior: an absent account proves the empty account, its slots zero', async () => {
    const proof = await s.source.getProof({ address: absent, storageKeys: [word(2n)], blockNumber: 7n })
    const a = await verify(proof, [word(2n)], absent)
    expect(a).toMatchObject({
      nonce: 0n,
      balance: 0n,
      storageRoot: EMPTY_TRIE_ROOT,
      codeHash: EMPTY_CODE_HASH,
    })
    expect(a.storage.get(word(2n))).toBe(word(0n))
  })

  it('behavior: relayed keys may be spelt short or in another order', async () => {
    const proof = structuredClone(honest)
    proof.storageProof.reverse()
    proof.storageProof[0]!.key = '0x09'
    expect((await verify(proof)).storage.get(word(9n))).toBe(word(0n))
  })

  it('error: a flipped byte in an account proof node', async () => {
    const proof = structuredClone(honest)
    proof.accountProof[0] = flipByte(proof.accountProof[0]!, 40)
    await expectCode(verify(proof), 'CHAIN_PROOF_INVALID', mc)
  })

  it('error: a flipped byte in the leaf of a storage proof', async () => {
    const proof = structuredClone(honest)
    const nodes = proof.storageProof[1]!.proof
    nodes[nodes.length - 1] = flipByte(nodes.at(-1)!, 5)
    await expectCode(verify(proof), 'CHAIN_PROOF_INVALID', word(4n))
  })

  it('error: a storage value changed, or a written slot claimed zero', async () => {
    const changed = structuredClone(honest)
    changed.storageProof[0]!.value = '0x6'
    await expectCode(verify(changed), 'CHAIN_PROOF_INVALID', word(2n))
    const zeroed = structuredClone(honest)
    zeroed.storageProof[1]!.value = '0x0'
    await expectCode(verify(zeroed), 'CHAIN_PROOF_INVALID', word(4n))
  })

  it('error: a written slot with its proof cut short or emptied', async () => {
    const cut = structuredClone(honest)
    cut.storageProof[0]!.proof.pop()
    await expectCode(verify(cut), 'CHAIN_PROOF_INVALID', word(2n))
    const emptied = structuredClone(honest)
    emptied.storageProof[0]!.proof = []
    emptied.storageProof[0]!.value = '0x0'
    await expectCode(verify(emptied), 'CHAIN_PROOF_INVALID', word(2n))
  })

  it('error: an asked slot omitted, or one relayed that was not asked', async () => {
    const omitted = structuredClone(honest)
    omitted.storageProof.splice(2, 1)
    await expectCode(verify(omitted), 'CHAIN_PROOF_INVALID', word(9n))
    await expectCode(verify(honest, [word(2n), word(4n)]), 'CHAIN_PROOF_INVALID', word(9n))
    const twice = structuredClone(honest)
    twice.storageProof.push(twice.storageProof[0]!)
    await expectCode(verify(twice), 'CHAIN_PROOF_INVALID', 'twice')
  })

  it('error: relayed account fields that differ from the proven account', async () => {
    for (const change of [
      (p: AccountProof) => {
        p.nonce = '0x2'
      },
      (p: AccountProof) => {
        p.balance = '0x0'
      },
      (p: AccountProof) => {
        p.codeHash = EMPTY_CODE_HASH
      },
      (p: AccountProof) => {
        p.storageHash = EMPTY_TRIE_ROOT
      },
    ]) {
      const proof = structuredClone(honest)
      change(proof)
      await expectCode(verify(proof), 'CHAIN_PROOF_INVALID', mc)
    }
  })

  it('error: the proof of another account relayed for the one asked', async () => {
    const theirs = await s.source.getProof({ address: other, storageKeys: keys, blockNumber: 7n })
    await expectCode(verify(theirs), 'CHAIN_PROOF_INVALID', other)
    // Relabelled as ours, its nodes do not prove our key.
    await expectCode(verify({ ...theirs, address: mc }), 'CHAIN_PROOF_INVALID', mc)
  })

  it("error: a proof checked against another header's state root", async () => {
    const root = keccak256('0x01')
    await expectCode(
      verifyAccountProof({ stateRoot: root, address: mc, storageKeys: keys, proof: honest }),
      'CHAIN_PROOF_INVALID',
    )
  })

  it('error: malformed relays are proof faults, malformed arguments are TypeError/RangeError', async () => {
    const notHex = structuredClone(honest)
    notHex.accountProof[0] = 'zz' as Hex
    await expectCode(verify(notHex), 'CHAIN_PROOF_INVALID')
    await expectCode(verify({ ...honest, storageProof: null as never }), 'CHAIN_PROOF_INVALID')
    await expect(verify(honest, [pad('0x01', { size: 33 })])).rejects.toThrow(RangeError)
    await expect(verify(honest, [word(2n), '0x02'])).rejects.toThrow(RangeError)
    await expect(
      verifyAccountProof({ stateRoot: '0x01', address: mc, storageKeys: [], proof: honest }),
    ).rejects.toThrow(TypeError)
  })
})
