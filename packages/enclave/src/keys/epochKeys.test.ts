import { inspect } from 'node:util'
import { x25519 } from '@noble/curves/ed25519.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import {
  deriveManagementKey,
  derivePrevrandao,
  deriveProgramKey,
  isRaceteeError,
  ratchetProgramKey,
} from '@racetee/protocol'
import { bytesToHex, concatBytes, hexToBytes, numberToBytes, stringToBytes } from 'viem'
import { describe, expect, it } from 'vitest'
import { createRequestEnvelopeOpener } from '../crypto/hpkeOpen.js'
import { deriveRequestKeyPair, EpochKeyring, generateEpochSecret } from './epochKeys.js'

const E = new Uint8Array(32).map((_, i) => i + 1)
const program = '0x00000000000000000000000000000000000000aa' as const
const acc = `0x${'77'.repeat(32)}` as const
const h = (ikm: Uint8Array, ...info: Uint8Array[]) => hkdf(sha256, ikm, undefined, concatBytes(info), 32)
const label = (s: string) => stringToBytes(`racetee/v1/${s}`)

describe('epoch key derivations', () => {
  it('derive exactly the P5 HKDF outputs (independent recomputation of protocol and keyring)', () => {
    const e = numberToBytes(3n, { size: 8 })
    const pair = deriveRequestKeyPair(E, 3n)
    expect(pair.secretKey).toEqual(h(E, label('request-key'), e))
    expect(pair.publicKey).toEqual(x25519.getPublicKey(pair.secretKey))
    expect(deriveManagementKey(E, 3n)).toEqual(h(E, label('management-key'), e))
    const k0 = deriveProgramKey(E, program, acc)
    expect(k0).toEqual(h(E, label('program-key'), hexToBytes(program), hexToBytes(acc)))
    expect(ratchetProgramKey(k0, E, program, 1)).toEqual(
      h(concatBytes([k0, E]), label('ratchet'), hexToBytes(program), numberToBytes(1, { size: 4 })),
    )
    expect(derivePrevrandao(E, acc)).toEqual(h(E, label('random'), hexToBytes(acc)))
  })

  it('behavior: keys are separated by epoch, label, program, version', () => {
    const all = [
      deriveRequestKeyPair(E, 3n).secretKey,
      deriveRequestKeyPair(E, 4n).secretKey,
      deriveManagementKey(E, 3n),
      deriveProgramKey(E, program, acc),
      deriveProgramKey(E, '0x00000000000000000000000000000000000000ab', acc),
      ratchetProgramKey(deriveProgramKey(E, program, acc), E, program, 1),
      ratchetProgramKey(deriveProgramKey(E, program, acc), E, program, 2),
      derivePrevrandao(E, acc),
    ].map((k) => bytesToHex(k))
    expect(new Set(all).size).toBe(all.length)
  })

  it('behavior: the request key pair is usable by the HPKE opener', async () => {
    const pair = deriveRequestKeyPair(E, 1n)
    const opener = await createRequestEnvelopeOpener({ recipientSecretKey: pair.secretKey })
    expect(opener.publicKey).toEqual(pair.publicKey)
  })

  it('behavior: generateEpochSecret draws 32 fresh bytes', () => {
    const a = generateEpochSecret()
    expect(a.length).toBe(32)
    expect(a).not.toEqual(generateEpochSecret())
  })

  it('error: bad shapes are TypeError/RangeError naming the parameter', () => {
    expect(() => deriveManagementKey(new Uint8Array(31), 1n)).toThrow(/epochSecret/)
    expect(() => deriveRequestKeyPair(E, -1n)).toThrow(/epoch/)
    expect(() => deriveProgramKey(E, '0x12' as never, acc)).toThrow(/program/)
    expect(() => deriveProgramKey(E, program, '0x12')).toThrow(/accDeploy/)
    expect(() => ratchetProgramKey(new Uint8Array(1), E, program, 1)).toThrow(/programKey/)
    const ring = new EpochKeyring()
    ring.add(1n, E)
    expect(() => ring.ratchet(1n, E, program, 0)).toThrow(/nextVersion/)
    expect(() => ring.ratchet(1n, E, program, 2 ** 32)).toThrow(/nextVersion/)
  })
})

