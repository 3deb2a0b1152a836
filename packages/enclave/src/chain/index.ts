/**
 * The enclave's ChainView (D2.1): headers from a header verifier, the MC's state from storage
 * proofs checked against the verified header's `stateRoot`, its configuration from proven code.
 * The lead wires these into the package index.
 */
export { type BatchChainFactsParameters, batchChainFacts } from './batchChainFacts.js'
export { decodeEpochSlot, decodeLastMeta, decodeLive, decodeRingMeta, mcSlots } from './mcStorage.js'
export { type ProvenChainViewParameters, provenChainView } from './provenChainView.js'
export { type RpcBlockHeader, rpcBlockHeaderHash, rpcBlockHeaderRlp } from './rpcBlockHeader.js'
export {
  TRUSTED_RPC_LABEL,
  type TrustedRpcHeaderVerifierParameters,
  trustedRpcHeaderVerifier,
} from './trustedRpcHeaderVerifier.js'
export type {
  AccountProof,
  HeaderVerifier,
  ProofSource,
  ProvenChainView,
  ProvenMcConfig,
  TrustedHeader,
} from './types.js'
export {
  EMPTY_CODE_HASH,
  EMPTY_TRIE_ROOT,
  type ProvenAccount,
  slotKey,
  type VerifyAccountProofParameters,
  verifyAccountProof,
} from './verifyProofs.js'
