/**
 * An admitted enclave prepares the next epoch (D4 "Epoch rotation", P7): it draws `E_e+1`,
 * encrypts it to every member's encryption key and signs the EIP-712 `Rotation`. The host posts
 * it with `rotate`; the first valid rotation wins on chain, and every member, this one included,
 * takes `E_e+1` from its own grant in the `Rotated` event like a provisioned secret
 * (`acceptProvisioning`), so there is one path by which an epoch secret enters a keyring.
 *
 * The enclave decides, from facts proven at a verified header (D2.1), not the host:
 * - a rotation is due: `E` blocks since the epoch began, or a revocation since (D4: "at every
 *   revocation", so a revoked enclave learns nothing of e+1);
 * - the grants go to exactly the proven member set: the host names the members, the enclave
 *   proves each one's registry entry and that their number is the proven member count, so no
 *   member is left out and nobody else is let in (the MC checks the same, `_checkGrants`).
 *
 * Secrets: `E_e+1` exists here only between drawing and sealing the grants, then is wiped.
 * @module
 */
import {
  assertCanonicalRotation,
  compareHex,
  errorCodes,
  RaceteeError,
  type Rotation,
  raceteeDomain,
  rotationSigningHash,
} from '@racetee/protocol'
import { type Address, bytesToHex, getAddress, type Hex, isAddressEqual } from 'viem'
import type { ProvenChainView } from '../chain/types.js'
import type { EnclaveIdentity } from '../keys/enclaveIdentity.js'
import { deriveRequestKeyPair, generateEpochSecret } from '../keys/epochKeys.js'
import type { PrepareRotationCall, PrepareRotationResult } from './messages.js'
import { sealEpochSecret } from './sealEpochSecret.js'

export type PrepareRotationParameters = {
  chainId: bigint
  mc: Address
  identity: EnclaveIdentity
  view: ProvenChainView
  call: PrepareRotationCall
}

export async function prepareRotation(parameters: PrepareRotationParameters): Promise<PrepareRotationResult> {
  const { chainId, mc, identity, view, call } = parameters
  const [{ epoch, started, rotationBlock }, registry, config, self] = await Promise.all([
    view.epoch(),
    view.registry(),
    view.config(),
    view.enclave(identity.address),
  ])
  if (!started) throw refused('no epoch has started')
  if (!self.member || self.admittedFrom > view.header.number)
    throw refused(`enclave ${identity.address} is not admitted at block ${view.header.number}`)
  const at = view.header.number
  const scheduled = config.epochLength > 0n && at >= rotationBlock + config.epochLength
  const revoked = registry.lastRevocationBlock !== 0n && registry.lastRevocationBlock >= rotationBlock
  if (!scheduled && !revoked)
    throw refused(
      `epoch ${epoch} began at block ${rotationBlock}: not due before block ${rotationBlock + config.epochLength} and no revocation since`,
    )

  const members = [...new Set(call.members.map((m) => getAddress(m)))].sort(compareHex)
  if (BigInt(members.length) !== registry.memberCount || members.length !== call.members.length)
    throw refused(`${call.members.length} members named, the registry counts ${registry.memberCount}`)
  const entries = await Promise.all(members.map((m) => view.enclave(m)))
  for (const entry of entries)
    if (!entry.member) throw refused(`${entry.address} is not a member at block ${at}`)
  if (!entries.some((e) => isAddressEqual(e.address, identity.address)))
    throw refused('the member list leaves out this enclave')

  const next = epoch + 1n
  const secret = generateEpochSecret()
  try {
    const pair = deriveRequestKeyPair(secret, next)
    pair.secretKey.fill(0)
    const grants: Rotation['grants'] = []
    for (const entry of entries)
      grants.push({
        enclave: entry.address,
        sealedSecret: await sealEpochSecret({
          chainId,
          mc,
          epoch: next,
          recipient: entry.address,
          encryptionKey: entry.encryptionKey,
          secret,
        }),
      })
    const rotation: Rotation = {
      epoch: next,
      requestPublicKey: bytesToHex(pair.publicKey),
      registryVersion: registry.version,
      grants,
    }
    assertCanonicalRotation(rotation)
    const signature: Hex = identity.signTypedDataHash(
      rotationSigningHash(raceteeDomain(chainId, mc), rotation),
    )
    return { rotation, signature }
  } finally {
    secret.fill(0)
  }
}

function refused(details: string): RaceteeError {
  return new RaceteeError(errorCodes.ENCLAVE_ROTATION_REFUSED, 'The enclave does not sign this rotation.', {
    details,
  })
}
