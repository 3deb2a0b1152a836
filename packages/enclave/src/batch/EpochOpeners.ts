/**
 * The request envelope openers of one batch, one per epoch its requests name (D3.2, D4
 * "Requests"), each with its HPKE `info` (P3: `"racetee/v1/request" ‖ chainId ‖ MC ‖ epoch`),
 * made on first use: the opener imports the epoch's X25519 key once, and `info`, the same for
 * every request of the epoch, is built once instead of per request (issue 7).
 */
import { errorCodes, RaceteeError, requestInfo } from '@racetee/protocol'
import type { Address } from 'viem'
import { createRequestEnvelopeOpener, type RequestEnvelopeOpener } from '../crypto/hpkeOpen.js'
import type { EpochKeyring } from '../keys/epochKeys.js'

export type EpochOpener = { opener: RequestEnvelopeOpener; info: Uint8Array }

export class EpochOpeners {
  readonly #cache = new Map<bigint, EpochOpener>()

  constructor(
    private readonly keyring: EpochKeyring,
    private readonly chainId: bigint,
    private readonly mc: Address,
  ) {}

  async get(epoch: bigint): Promise<EpochOpener> {
    let entry = this.#cache.get(epoch)
    if (!entry) {
      // D3.2: the MC accepted this epoch; an honest enclave holds its secret, or the round aborts.
      if (!this.keyring.has(epoch))
        throw new RaceteeError(
          errorCodes.ENCLAVE_EPOCH_UNKNOWN,
          'A request names an epoch whose secret is not held.',
          { details: `epoch ${epoch}` },
        )
      const pair = this.keyring.requestKeyPair(epoch)
      const opener = await createRequestEnvelopeOpener({
        recipientSecretKey: pair.secretKey,
        recipientPublicKey: pair.publicKey,
      })
      entry = { opener, info: requestInfo(this.chainId, this.mc, epoch) }
      this.#cache.set(epoch, entry)
    }
    return entry
  }
}
