/**
 * The PCCS collateral a hardware provider puts beside its quote in P7 evidence (D2, P7): read
 * from a JSON file the operator keeps fresh, or fetched from a PCCS for the quote just produced
 * (`@phala/dcap-qvl`'s `getCollateral`). Collateral is public and untrusted: whoever verifies the
 * evidence checks it against their root CA at the proven time, so fetching it here adds nothing
 * to what the enclave must trust; a bad one only makes our own evidence fail verification.
 * @module
 */
import { readFile } from 'node:fs/promises'
import { getCollateral } from '@phala/dcap-qvl'
import { type DcapCollateral, decodeDcapEvidence, encodeDcapEvidence } from '../attestation/dcapEvidence.js'
import type { DcapCollateralSource } from '../process/messages.js'
import { platformUnavailable } from './platformFiles.js'

export type LoadDcapCollateralParameters = {
  source: DcapCollateralSource
  provider: 'sgx' | 'tdx'
  /** The quote the collateral must cover (a PCCS looks up its FMSPC and CA). */
  quote: Uint8Array
}

export async function loadDcapCollateral(parameters: LoadDcapCollateralParameters): Promise<DcapCollateral> {
  const { source, provider, quote } = parameters
  let collateral: unknown
  if ('file' in source) {
    try {
      collateral = JSON.parse(await readFile(source.file, 'utf8'))
    } catch (err) {
      const why =
        err instanceof SyntaxError ? 'not JSON' : ((err as NodeJS.ErrnoException).code ?? 'I/O error')
      throw platformUnavailable('collateralUnavailable', `${source.file} (${why})`)
    }
  } else {
    try {
      collateral = await getCollateral(source.pccsUrl, quote)
    } catch (err) {
      throw platformUnavailable('collateralUnavailable', `PCCS ${source.pccsUrl}`, err)
    }
  }
  // The same shape check every verifier applies to P7 evidence, so we never publish evidence
  // that a verifier would refuse as malformed.
  try {
    return decodeDcapEvidence(
      encodeDcapEvidence({ provider, quote, collateral: collateral as DcapCollateral }),
    ).collateral
  } catch (err) {
    throw platformUnavailable('collateralMalformed', 'file' in source ? source.file : source.pccsUrl, err)
  }
}
