import { errorCodes, managementContractAbi, RaceteeError } from '@racetee/protocol'
import { type Address, ContractFunctionRevertedError, encodeErrorResult } from 'viem'
import { describe, expect, it } from 'vitest'
import { Admitter, type Registration } from './Admitter.js'
import type { EnclaveStatus } from './enclaveStatus.js'
import { recordingLogger } from './test/recordingLogger.js'

const self: Address = '0x00000000000000000000000000000000000000a0'
const b: Address = '0x00000000000000000000000000000000000000b0'
const c: Address = '0x00000000000000000000000000000000000000c0'
const d: Address = '0x00000000000000000000000000000000000000d0'
const key = `0x${'11'.repeat(32)}` as const

const registration = (signer: Address, blockNumber: bigint, logIndex = 0): Registration => ({
  signer,
  encryptionKey: key,
  evidence: '0x01',
  blockNumber,
  logIndex,
})

const refusal = () =>
  new RaceteeError(errorCodes.ENCLAVE_ATTESTATION_INVALID, 'Evidence refused.', {
    details: 'malformed evidence',
  })

const revert = (errorName: string, args: readonly unknown[]) =>
  new ContractFunctionRevertedError({
    abi: managementContractAbi,
    data: encodeErrorResult({ abi: managementContractAbi, errorName, args } as never),
    functionName: 'admit',
  })

/**
 * A fake registry: `registrations` emitted at blocks, statuses by signer, and an `admit` that
 * answers from a per-signer script (an error to throw, or success, which admits).
 */
function world(parameters: { head: bigint; registrations: Registration[]; fromBlock?: bigint }) {
  let head = parameters.head
  const logs = [...parameters.registrations]
  const statuses = new Map<Address, EnclaveStatus>()
  for (const r of logs) statuses.set(r.signer, { kind: 'pending', encryptionKey: key })
  statuses.set(self, { kind: 'admitted', encryptionKey: key, admittedFrom: 1n })
  const scripts = new Map<Address, (() => unknown)[]>()
  const attempts: Address[] = []
  const scans: [bigint, bigint][] = []
  let headFault: unknown
  const { logger, records } = recordingLogger()
  const admitter = new Admitter({
    self,
    logger,
    ...(parameters.fromBlock === undefined ? {} : { fromBlock: parameters.fromBlock }),
    chain: {
      head: async () => {
        if (headFault) throw headFault
        return head
      },
      registrations: async (from, to) => {
        scans.push([from, to])
        return logs.filter((r) => r.blockNumber >= from && r.blockNumber <= to)
      },
      status: async (signer) => statuses.get(signer) ?? { kind: 'unregistered' },
      admit: async (r) => {
        attempts.push(r.signer)
        const outcome = scripts.get(r.signer)?.shift()?.()
        if (outcome !== undefined) throw outcome
        statuses.set(r.signer, { kind: 'admitted', encryptionKey: key, admittedFrom: head + 4n })
        return { transactionHash: `0x${'99'.repeat(32)}`, effectiveFrom: head + 4n }
      },
    },
  })
  return {
    admitter,
    attempts,
    scans,
    statuses,
    records,
    script: (signer: Address, ...outcomes: (() => unknown)[]) => scripts.set(signer, outcomes),
    emit: (r: Registration) => {
      logs.push(r)
      statuses.set(r.signer, { kind: 'pending', encryptionKey: key })
    },
    advance: (to: bigint) => {
      head = to
    },
    failHead: (err: unknown) => {
      headFault = err
    },
    logged: (msg: string) => records.filter((r) => r.msg === msg),
  }
}

