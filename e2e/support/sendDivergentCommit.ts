/**
 * The fault of D3.3's `challenge`, committed for real: a faulty enclave (held in the test
 * process, `inProcessEnclave`) executes the range after the last commit up to `toBlock` exactly
 * as an honest one would, then signs a body with another `resultsHash` (a bundle never stored)
 * and every program update pointing at a state nobody wrote. Its blobs go to k storage nodes
 * under its own store authorisation (the `blobsRoot` is unchanged), and the commit is sent from
 * its operator's wallet with a high tip, so a block holding an honest commit too orders it
 * first. Resolves once the transaction is sent (automine may be off), with the faulty commit's
 * id and body, and the honest body's, so a test can check what the challenge undoes.
 */

import type { Devnet } from '@racetee/devnet'
import { collectBatchRequests, mcChainFacts, storageNetwork } from '@racetee/executor'
import {
  type CommitBody,
  commitSigningHash,
  compareHex,
  managementContractAbi,
  raceteeDomain,
} from '@racetee/protocol'
import { storeBlobs } from '@racetee/storage'
import { type Hash, type Hex, keccak256, parseGwei, stringToBytes } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { InProcessEnclave } from './inProcessEnclave.js'

export type SendDivergentCommitParameters = {
  devnet: Devnet
  faulty: InProcessEnclave
  /** The faulty operator's key: it pays the gas and is the signed beneficiary. */
  operatorKey: Hex
  /** The range's end: the honest commit's, so the two bodies conflict. */
  toBlock: bigint
}

export type DivergentCommit = {
  hash: Hash
  commitId: Hex
  body: CommitBody
  /** What an honest enclave signs for the same range. */
  honestBody: CommitBody
}

export async function sendDivergentCommit(
  parameters: SendDivergentCommitParameters,
): Promise<DivergentCommit> {
  const { devnet, faulty, operatorKey, toBlock } = parameters
  const { publicClient: client, mc, chainId } = devnet
  const read = <T>(functionName: 'config' | 'epochInfo') =>
    client.readContract({ address: mc, abi: managementContractAbi, functionName }) as Promise<T>
  const [config, epochInfo] = await Promise.all([
    read<{ maxProgramsTouched: number; maxProgramsCreated: number; storageThreshold: number }>('config'),
    read<{ epoch: bigint }>('epochInfo'),
  ])
  const facts = mcChainFacts(client, mc)
  const last = await facts.lastCommit()
  const storage = storageNetwork({ client, mc, chainId })
  const requests = await collectBatchRequests(client, mc, { fromBlock: last.toBlock + 1n, toBlock })
  const operator = privateKeyToAccount(operatorKey).address
  const output = await faulty.enclave.executeBatch({
    epoch: epochInfo.epoch,
    limits: {
      maxProgramsPerRequest: config.maxProgramsTouched,
      maxCreatesPerRequest: config.maxProgramsCreated,
    },
    facts,
    blobs: { get: (hash) => storage.fetch(hash) },
    input: { toBlock, requests, beneficiary: operator },
  })
  const body: CommitBody = {
    ...output.body,
    resultsHash: keccak256(stringToBytes('a divergent results bundle')),
    updates: output.body.updates.map((u) => ({ ...u, newDigest: keccak256(stringToBytes('a wrong state')) })),
  }
  const commit = { body, beneficiary: operator }
  const signature = faulty.identity.signTypedDataHash(commitSigningHash(raceteeDomain(chainId, mc), commit))
  const confirmations = await Promise.all(
    devnet.storage.slice(0, Number(config.storageThreshold)).map((node) =>
      storeBlobs({
        url: node.url,
        chainId: BigInt(chainId),
        mc,
        authorization: {
          prevCommit: body.prevCommit,
          blobsRoot: body.blobsRoot,
          toBlock: body.toBlock,
          signature: output.storeAuthorization,
        },
        blobs: output.blobs.map((b) => b.bytes),
      }),
    ),
  )
  confirmations.sort((a, b) => compareHex(a.signer, b.signer))
  const hash = await devnet.wallet(operatorKey).writeContract({
    address: mc,
    abi: managementContractAbi,
    functionName: 'commit',
    args: [commit, signature, confirmations.map((c) => c.signature), await facts.ringHint(toBlock)],
    maxPriorityFeePerGas: parseGwei('100'),
    maxFeePerGas: parseGwei('200'),
    gas: 3_000_000n,
  })
  const commitId = await client.readContract({
    address: mc,
    abi: managementContractAbi,
    functionName: 'commitId',
    args: [body],
  })
  return { hash, commitId, body, honestBody: output.body }
}
