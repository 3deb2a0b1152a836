/**
 * The executor's storage client against three real storage node processes on anvil, k = 2
 * (D6, issue 6): with one node killed (kill -9) a batch still gets two confirmations the MC's
 * `availabilityDigest` agrees with, from registered signers; reads come from the nodes that
 * are up; and when the killed node is restarted on its data dir and registered URL, the
 * repairer brings it the batch it missed, which it then serves and keeps.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deployManagementContract, devnetConfig, startAnvil } from '@racetee/contracts/devchain'
import {
  blobsRoot,
  encodeEvidence,
  managementContractAbi,
  raceteeDomain,
  storeAuthorizationTypes,
} from '@racetee/protocol'
import { fetchBlob } from '@racetee/storage'
import {
  type Address,
  bytesToHex,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  keccak256,
  type PublicClient,
  recoverAddress,
  toHex,
} from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type StorageNodeProcess,
  startStorageNodeProcess,
} from '../../storage/test/support/startStorageNodeProcess.js'
import { type StorageNetwork, storageNetwork } from '../src/storage/storageNetwork.js'
import { waitUntil } from './storageSupport/fakeStorageNode.js'

describe('storageNetwork with storage node processes (n = 3, k = 2)', () => {
  let stopAnvil: () => Promise<void> = async () => {}
  let rpcUrl = ''
  let client: PublicClient
  let mc: Address
  let chainId = 0
  const dataDirs: string[] = []
  const running: (StorageNodeProcess | undefined)[] = []
  let storage: StorageNetwork | undefined
  const enclave = privateKeyToAccount(generatePrivateKey())

  const nodeArgs = (i: number, port = 0) => [
    '--data-dir',
    dataDirs[i]!,
    '--rpc-url',
    rpcUrl,
    '--mc',
    mc,
    '--port',
    String(port),
  ]

  async function authorise(blobs: Uint8Array[], label: string) {
    const message = {
      prevCommit: keccak256(toHex(label)),
      blobsRoot: blobsRoot(blobs.map((b) => keccak256(b))),
      toBlock: await client.getBlockNumber({ cacheTime: 0 }),
    }
    const signature = await enclave.signTypedData({
      domain: raceteeDomain(chainId, mc),
      types: storeAuthorizationTypes,
      primaryType: 'StoreAuthorization',
      message,
    })
    return { ...message, signature }
  }

  beforeAll(async () => {
    const anvil = await startAnvil()
    stopAnvil = anvil.stop
    rpcUrl = anvil.rpcUrl
    chainId = anvil.chainId
    client = createPublicClient({ cacheTime: 0, transport: http(rpcUrl) }) as PublicClient
    const governance = privateKeyToAccount(anvil.accounts[0]!)
    const wallet = createWalletClient({ account: governance, chain: foundry, transport: http(rpcUrl) })
    const config = devnetConfig(governance.address)
    mc = (await deployManagementContract({ walletClient: wallet, publicClient: client, config })).address
    const mined = async (hash: Hex) =>
      expect((await client.waitForTransactionReceipt({ hash })).status).toBe('success')
    // Genesis admits our enclave key at once (simulation evidence, D2), so it may authorise stores.
    const evidence = encodeEvidence({ provider: 1, quote: new Uint8Array(), collateral: new Uint8Array() })
    await mined(
      await wallet.writeContract({
        address: mc,
        abi: managementContractAbi,
        functionName: 'genesis',
        args: [
          enclave.address,
          keccak256(toHex('encryption key')),
          bytesToHex(evidence),
          governance.address,
          'http://127.0.0.1:0',
          keccak256(toHex('request key')),
        ],
        value: config.minBond,
      }),
    )
    for (let i = 0; i < 3; i++) {
      dataDirs.push(await mkdtemp(join(tmpdir(), `racetee-executor-storage-${i}-`)))
      const node = await startStorageNodeProcess(nodeArgs(i))
      running.push(node)
      await mined(
        await wallet.writeContract({
          address: mc,
          abi: managementContractAbi,
          functionName: 'addStorageNode',
          args: [node.signer, node.url],
        }),
      )
    }
    storage = storageNetwork({
      client,
      mc,
      chainId,
      cacheBytes: 0,
      repair: { backoff: { baseMs: 100, capMs: 500 } },
    })
  }, 120_000)

  afterAll(async () => {
    storage?.close()
    await Promise.all(running.map((node) => node?.kill('SIGKILL')))
    await stopAnvil()
    await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })))
  })

  it('confirms on two of three with one node killed, and repairs it when it returns', async () => {
    const registered = await storage!.nodes()
    expect(registered.map((n) => n.signer)).toEqual(running.map((n) => n!.signer))
    const victim = running[1]!
    await victim.kill('SIGKILL')
    running[1] = undefined

    const blobs = [crypto.getRandomValues(new Uint8Array(3000)), new TextEncoder().encode('an Info blob')]
    const authorization = await authorise(blobs, 'one node down')
    const confirmations = await storage!.store({ authorization, blobs, threshold: 2 })
    const digest = await client.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'availabilityDigest',
      args: [authorization.prevCommit, authorization.blobsRoot],
    })
    const signers = await Promise.all(
      confirmations.map(async (c) => {
        expect(await recoverAddress({ hash: digest, signature: c.signature })).toBe(c.signer)
        return c.signer
      }),
    )
    expect(signers.sort()).toEqual([running[0]!.signer, running[2]!.signer].sort())
    expect(storage!.repairing()).toEqual([
      expect.objectContaining({ blobsRoot: authorization.blobsRoot, nodes: [victim.signer] }),
    ])
    for (const blob of blobs) expect(await storage!.fetch(keccak256(blob))).toEqual(blob)

    // Back on its data dir and registered URL: the repairer delivers what it missed.
    const restarted = await startStorageNodeProcess(nodeArgs(1, Number(new URL(victim.url).port)))
    running[1] = restarted
    expect({ url: restarted.url, signer: restarted.signer }).toEqual({
      url: victim.url,
      signer: victim.signer,
    })
    await waitUntil(() => storage!.repairing().length === 0, 'the restarted node repaired', 20_000)
    for (const blob of blobs)
      expect(await fetchBlob({ url: restarted.url, hash: keccak256(blob) })).toEqual(blob)
    const health = (await (await fetch(`${restarted.url}/health`)).json()) as { blobs: number; bytes: number }
    expect(health).toMatchObject({ blobs: 2, bytes: blobs[0]!.length + blobs[1]!.length })
  }, 60_000)
})
