/**
 * The MC's state at one verified header, every value proven (D2.1): the last commit, program
 * records, the checkpoint of any block up to the header (live values or a ring entry, P2), the
 * epoch, registry, request keys and configuration. `batchChainFacts` combines two of them into a
 * batch's `ChainFacts` (ARCHITECTURE decision 19).
 *
 * Each answer comes from `eth_getProof` relayed by the host and checked against
 * `header.stateRoot` (`verifyAccountProof`); the configuration from the MC's runtime code,
 * relayed by the host and checked against the proven account's `codeHash`. Slots are proven
 * once per view (one header) and cached; the slots one answer needs go in one `getProof`.
 * A view that cannot prove a fact throws, and the batch releases nothing.
 * @module
 */
import { errorCodes, managementContractLayout, RaceteeError } from '@racetee/protocol'
import { type Address, type Hex, hexToBigInt, hexToBytes, isAddress, isHex, keccak256, sliceHex } from 'viem'
import type { CommitAnchor, ProgramRecord } from '../batch/types.js'
import {
  decodeEpochSlot,
  decodeLastMeta,
  decodeLive,
  decodeMembership,
  decodeRegistry,
  decodeRingMeta,
  mcSlots,
} from './mcStorage.js'
import type {
  ProofSource,
  ProvenChainView,
  ProvenEnclave,
  ProvenMcConfig,
  ProvenRegistry,
  TrustedHeader,
} from './types.js'
import { EMPTY_CODE_HASH, type ProvenAccount, slotKey, verifyAccountProof } from './verifyProofs.js'

export type ProvenChainViewParameters = {
  mc: Address
  header: TrustedHeader
  /** The host's relay (untrusted). */
  proofs: ProofSource
}

function unproven(details: string): RaceteeError {
  return new RaceteeError(errorCodes.ENCLAVE_BATCH_UNPROVEN, 'Chain fact cannot be proven.', { details })
}

/** One immutable from proven runtime code: every reference holds the same 32-byte word. */
function immutable(code: Hex, name: keyof typeof managementContractLayout.immutables, max: bigint): bigint {
  const refs = managementContractLayout.immutables[name]
  const values = refs.map((r) => hexToBigInt(sliceHex(code, r.start, r.start + r.length, { strict: true })))
  const value = values[0]!
  if (values.some((v) => v !== value) || value > max)
    throw unproven(`MC immutable ${name} is not where the layout says`)
  return value
}

