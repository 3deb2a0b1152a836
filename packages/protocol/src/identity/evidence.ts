/**
 * Attestation evidence (P7): `0x01 ‖ abi(uint8 provider, bytes quote, bytes collateral)`;
 * `evidenceHash = keccak(evidence)` goes into `Admission`.
 */
import { bytesToHex, encodeAbiParameters, type Hex, hexToBytes, keccak256 } from 'viem'
import { type EvidenceProvider, evidenceProviders } from '../constants/evidenceProviders.js'
import { decodeAbiStrict } from '../encoding/decodeAbiStrict.js'
import { stripVersion, withVersion } from '../encoding/version.js'
import { errorCodes } from '../errors/errorCodes.js'
import { RaceteeError } from '../errors/RaceteeError.js'

export type Evidence = { provider: EvidenceProvider; quote: Uint8Array; collateral: Uint8Array }

const evidenceAbi = [{ type: 'uint8' }, { type: 'bytes' }, { type: 'bytes' }] as const
const knownProviders = new Set<number>(Object.values(evidenceProviders))

export function encodeEvidence({ provider, quote, collateral }: Evidence): Uint8Array {
  return withVersion(
    hexToBytes(encodeAbiParameters(evidenceAbi, [provider, bytesToHex(quote), bytesToHex(collateral)])),
  )
}

export function decodeEvidence(bytes: Uint8Array): Evidence {
  const [provider, quote, collateral] = decodeAbiStrict(
    evidenceAbi,
    stripVersion(bytes, 'Evidence'),
    'Evidence',
  )
  if (!knownProviders.has(provider))
    throw new RaceteeError(errorCodes.PROTOCOL_MALFORMED, 'Evidence names an unknown provider.', {
      details: `provider ${provider}`,
    })
  return {
    provider: provider as EvidenceProvider,
    quote: hexToBytes(quote),
    collateral: hexToBytes(collateral),
  }
}

/** `evidenceHash = keccak(evidence)` (P7). */
export function evidenceHash(evidence: Uint8Array): Hex {
  return keccak256(evidence)
}
