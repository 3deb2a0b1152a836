/**
 * Where the MC keeps what the enclave reads (D2.1), and how its packed slots unpack. Slot numbers
 * come from the generated `managementContractLayout` (solc's storage layout); the packings are
 * the ones documented beside the variables in contracts/src/mc/McBase.sol (`_epochSlot`) and
 * RequestLog.sol (`_live`, `_ringMeta`, `_lastMeta`). The anvil tests compare every decoded value with the
 * MC's own view functions, so a packing changed in Solidity and not here fails them.
 * @module
 */
import { managementContractLayout } from '@racetee/protocol'
import { type Address, concat, type Hex, hexToBigInt, keccak256, numberToHex, pad } from 'viem'

const layout = managementContractLayout.storage

/** The registry's packed slot: version, member count and last revocation share one word. */
type PackedRegistry = '_registryVersion' | '_memberCount' | '_lastRevocationBlock'

/**
 * Every other variable read here fills its slot from byte 0 (solc packs nothing beside a uint256,
 * bytes32 or mapping): this assignment stops compiling if a layout change breaks that.
 */
const wholeSlots: Record<Exclude<keyof typeof layout, PackedRegistry>, { readonly offset: 0 }> = layout
void wholeSlots
/** The packed registry variables share one slot: this stops compiling if solc splits them. */
const registrySlot: Record<PackedRegistry, { readonly slot: typeof layout._registryVersion.slot }> = layout
void registrySlot
const enclaveInfo = managementContractLayout.structs.EnclaveInfo

const word = (n: bigint): Hex => numberToHex(n, { size: 32 })

/** Solidity mapping entry: keccak(pad32(key) ‖ pad32(slot)). */
const mappingSlot = (key: Hex, slot: bigint): Hex => keccak256(concat([pad(key, { size: 32 }), word(slot)]))

/** Storage keys (32-byte words) of the MC's state the enclave proves. */
export const mcSlots = {
  epochSlot: word(layout._epochSlot.slot),
  acc: word(layout._acc.slot),
  live: word(layout._live.slot),
  /** Ring entry `index` (P2): its accumulator and its packed block, seq, feeCum, nextBlock. */
  ringAcc: (index: bigint): Hex => mappingSlot(word(index), layout._ringAcc.slot),
  ringMeta: (index: bigint): Hex => mappingSlot(word(index), layout._ringMeta.slot),
  lastCommitId: word(layout._lastCommitId.slot),
  lastAcc: word(layout._lastAcc.slot),
  lastMeta: word(layout._lastMeta.slot),
  requestPublicKey: (epoch: bigint): Hex =>
    mappingSlot(numberToHex(epoch, { size: 8 }), layout._requestPublicKeys.slot),
  registered: (program: Address): Hex => mappingSlot(program.toLowerCase() as Hex, layout._registered.slot),
  digest: (program: Address): Hex => mappingSlot(program.toLowerCase() as Hex, layout._digests.slot),
  programCount: word(layout._programCount.slot),
  registry: word(layout._registryVersion.slot),
  /** `_enclaves[signer]`: the encryption key's slot and the slot packing admittedFrom, revokedAt. */
  enclave: (signer: Address) => {
    const base = hexToBigInt(mappingSlot(signer.toLowerCase() as Hex, layout._enclaves.slot))
    return {
      encryptionKey: word(base + enclaveInfo.encryptionKey.slot),
      membership: word(base + enclaveInfo.admittedFrom.slot),
    }
  },
} as const

/** A uint64 at a byte offset of a slot word, as solc packs it (from the low-order end). */
const packedU64 = (value: Hex, offset: number): bigint => bits(hexToBigInt(value), offset * 8, 64)

/** The registry slot: `_registryVersion`, `_memberCount`, `_lastRevocationBlock` (ExecutorRegistry.sol). */
export function decodeRegistry(value: Hex) {
  return {
    version: packedU64(value, layout._registryVersion.offset),
    memberCount: packedU64(value, layout._memberCount.offset),
    lastRevocationBlock: packedU64(value, layout._lastRevocationBlock.offset),
  }
}

/** `EnclaveInfo`'s packed `admittedFrom` and `revokedAt` (McTypes.sol). */
export function decodeMembership(value: Hex) {
  if (enclaveInfo.admittedFrom.slot !== enclaveInfo.revokedAt.slot)
    throw new RangeError('EnclaveInfo.admittedFrom and revokedAt no longer share a slot')
  return {
    admittedFrom: packedU64(value, enclaveInfo.admittedFrom.offset),
    revokedAt: packedU64(value, enclaveInfo.revokedAt.offset),
  }
}

const bits = (v: bigint, shift: number, width: number): bigint =>
  (v >> BigInt(shift)) & ((1n << BigInt(width)) - 1n)

/** `_live`: seq (64) | block (48) << 64 | feeCum (96) << 112 | countInBlock (32) << 208. */
export function decodeLive(value: Hex) {
  const v = hexToBigInt(value)
  return {
    seq: bits(v, 0, 64),
    block: bits(v, 64, 48),
    feeCum: bits(v, 112, 96),
    countInBlock: bits(v, 208, 32),
  }
}

/** `_ringMeta[i]`: block (48) | seq (64) << 48 | feeCum (96) << 112 | nextBlock (48) << 208. */
export function decodeRingMeta(value: Hex) {
  const v = hexToBigInt(value)
  return {
    block: bits(v, 0, 48),
    seq: bits(v, 48, 64),
    feeCum: bits(v, 112, 96),
    nextBlock: bits(v, 208, 48),
  }
}

/** `_lastMeta`: toBlock (64) | toSeq (64) << 64 | feeCum (96) << 128 | frozen (8) << 224. */
export function decodeLastMeta(value: Hex) {
  const v = hexToBigInt(value)
  return {
    toBlock: bits(v, 0, 64),
    toSeq: bits(v, 64, 64),
    feeCum: bits(v, 128, 96),
    frozen: bits(v, 224, 8) !== 0n,
  }
}

/** `_epochSlot`: epoch (64) | rotationBlock (48) << 64 | started (8) << 112. */
export function decodeEpochSlot(value: Hex) {
  const v = hexToBigInt(value)
  return { epoch: bits(v, 0, 64), rotationBlock: bits(v, 64, 48), started: bits(v, 112, 8) !== 0n }
}
