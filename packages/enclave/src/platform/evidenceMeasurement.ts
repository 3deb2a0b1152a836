/**
 * The measurement P7 evidence claims, for `describe()` (D2): the simulated quote's configured
 * measurement, SGX's MRENCLAVE or TDX's MRTD, read from the enclave's own evidence so the
 * description can never disagree with what it publishes. Public data.
 * @module
 */
import { decodeEvidence, decodeSimulatedQuote, evidenceProviders } from '@racetee/protocol'
import type { Hex } from 'viem'
import { readQuoteReport } from './readQuoteReport.js'

export function evidenceMeasurement(evidence: Uint8Array): Hex {
  const { provider, quote } = decodeEvidence(evidence)
  if (provider === evidenceProviders.simulation) return decodeSimulatedQuote(quote).measurement
  return readQuoteReport(quote).measurement
}
