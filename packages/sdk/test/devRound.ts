/**
 * Test harness: a RaceTEE deployment on a real anvil with one in-process enclave (simulation)
 * and two storage-node keys, and `round()`, one executor round driven by the executor's host
 * helpers (collect the requests, execute them in the enclave, sign availability, commit). It
 * stands in for the executor process until the SDK's tests run against the devnet (D7, D8).
 */
import { anvilDevKeys, deployManagementContract, devnetConfig, startAnvil } from '@racetee/contracts/devchain'
import { Enclave } from '@racetee/enclave'
import { collectBatchRequests, mcChainFacts } from '@racetee/executor'
import { commitWithTestStorage } from '@racetee/executor/testing'
import { encodeEvidence, managementContractAbi } from '@racetee/protocol'
import {
  type Address,
  bytesToHex,
  type Chain,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  type PrivateKeyAccount,
  type PublicClient,
} from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'

export type DevRound = {
  rpcUrl: string
  chainId: bigint
  mc: Address
  client: PublicClient
  /** Dev accounts 2…9 (0 governs, 1 hosts the executor). */
  users: PrivateKeyAccount[]
  chain: Chain
  /** Every blob the enclave wrote, by hash: what the storage nodes would hold. */
  blobs: Map<Hex, Uint8Array>
  /** One executor round over every block since the last commit; resolves once it is mined. */
  round: () => Promise<void>
  stop: () => Promise<void>
}

export type StartDevRoundParameters = {
  /** The URLs registered for the two storage nodes, in registry order. */
  storageUrls: readonly [string, string]
  /** Where rounds put the blobs they write (the test's storage double serves from it). */
  blobs: Map<Hex, Uint8Array>
}

export async function startDevRound({ storageUrls, blobs }: StartDevRoundParameters): Promise<DevRound> {
  const anvil = await startAnvil()
  try {
    const chainId = BigInt(anvil.chainId)
    const chain = { ...foundry, id: anvil.chainId }
    // cacheTime 0: viem would otherwise serve block numbers and reads up to 4 s old.
    const client = createPublicClient({
      cacheTime: 0,
      pollingInterval: 50,
      transport: http(anvil.rpcUrl),
    }) as PublicClient
    const [governance, host, ...users] = anvilDevKeys.map((key) => privateKeyToAccount(key))
    const wallet = (account: PrivateKeyAccount) =>
      createWalletClient({ account, chain, transport: http(anvil.rpcUrl) })
    const config = devnetConfig(governance!.address)
    const { address: mc } = await deployManagementContract({
      walletClient: wallet(governance!),
      publicClient: client,
      config,
    })
    const enclave = new Enclave({
      chainId,
      mc,
      limits: {
        maxProgramsPerRequest: config.maxProgramsTouched,
        maxCreatesPerRequest: config.maxProgramsCreated,
      },
    })
    const { requestPublicKey } = enclave.createGenesisEpoch()
    const storageKeys = [privateKeyToAccount(generatePrivateKey()), privateKeyToAccount(generatePrivateKey())]
    const gov = wallet(governance!)
    const evidence = bytesToHex(
      encodeEvidence({ provider: 1, quote: new Uint8Array(), collateral: new Uint8Array() }),
    )
    const txs = [
      await gov.writeContract({
        address: mc,
        abi: managementContractAbi,
        functionName: 'genesis',
        args: [
          enclave.address,
          enclave.encryptionKey,
          evidence,
          host!.address,
          'http://127.0.0.1:0',
          requestPublicKey,
        ],
        value: config.minBond,
      }),
    ]
    for (const [i, node] of storageKeys.entries())
      txs.push(
        await gov.writeContract({
          address: mc,
          abi: managementContractAbi,
          functionName: 'addStorageNode',
          args: [node.address, storageUrls[i]!],
        }),
      )
    for (const hash of txs) await mined(client, hash)

    const round = async () => {
      const facts = mcChainFacts(client, mc)
      const last = await facts.lastCommit()
      const toBlock = await client.getBlockNumber()
      const requests = await collectBatchRequests(client, mc, { fromBlock: last.toBlock + 1n, toBlock })
      const output = await enclave.executeBatch({
        epoch: 0n,
        facts,
        blobs: {
          async get(hash) {
            const bytes = blobs.get(hash)
            if (!bytes) throw new TypeError(`no blob ${hash}`)
            return bytes
          },
        },
        input: { toBlock, requests, beneficiary: host!.address },
      })
      for (const blob of output.blobs) blobs.set(blob.hash, blob.bytes)
      await commitWithTestStorage({ client, wallet: wallet(host!), chainId, mc, output, storageKeys })
    }
    return { rpcUrl: anvil.rpcUrl, chainId, mc, client, users, chain, blobs, round, stop: anvil.stop }
  } catch (err) {
    await anvil.stop()
    throw err
  }
}

async function mined(client: PublicClient, hash: Hex): Promise<void> {
  const receipt = await client.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success') throw new TypeError(`transaction ${hash} reverted`)
}
