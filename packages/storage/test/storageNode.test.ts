/**
 * The storage node as its own process against a real anvil and management contract (D6):
 * stores under an admitted enclave's authorisation, confirms with a signature the MC's
 * `availabilityDigest` agrees with, refuses strangers and mismatched roots, survives kill -9
 * right after a confirmation with every confirmed blob intact, never serves a corrupt file, and
 * never writes blob bytes to its output.
 */
import { writeFileSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deployManagementContract, devnetConfig, startAnvil } from '@racetee/contracts/devchain'
import {
  blobsRoot,
  encodeEvidence,
  isRaceteeError,
  managementContractAbi,
  raceteeDomain,
  storeAuthorizationTypes,
} from '@racetee/protocol'
import {
  type Address,
  bytesToHex,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  keccak256,
  type PrivateKeyAccount,
  type PublicClient,
  recoverAddress,
  toHex,
} from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeStoreRequest, fetchBlob, type SignedStoreAuthorization, storeBlobs } from '../src/index.js'
import {
  runStorageNodeToExit,
  type StorageNodeProcess,
  startStorageNodeProcess,
} from './support/startStorageNodeProcess.js'

/** Random bytes with a recognisable marker, so the output check below would find a leak. */
const MARKER = bytesToHex(crypto.getRandomValues(new Uint8Array(16))).slice(2)
const makeBlob = (size: number): Uint8Array => {
  const blob = crypto.getRandomValues(new Uint8Array(size))
  blob.set(Buffer.from(MARKER, 'hex'), 0)
  return blob
}

