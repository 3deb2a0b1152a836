import { isRaceteeError, RaceteeError } from '@racetee/protocol'
import type { Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import type { AcceptProvisioningCall } from '../enclave/enclaveProcessApi.js'
import type { EnclaveStatus } from './enclaveStatus.js'
import { type AdmissionRecord, joinDeployment } from './joinDeployment.js'
import { recordingLogger } from './test/recordingLogger.js'

const address = '0x00000000000000000000000000000000000000e1'
const admitter = '0x00000000000000000000000000000000000000a0'
const encryptionKey: Hex = `0x${'11'.repeat(32)}`
const admission: AdmissionRecord = {
  admitter,
  effectiveFrom: 14n,
  epoch: 0n,
  epochSecret: '0xabcd',
  prevEpochSecret: '0x',
}

/**
 * A fake deployment: the registry's answer is a function of the head, and every wait for a new
 * head finds the next block at once (as if the chain moved), so the flow runs without timers.
 */
function world(options: {
  statusAt: (head: bigint, registered: boolean) => EnclaveStatus
  epochs?: bigint[]
  head?: bigint
  refuseProvisioning?: boolean
}) {
  let head = options.head ?? 10n
  let registered = false
  let epochs = options.epochs ?? []
  const accepted: AcceptProvisioningCall[] = []
  const { logger, records, messages } = recordingLogger()
  const run = () =>
    joinDeployment({
      logger,
      announce: { health: 'http://127.0.0.1:1' },
      heads: {
        current: async () => head,
        beyond: async (after) => {
          head = after + 1n
          return head
        },
      },
      chain: {
        status: async () => options.statusAt(head, registered),
        register: async () => {
          registered = true
          return { transactionHash: `0x${'77'.repeat(32)}`, blockNumber: head }
        },
        admission: async () => admission,
      },
      enclave: {
        describe: async () => ({ address, encryptionKey, epochs }),
        acceptProvisioning: async (call) => {
          accepted.push(call)
          if (options.refuseProvisioning)
            throw new RaceteeError('ENCLAVE_PROVISIONING_INVALID', 'Provisioned epoch secret refused.')
          epochs = [call.epoch]
          return { epochs }
        },
      },
    })
  return { run, accepted, records, messages, registeredYet: () => registered, head: () => head }
}

/** Not registered until `register`; pending until block 12; admitted from block 14. */
const newcomer = (head: bigint, registered: boolean): EnclaveStatus =>
  !registered
    ? { kind: 'unregistered' }
    : head < 12n
      ? { kind: 'pending', encryptionKey }
      : { kind: 'admitted', encryptionKey, admittedFrom: 14n }

describe('joinDeployment', () => {
  it('registers, waits for the admission to take effect, then provisions the enclave from the event', async () => {
    const w = world({ statusAt: newcomer })
    const joined = await w.run()
    expect(joined).toEqual({
      enclave: address,
      registered: true,
      admittedFrom: 14n,
      provisioned: true,
      epochs: [0n],
    })
    // Provisioned at the first head where the admission counts, with the event's bytes.
    expect(w.accepted).toEqual([{ atBlock: 14n, epoch: 0n, epochSecret: '0xabcd', prevEpochSecret: '0x' }])
    expect(w.messages()).toEqual([
      'registered',
      'waiting for admission',
      'admission on chain; waiting for it to take effect',
      'admitted',
      'provisioned',
    ])
    expect(w.records.find((r) => r.msg === 'waiting for admission')).toMatchObject({
      enclave: address,
      fromBlock: 10,
      health: 'http://127.0.0.1:1',
    })
  })

  it('behavior: a restart after registering does not register again', async () => {
    const w = world({ statusAt: (head) => newcomer(head, true) })
    const joined = await w.run()
    expect(joined.registered).toBe(false)
    expect(w.registeredYet()).toBe(false)
    expect(w.accepted).toHaveLength(1)
  })

  it('behavior: a restart after provisioning neither registers nor provisions again', async () => {
    const w = world({ statusAt: (head) => newcomer(head, true), head: 20n, epochs: [0n] })
    const joined = await w.run()
    expect(joined).toMatchObject({ registered: false, provisioned: false, epochs: [0n] })
    expect(w.accepted).toEqual([])
    expect(w.messages()).toEqual(['admitted', 'already provisioned'])
  })

  it('behavior: a restart between admission and provisioning provisions without waiting', async () => {
    const w = world({ statusAt: (head) => newcomer(head, true), head: 30n })
    await w.run()
    expect(w.accepted.map((c) => c.atBlock)).toEqual([30n])
    expect(w.head()).toBe(30n)
  })

  it('error: a veto during the delay stops the join with EXECUTOR_ENCLAVE_EXCLUDED', async () => {
    const w = world({
      statusAt: (head, registered) =>
        head < 13n ? newcomer(head, registered) : { kind: 'excluded', at: 13n },
    })
    const err = await w.run().catch((e: unknown) => e)
    expect(isRaceteeError(err, 'EXECUTOR_ENCLAVE_EXCLUDED')).toBe(true)
    expect((err as RaceteeError).details).toBe(`enclave ${address}, vetoed or revoked at block 13`)
    expect(w.accepted).toEqual([])
  })

  it('error: a revoked enclave does not register or wait', async () => {
    const w = world({ statusAt: () => ({ kind: 'excluded', at: 5n }) })
    const err = await w.run().catch((e: unknown) => e)
    expect(isRaceteeError(err, 'EXECUTOR_ENCLAVE_EXCLUDED')).toBe(true)
    expect(w.registeredYet()).toBe(false)
    expect(w.messages()).toEqual([])
  })

  it('error: our address registered with another encryption key can never be ours', async () => {
    const w = world({ statusAt: () => ({ kind: 'pending', encryptionKey: `0x${'22'.repeat(32)}` }) })
    const err = await w.run().catch((e: unknown) => e)
    expect(isRaceteeError(err, 'EXECUTOR_ENCLAVE_EXCLUDED')).toBe(true)
    expect(w.registeredYet()).toBe(false)
  })

  it('error: secrets the enclave refuses fail the join and are not retried', async () => {
    const w = world({ statusAt: (head) => newcomer(head, true), head: 20n, refuseProvisioning: true })
    const err = await w.run().catch((e: unknown) => e)
    expect(isRaceteeError(err, 'ENCLAVE_PROVISIONING_INVALID')).toBe(true)
    expect(w.accepted).toHaveLength(1)
    expect(w.messages()).not.toContain('provisioned')
  })
})
