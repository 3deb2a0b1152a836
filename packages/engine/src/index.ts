/**
 * @racetee/engine: deterministic execution of confidential programs (design D5).
 *
 * Owns: running plaintext requests over EVM accounts with @ethereumjs/evm at the pinned
 * hardfork (osaka), each request as its own transaction with Ethereum's gas; lazy loading of
 * accounts and storage pages through a `ProgramLoader`; per-request rollback; ACL checks at
 * every program boundary through an `AccessPolicy`; the batch's changes with write tags, in
 * canonical order.
 *
 * Does not own: keys, envelopes, sealing, digests, the chain, the network, storage. It holds no
 * secret beyond the plaintext state it is handed, and never talks to anything but its loader.
 *
 * Invariants: no clock, no randomness, no dependence on Map insertion order or load timing, so
 * the same requests over the same loader give byte-identical outcomes and changes (D4
 * "Determinism"). Execution outcomes are data; faults (a loader failure) throw `RaceteeError`
 * and are never turned into outcomes (D5).
 */

export { EvmEngine } from './EvmEngine.js'
export {
  INITCODE_WORD_GAS,
  type IntrinsicGas,
  intrinsicGas,
  minimumGasLimit,
  settleGas,
  TX_GAS_LIMIT_CAP,
} from './intrinsicGas.js'
export {
  JS_DISPATCHER_ADDRESS,
  JS_STUB_HEX,
  jsInitCode,
  jsProgramCode,
  jsSourceOf,
} from './js/jsProgramCode.js'
export type {
  AccessPolicy,
  AdminPolicy,
  BatchChanges,
  BlockContext,
  ChangedPage,
  ChangedProgram,
  EngineConfig,
  EngineRequest,
  ExecutionLog,
  ExecutionOutcome,
  LoadedAccount,
  ProgramAccessChange,
  ProgramLoader,
} from './types.js'
