/**
 * The commits the MC accepted (D3.3), as the chain tells them, for the race tests: each
 * `Committed` event with the commit decoded from its transaction's calldata (MC ABI), the
 * enclave that signed it (recovered over the MC's own signing digest), its beneficiary, the
 * fees of its requests (the `Request` transactions' values, D3.2) and what the beneficiary's
 * balance did in the commit's block. The chain is the judge, not an executor's log.
 */
import { managementContractAbi } from '@racetee/protocol'
import {
  type Address,
  decodeFunctionData,
  getAbiItem,
  type Hex,
  type PublicClient,
  recoverAddress,
} from 'viem'

export type AcceptedCommit = {
  commitId: Hex
  fromSeq: bigint
  toSeq: bigint
  toBlock: bigint
  blockNumber: bigint
  transactionHash: Hex
  signer: Address
  beneficiary: Address
  /** Who sent the commit transaction (paid its gas). */
  sender: Address
  /** Sum of the fees (`msg.value`) of the requests seq fromSeq..toSeq. */
  fees: bigint
  /** The beneficiary's balance change in the commit's block, gas added back when it sent it. */
  beneficiaryGain: bigint
}

export async function acceptedCommits(
  client: PublicClient,
  parameters: { mc: Address; fromBlock: bigint },
): Promise<AcceptedCommit[]> {
  const { mc, fromBlock } = parameters
  const [committed, requests] = await Promise.all([
    client.getLogs({
      address: mc,
      event: getAbiItem({ abi: managementContractAbi, name: 'Committed' }),
      fromBlock,
      strict: true,
    }),
    client.getLogs({
      address: mc,
      event: getAbiItem({ abi: managementContractAbi, name: 'Request' }),
      fromBlock: 0n,
      strict: true,
    }),
  ])
  const feeOfSeq = new Map<bigint, Promise<bigint>>(
    requests.map((r) => [
      r.args.seq,
      client.getTransaction({ hash: r.transactionHash }).then((tx) => tx.value),
    ]),
  )
  const out: AcceptedCommit[] = []
  for (const log of committed) {
    const tx = await client.getTransaction({ hash: log.transactionHash })
    const call = decodeFunctionData({ abi: managementContractAbi, data: tx.input })
    if (call.functionName !== 'commit') throw new TypeError(`${log.transactionHash} is not a commit call`)
    const [commit, signature] = call.args
    const digest = await client.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'commitSigningDigest',
      args: [commit],
    })
    let fees = 0n
    for (let seq = log.args.fromSeq; seq <= log.args.toSeq; seq++) fees += (await feeOfSeq.get(seq)) ?? 0n
    const receipt = await client.getTransactionReceipt({ hash: log.transactionHash })
    const [before, after] = await Promise.all([
      client.getBalance({ address: commit.beneficiary, blockNumber: log.blockNumber - 1n }),
      client.getBalance({ address: commit.beneficiary, blockNumber: log.blockNumber }),
    ])
    const gas =
      tx.from.toLowerCase() === commit.beneficiary.toLowerCase()
        ? receipt.gasUsed * receipt.effectiveGasPrice
        : 0n
    out.push({
      commitId: log.args.commitId,
      fromSeq: log.args.fromSeq,
      toSeq: log.args.toSeq,
      toBlock: commit.body.toBlock,
      blockNumber: log.blockNumber,
      transactionHash: log.transactionHash,
      signer: await recoverAddress({ hash: digest, signature }),
      beneficiary: commit.beneficiary,
      sender: tx.from,
      fees,
      beneficiaryGain: after - before + gas,
    })
  }
  return out
}