export function provenChainView(parameters: ProvenChainViewParameters): ProvenChainView {
  const { header, proofs } = parameters
  if (!isAddress(parameters.mc, { strict: false })) throw new TypeError('mc must be an address')
  const mc = parameters.mc
  const slots = new Map<Hex, Promise<Hex>>()
  let account: Promise<ProvenAccount> | undefined
  let config: Promise<ProvenMcConfig> | undefined

  async function fetchProof(storageKeys: Hex[]): Promise<ProvenAccount> {
    const proof = await proofs.getProof({ address: mc, storageKeys, blockNumber: header.number })
    const proven = await verifyAccountProof({ stateRoot: header.stateRoot, address: mc, storageKeys, proof })
    // A valid proof of an account without code: this header has no MC at `mc`, so every slot
    // would read as zero. Refused rather than taken for an empty MC.
    if (proven.codeHash === EMPTY_CODE_HASH) throw unproven(`no contract at ${mc} in block ${header.number}`)
    return proven
  }

  /** Proves the slots not yet cached in one `getProof`; the words in the order asked. */
  function read(keys: Hex[]): Promise<Hex[]> {
    const missing = [...new Set(keys.map(slotKey))].filter((k) => !slots.has(k))
    if (missing.length > 0) {
      const proven = fetchProof(missing)
      account ??= proven
      for (const key of missing) {
        const value = proven.then((a) => a.storage.get(key)!)
        slots.set(key, value)
        // A failed read (the host's relay or RPC) is not cached: asking again asks the host again.
        value.catch(() => {
          if (slots.get(key) === value) slots.delete(key)
        })
      }
      proven.catch(() => {
        if (account === proven) account = undefined
      })
    }
    return Promise.all(keys.map((k) => slots.get(slotKey(k))!))
  }

  async function provenConfig(): Promise<ProvenMcConfig> {
    // Any proof of this view proves the account; without one yet, prove it with no slots.
    if (!account) {
      const proven = fetchProof([])
      account = proven
      proven.catch(() => {
        if (account === proven) account = undefined
      })
    }
    const { codeHash } = await account
    const code = await proofs.getCode({ address: mc, blockNumber: header.number })
    if (typeof code !== 'string' || !isHex(code, { strict: true }) || code.length % 2 !== 0)
      throw new RaceteeError(errorCodes.CHAIN_PROOF_INVALID, 'Storage proof does not verify.', {
        details: `code of ${mc}: relayed code is not hex`,
      })
    if (keccak256(hexToBytes(code)) !== codeHash.toLowerCase())
      throw new RaceteeError(errorCodes.CHAIN_PROOF_INVALID, 'Storage proof does not verify.', {
        details: `code of ${mc}: relayed code does not hash to the proven codeHash ${codeHash}`,
      })
    // Immutables sit at fixed offsets of one build: another build's code has another length.
    const length = (code.length - 2) / 2
    if (length !== managementContractLayout.deployedBytecodeLength)
      throw unproven(
        `MC code is ${length} bytes, this enclave reads a ${managementContractLayout.deployedBytecodeLength}-byte build`,
      )
    const u32 = 0xffffffffn
    return {
      maxProgramsPerRequest: Number(immutable(code, 'MAX_PROGRAMS_TOUCHED', u32)),
      maxCreatesPerRequest: Number(immutable(code, 'MAX_PROGRAMS_CREATED', u32)),
      epochLength: immutable(code, 'EPOCH_LENGTH', 2n ** 64n - 1n),
      storageThreshold: Number(immutable(code, 'STORAGE_THRESHOLD', u32)),
      gracePeriod: immutable(code, 'GRACE_PERIOD', 2n ** 64n - 1n),
    }
  }

  return {
    header,

    async lastCommit(): Promise<CommitAnchor> {
      const [commitId, acc, meta] = await read([mcSlots.lastCommitId, mcSlots.lastAcc, mcSlots.lastMeta])
      const { toBlock, toSeq } = decodeLastMeta(meta!)
      return { commitId: commitId!, toBlock, toSeq, acc: acc! }
    },

    async checkpointAt(toBlock: bigint, ringHint?: bigint): Promise<{ seq: bigint; acc: Hex }> {
      // A checkpoint is final only once its block is: at an earlier state, requests of blocks
      // between the header and `toBlock` could still come.
      if (typeof toBlock !== 'bigint' || toBlock < 0n) throw new RangeError('toBlock must be a bigint ≥ 0')
      if (toBlock > header.number)
        throw unproven(`checkpoint of block ${toBlock} asked from a view of block ${header.number}`)
      // P2 and the MC's own `_checkpointAt`: the live values when their block is at or before
      // `toBlock` (always so at the header's own block), otherwise the ring entry named.
      const [acc, live] = await read([mcSlots.acc, mcSlots.live])
      const { seq, block } = decodeLive(live!)
      if (block > header.number) throw unproven(`live block ${block} is after block ${header.number}`)
      if (block <= toBlock) return { seq, acc: acc! }
      if (ringHint === undefined)
        throw unproven(`block ${toBlock} is before the live block ${block} and no ring entry was named`)
      if (typeof ringHint !== 'bigint' || ringHint < 0n || ringHint >= 2n ** 256n)
        throw new RangeError('ringHint must be a uint256 bigint')
      // Any entry that covers `toBlock` at this state is its checkpoint: entries cover disjoint
      // block ranges, so an overwritten entry (a later range) or one never written (all zero)
      // covers nothing before it. Hence no `_ringCount` or ring size is needed, as in the MC.
      const [ringAcc, ringMeta] = await read([mcSlots.ringAcc(ringHint), mcSlots.ringMeta(ringHint)])
      const entry = decodeRingMeta(ringMeta!)
      if (entry.block > toBlock || toBlock >= entry.nextBlock)
        throw unproven(
          `ring entry ${ringHint} covers blocks [${entry.block}, ${entry.nextBlock}), not block ${toBlock}`,
        )
      return { seq: entry.seq, acc: ringAcc! }
    },

    async program(address: Address): Promise<ProgramRecord> {
      if (!isAddress(address, { strict: false })) throw new TypeError('program must be an address')
      const [registered, digest] = await read([mcSlots.registered(address), mcSlots.digest(address)])
      return { registered: hexToBigInt(registered!) !== 0n, digest: digest! }
    },

    async epoch(): Promise<{ epoch: bigint; started: boolean; rotationBlock: bigint }> {
      const [slot] = await read([mcSlots.epochSlot])
      return decodeEpochSlot(slot!)
    },

    async registry(): Promise<ProvenRegistry> {
      const [slot] = await read([mcSlots.registry])
      return decodeRegistry(slot!)
    },

    async enclave(signer: Address): Promise<ProvenEnclave> {
      if (!isAddress(signer, { strict: false })) throw new TypeError('signer must be an address')
      const at = mcSlots.enclave(signer)
      const [encryptionKey, membership] = await read([at.encryptionKey, at.membership])
      const { admittedFrom, revokedAt } = decodeMembership(membership!)
      return {
        address: signer,
        encryptionKey: encryptionKey!,
        admittedFrom,
        revokedAt,
        member: admittedFrom !== 0n && revokedAt === 0n,
      }
    },

    async programCount(): Promise<bigint> {
      const [count] = await read([mcSlots.programCount])
      return hexToBigInt(count!)
    },

    async requestPublicKey(epoch: bigint): Promise<Hex> {
      if (typeof epoch !== 'bigint' || epoch < 0n || epoch >= 2n ** 64n)
        throw new RangeError('epoch must be a uint64 bigint')
      const [key] = await read([mcSlots.requestPublicKey(epoch)])
      return key!
    },

    config(): Promise<ProvenMcConfig> {
      if (!config) {
        const pending = provenConfig()
        config = pending
        pending.catch(() => {
          if (config === pending) config = undefined
        })
      }
      return config
    },
  }
}
