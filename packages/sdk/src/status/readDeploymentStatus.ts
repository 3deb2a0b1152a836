/**
 * A deployment's public status from the chain alone (D3.1, D3.3, D8 `racetee status`): the
 * current epoch, every executor the registry knows with whether it is admitted now and how many
 * commits it won, the storage nodes and k, the last commit (id, `toSeq`, the block it landed
 * in) and how many accumulator entries no commit covers yet.
 *
 * Who won a commit: `Committed` names no executor, so each commit's transaction is decoded
 * (`commit(c, executorSignature, …)`) and its enclave is recovered from the signature over
 * EIP-712 `Commit {body, beneficiary}` (P6), the same check the MC makes. A commit sent through
 * another contract, whose input is not a direct `commit` call, is counted as unattributed.
 * Commits a later `RolledBack` names (decision 49) are not counted as won.
 *
 * Everything read here is public: addresses, hashes, counters. Nothing is decrypted.
 */
import {
  commitSigningHash,
  managementContractAbi,
  parseCommitCalldata,
  raceteeDomain,
} from '@racetee/protocol'
import { type Address, type Client, getAbiItem, getAddress, type Hash, type Hex, recoverAddress } from 'viem'
import { getBlockNumber, getChainId, getLogs, getTransaction, readContract } from 'viem/actions'
import { registeredEnclaves } from '../read/registeredEnclaves.js'

export type ReadDeploymentStatusParameters = {
  mc: Address
  /** First block to scan for registrations and commits. Default the MC's `deployBlock()`. */
  fromBlock?: bigint
}

export type ExecutorStatus = {
  /** The enclave's signing address. */
  enclave: Address
  /** The account that registered it (the genesis enclave's: governance's ceremony sender is not recorded). */
  operator: Address
  payout: Address
  /** Its registered read endpoint (D7), empty when none. */
  endpoint: string
  /** Admitted at the head and not revoked (`isAdmittedAt`). */
  admitted: boolean
  revoked: boolean
  /** Standing commits its enclave signed since `fromBlock`. */
  commitsWon: number
}

export type DeploymentStatus = {
  chainId: number
  mc: Address
  /** The head the status was read at. */
  blockNumber: bigint
  epoch: { epoch: bigint; rotationBlock: bigint; requestPublicKey: Hex }
  executors: ExecutorStatus[]
  storage: { signer: Address; url: string }[]
  storageThreshold: number
  /** The last accepted commit, or null before the first. */
  lastCommit: {
    commitId: Hex
    toSeq: bigint
    toBlock: bigint
    /** The block its `Committed` event is in (null if outside the scanned range). */
    blockNumber: bigint | null
    frozen: boolean
  } | null
  /** Accumulator entries so far (requests, deploys, ACL changes and rotations: P2). */
  entries: bigint
  /** Entries no commit covers yet: `entries − lastCommit.toSeq`. */
  pending: bigint
  /** Standing commits since `fromBlock`, and those no registered enclave signed (or not decodable). */
  commits: number
  unattributedCommits: number
}

const committedEvent = getAbiItem({ abi: managementContractAbi, name: 'Committed' })
const rolledBackEvent = getAbiItem({ abi: managementContractAbi, name: 'RolledBack' })
const ZERO_HASH = `0x${'0'.repeat(64)}`

