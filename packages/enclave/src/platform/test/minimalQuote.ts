/**
 * Test helper: a minimal DCAP quote with the right header and report layout (readQuoteReport's
 * offsets) and no signature, enough for the platform tests, which check what a platform hands
 * back, not who signed it (a fully signed quote is the attestation tests' PKI).
 * @module
 */
export type MinimalQuoteParameters = {
  tee: 'sgx' | 'tdx'
  reportData: Uint8Array
  /** SGX MRENCLAVE (32 bytes) or TDX MRTD (48 bytes); default a fixed pattern. */
  measurement?: Uint8Array
}

export function minimalQuote({ tee, reportData, measurement }: MinimalQuoteParameters): Uint8Array {
  const sgx = tee === 'sgx'
  const bodySize = sgx ? 384 : 584
  const quote = new Uint8Array(48 + bodySize + 4) // + an empty signature-data length
  const view = new DataView(quote.buffer)
  view.setUint16(0, sgx ? 3 : 4, true) // version
  view.setUint16(2, 2, true) // ECDSA-256 with P-256
  view.setUint32(4, sgx ? 0 : 0x81, true) // TEE type
  quote.set(measurement ?? new Uint8Array(sgx ? 32 : 48).fill(sgx ? 0xe1 : 0xd1), 48 + (sgx ? 64 : 136))
  quote.set(reportData, 48 + (sgx ? 320 : 520))
  return quote
}