describe('Admitter', () => {
  it('admits every pending newcomer it finds, never itself', async () => {
    const w = world({
      head: 10n,
      registrations: [registration(self, 2n), registration(b, 5n), registration(c, 7n)],
    })
    await w.admitter.step()
    expect(w.attempts).toEqual([b, c])
    expect(w.logged('admitted newcomer').map((r) => r.newcomer)).toEqual([b, c])
    expect(w.logged('admitted newcomer')[0]).toMatchObject({ effectiveFrom: 14 })
  })

  it('behavior: scans from the configured block, then only new blocks, and skips settled enclaves', async () => {
    const w = world({ head: 10n, registrations: [registration(b, 5n)], fromBlock: 3n })
    w.statuses.set(b, { kind: 'excluded', at: 6n })
    await w.admitter.step()
    w.advance(12n)
    w.emit(registration(c, 11n))
    await w.admitter.step()
    await w.admitter.step()
    expect(w.scans).toEqual([
      [3n, 10n],
      [11n, 12n],
    ])
    expect(w.attempts).toEqual([c])
  })

  it('behavior: a refusal is logged once with its code and not tried again until the newcomer registers again', async () => {
    const w = world({ head: 10n, registrations: [registration(b, 5n)] })
    w.script(b, refusal)
    await w.admitter.step()
    w.advance(11n)
    await w.admitter.step()
    expect(w.attempts).toEqual([b])
    expect(w.logged('admission refused by the enclave')).toEqual([
      expect.objectContaining({
        newcomer: b,
        code: 'ENCLAVE_ATTESTATION_INVALID',
        details: 'malformed evidence',
      }),
    ])
    // A new registration of the signer is a new candidate.
    w.advance(13n)
    w.emit(registration(b, 13n, 2))
    await w.admitter.step()
    expect(w.attempts).toEqual([b, b])
    expect(w.logged('admitted newcomer').map((r) => r.newcomer)).toEqual([b])
  })

  it('behavior: a lost race re-reads the registry: still pending is tried again, admitted by another is dropped', async () => {
    const w = world({ head: 10n, registrations: [registration(b, 5n), registration(c, 6n)] })
    w.script(b, () => revert('WrongRegistryVersion', [4n, 3n]))
    w.script(c, () => {
      w.statuses.set(c, { kind: 'admitted', encryptionKey: key, admittedFrom: 13n })
      return revert('NotPending', [c])
    })
    await w.admitter.step()
    expect(w.attempts).toEqual([b, b, c])
    expect(w.logged('admission race lost; re-reading').map((r) => [r.newcomer, r.reason])).toEqual([
      [b, 'WrongRegistryVersion'],
      [c, 'NotPending'],
    ])
    expect(w.logged('admitted newcomer').map((r) => r.newcomer)).toEqual([b])
    expect(w.records.filter((r) => r.level >= 40)).toEqual([])
    await w.admitter.step()
    expect(w.attempts).toEqual([b, b, c])
  })

  it('behavior: yields to a waiting round before the next newcomer and resumes at the next step', async () => {
    const w = world({
      head: 10n,
      registrations: [registration(b, 5n), registration(c, 6n), registration(d, 7n)],
    })
    let roundWaiting = false
    w.script(b, () => {
      roundWaiting = true // a head arrived while admitting b
      return undefined
    })
    await w.admitter.step(() => roundWaiting)
    expect(w.attempts).toEqual([b])
    roundWaiting = false
    await w.admitter.step(() => roundWaiting)
    expect(w.attempts).toEqual([b, c, d])
  })

  it('error: a fault ends the step and the newcomer is tried at the next one; nothing throws', async () => {
    const w = world({ head: 10n, registrations: [registration(b, 5n), registration(c, 6n)] })
    w.script(
      b,
      () => new RaceteeError(errorCodes.ENCLAVE_EPOCH_UNKNOWN, 'The proven current epoch is not held.'),
    )
    await w.admitter.step()
    expect(w.attempts).toEqual([b])
    expect(w.logged('admission failed')).toEqual([
      expect.objectContaining({ newcomer: b, code: 'ENCLAVE_EPOCH_UNKNOWN' }),
    ])
    w.failHead(new RaceteeError(errorCodes.CHAIN_RPC_FAILED, 'The RPC endpoint did not answer.'))
    await expect(w.admitter.step()).resolves.toBeUndefined()
    expect(w.logged('admission step failed; retrying later')).toHaveLength(1)
    w.failHead(undefined)
    await w.admitter.step()
    expect(w.attempts).toEqual([b, b, c])
  })
})
