/**
 * Commits in tests (D3.3, P6): build the body the chain expects from an independent replay of
 * the accumulator, sign it as an enclave would (EIP-712 types of @racetee/protocol), collect
 * storage signatures, and submit.
 */
import {
  accumulatorGenesis,
  availabilityTypes,
  type Commit,
  type CommitBody,
  commitTypes,
} from '@racetee/protocol'
import { type Hex, keccak256, type PrivateKeyAccount, toHex } from 'viem'
import { replayAccumulator } from './requests.js'
import { mcAbi, read, type TestChain } from './testChain.js'

type LastCommit = { commitId: Hex; toBlock: bigint; toSeq: bigint; acc: Hex; feeCum: bigint; frozen: boolean }
type Ring = { block: number; seq: bigint; acc: Hex; feeCum: bigint; nextBlock: number }

export const lastCommit = (t: TestChain) => read<LastCommit>(t, 'lastCommit')

/** The valid body for (last commit, toBlock]: toSeq and accAfter of the last request at or before toBlock. */
export async function expectedBody(t: TestChain, toBlock?: bigint): Promise<CommitBody> {
  const to = toBlock ?? (await t.publicClient.getBlockNumber())
  const last = await lastCommit(t)
  const entries = (await replayAccumulator(t)).filter((e) => e.blockNumber <= to)
  const end = entries.at(-1)
  return {
    prevCommit: last.commitId,
    fromBlock: last.toBlock + 1n,
    toBlock: to,
    toSeq: end?.seq ?? 0n,
    accAfter: end?.accAfter ?? accumulatorGenesis(t.chainId, t.mc),
    epoch: 0n,
    reads: [],
    updates: [],
    created: [],
    resultsHash: keccak256(toHex(`results ${to}`)),
    blobsRoot: keccak256(toHex(`blobs ${to}`)),
  }
}

/** The ring index whose entry covers `toBlock` (P2 ringHint); 0 when the live values apply. */
export async function ringHintFor(t: TestChain, toBlock: bigint): Promise<bigint> {
  for (let i = 0n; i < t.config.ringSize; i++) {
    const e = await read<Ring>(t, 'ringEntry', [i])
    if (BigInt(e.block) <= toBlock && toBlock < BigInt(e.nextBlock)) return i
  }
  return 0n
}

export function signCommit(t: TestChain, commit: Commit, signer: PrivateKeyAccount): Promise<Hex> {
  return signer.signTypedData({
    domain: t.domain,
    types: commitTypes,
    primaryType: 'Commit',
    message: commit,
  })
}

/** Availability signatures by `nodes`, ordered by signer address as the MC requires. */
export async function storageSignatures(
  t: TestChain,
  body: Pick<CommitBody, 'prevCommit' | 'blobsRoot'>,
  nodes: PrivateKeyAccount[] = t.accounts.storage.slice(0, 2),
): Promise<Hex[]> {
  const sorted = [...nodes].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1))
  return Promise.all(
    sorted.map((n) =>
      n.signTypedData({
        domain: t.domain,
        types: availabilityTypes,
        primaryType: 'Availability',
        message: { prevCommit: body.prevCommit, blobsRoot: body.blobsRoot },
      }),
    ),
  )
}

export type SubmitOptions = {
  signer?: PrivateKeyAccount
  signature?: Hex
  storage?: Hex[]
  ringHint?: bigint
  beneficiary?: `0x${string}`
}

/** Signs and sends `body` from the host account; resolves to the transaction hash. */
export async function submitCommit(t: TestChain, body: CommitBody, o: SubmitOptions = {}): Promise<Hex> {
  const commit: Commit = { body, beneficiary: o.beneficiary ?? t.accounts.host.address }
  const signature = o.signature ?? (await signCommit(t, commit, o.signer ?? t.accounts.enclave))
  const storage = o.storage ?? (await storageSignatures(t, body))
  const ringHint = o.ringHint ?? (await ringHintFor(t, body.toBlock))
  return t.wallet(t.accounts.host).writeContract({
    address: t.mc,
    abi: mcAbi,
    functionName: 'commit',
    args: [commit, signature, storage, ringHint],
  })
}
