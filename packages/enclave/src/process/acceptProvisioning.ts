/**
 * A newcomer takes the epoch secrets its admission carried on chain (D3.1, P7). It opens each
 * with its encryption key (info `"racetee/v1/provision" ‖ chainId ‖ MC ‖ epoch`, aad its own
 * address) and keeps it only if the request public key it derives equals the one the chain
 * holds for that epoch, proven at a verified header (D2.1): the host cannot plant a secret of
 * its choosing. Any failure is ENCLAVE_PROVISIONING_INVALID and nothing is added; the caller
 * persists the keyring after this returns.
 *
 * Secrets: opened epoch secrets are wiped once the keyring holds its own copy.
 * @module
 */
import { errorCodes, provisionAad, provisionInfo, RaceteeError } from '@racetee/protocol'
import { type Address, bytesToHex, hexToBytes } from 'viem'
import type { ProvenChainView } from '../chain/types.js'
import type { EnclaveIdentity } from '../keys/enclaveIdentity.js'
import { deriveRequestKeyPair, EPOCH_SECRET_LENGTH, type EpochKeyring } from '../keys/epochKeys.js'
import type { AcceptProvisioningCall } from './messages.js'

export type AcceptProvisioningParameters = {
  chainId: bigint
  mc: Address
  identity: EnclaveIdentity
  keyring: EpochKeyring
  view: ProvenChainView
  call: AcceptProvisioningCall
}

/** Returns the epochs added (already-held epochs that match are not re-added). */
export async function acceptProvisioning(parameters: AcceptProvisioningParameters): Promise<bigint[]> {
  const { chainId, mc, identity, keyring, view, call } = parameters
  const grants: { epoch: bigint; sealed: Uint8Array }[] = [
    { epoch: call.epoch, sealed: hexToBytes(call.epochSecret) },
  ]
  if (call.prevEpochSecret !== '0x') {
    if (call.epoch === 0n) throw invalid('a previous secret for epoch 0')
    grants.push({ epoch: call.epoch - 1n, sealed: hexToBytes(call.prevEpochSecret) })
  }
  const opened: { epoch: bigint; secret: Uint8Array }[] = []
  try {
    for (const { epoch, sealed } of grants) {
      let secret: Uint8Array
      try {
        secret = await identity.openProvisioned({
          sealed,
          info: provisionInfo(chainId, mc, epoch),
          aad: provisionAad(identity.address),
        })
      } catch {
        throw invalid(`epoch ${epoch}: the secret does not open for this enclave`)
      }
      opened.push({ epoch, secret })
      if (secret.length !== EPOCH_SECRET_LENGTH) throw invalid(`epoch ${epoch}: ${secret.length}-byte secret`)
      const pair = deriveRequestKeyPair(secret, epoch)
      pair.secretKey.fill(0)
      const proven = await view.requestPublicKey(epoch)
      if (bytesToHex(pair.publicKey) !== proven.toLowerCase())
        throw invalid(`epoch ${epoch}: the secret does not derive the proven request key`)
      if (keyring.has(epoch) && bytesToHex(keyring.requestKeyPair(epoch).publicKey) !== proven.toLowerCase())
        throw invalid(`epoch ${epoch}: a different secret is already held`)
    }
    // Every grant checked before any is kept: all or nothing.
    const added: bigint[] = []
    for (const { epoch, secret } of opened)
      if (!keyring.has(epoch)) {
        keyring.add(epoch, secret)
        added.push(epoch)
      }
    return added.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  } finally {
    for (const { secret } of opened) secret.fill(0)
  }
}

function invalid(details: string): RaceteeError {
  return new RaceteeError(errorCodes.ENCLAVE_PROVISIONING_INVALID, 'Provisioned epoch secret refused.', {
    details,
  })
}
