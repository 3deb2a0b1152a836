import { describe, expect, it } from 'vitest'
import { enclaveStatus } from './enclaveStatus.js'

const operator = '0x00000000000000000000000000000000000000aa'
const zero = '0x0000000000000000000000000000000000000000'
const key = `0x${'11'.repeat(32)}` as const

describe('enclaveStatus', () => {
  it('reads an admitted enclave with the block its admission takes effect', () => {
    expect(enclaveStatus({ operator, encryptionKey: key, admittedFrom: 42n, revokedAt: 0n })).toEqual({
      kind: 'admitted',
      encryptionKey: key,
      admittedFrom: 42n,
    })
  })

  it('behavior: no operator means not registered', () => {
    expect(enclaveStatus({ operator: zero, encryptionKey: key, admittedFrom: 0n, revokedAt: 0n })).toEqual({
      kind: 'unregistered',
    })
  })

  it('behavior: registered and neither admitted nor excluded is pending', () => {
    expect(enclaveStatus({ operator, encryptionKey: key, admittedFrom: 0, revokedAt: 0 })).toEqual({
      kind: 'pending',
      encryptionKey: key,
    })
  })

  it('behavior: a veto (admittedFrom cleared) or a revocation (kept) excludes the enclave from its block', () => {
    expect(enclaveStatus({ operator, encryptionKey: key, admittedFrom: 0n, revokedAt: 9n })).toEqual({
      kind: 'excluded',
      at: 9n,
    })
    expect(enclaveStatus({ operator, encryptionKey: key, admittedFrom: 5n, revokedAt: 9n })).toEqual({
      kind: 'excluded',
      at: 9n,
    })
  })
})
