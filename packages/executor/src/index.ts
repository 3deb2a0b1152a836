/**
 * @racetee/executor: the untrusted host of an executor node (D2, D7).
 *
 * Owns: reading the management contract (requests, checkpoints, digests), submitting commits,
 * and (issue 3 on) the chain follower, round loop, storage client, metrics and the enclave's
 * child process. Does not own: anything that sees plaintext: it never imports the engine and
 * handles only ciphertext, hashes and signatures (the enclave's outputs).
 * Invariant: the host may be wrong or malicious; every fact it passes is re-checked by the
 * enclave (D2.1) or by the MC (D3.3).
 */

export { collectBatchRequests } from './chain/collectBatchRequests.js'
export { type McReader, mcChainFacts } from './chain/mcChainFacts.js'
export { rpcProofSource } from './chain/rpcProofSource.js'
export { commitArgs, type StorageConfirmation, submitCommit } from './chain/submitCommit.js'