export async function readDeploymentStatus(
  client: Client,
  parameters: ReadDeploymentStatusParameters,
): Promise<DeploymentStatus> {
  const mc = getAddress(parameters.mc)
  const read = <name extends 'deployBlock' | 'epochInfo' | 'lastCommit' | 'live' | 'config' | 'storageNodes'>(
    functionName: name,
    blockNumber: bigint,
  ) => readContract(client, { address: mc, abi: managementContractAbi, functionName, blockNumber })
  // One head for every read, so the numbers agree with each other.
  const head = await getBlockNumber(client, { cacheTime: 0 })
  const [chainId, deployBlock, epochInfo, last, live, config, storageSigners] = await Promise.all([
    getChainId(client),
    read('deployBlock', head),
    read('epochInfo', head),
    read('lastCommit', head),
    read('live', head),
    read('config', head),
    read('storageNodes', head),
  ])
  const fromBlock = parameters.fromBlock ?? BigInt(deployBlock)
  const scan = { address: mc, fromBlock, toBlock: head } as const
  // A range starting past the head has no logs (and some nodes refuse it).
  const inRange = fromBlock <= head
  const [registry, committedLogs, rolledBackLogs, storage] = await Promise.all([
    registeredEnclaves(client, { mc, fromBlock, blockNumber: head }),
    inRange ? getLogs(client, { ...scan, event: committedEvent }) : [],
    inRange ? getLogs(client, { ...scan, event: rolledBackEvent }) : [],
    Promise.all(
      storageSigners.map(async (signer) => ({
        signer,
        url: await readContract(client, {
          address: mc,
          abi: managementContractAbi,
          functionName: 'storageNodeUrl',
          args: [signer],
          blockNumber: head,
        }),
      })),
    ),
  ])

  const rolledBack = new Set(rolledBackLogs.map((l) => l.args.rolledBack?.toLowerCase()))
  const standing = committedLogs.filter((l) => !rolledBack.has(l.args.commitId?.toLowerCase()))
  const domain = raceteeDomain(chainId, mc)
  const winners = await Promise.all(standing.map((l) => commitSigner(client, domain, l.transactionHash)))

  const enclaves = registry.map((e) => e.enclave)
  const wins = new Map<string, number>()
  let unattributed = 0
  for (const winner of winners) {
    const key = winner?.toLowerCase()
    if (key && enclaves.some((e) => e.toLowerCase() === key)) wins.set(key, (wins.get(key) ?? 0) + 1)
    else unattributed++
  }
  const executors = registry.map(
    (e): ExecutorStatus => ({
      enclave: e.enclave,
      operator: e.operator,
      payout: e.payout,
      endpoint: e.endpoint,
      admitted: e.admitted,
      revoked: e.revokedAt !== 0n && e.revokedAt <= head,
      commitsWon: wins.get(e.enclave.toLowerCase()) ?? 0,
    }),
  )

  const hasCommit = last.commitId !== ZERO_HASH
  const lastLog = committedLogs.findLast(
    (l) => l.args.commitId?.toLowerCase() === last.commitId.toLowerCase(),
  )
  return {
    chainId,
    mc,
    blockNumber: head,
    epoch: {
      epoch: epochInfo.epoch,
      rotationBlock: epochInfo.rotationBlock,
      requestPublicKey: epochInfo.requestPublicKey,
    },
    executors,
    storage: [...storage],
    storageThreshold: Number(config.storageThreshold),
    lastCommit: hasCommit
      ? {
          commitId: last.commitId,
          toSeq: last.toSeq,
          toBlock: last.toBlock,
          blockNumber: lastLog?.blockNumber ?? null,
          frozen: last.frozen,
        }
      : null,
    entries: live.seq,
    pending: live.seq > last.toSeq ? live.seq - last.toSeq : 0n,
    commits: standing.length,
    unattributedCommits: unattributed,
  }
}

/** The enclave that signed the commit sent by `hash`, or null when its input is not a direct `commit` call. */
async function commitSigner(
  client: Client,
  domain: ReturnType<typeof raceteeDomain>,
  hash: Hash,
): Promise<Address | null> {
  const tx = await getTransaction(client, { hash })
  // Not a direct `commit` call (sent through another contract): its calldata is not ours to parse.
  const parsed = parseCommitCalldata(tx.input)
  if (!parsed) return null
  const digest = commitSigningHash(domain, parsed.commit)
  try {
    return await recoverAddress({ hash: digest, signature: parsed.executorSignature })
  } catch {
    return null
  }
}
