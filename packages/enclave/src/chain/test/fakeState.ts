/**
 * A real Merkle-Patricia state for unit tests of the ChainView (D2.1): accounts and their storage
 * in `@ethereumjs/mpt` tries with key hashing, as Ethereum keeps them, and an honest `ProofSource`
 * answering `eth_getProof` from them. Tests tamper with its answers to check that every lie is
 * caught.
 */
import { createMerkleProof, MerklePatriciaTrie } from '@ethereumjs/mpt'
import { type Address, bytesToHex, type Hex, hexToBytes, keccak256, numberToHex, pad, toRlp } from 'viem'
import type { AccountProof, ProofSource, TrustedHeader } from '../types.js'

export type FakeAccount = {
  nonce?: bigint
  balance?: bigint
  code?: Hex
  /** Slot (any hex up to 32 bytes) to a non-zero value. */
  storage?: Record<Hex, bigint>
}

export type FakeState = {
  header: TrustedHeader
  source: ProofSource
  /** Calls made to `source`, for checking batching and caching. */
  calls: { method: 'getProof' | 'getCode'; storageKeys?: Hex[] }[]
}

const minimal = (n: bigint): Hex => (n === 0n ? '0x' : numberToHex(n))
const slotBytes = (slot: Hex): Uint8Array => hexToBytes(pad(slot, { size: 32 }))

type Built = {
  trie: MerklePatriciaTrie
  nonce: bigint
  balance: bigint
  storageRoot: Hex
  codeHash: Hex
  code: Hex
}

export async function fakeState(
  accounts: Record<Address, FakeAccount>,
  blockNumber = 7n,
): Promise<FakeState> {
  const state = new MerklePatriciaTrie({ useKeyHashing: true })
  const built = new Map<string, Built>()
  for (const [address, a] of Object.entries(accounts) as [Address, FakeAccount][]) {
    const trie = new MerklePatriciaTrie({ useKeyHashing: true })
    for (const [slot, value] of Object.entries(a.storage ?? {}) as [Hex, bigint][])
      await trie.put(slotBytes(slot), hexToBytes(toRlp(minimal(value))))
    const code = a.code ?? '0x'
    const b: Built = {
      trie,
      nonce: a.nonce ?? 0n,
      balance: a.balance ?? 0n,
      storageRoot: bytesToHex(trie.root()),
      codeHash: keccak256(code),
      code,
    }
    built.set(address.toLowerCase(), b)
    await state.put(
      hexToBytes(address),
      hexToBytes(toRlp([minimal(b.nonce), minimal(b.balance), b.storageRoot, b.codeHash])),
    )
  }
  const header: TrustedHeader = {
    number: blockNumber,
    hash: keccak256(numberToHex(blockNumber)),
    stateRoot: bytesToHex(state.root()),
    timestamp: 1_700_000_000n,
    verifier: { label: 'fake state (test)', simulated: true },
  }
  const calls: FakeState['calls'] = []
  const empty = new MerklePatriciaTrie({ useKeyHashing: true })
  const source: ProofSource = {
    async getProof({ address, storageKeys, blockNumber: n }) {
      calls.push({ method: 'getProof', storageKeys })
      if (n !== blockNumber) throw new RangeError(`fake state has only block ${blockNumber}`)
      const b = built.get(address.toLowerCase())
      const trie = b?.trie ?? empty
      const storageProof = await Promise.all(
        storageKeys.map(async (key) => ({
          key,
          value: numberToHex(await storedValue(trie, key)),
          proof: (await createMerkleProof(trie, slotBytes(key))).map((node) => bytesToHex(node)),
        })),
      )
      const proof: AccountProof = {
        address,
        accountProof: (await createMerkleProof(state, hexToBytes(address))).map((node) => bytesToHex(node)),
        balance: numberToHex(b?.balance ?? 0n),
        codeHash: b?.codeHash ?? keccak256('0x'),
        nonce: numberToHex(b?.nonce ?? 0n),
        storageHash: b?.storageRoot ?? bytesToHex(empty.root()),
        storageProof,
      }
      return proof
    },
    async getCode({ address, blockNumber: n }) {
      calls.push({ method: 'getCode' })
      if (n !== blockNumber) throw new RangeError(`fake state has only block ${blockNumber}`)
      return built.get(address.toLowerCase())?.code ?? '0x'
    },
  }
  return { header, source, calls }
}

async function storedValue(trie: MerklePatriciaTrie, key: Hex): Promise<bigint> {
  const raw = await trie.get(slotBytes(key))
  if (!raw) return 0n
  // The trie holds rlp(minimal value): one byte below 0x80 is itself, else a length prefix.
  const bytes = raw.length === 1 && raw[0]! < 0x80 ? raw : raw.subarray(1)
  return bytes.length === 0 ? 0n : BigInt(bytesToHex(bytes))
}

/** A source that passes every answer of `inner` through `change` (a lying host). */
export function tamperedSource(
  inner: ProofSource,
  change: { proof?: (p: AccountProof) => AccountProof; code?: (c: Hex) => Hex },
): ProofSource {
  return {
    async getProof(parameters) {
      const p = await inner.getProof(parameters)
      return change.proof ? change.proof(structuredClone(p)) : p
    },
    async getCode(parameters) {
      const c = await inner.getCode(parameters)
      return change.code ? change.code(c) : c
    },
  }
}

/** Flips one bit of byte `at` of a hex string (counted from after `0x`). */
export function flipByte(hex: Hex, at: number): Hex {
  const bytes = hexToBytes(hex)
  bytes[at] = bytes[at]! ^ 0x01
  return bytesToHex(bytes)
}
