/** Attestation evidence providers (P7, D2). The value is part of the evidence encoding: never renumber. */
export const evidenceProviders = {
  /** Software attestation by a local simulated platform key; never claims hardware security. */
  simulation: 1,
  sgx: 2,
  tdx: 3,
} as const

export type EvidenceProvider = (typeof evidenceProviders)[keyof typeof evidenceProviders]