describe('EpochKeyring', () => {
  it('holds epoch secrets and derives the same keys as the free functions', () => {
    const ring = new EpochKeyring()
    const secret = E.slice()
    ring.add(5n, secret)
    secret.fill(0) // the ring keeps its own copy
    expect(ring.has(5n)).toBe(true)
    expect(ring.epochs()).toEqual([5n])
    expect(ring.requestKeyPair(5n)).toEqual(deriveRequestKeyPair(E, 5n))
    expect(ring.managementKey(5n)).toEqual(deriveManagementKey(E, 5n))
    expect(ring.programKey(5n, program, acc)).toEqual(deriveProgramKey(E, program, acc))
    expect(ring.prevrandao(5n, acc)).toEqual(derivePrevrandao(E, acc))
    const k0 = ring.programKey(5n, program, acc)
    expect(ring.ratchet(5n, k0, program, 1)).toEqual(ratchetProgramKey(k0, E, program, 1))
    expect(ring.exportSecret(5n)).toEqual(E)
  })

  it('behavior: erase zeroes the secret and the cached keys and forgets the epoch', () => {
    const ring = new EpochKeyring()
    ring.add(1n, E)
    const request = ring.requestKeyPair(1n)
    const management = ring.managementKey(1n)
    ring.erase(1n)
    expect(request.secretKey.every((b) => b === 0)).toBe(true)
    expect(management.every((b) => b === 0)).toBe(true)
    expect(ring.has(1n)).toBe(false)
    expect(ring.epochs()).toEqual([])
    ring.erase(1n) // idempotent
  })

  it('behavior: create draws a secret and returns its request public key', () => {
    const ring = new EpochKeyring()
    const publicKey = ring.create(2n)
    expect(publicKey).toEqual(ring.requestKeyPair(2n).publicKey)
    expect(ring.epochs()).toEqual([2n])
    ring.add(1n, E)
    expect(ring.epochs()).toEqual([1n, 2n])
    ring.eraseAll()
    expect(ring.epochs()).toEqual([])
  })

  it('behavior: toString, JSON and inspect are redacted', () => {
    const ring = new EpochKeyring()
    ring.add(9n, E)
    ring.managementKey(9n)
    ring.requestKeyPair(9n)
    const secretHex = bytesToHex(E).slice(2)
    const managementHex = bytesToHex(deriveManagementKey(E, 9n)).slice(2)
    for (const text of [
      String(ring),
      `${ring}`,
      JSON.stringify(ring),
      JSON.stringify({ ring }),
      inspect(ring, { depth: 10, showHidden: true }),
    ]) {
      expect(text).toContain('redacted')
      expect(text).not.toContain(secretHex)
      expect(text).not.toContain(managementHex)
      expect(text).not.toMatch(/\b1, 2, 3, 4\b/)
    }
    expect(inspect(ring)).toBe('EpochKeyring { epochs: [9], secrets: <redacted> }')
  })

  it('error: an unknown epoch throws ENCLAVE_EPOCH_UNKNOWN', () => {
    const ring = new EpochKeyring()
    let caught: unknown
    try {
      ring.managementKey(3n)
    } catch (err) {
      caught = err
    }
    expect(isRaceteeError(caught, 'ENCLAVE_EPOCH_UNKNOWN')).toBe(true)
  })

  it('error: adding an epoch twice or a bad secret is refused', () => {
    const ring = new EpochKeyring()
    ring.add(1n, E)
    expect(() => ring.add(1n, E)).toThrow(RangeError)
    expect(() => ring.add(2n, new Uint8Array(16))).toThrow(/epochSecret/)
  })
})
