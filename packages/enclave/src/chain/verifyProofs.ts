/**
 * Checks an EIP-1186 `eth_getProof` answer relayed by the untrusted host against a verified
 * header's `stateRoot` (D2.1), with `@ethereumjs/mpt`:
 * - the account proof at key keccak(address) in the state trie, its RLP value
 *   `[nonce, balance, storageRoot, codeHash]` equal to the relayed fields (an absent account
 *   proves the empty account);
 * - each storage proof at key keccak(slot) in the proven storage trie, its RLP value equal to the
 *   relayed one (an absent slot proves 0);
 * - the relayed slot set equal to the asked one, so nothing asked is skipped.
 * Any mismatch is `CHAIN_PROOF_INVALID` naming the address and slot: a proof that fails is never
 * read as zero. `root` is always passed to the verifier, which otherwise checks nothing.
 * @module
 */
import { verifyMerkleProof } from '@ethereumjs/mpt'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import {
  type Address,
  fromRlp,
  type Hex,
  hexToBigInt,
  hexToBytes,
  isAddress,
  isAddressEqual,
  isHex,
  keccak256,
  numberToHex,
  pad,
} from 'viem'
import type { AccountProof } from './types.js'

/** keccak(rlp("")): the root of an empty trie (an account without storage). */
export const EMPTY_TRIE_ROOT: Hex = '0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421'
/** keccak(""): the code hash of an account without code. */
export const EMPTY_CODE_HASH: Hex = keccak256('0x')

export type ProvenAccount = {
  address: Address
  nonce: bigint
  balance: bigint
  storageRoot: Hex
  codeHash: Hex
  /** Proven storage words by slot (32-byte lowercase hex), zero for slots never written. */
  storage: ReadonlyMap<Hex, Hex>
}

export type VerifyAccountProofParameters = {
  stateRoot: Hex
  address: Address
  /** The slots asked for, as 32-byte words. */
  storageKeys: readonly Hex[]
  proof: AccountProof
}

function proofInvalid(details: string, cause?: unknown): RaceteeError {
  return new RaceteeError(errorCodes.CHAIN_PROOF_INVALID, 'Storage proof does not verify.', {
    details,
    ...(cause === undefined ? {} : { cause }),
  })
}

/** A 32-byte slot key in one spelling (nodes may echo keys shorter or in upper case). */
export function slotKey(key: Hex): Hex {
  if (!isHex(key, { strict: true }) || key.length > 66)
    throw new RangeError('slot key must be at most 32 bytes')
  return pad(key.toLowerCase() as Hex, { size: 32 })
}

function nodes(what: string, proof: unknown): Uint8Array[] {
  if (!Array.isArray(proof)) throw proofInvalid(`${what}: proof is not a list`)
  return proof.map((node) => {
    if (typeof node !== 'string' || !isHex(node, { strict: true }) || node.length % 2 !== 0)
      throw proofInvalid(`${what}: proof node is not hex`)
    return hexToBytes(node)
  })
}

/** Verifies `key` in the trie with `root`; the RLP-decoded value, or null for a proven absence. */
async function provenValue(
  what: string,
  root: Hex,
  key: Uint8Array,
  proof: unknown,
): Promise<Uint8Array | null> {
  const nodeBytes = nodes(what, proof)
  // The empty root commits to a trie without keys: absence is proven whatever nodes came with it.
  // (The verifier throws on an empty proof even against the empty root, so it is not asked.)
  if (root.toLowerCase() === EMPTY_TRIE_ROOT) return null
  let value: Uint8Array | null
  try {
    value = await verifyMerkleProof(key, nodeBytes, { root: hexToBytes(root), useKeyHashing: true })
  } catch (err) {
    if (err instanceof RaceteeError) throw err
    throw proofInvalid(`${what}: proof does not lead from root ${root}`, err)
  }
  return value
}

function quantity(what: string, value: unknown): bigint {
  if (typeof value !== 'string' || !isHex(value, { strict: true }) || value === '0x')
    throw proofInvalid(`${what} is not a hex quantity`)
  return hexToBigInt(value)
}

function rlpBigInt(what: string, item: unknown): bigint {
  if (typeof item !== 'string') throw proofInvalid(`${what} is not an RLP string`)
  // RLP integers are minimal: no leading zero byte.
  if (item.startsWith('0x00')) throw proofInvalid(`${what} is not a minimal RLP integer`)
  return item === '0x' ? 0n : hexToBigInt(item as Hex)
}

