/**
 * Admission of a newcomer by an admitted enclave (D3.1, P7). The enclave, not its host, decides:
 * it verifies the newcomer's evidence under the deployment's `AdmissionPolicy` (`verifyEvidence`:
 * simulated evidence from the configured platform, or DCAP evidence under the DCAP policy; a
 * kind with a null policy is refused), with report data binding chain, MC and both of the
 * newcomer's keys, at the proven header's time (D2.1: collateral validity is judged by the
 * chain's clock, never the host's); reads the current epoch from a proven ChainView (D2.1),
 * encrypts that epoch's secret, and the previous one while it still holds it, to the newcomer's
 * encryption key, and signs the EIP-712 `Admission` it computed itself (D10: never a hash the
 * host hands in).
 *
 * Secrets: the exported epoch secrets are wiped right after sealing; only `enc ‖ ciphertext`
 * leaves, which only the attested newcomer can open.
 * @module
 */
import {
  type Admission,
  admissionSigningHash,
  errorCodes,
  evidenceReportData,
  RaceteeError,
  raceteeDomain,
} from '@racetee/protocol'
import { type Address, bytesToHex, type Hex, hexToBytes, isAddressEqual, keccak256 } from 'viem'
import type { AdmissionPolicy } from '../attestation/admissionPolicy.js'
import { verifyEvidence } from '../attestation/verifyEvidence.js'
import type { ProvenChainView } from '../chain/types.js'
import type { EnclaveIdentity } from '../keys/enclaveIdentity.js'
import type { EpochKeyring } from '../keys/epochKeys.js'
import type { AdmitCall, AdmitResult } from './messages.js'
import { sealEpochSecret } from './sealEpochSecret.js'

export type AdmitNewcomerParameters = {
  chainId: bigint
  mc: Address
  identity: EnclaveIdentity
  keyring: EpochKeyring
  view: ProvenChainView
  /** What evidence this deployment accepts (simulated and/or DCAP); a null kind is refused. */
  policy: AdmissionPolicy
  call: AdmitCall
}

export async function admitNewcomer(parameters: AdmitNewcomerParameters): Promise<AdmitResult> {
  const { chainId, mc, identity, keyring, view, policy, call } = parameters
  const { newcomer } = call
  if (isAddressEqual(newcomer.address, identity.address))
    throw new RaceteeError(errorCodes.ENCLAVE_ATTESTATION_INVALID, 'An enclave does not admit itself.', {
      details: `enclave ${identity.address}`,
    })
  const evidence = hexToBytes(newcomer.evidence)
  await verifyEvidence({
    evidence,
    policy,
    expectedReportData: evidenceReportData(chainId, mc, newcomer.address, newcomer.encryptionKey),
    now: view.header.timestamp,
  })
  const { epoch, started } = await view.epoch()
  if (!started || !keyring.has(epoch))
    throw new RaceteeError(errorCodes.ENCLAVE_EPOCH_UNKNOWN, 'The proven current epoch is not held.', {
      details: `epoch ${epoch}, started ${started}`,
    })
  // Provision only a secret the chain vouches for: a mismatch means this enclave is out of step.
  await assertProvenKey(view, keyring, epoch)
  const seal = async (e: bigint): Promise<Hex> => {
    const secret = keyring.exportSecret(e)
    try {
      return await sealEpochSecret({
        chainId,
        mc,
        epoch: e,
        recipient: newcomer.address,
        encryptionKey: newcomer.encryptionKey,
        secret,
      })
    } finally {
      secret.fill(0)
    }
  }
  const previous = epoch > 0n && keyring.has(epoch - 1n) ? epoch - 1n : null
  if (previous !== null) await assertProvenKey(view, keyring, previous)
  const admission: Admission = {
    enclave: newcomer.address,
    encryptionKey: newcomer.encryptionKey,
    evidenceHash: keccak256(evidence),
    registryVersion: call.registryVersion,
    epoch,
    epochSecret: await seal(epoch),
    prevEpochSecret: previous === null ? '0x' : await seal(previous),
  }
  const signature = identity.signTypedDataHash(admissionSigningHash(raceteeDomain(chainId, mc), admission))
  return { admission, signature }
}

async function assertProvenKey(view: ProvenChainView, keyring: EpochKeyring, epoch: bigint): Promise<void> {
  const proven = await view.requestPublicKey(epoch)
  const held = bytesToHex(keyring.requestKeyPair(epoch).publicKey)
  if (proven.toLowerCase() !== held)
    throw new RaceteeError(errorCodes.ENCLAVE_EPOCH_UNKNOWN, 'The held epoch secret is not the chain’s.', {
      details: `epoch ${epoch}`,
    })
}
