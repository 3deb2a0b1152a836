/**
 * The admitting side of membership (D3.1): an admitted executor keeps track of `Registered`
 * events (all of them at start, then the new blocks at each step) and, between rounds, asks its
 * enclave to admit each newcomer that is still pending (registered, `admittedFrom == 0`, not
 * revoked). The enclave verifies the evidence under its policy and signs; the host cannot, it
 * only relays and submits (`admitEnclave`).
 *
 * - A refusal by the enclave is logged once, with its code and the newcomer's address, and that
 *   registration is not tried again (a new `Registered` event for the signer would be).
 * - A lost race (`WrongRegistryVersion`, `NotPending`, `WrongEpoch`, or a revert in the same
 *   block) is no error: the newcomer's status is read again and, if still pending, tried once more.
 * - A fault ends the step; the newcomer is tried again at the next step.
 * - `shouldYield` is asked before each newcomer, so a waiting round is never held up for more
 *   than one admission (D7: rounds come first).
 */
import type { Logger } from 'pino'
import { type Address, type Hash, type Hex, isAddressEqual } from 'viem'
import { classifyAdmitFailure } from './classifyAdmitFailure.js'
import type { EnclaveStatus } from './enclaveStatus.js'

/** One `Registered` event: what the admitting enclave needs, and where it was emitted. */
export type Registration = {
  signer: Address
  encryptionKey: Hex
  evidence: Hex
  blockNumber: bigint
  logIndex: number
}

export type AdmitterChain = {
  head(): Promise<bigint>
  /** `Registered` events in blocks `[fromBlock, toBlock]`, in chain order. */
  registrations(fromBlock: bigint, toBlock: bigint): Promise<Registration[]>
  status(signer: Address): Promise<EnclaveStatus>
  /** Has our enclave verify and sign, submits `admit`, waits for it to be mined. */
  admit(registration: Registration): Promise<{ transactionHash: Hash; effectiveFrom: bigint }>
}

export type AdmitterParameters = {
  chain: AdmitterChain
  /** Our own enclave's address: it never admits itself. */
  self: Address
  logger: Logger
  /** First block to scan for registrations (the MC's deployment block, or 0). */
  fromBlock?: bigint
}

/** Attempts per newcomer per step: the first, and one more after a lost race. */
const ATTEMPTS = 2

export class Admitter {
  readonly #chain: AdmitterChain
  readonly #self: Address
  readonly #log: Logger
  #cursor: bigint
  /** The latest registration of each signer not yet settled (admitted, excluded or refused). */
  readonly #candidates = new Map<Address, Registration>()
  /** Signer → the registration its enclave refused. */
  readonly #refused = new Map<Address, string>()

  constructor(parameters: AdmitterParameters) {
    this.#chain = parameters.chain
    this.#self = parameters.self
    this.#log = parameters.logger.child({ component: 'admitter' })
    this.#cursor = parameters.fromBlock ?? 0n
  }

  /** One pass over pending newcomers. Never throws: faults are logged and retried next step. */
  async step(shouldYield: () => boolean = () => false): Promise<void> {
    try {
      await this.#scan()
      for (const registration of [...this.#candidates.values()]) {
        if (shouldYield()) return
        if (!(await this.#consider(registration))) return
      }
    } catch (err) {
      const failure = classifyAdmitFailure(err)
      this.#log.warn(
        { code: failure.kind === 'lostRace' ? failure.reason : failure.code },
        'admission step failed; retrying later',
      )
    }
  }

  async #scan(): Promise<void> {
    const head = await this.#chain.head()
    if (head < this.#cursor) return
    for (const r of await this.#chain.registrations(this.#cursor, head)) {
      if (isAddressEqual(r.signer, this.#self)) continue
      this.#candidates.set(r.signer, r)
    }
    this.#cursor = head + 1n
  }

  /** False when the step should end (a fault). */
  async #consider(registration: Registration): Promise<boolean> {
    const { signer } = registration
    if (this.#refused.get(signer) === keyOf(registration)) {
      this.#candidates.delete(signer)
      return true
    }
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const status = await this.#chain.status(signer)
      if (status.kind !== 'pending') {
        // Admitted (by us or another), vetoed or revoked: nothing left to do for this registration.
        this.#candidates.delete(signer)
        return true
      }
      try {
        const { transactionHash, effectiveFrom } = await this.#chain.admit(registration)
        this.#log.info({ newcomer: signer, effectiveFrom, tx: transactionHash }, 'admitted newcomer')
        this.#candidates.delete(signer)
        return true
      } catch (err) {
        const failure = classifyAdmitFailure(err)
        if (failure.kind === 'refused') {
          this.#refused.set(signer, keyOf(registration))
          this.#candidates.delete(signer)
          this.#log.warn(
            { newcomer: signer, code: failure.code, details: failure.details },
            'admission refused by the enclave',
          )
          return true
        }
        if (failure.kind === 'fault') {
          this.#log.warn(
            { newcomer: signer, code: failure.code, details: failure.details },
            'admission failed',
          )
          return false
        }
        this.#log.info({ newcomer: signer, reason: failure.reason }, 'admission race lost; re-reading')
      }
    }
    return true
  }
}

function keyOf(r: Registration): string {
  return `${r.blockNumber}:${r.logIndex}`
}