function decodeAccount(what: string, rlp: Uint8Array) {
  let fields: unknown
  try {
    fields = fromRlp(rlp, 'hex')
  } catch (err) {
    throw proofInvalid(`${what}: account value is not RLP`, err)
  }
  if (!Array.isArray(fields) || fields.length !== 4) throw proofInvalid(`${what}: account is not 4 fields`)
  const [nonce, balance, storageRoot, codeHash] = fields as unknown[]
  if (
    typeof storageRoot !== 'string' ||
    storageRoot.length !== 66 ||
    typeof codeHash !== 'string' ||
    codeHash.length !== 66
  )
    throw proofInvalid(`${what}: account roots are not 32 bytes`)
  return {
    nonce: rlpBigInt(`${what} nonce`, nonce),
    balance: rlpBigInt(`${what} balance`, balance),
    storageRoot: storageRoot as Hex,
    codeHash: codeHash as Hex,
  }
}

function sameHash(a: unknown, b: Hex): boolean {
  return typeof a === 'string' && a.toLowerCase() === b.toLowerCase()
}

export async function verifyAccountProof(parameters: VerifyAccountProofParameters): Promise<ProvenAccount> {
  const { stateRoot, address, storageKeys, proof } = parameters
  if (!isHex(stateRoot, { strict: true }) || stateRoot.length !== 66)
    throw new TypeError('stateRoot must be 32 bytes of hex')
  if (!isAddress(address, { strict: false })) throw new TypeError('address must be an address')
  const asked = storageKeys.map(slotKey)
  if (new Set(asked).size !== asked.length) throw new RangeError('storageKeys must not repeat a slot')

  const what = `account ${address}`
  if (typeof proof !== 'object' || proof === null) throw proofInvalid(`${what}: no proof relayed`)
  if (typeof proof.address !== 'string' || !isAddress(proof.address, { strict: false }))
    throw proofInvalid(`${what}: relayed address is malformed`)
  if (!isAddressEqual(proof.address, address))
    throw proofInvalid(`${what}: relayed proof is for ${proof.address}`)

  const value = await provenValue(what, stateRoot, hexToBytes(address), proof.accountProof)
  const account = value
    ? decodeAccount(what, value)
    : { nonce: 0n, balance: 0n, storageRoot: EMPTY_TRIE_ROOT, codeHash: EMPTY_CODE_HASH }
  if (
    quantity(`${what} nonce`, proof.nonce) !== account.nonce ||
    quantity(`${what} balance`, proof.balance) !== account.balance ||
    !sameHash(proof.storageHash, account.storageRoot) ||
    !sameHash(proof.codeHash, account.codeHash)
  )
    throw proofInvalid(`${what}: relayed fields differ from the proven account at ${stateRoot}`)

  if (!Array.isArray(proof.storageProof)) throw proofInvalid(`${what}: storage proofs are not a list`)
  const relayed = new Map<Hex, AccountProof['storageProof'][number]>()
  for (const entry of proof.storageProof) {
    if (typeof entry !== 'object' || entry === null) throw proofInvalid(`${what}: storage proof is malformed`)
    let key: Hex
    try {
      key = slotKey(entry.key)
    } catch {
      throw proofInvalid(`${what}: relayed slot key is malformed`)
    }
    if (relayed.has(key)) throw proofInvalid(`${what}: slot ${key} relayed twice`)
    relayed.set(key, entry)
  }
  for (const key of relayed.keys())
    if (!asked.includes(key)) throw proofInvalid(`${what}: slot ${key} relayed but not asked`)

  const storage = new Map<Hex, Hex>()
  for (const key of asked) {
    const slot = `${what} slot ${key}`
    const entry = relayed.get(key)
    if (!entry) throw proofInvalid(`${slot}: asked but not relayed`)
    const raw = await provenValue(slot, account.storageRoot, hexToBytes(key), entry.proof)
    let word = 0n
    if (raw) {
      let item: unknown
      try {
        item = fromRlp(raw, 'hex')
      } catch (err) {
        throw proofInvalid(`${slot}: value is not RLP`, err)
      }
      // The trie never stores zero (a cleared slot is deleted), and a word is at most 32 bytes.
      if (typeof item !== 'string' || item === '0x' || item.length > 66)
        throw proofInvalid(`${slot}: value is not a non-zero word`)
      word = rlpBigInt(slot, item)
    }
    if (quantity(`${slot} value`, entry.value) !== word)
      throw proofInvalid(`${slot}: relayed value differs from the proven one`)
    storage.set(key, numberToHex(word, { size: 32 }))
  }
  return { address, ...account, storage }
}
