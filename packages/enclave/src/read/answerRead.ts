/**
 * A read without a transaction, inside the enclave (D7, P8, D2.1). In order, each a refusal
 * with a stable code and no answer:
 * 1. the query's epoch is accepted at the proven header (the current one, or the previous within
 *    its grace period, as the MC accepts requests, D3.2), else ENCLAVE_READ_BINDING_MISMATCH;
 * 2. the envelope opens under this chain, MC and epoch (`openReadQuery`), same code otherwise;
 * 3. the signature over EIP-712 `ReadQuery` in this deployment's domain recovers to the query's
 *    account, which is the account the host declared (it rate-limits by it), else
 *    ENCLAVE_READ_SIGNER_MISMATCH;
 * 4. the expiry is not before the proven header's timestamp, never the host's clock, else
 *    ENCLAVE_READ_EXPIRED;
 * 5. the call runs on the programs' digests proven at that header, the state of the last commit
 *    (never uncommitted state), with `msg.sender` = the signer and a gas cap; running out of the
 *    cap is ENCLAVE_READ_GAS_CAP, and a call that would change state (storage, logs, creations,
 *    ACL changes, value) is ENCLAVE_READ_STATE_CHANGING: nothing of it is kept either way.
 * The answer `ReadAnswerV1 {status, returnData, commitId, toSeq}` of the last commit is padded,
 * sealed to the query's exporter key and signed as EIP-712 `ReadAnswer` (P8).
 *
 * Block context: the proven header's number and time; `prevrandao` and the parent hash are zero,
 * so a read never learns the confidential randomness the next request will draw (D4).
 *
 * Secrets: the query's calldata, the answer key and the plaintext answer are wiped here.
 * @module
 */
import { EvmEngine, type ExecutionOutcome } from '@racetee/engine'
import {
  encodeReadAnswerV1,
  errorCodes,
  padToBucket,
  RaceteeError,
  READ_ANSWER_NONCE,
  raceteeDomain,
  readAnswerAad,
  readAnswerSigningHash,
  readQuerySigningHash,
  resolveBucketMin,
  resultStatus,
} from '@racetee/protocol'
import { type Address, type Hex, hexToBytes, isAddressEqual, keccak256, recoverAddress, zeroHash } from 'viem'
import { InfoAccessPolicy, type InfoChange } from '../batch/InfoAccessPolicy.js'
import { SealedProgramLoader } from '../batch/sealedProgramLoader.js'
import type { BlobSource, ChainFacts } from '../batch/types.js'
import type { ProvenChainView } from '../chain/types.js'
import { sealSiv } from '../crypto/aeadSiv.js'
import type { EnclaveIdentity } from '../keys/enclaveIdentity.js'
import type { EpochKeyring } from '../keys/epochKeys.js'
import { openReadQuery } from './openReadQuery.js'

/** D7: the most gas one read may use (intrinsic included). Far below a block: reads are cheap. */
export const READ_GAS_CAP = 10_000_000n

/** What a read needs of the chain, every value proven at one verified header (D2.1). */
export type ReadChainView = Pick<ProvenChainView, 'header' | 'epoch' | 'config'> &
  Pick<ChainFacts, 'lastCommit' | 'program'>

export type ReadCall = {
  /** The account the host declared (and rate-limited); must be the query's signer. */
  account: Address
  /** The epoch whose request key the query is sealed to. */
  epoch: bigint
  /** The query envelope (P8). */
  envelope: Uint8Array
}

export type ReadOutput = {
  /** The padded `ReadAnswerV1`, sealed to the query (P8). */
  sealed: Uint8Array
  /** The enclave's signature over EIP-712 `ReadAnswer`. */
  signature: Hex
  /** The last commit whose state answered, and its `toSeq` (also inside the sealed answer). */
  commitId: Hex
  toSeq: bigint
  /** The proven header the read ran at. */
  blockNumber: bigint
}

export type AnswerReadParameters = {
  chainId: bigint
  mc: Address
  identity: EnclaveIdentity
  keyring: EpochKeyring
  view: ReadChainView
  blobs: BlobSource
  call: ReadCall
  /** Default `READ_GAS_CAP`. */
  gasCap?: bigint
}

