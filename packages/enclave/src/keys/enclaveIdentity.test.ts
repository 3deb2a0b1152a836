import { inspect } from 'node:util'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { isRaceteeError, raceteeDomain, storeAuthorizationTypes } from '@racetee/protocol'
import { bytesToHex, hashTypedData, hexToBytes, keccak256, recoverAddress, stringToBytes } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { sealToRecipient } from '../crypto/hpkeOpen.js'
import { EnclaveIdentity } from './enclaveIdentity.js'

const signingKey = hexToBytes(`0x${'01'.repeat(31)}02`)
const encryptionKey = new Uint8Array(32).fill(9)
const HALF_N = secp256k1.Point.CURVE().n / 2n

describe('EnclaveIdentity', () => {
  it('signs digests that viem recovers to its address (r ‖ s ‖ v, v = 27/28)', async () => {
    const id = EnclaveIdentity.generate()
    for (let i = 0; i < 8; i++) {
      const digest = keccak256(stringToBytes(`message ${i}`))
      const signature = id.signDigest(digest)
      expect(hexToBytes(signature).length).toBe(65)
      expect([27, 28]).toContain(hexToBytes(signature)[64])
      expect(await recoverAddress({ hash: digest, signature })).toBe(id.address)
    }
  })

  it('behavior: same address and signature as viem privateKeyToAccount on an EIP-712 digest', async () => {
    const id = EnclaveIdentity.fromSecrets({ signingKey, encryptionKey })
    const account = privateKeyToAccount(bytesToHex(signingKey))
    expect(id.address).toBe(account.address)
    const typed = {
      domain: raceteeDomain(31337n, '0x00000000000000000000000000000000000000cc'),
      types: storeAuthorizationTypes,
      primaryType: 'StoreAuthorization',
      message: { prevCommit: `0x${'00'.repeat(32)}`, blobsRoot: `0x${'ab'.repeat(32)}`, toBlock: 12n },
    } as const
    const digest = hashTypedData(typed)
    expect(id.signTypedDataHash(digest)).toBe(await account.signTypedData(typed))
  })

  it('behavior: signatures are low-s and deterministic', () => {
    const id = EnclaveIdentity.fromSecrets({ signingKey, encryptionKey })
    for (let i = 0; i < 16; i++) {
      const digest = keccak256(stringToBytes(`low-s ${i}`))
      const sig = hexToBytes(id.signDigest(digest))
      const s = BigInt(bytesToHex(sig.subarray(32, 64)))
      expect(s <= HALF_N).toBe(true)
      expect(id.signDigest(digest)).toBe(bytesToHex(sig))
    }
  })

  it('behavior: fromSecrets round-trips exportSecrets and copies its inputs', () => {
    const a = EnclaveIdentity.generate()
    const secrets = a.exportSecrets()
    const b = EnclaveIdentity.fromSecrets(secrets)
    secrets.signingKey.fill(0)
    secrets.encryptionKey.fill(0)
    expect(b.address).toBe(a.address)
    expect(b.encryptionPublicKey).toEqual(a.encryptionPublicKey)
    const digest = keccak256('0x01')
    expect(b.signDigest(digest)).toBe(a.signDigest(digest))
  })

  it('behavior: opens a secret provisioned to its encryption key', async () => {
    const id = EnclaveIdentity.generate()
    const info = stringToBytes('racetee/v1/provision test')
    const aad = hexToBytes(id.address)
    const sealed = await sealToRecipient({
      recipientPublicKey: id.encryptionPublicKey,
      plaintext: new Uint8Array(32).fill(3),
      info,
      aad,
    })
    expect(await id.openProvisioned({ sealed, info, aad })).toEqual(new Uint8Array(32).fill(3))
  })

  it('behavior: toString, JSON and inspect are redacted', () => {
    const id = EnclaveIdentity.fromSecrets({ signingKey, encryptionKey })
    const secretHexes = [bytesToHex(signingKey).slice(2), bytesToHex(encryptionKey).slice(2)]
    for (const text of [String(id), JSON.stringify(id), inspect(id, { showHidden: true, depth: 10 })]) {
      expect(text).toContain('redacted')
      expect(text).toContain(id.address)
      for (const h of secretHexes) expect(text).not.toContain(h)
    }
  })

  it('error: an erased identity refuses to sign', () => {
    const id = EnclaveIdentity.generate()
    id.erase()
    let caught: unknown
    try {
      id.signDigest(keccak256('0x'))
    } catch (err) {
      caught = err
    }
    expect(isRaceteeError(caught, 'ENCLAVE_NOT_INITIALISED')).toBe(true)
  })

  it('error: bad shapes are TypeError/RangeError naming the parameter', () => {
    const id = EnclaveIdentity.generate()
    expect(() => id.signDigest('0x1234')).toThrow(/digest/)
    expect(() => EnclaveIdentity.fromSecrets({ signingKey: new Uint8Array(31), encryptionKey })).toThrow(
      /signingKey/,
    )
    expect(() => EnclaveIdentity.fromSecrets({ signingKey: new Uint8Array(32), encryptionKey })).toThrow(
      /signingKey/,
    )
    expect(() => EnclaveIdentity.fromSecrets({ signingKey, encryptionKey: new Uint8Array(1) })).toThrow(
      /encryptionKey/,
    )
  })
})
