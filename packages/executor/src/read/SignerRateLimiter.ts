/**
 * The per-signer rate limit of reads (D7): a token bucket per declared account, `perMinute`
 * tokens a minute up to `burst`. The enclave refuses a query whose signer is not the declared
 * account (ENCLAVE_READ_SIGNER_MISMATCH), so a client cannot spend another account's budget;
 * fresh accounts are free to make, which is why the endpoint also caps reads in flight.
 * Buckets that are full again are forgotten, and at most `maxAccounts` are tracked (the oldest
 * is dropped first), so memory stays bounded whatever the traffic.
 */
import type { Address } from 'viem'

export type SignerRateLimiterParameters = {
  /** Reads a minute per account (sustained). */
  perMinute: number
  /** Reads an account may send at once; default `perMinute`. */
  burst?: number
  /** Most accounts tracked at once; default 10 000. */
  maxAccounts?: number
  /** The clock in milliseconds (tests pass their own); default `performance.now`. */
  now?: () => number
}

type Bucket = { tokens: number; at: number }

export class SignerRateLimiter {
  readonly #perMs: number
  readonly #burst: number
  readonly #maxAccounts: number
  readonly #now: () => number
  readonly #buckets = new Map<string, Bucket>()

  constructor(parameters: SignerRateLimiterParameters) {
    const { perMinute, burst = perMinute, maxAccounts = 10_000 } = parameters
    if (!(perMinute > 0)) throw new RangeError('perMinute must be positive')
    if (!(burst >= 1)) throw new RangeError('burst must be at least 1')
    if (!Number.isInteger(maxAccounts) || maxAccounts < 1)
      throw new RangeError('maxAccounts must be a positive integer')
    this.#perMs = perMinute / 60_000
    this.#burst = burst
    this.#maxAccounts = maxAccounts
    this.#now = parameters.now ?? (() => performance.now())
  }

  /** Takes one read from `account`'s bucket; false when it is empty (the read is refused). */
  take(account: Address): boolean {
    const key = account.toLowerCase()
    const now = this.#now()
    const old = this.#buckets.get(key)
    const tokens = old ? Math.min(this.#burst, old.tokens + (now - old.at) * this.#perMs) : this.#burst
    if (tokens < 1) {
      this.#buckets.set(key, { tokens, at: now })
      return false
    }
    // Re-inserted so the Map's order is least recently used first.
    this.#buckets.delete(key)
    this.#buckets.set(key, { tokens: tokens - 1, at: now })
    this.#forget(now)
    return true
  }

  /** Accounts tracked now (for tests). */
  get tracked(): number {
    return this.#buckets.size
  }

  #forget(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (
        this.#buckets.size <= this.#maxAccounts &&
        bucket.tokens + (now - bucket.at) * this.#perMs < this.#burst
      )
        break
      this.#buckets.delete(key)
    }
  }
}