export async function answerRead(parameters: AnswerReadParameters): Promise<ReadOutput> {
  const { chainId, mc, identity, keyring, view, blobs, call } = parameters
  const gasCap = parameters.gasCap ?? READ_GAS_CAP
  const { header } = view
  const config = await view.config()
  await checkEpochAccepted(view, call.epoch, config.gracePeriod)
  if (!keyring.has(call.epoch))
    throw new RaceteeError(errorCodes.ENCLAVE_EPOCH_UNKNOWN, 'The read epoch’s secret is not held.', {
      details: `epoch ${call.epoch}`,
    })
  const opened = await openReadQuery({
    chainId,
    mc,
    epoch: call.epoch,
    keyPair: keyring.requestKeyPair(call.epoch),
    envelope: call.envelope,
  })
  const { query, signature: querySignature, answerKey } = opened
  // SECRET: the calldata; wiped in `finally`.
  const data = hexToBytes(query.data)
  const loader = new SealedProgramLoader({
    chainId,
    mc,
    facts: readFacts(view),
    blobs,
    keyring,
  })
  try {
    const domain = raceteeDomain(chainId, mc)
    if (!isAddressEqual(query.account, call.account))
      throw signerMismatch(`declared ${call.account}, the query names another account`)
    const signer = await recoverAddress({
      hash: readQuerySigningHash(domain, query),
      signature: querySignature,
    }).catch(() => null)
    if (signer === null || !isAddressEqual(signer, query.account))
      throw signerMismatch(`declared ${call.account}, signed by ${signer ?? 'no account'}`)
    if (query.expiry < header.timestamp)
      throw new RaceteeError(errorCodes.ENCLAVE_READ_EXPIRED, 'The read query has expired.', {
        details: `expiry ${query.expiry} < proven header time ${header.timestamp} (block ${header.number})`,
      })

    const last = await view.lastCommit()
    const infos = new Map<Address, InfoChange>()
    const access = new InfoAccessPolicy(async (p) => (await loader.program(p))?.info ?? null, infos)
    const engine = await EvmEngine.create(
      {
        chainId,
        coinbase: mc,
        maxProgramsPerRequest: config.maxProgramsPerRequest,
        maxCreatesPerRequest: config.maxCreatesPerRequest,
      },
      loader,
      access,
    )
    const outcome = await engine.execute({
      kind: 'call',
      caller: query.account,
      to: query.program,
      data,
      gasLimit: gasCap,
      static: true,
      block: {
        number: header.number,
        timestamp: header.timestamp,
        parentHash: zeroHash,
        prevrandao: zeroHash,
      },
      writeTag: last.acc,
    })
    const changed = engine.changes().changed.length > 0 || infos.size > 0 || access.created.size > 0
    refuseUnlessRead(outcome, changed, gasCap)

    const program = await loader.program(query.program)
    const plaintext = padToBucket(
      encodeReadAnswerV1({
        status: outcome.status,
        returnData: outcome.returnData,
        commitId: last.commitId,
        toSeq: last.toSeq,
      }),
      resolveBucketMin(program?.info.resultBucketMin ?? 0),
      Number.POSITIVE_INFINITY,
    )
    let sealed: Uint8Array
    try {
      sealed = sealSiv({
        key: answerKey,
        nonce: READ_ANSWER_NONCE.slice(),
        aad: readAnswerAad(call.envelope),
        plaintext,
      })
    } finally {
      plaintext.fill(0)
      outcome.returnData.fill(0)
    }
    const signature = identity.signTypedDataHash(
      readAnswerSigningHash(domain, {
        queryHash: keccak256(call.envelope),
        answerHash: keccak256(sealed),
        commitId: last.commitId,
        toSeq: last.toSeq,
      }),
    )
    return { sealed, signature, commitId: last.commitId, toSeq: last.toSeq, blockNumber: header.number }
  } finally {
    answerKey.fill(0)
    data.fill(0)
    await loader.wipe()
  }
}

/** D3.2's rule, at the proven header: the current epoch, or the previous one within G blocks. */
async function checkEpochAccepted(view: ReadChainView, epoch: bigint, gracePeriod: bigint): Promise<void> {
  const { epoch: current, started, rotationBlock } = await view.epoch()
  const accepted =
    started &&
    (epoch === current ||
      (current !== 0n && epoch === current - 1n && view.header.number < rotationBlock + gracePeriod))
  if (!accepted)
    throw new RaceteeError(
      errorCodes.ENCLAVE_READ_BINDING_MISMATCH,
      'The read query’s epoch is not accepted at the proven header.',
      { details: `epoch ${epoch}, current ${started ? current : 'none'} at block ${view.header.number}` },
    )
}

/** Facts for the loader: only the proven digests are consulted (no checkpoint: nothing is ordered). */
function readFacts(view: ReadChainView): ChainFacts {
  return {
    lastCommit: () => view.lastCommit(),
    program: (address) => view.program(address),
    checkpointAt: () =>
      Promise.reject(
        new RaceteeError(errorCodes.ENCLAVE_INTERNAL, 'A read consults no checkpoint.', {
          details: 'checkpointAt',
        }),
      ),
  }
}

function signerMismatch(details: string): RaceteeError {
  return new RaceteeError(
    errorCodes.ENCLAVE_READ_SIGNER_MISMATCH,
    'The read query is not signed by its declared account.',
    { details },
  )
}

/**
 * D7: a read has no effects. The engine runs it as a call; whatever it changed is discarded with
 * the engine, and a call that changed anything (or tried to move value) is refused, so an answer
 * never depends on effects that were not kept. A revert is an answer (its data is the caller's).
 */
function refuseUnlessRead(outcome: ExecutionOutcome, changed: boolean, gasCap: bigint): void {
  if (outcome.status === resultStatus.outOfGas)
    throw new RaceteeError(errorCodes.ENCLAVE_READ_GAS_CAP, 'The read ran out of its gas cap.', {
      details: `gas cap ${gasCap}`,
    })
  // The call runs static, so an SSTORE, LOG, CREATE or value transfer halts it
  // (`staticViolation`); what the EVM's static flag does not see (a JS program's host writes,
  // an ACL precompile write) is caught by comparing the state after the call.
  const stateChanging =
    outcome.staticViolation === true ||
    outcome.status === resultStatus.valueRefused ||
    (outcome.status === resultStatus.success && (changed || outcome.logs.length > 0))
  if (stateChanging)
    // The program read is sealed in the query: the error, which the host sees, does not name it.
    throw new RaceteeError(errorCodes.ENCLAVE_READ_STATE_CHANGING, 'A read may not change state.', {
      details: `status ${outcome.status}`,
    })
}