describe('storage node process on anvil', () => {
  let stopAnvil: () => Promise<void> = async () => {}
  let rpcUrl = ''
  let client: PublicClient
  let mc: Address
  let chainId: bigint
  let dataDir = ''
  let node: StorageNodeProcess | undefined
  const stopped: StorageNodeProcess[] = []
  const enclave = privateKeyToAccount(generatePrivateKey())
  const stranger = privateKeyToAccount(generatePrivateKey())
  /** Every blob the node confirmed, to check after the crash. */
  const confirmed: Uint8Array[] = []

  const nodeArgs = () => ['--data-dir', dataDir, '--rpc-url', rpcUrl, '--mc', mc, '--port', '0']

  async function authorise(
    blobs: Uint8Array[],
    signer: PrivateKeyAccount = enclave,
    root: Hex = blobsRoot(blobs.map((b) => keccak256(b))),
  ): Promise<SignedStoreAuthorization> {
    const message = {
      prevCommit: keccak256(toHex(`prev ${confirmed.length}`)),
      blobsRoot: root,
      toBlock: await head(),
    }
    const signature = await signer.signTypedData({
      domain: raceteeDomain(chainId, mc),
      types: storeAuthorizationTypes,
      primaryType: 'StoreAuthorization',
      message,
    })
    return { ...message, signature }
  }

  const head = () => client.getBlockNumber({ cacheTime: 0 })

  beforeAll(async () => {
    const anvil = await startAnvil()
    stopAnvil = anvil.stop
    rpcUrl = anvil.rpcUrl
    chainId = BigInt(anvil.chainId)
    client = createPublicClient({ cacheTime: 0, transport: http(rpcUrl) }) as PublicClient
    const governance = privateKeyToAccount(anvil.accounts[0]!)
    const wallet = createWalletClient({ account: governance, chain: foundry, transport: http(rpcUrl) })
    const config = devnetConfig(governance.address)
    mc = (await deployManagementContract({ walletClient: wallet, publicClient: client, config })).address
    // Genesis admits our enclave key at once (simulation evidence, D2).
    const evidence = encodeEvidence({ provider: 1, quote: new Uint8Array(), collateral: new Uint8Array() })
    const hash = await wallet.writeContract({
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
    })
    expect((await client.waitForTransactionReceipt({ hash })).status).toBe('success')
    dataDir = await mkdtemp(join(tmpdir(), 'racetee-storage-node-'))
    node = await startStorageNodeProcess(nodeArgs())
  }, 90_000)

  afterAll(async () => {
    await node?.kill('SIGKILL')
    await stopAnvil()
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })

  it('confirms a stored batch with a signature the MC agrees with, and serves the same bytes', async () => {
    const blobs = [makeBlob(100), makeBlob(5000), makeBlob(16)]
    const authorization = await authorise(blobs)
    const confirmation = await storeBlobs({ url: node!.url, chainId, mc, authorization, blobs })
    expect(confirmation.signer).toBe(node!.signer)
    expect(confirmation.stored).toBe(3)
    const digest = await client.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'availabilityDigest',
      args: [authorization.prevCommit, authorization.blobsRoot],
    })
    expect(await recoverAddress({ hash: digest, signature: confirmation.signature })).toBe(node!.signer)
    for (const blob of blobs) expect(await fetchBlob({ url: node!.url, hash: keccak256(blob) })).toEqual(blob)
    confirmed.push(...blobs)

    const again = await storeBlobs({ url: node!.url, chainId, mc, authorization, blobs })
    expect(again).toEqual(confirmation)
  })

  it('behavior: kill -9 right after a confirmed store loses nothing confirmed', async () => {
    const blobs = Array.from({ length: 20 }, (_, i) => makeBlob(1000 + i * 997))
    const confirmation = await storeBlobs({
      url: node!.url,
      chainId,
      mc,
      authorization: await authorise(blobs),
      blobs,
    })
    expect(confirmation.stored).toBe(20)
    confirmed.push(...blobs)
    const signer = node!.signer
    await node!.kill('SIGKILL')
    stopped.push(node!)
    node = await startStorageNodeProcess(nodeArgs())
    expect(node.signer).toBe(signer)
    for (const blob of confirmed)
      expect(await fetchBlob({ url: node.url, hash: keccak256(blob) })).toEqual(blob)
    const health = (await (await fetch(`${node.url}/health`)).json()) as { blobs: number; chainId: number }
    expect(health).toMatchObject({ blobs: confirmed.length, chainId: Number(chainId), simulation: false })
  })

  it('behavior: a file corrupted on disk is never served', async () => {
    const blob = confirmed[0]!
    const hash = keccak256(blob)
    const shard = join(dataDir, 'blobs', hash.slice(2, 4))
    expect(await readdir(shard)).toContain(hash)
    const flipped = blob.slice()
    flipped[blob.length - 1] = (flipped[blob.length - 1] ?? 0) ^ 0xff
    writeFileSync(join(shard, hash), flipped)
    const err = await fetchBlob({ url: node!.url, hash }).catch((e: unknown) => e)
    expect(isRaceteeError(err, 'STORAGE_NOT_FOUND')).toBe(true)
    expect((err as Error).message).toMatch(/corrupt/)
    expect((await readdir(join(dataDir, 'quarantine'))).some((f) => f.startsWith(hash))).toBe(true)
    // Storing it again under a new authorisation repairs it.
    await storeBlobs({ url: node!.url, chainId, mc, authorization: await authorise([blob]), blobs: [blob] })
    expect(await fetchBlob({ url: node!.url, hash })).toEqual(blob)
  })

  it('error: an authorisation from a key the MC does not admit is 403', async () => {
    const blobs = [makeBlob(64)]
    const err = await storeBlobs({
      url: node!.url,
      chainId,
      mc,
      authorization: await authorise(blobs, stranger),
      blobs,
    }).catch((e: unknown) => e)
    expect(isRaceteeError(err, 'STORAGE_UNAUTHORISED')).toBe(true)
    expect(await fetch(`${node!.url}/v1/blobs/${keccak256(blobs[0]!)}`).then((r) => r.status)).toBe(404)
  })

  it('error: blobs that do not match the authorised blobsRoot are 400 and not stored', async () => {
    const blobs = [makeBlob(64), makeBlob(65)]
    const authorization = await authorise(blobs, enclave, blobsRoot([keccak256(blobs[0]!)]))
    const res = await fetch(`${node!.url}/v1/store`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: encodeStoreRequest(authorization, blobs),
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ code: 'STORAGE_BAD_REQUEST' })
    for (const blob of blobs)
      expect(await fetch(`${node!.url}/v1/blobs/${keccak256(blob)}`).then((r) => r.status)).toBe(404)
  })

  it('error: a bad configuration exits 1 with a clear message', async () => {
    const missing = await runStorageNodeToExit(['--data-dir', dataDir, '--rpc-url', rpcUrl])
    expect(missing.code).toBe(1)
    expect(missing.output).toMatch(/--mc is required/)
    const noContract = await runStorageNodeToExit([...nodeArgs().slice(0, 4), '--mc', stranger.address])
    expect(noContract.code).toBe(1)
    expect(noContract.output).toMatch(/no contract at --mc/)
    const wrongChain = await runStorageNodeToExit([...nodeArgs(), '--chain-id', '1'])
    expect(wrongChain.code).toBe(1)
    expect(wrongChain.output).toMatch(/--chain-id 1/)
  })

  it('error: blob bytes never leak into the node output (SIGTERM exits 0)', async () => {
    const current = node!
    expect(await current.kill('SIGTERM')).toBe(0)
    node = undefined
    const everything = [...stopped, current].map((n) => n.output()).join('\n')
    expect(everything).toMatch(/"msg":"listening"/)
    expect(everything).toMatch(/"msg":"stored"/)
    const lower = everything.toLowerCase()
    expect(lower).not.toContain(MARKER)
    expect(everything).not.toContain(Buffer.from(MARKER, 'hex').toString('latin1'))
    expect(everything).not.toContain(Buffer.from(MARKER, 'hex').toString('base64').slice(0, 16))
    // The key file's content never shows up either; the address does.
    expect(everything).toContain(current.signer)
  })
})
