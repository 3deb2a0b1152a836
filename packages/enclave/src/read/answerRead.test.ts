import {
  isRaceteeError,
  openReadAnswer,
  raceteeDomain,
  readAnswerSigningHash,
  readQueryTypes,
  resultStatus,
  sealReadQuery,
} from '@racetee/protocol'
import { type Address, bytesToHex, getAddress, type Hex, keccak256, recoverAddress, zeroHash } from 'viem'
import { generatePrivateKey, type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'
import { beforeAll, describe, expect, test } from 'vitest'
import { chainId, kinds, limits, mc, newChain, run, sealer, token } from '../batch/test/batchWorld.js'
import { send } from '../batch/test/client.js'
import type { FakeChain } from '../batch/test/FakeChain.js'
import {
  balanceOfBody,
  decodeBalance,
  decodeTokenError,
  tokenDeployBody,
  transferBody,
} from '../batch/test/token.js'
import { Enclave } from '../Enclave.js'
import { EnclaveIdentity } from '../keys/enclaveIdentity.js'
import { EpochKeyring } from '../keys/epochKeys.js'
import { answerRead, type ReadChainView } from './answerRead.js'

const HEADER_TIME = 1_800_000_000n
const owner = privateKeyToAccount(generatePrivateKey())
const other = privateKeyToAccount(generatePrivateKey())
const supply = 10n ** 24n
const sent = 123_456_789n

let identity: EnclaveIdentity
let keyring: EpochKeyring
let requestPublicKey: Hex
let chain: FakeChain

function view(
  overrides: Partial<{ epoch: bigint; rotationBlock: bigint; number: bigint }> = {},
): ReadChainView {
  return {
    header: {
      number: overrides.number ?? 100n,
      hash: zeroHash,
      stateRoot: zeroHash,
      timestamp: HEADER_TIME,
      verifier: { label: 'test', simulated: true },
    },
    epoch: async () => ({
      epoch: overrides.epoch ?? 0n,
      started: true,
      rotationBlock: overrides.rotationBlock ?? 1n,
    }),
    config: async () => ({ ...limits, epochLength: 1_000n, storageThreshold: 1, gracePeriod: 10n }),
    lastCommit: () => chain.lastCommit(),
    program: (address) => chain.program(address),
  }
}

type QueryOptions = {
  signer?: PrivateKeyAccount
  account?: Address
  data?: Uint8Array
  epoch?: bigint
  expiry?: bigint
  sealChainId?: bigint
  sealMc?: Address
}

/** What the SDK does: sign `ReadQuery`, seal it to the epoch's request key. */
async function query(options: QueryOptions = {}) {
  const signer = options.signer ?? owner
  const q = {
    account: options.account ?? signer.address,
    program: token,
    data: bytesToHex(options.data ?? balanceOfBody(owner.address)),
    epoch: options.epoch ?? 0n,
    expiry: options.expiry ?? HEADER_TIME + 60n,
  }
  const sealChainId = options.sealChainId ?? chainId
  const sealMc = options.sealMc ?? mc
  const signature = await signer.signTypedData({
    domain: raceteeDomain(sealChainId, sealMc),
    types: readQueryTypes,
    primaryType: 'ReadQuery',
    message: q,
  })
  return sealReadQuery({
    recipientPublicKey: requestPublicKey,
    chainId: sealChainId,
    mc: sealMc,
    body: { query: q, signature },
  })
}

async function ask(
  sealedQuery: { envelope: Uint8Array },
  account: Address = owner.address,
  extra: { gasCap?: bigint; view?: ReadChainView; epoch?: bigint } = {},
) {
  return answerRead({
    chainId,
    mc,
    identity,
    keyring,
    view: extra.view ?? view(),
    blobs: chain,
    call: { account, epoch: extra.epoch ?? 0n, envelope: sealedQuery.envelope },
    ...(extra.gasCap === undefined ? {} : { gasCap: extra.gasCap }),
  })
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (err) {
    if (isRaceteeError(err)) return err.code
    throw err
  }
  return 'answered'
}

beforeAll(async () => {
  identity = EnclaveIdentity.generate()
  keyring = new EpochKeyring()
  const enclave = new Enclave({ chainId, mc, limits, identity, keyring })
  requestPublicKey = enclave.createGenesisEpoch().requestPublicKey
  chain = newChain()
  const sealFor = sealer(requestPublicKey)
  send(chain, await sealFor(1n, owner.address, kinds.deploy, tokenDeployBody(supply)))
  send(chain, await sealFor(2n, owner.address, kinds.call, transferBody(other.address, sent)))
  await run(enclave, chain, 2n)
})

describe('answerRead', () => {
  test('answers the owner’s balance from the last commit, sealed to the query and signed', async () => {
    const q = await query()
    const out = await ask(q)
    const anchor = chain.anchor
    expect({ commitId: out.commitId, toSeq: out.toSeq, blockNumber: out.blockNumber }).toEqual({
      commitId: anchor.commitId,
      toSeq: anchor.toSeq,
      blockNumber: 100n,
    })
    const answer = openReadAnswer({ answerKey: q.answerKey, queryEnvelope: q.envelope, sealed: out.sealed })
    expect(answer.status).toBe(resultStatus.success)
    expect(decodeBalance(answer.returnData)).toBe(supply - sent)
    expect({ commitId: answer.commitId, toSeq: answer.toSeq }).toEqual({
      commitId: anchor.commitId,
      toSeq: 2n,
    })
    const signer = await recoverAddress({
      hash: readAnswerSigningHash(raceteeDomain(chainId, mc), {
        queryHash: keccak256(q.envelope),
        answerHash: keccak256(out.sealed),
        commitId: out.commitId,
        toSeq: out.toSeq,
      }),
      signature: out.signature,
    })
    expect(signer).toBe(identity.address)
  })

  test('behavior: account B cannot learn account A’s balance (the token reverts NotAuthorisedViewer)', async () => {
    const q = await query({ signer: other, data: balanceOfBody(owner.address) })
    const out = await ask(q, other.address)
    const answer = openReadAnswer({ answerKey: q.answerKey, queryEnvelope: q.envelope, sealed: out.sealed })
    expect(answer.status).toBe(resultStatus.reverted)
    expect(decodeTokenError(answer.returnData).errorName).toBe('NotAuthorisedViewer')
  })

  test('behavior: uncommitted requests are not seen (the answer is the last commit’s state)', async () => {
    const sealFor = sealer(requestPublicKey)
    send(chain, await sealFor(3n, owner.address, kinds.call, transferBody(other.address, 1n)))
    const q = await query()
    const out = await ask(q)
    const answer = openReadAnswer({ answerKey: q.answerKey, queryEnvelope: q.envelope, sealed: out.sealed })
    expect(decodeBalance(answer.returnData)).toBe(supply - sent)
    expect(answer.toSeq).toBe(2n)
  })

  test('behavior: the previous epoch is accepted within its grace period only', async () => {
    if (!keyring.has(1n)) keyring.create(1n)
    const inGrace = view({ epoch: 1n, rotationBlock: 95n, number: 100n })
    expect(await refusal(ask(await query(), owner.address, { view: inGrace }))).toBe('answered')
    const afterGrace = view({ epoch: 1n, rotationBlock: 80n, number: 100n })
    expect(await refusal(ask(await query(), owner.address, { view: afterGrace }))).toBe(
      'ENCLAVE_READ_BINDING_MISMATCH',
    )
  })

  test('error: a query signed by another key than its account (ENCLAVE_READ_SIGNER_MISMATCH)', async () => {
    const forged = await query({ signer: other, account: owner.address })
    expect(await refusal(ask(forged, owner.address))).toBe('ENCLAVE_READ_SIGNER_MISMATCH')
  })

  test('error: a query whose account is not the declared one (ENCLAVE_READ_SIGNER_MISMATCH)', async () => {
    expect(await refusal(ask(await query(), other.address))).toBe('ENCLAVE_READ_SIGNER_MISMATCH')
  })

  test('error: an expiry before the proven header time (ENCLAVE_READ_EXPIRED)', async () => {
    expect(await refusal(ask(await query({ expiry: HEADER_TIME - 1n })))).toBe('ENCLAVE_READ_EXPIRED')
  })

  test('error: a query bound to another chain, MC or epoch (ENCLAVE_READ_BINDING_MISMATCH)', async () => {
    const otherMc = getAddress('0x000000000000000000000000000000000000beef')
    expect(await refusal(ask(await query({ sealChainId: chainId + 1n })))).toBe(
      'ENCLAVE_READ_BINDING_MISMATCH',
    )
    expect(await refusal(ask(await query({ sealMc: otherMc })))).toBe('ENCLAVE_READ_BINDING_MISMATCH')
    // Sealed and signed for epoch 1, which is not accepted while epoch 0 is current.
    if (!keyring.has(1n)) keyring.create(1n)
    expect(await refusal(ask(await query({ epoch: 1n }), owner.address, { epoch: 1n }))).toBe(
      'ENCLAVE_READ_BINDING_MISMATCH',
    )
    // The host names epoch 0 for a query sealed to epoch 1: it does not open.
    expect(await refusal(ask(await query({ epoch: 1n })))).toBe('ENCLAVE_READ_BINDING_MISMATCH')
  })

  test('error: a state-changing call (ENCLAVE_READ_STATE_CHANGING), and the state is unchanged', async () => {
    const transfer = await query({ data: transferBody(other.address, 5n) })
    expect(await refusal(ask(transfer))).toBe('ENCLAVE_READ_STATE_CHANGING')
    const q = await query()
    const answer = openReadAnswer({
      answerKey: q.answerKey,
      queryEnvelope: q.envelope,
      sealed: (await ask(q)).sealed,
    })
    expect(decodeBalance(answer.returnData)).toBe(supply - sent)
  })

  test('error: a read beyond its gas cap (ENCLAVE_READ_GAS_CAP)', async () => {
    expect(await refusal(ask(await query(), owner.address, { gasCap: 22_000n }))).toBe('ENCLAVE_READ_GAS_CAP')
  })
})
