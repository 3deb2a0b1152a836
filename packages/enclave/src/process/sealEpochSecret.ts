/**
 * P7 provisioning: an epoch secret encrypted to one enclave's encryption key (HPKE base mode,
 * `info = "racetee/v1/provision" ‖ chainId ‖ MC ‖ epoch`, `aad = recipient`). Admissions and
 * rotation grants both carry these; `EnclaveIdentity.openProvisioned` is the other side.
 * `secret` is SECRET and stays the caller's to wipe; only `enc ‖ ciphertext` is returned.
 * @module
 */
import { provisionAad, provisionInfo } from '@racetee/protocol'
import { type Address, bytesToHex, type Hex, hexToBytes } from 'viem'
import { sealToRecipient } from '../crypto/hpkeOpen.js'

export async function sealEpochSecret(parameters: {
  chainId: bigint
  mc: Address
  epoch: bigint
  recipient: Address
  /** The recipient's X25519 encryption key (32 bytes), as registered. */
  encryptionKey: Hex
  secret: Uint8Array
}): Promise<Hex> {
  const { chainId, mc, epoch, recipient, encryptionKey, secret } = parameters
  return bytesToHex(
    await sealToRecipient({
      recipientPublicKey: hexToBytes(encryptionKey),
      plaintext: secret,
      info: provisionInfo(chainId, mc, epoch),
      aad: provisionAad(recipient),
    }),
  )
}
