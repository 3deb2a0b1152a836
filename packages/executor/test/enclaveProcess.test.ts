/**
 * The enclave as its own child process (D2, D2.1, D10) on a real anvil: genesis through the
 * process, a ConfidentialERC20 deployed and transferred confidentially, rounds executed by
 * `handle.executeBatch` (the enclave proves its own facts, epoch and limits) and committed on the
 * MC; a lying host gets nothing; a child killed with SIGKILL comes back with the same keys.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { confidentialErc20Artifact } from '@racetee/contracts'
import { anvilDevKeys, deployManagementContract, devnetConfig, startAnvil } from '@racetee/contracts/devchain'
import type { BatchOutput, BatchRequest } from '@racetee/enclave'
import {
  availabilityTypes,
  confidentialErc20Abi,
  decodeResultsBundle,
  encodeDeployBody,
  errorCodes,
  isRaceteeError,
  managementContractAbi,
  openResult,
  programRuntimes,
  RaceteeError,
  type RequestKind,
  type ResultV1,
  raceteeDomain,
  requestKinds,
  resultStatus,
  sealRequestEnvelope,
} from '@racetee/protocol'
import {
  type Address,
  bytesToHex,
  createPublicClient,
  createWalletClient,
  decodeFunctionResult,
  encodeDeployData,
  encodeFunctionData,
  type Hex,
  hexToBytes,
  http,
  keccak256,
  numberToHex,
  type PrivateKeyAccount,
  type PublicClient,
  parseEventLogs,
  stringToBytes,
  toHex,
} from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runGenesis } from '../src/ceremony/index.js'
import {
  ENCLAVE_READY_LINE,
  type EnclaveHandle,
  type EnclaveHostServices,
  simulationProvider,
} from '../src/enclave/index.js'
import { collectBatchRequests, mcChainFacts, rpcProofSource, submitCommit } from '../src/index.js'

const SUPPLY = 2n ** 200n
const GAS = 200_000n
const randomAmount = (): bigint => BigInt(toHex(crypto.getRandomValues(new Uint8Array(16))))

describe('enclave child process', () => {
  let stopAnvil: () => Promise<void> = async () => {}
  let rpcUrl = ''
  let chainId = 0n
  let client: PublicClient
  let mc: Address
  let program: Address
  let requestPublicKey: Hex
  let handle: EnclaveHandle | undefined
  const handles: EnclaveHandle[] = []
  const tempDirs: string[] = []
  let dataDir = ''
  let platformKeyFile = ''
  const measurement = keccak256(stringToBytes('racetee enclave test build'))
  const childLines: string[] = []
  const amounts: bigint[] = []
  const blobs = new Map<Hex, Uint8Array>()
  const dev = (i: number) => privateKeyToAccount(anvilDevKeys[i]!)
  const [governance, host, alice, bob, carol] = [0, 1, 2, 3, 4].map(dev) as PrivateKeyAccount[] as [
    PrivateKeyAccount,
    PrivateKeyAccount,
    PrivateKeyAccount,
    PrivateKeyAccount,
    PrivateKeyAccount,
  ]
  const storageNodes = [privateKeyToAccount(generatePrivateKey()), privateKeyToAccount(generatePrivateKey())]
  const wallet = (account: PrivateKeyAccount) =>
    createWalletClient({ account, chain: { ...foundry, id: Number(chainId) }, transport: http(rpcUrl) })

  /** The host's services; a test swaps `behaviour` to play a lying host. */
  const honest: EnclaveHostServices = {
    async blob(hash) {
      const bytes = blobs.get(hash)
      if (!bytes) throw new RaceteeError(errorCodes.STORAGE_NOT_FOUND, 'No such blob.', { details: hash })
      return bytes
    },
    proofs: {
      getProof: (p) => rpcProofSource(client).getProof(p),
      getCode: (p) => rpcProofSource(client).getCode(p),
    },
  }
  let behaviour: EnclaveHostServices = honest
  const services: EnclaveHostServices = {
    blob: (hash) => behaviour.blob(hash),
    proofs: {
      getProof: (p) => behaviour.proofs.getProof(p),
      getCode: (p) => behaviour.proofs.getCode(p),
    },
  }

  async function launch(): Promise<EnclaveHandle> {
    const launched = await simulationProvider().launch({
      config: { chainId, mc, dataDir, rpcUrl, simulatedPlatformKeyFile: platformKeyFile, measurement },
      services,
      logger: (line) => childLines.push(line),
    })
    handles.push(launched)
    return launched
  }

  type Sent = { resultBase: Uint8Array; hash: Hex; seq: bigint }

  async function send(from: PrivateKeyAccount, kind: RequestKind, body: Uint8Array, gas = GAS): Promise<Hex> {
    const { envelope, resultBase } = await sealRequestEnvelope({
      recipientPublicKey: requestPublicKey,
      chainId,
      mc,
      epoch: 0n,
      program,
      caller: from.address,
      kind,
      body,
    })
    const fee = await client.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'requiredFee',
      args: [gas],
    })
    const hash =
      kind === requestKinds.deploy
        ? await wallet(from).writeContract({
            address: mc,
            abi: managementContractAbi,
            functionName: 'createProgram',
            args: [keccak256(toHex('token')), 0n, gas, bytesToHex(envelope)],
            value: fee,
          })
        : await wallet(from).writeContract({
            address: mc,
            abi: managementContractAbi,
            functionName: 'request',
            args: [program, kind, 0n, gas, bytesToHex(envelope)],
            value: fee,
          })
    bases.set(hash, resultBase)
    return hash
  }
  const bases = new Map<Hex, Uint8Array>()

  async function sent(hash: Hex): Promise<Sent> {
    const receipt = await client.waitForTransactionReceipt({ hash })
    expect(receipt.status).toBe('success')
    const [log] = parseEventLogs({ abi: managementContractAbi, logs: receipt.logs, eventName: 'Request' })
    return { hash, resultBase: bases.get(hash)!, seq: log!.args.seq }
  }

  async function pendingBatch(): Promise<{ toBlock: bigint; requests: BatchRequest[] }> {
    const last = await mcChainFacts(client, mc).lastCommit()
    const toBlock = await client.getBlockNumber({ cacheTime: 0 })
    return {
      toBlock,
      requests: await collectBatchRequests(client, mc, { fromBlock: last.toBlock + 1n, toBlock }),
    }
  }

  /** One round (D7) through the child process: execute, store, confirm, commit. */
  async function round(enclave: EnclaveHandle): Promise<BatchOutput> {
    const { toBlock, requests } = await pendingBatch()
    const output = await enclave.executeBatch({ toBlock, requests, beneficiary: host.address })
    for (const blob of output.blobs) blobs.set(blob.hash, blob.bytes)
    const confirmations = await Promise.all(
      storageNodes.map(async (node) => ({
        signer: node.address,
        signature: await node.signTypedData({
          domain: raceteeDomain(chainId, mc),
          types: availabilityTypes,
          primaryType: 'Availability',
          message: { prevCommit: output.body.prevCommit, blobsRoot: output.body.blobsRoot },
        }),
      })),
    )
    const hash = await submitCommit({
      wallet: wallet(host),
      mc,
      output,
      confirmations,
      ringHint: await mcChainFacts(client, mc).ringHint(toBlock),
    })
    expect((await client.waitForTransactionReceipt({ hash })).status).toBe('success')
    return output
  }

  function resultOf(output: BatchOutput, s: Sent): ResultV1 {
    const entry = decodeResultsBundle(output.resultsBundle).find((e) => e.seq === s.seq)
    if (!entry) throw new TypeError(`no bundle entry for seq ${s.seq}`)
    return openResult({
      resultBase: s.resultBase,
      seq: entry.seq,
      acc: entry.acc,
      chainId,
      mc,
      program,
      sealed: entry.sealed,
    })
  }

  const rpc = (method: string, params: unknown[]) =>
    client.request({ method: method as never, params: params as never })

  /** Several transfers in one block (so a batch has requests a host could drop). */
  async function transfersInOneBlock(plan: [PrivateKeyAccount, Address, bigint][]): Promise<Sent[]> {
    await rpc('evm_setAutomine', [false])
    const hashes: Hex[] = []
    for (const [from, to, amount] of plan)
      hashes.push(await send(from, requestKinds.call, calldata('transfer', [to, amount])))
    await rpc('evm_mine', [])
    await rpc('evm_setAutomine', [true])
    return Promise.all(hashes.map(sent))
  }

  async function rejection(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(
      () => {
        throw new TypeError('the enclave released output for a forged batch')
      },
      (err: unknown) => err,
    )
  }

  beforeAll(async () => {
    const anvil = await startAnvil()
    stopAnvil = anvil.stop
    rpcUrl = anvil.rpcUrl
    chainId = BigInt(anvil.chainId)
    client = createPublicClient({ cacheTime: 0, transport: http(rpcUrl) }) as PublicClient
    const config = devnetConfig(governance.address)
    mc = (await deployManagementContract({ walletClient: wallet(governance), publicClient: client, config }))
      .address
    const dir = mkdtempSync(join(tmpdir(), 'racetee-enclave-proc-'))
    tempDirs.push(dir)
    dataDir = join(dir, 'data')
    platformKeyFile = join(dir, 'platform.key')
    mkdirSync(dataDir)
    writeFileSync(platformKeyFile, `${generatePrivateKey()}\n`, { mode: 0o600 })
    handle = await launch()
    const genesis = await runGenesis({
      wallet: wallet(governance),
      publicClient: client,
      mc,
      enclave: handle,
      payout: host.address,
      endpoint: 'http://127.0.0.1:0',
      bond: config.minBond,
    })
    requestPublicKey = genesis.requestPublicKey
    for (const node of storageNodes) {
      const hash = await wallet(governance).writeContract({
        address: mc,
        abi: managementContractAbi,
        functionName: 'addStorageNode',
        args: [node.address, 'http://storage.test'],
      })
      expect((await client.waitForTransactionReceipt({ hash })).status).toBe('success')
    }
    program = await client.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'programAddress',
      args: [alice.address, keccak256(toHex('token'))],
    })
  }, 90_000)

  afterAll(async () => {
    for (const h of handles) await h.close({ timeoutMs: 2_000 })
    await stopAnvil()
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true })
  })

  it('runs genesis and confidential token rounds through the child process, committed on the MC', async () => {
    const enclave = handle!
    expect(enclave.description).toMatchObject({ provider: 'simulation', simulated: true, epochs: [0n] })
    expect(enclave.description.headerVerifier.simulated).toBe(true)
    const onChain = await client.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'isAdmittedAt',
      args: [enclave.description.address, await client.getBlockNumber({ cacheTime: 0 })],
    })
    expect(onChain).toBe(true)

    const deploy = await sent(await send(alice, requestKinds.deploy, tokenDeployBody(), 3_000_000n))
    const deployed = await round(enclave)
    expect(resultOf(deployed, deploy).status).toBe(resultStatus.success)
    expect(deployed.body.updates.map((u) => u.program)).toEqual([program])
    expect(deployed.body.epoch).toBe(0n)

    amounts.push(randomAmount() | (1n << 127n), randomAmount(), randomAmount() & ((1n << 127n) - 1n))
    const transfers = await transfersInOneBlock([
      [alice, bob.address, amounts[0]!],
      [alice, carol.address, amounts[1]!],
      [bob, carol.address, amounts[2]!],
    ])
    const balance = await sent(await send(alice, requestKinds.call, calldata('balanceOf', [alice.address])))
    const output = await round(enclave)
    for (const t of transfers) {
      const result = resultOf(output, t)
      expect(result.status).toBe(resultStatus.success)
      expect(
        decodeFunctionResult({
          abi: confidentialErc20Abi,
          functionName: 'transfer',
          data: bytesToHex(result.returnData),
        }),
      ).toBe(true)
    }
    expect(
      decodeFunctionResult({
        abi: confidentialErc20Abi,
        functionName: 'balanceOf',
        data: bytesToHex(resultOf(output, balance).returnData),
      }),
    ).toBe(SUPPLY - amounts[0]! - amounts[1]!)
  }, 120_000)

  it('behavior: a lying host gets no output (invented caller, re-timed, dropped, stale blob, stale proof)', async () => {
    const enclave = handle!
    const headBefore = (await mcChainFacts(client, mc).program(program)).digest
    const staleHead = blobs.get(headBefore)!
    // A third round moves the token's digest on, so the head above becomes stale state.
    await transfersInOneBlock([[carol, alice.address, 1n]])
    await round(enclave)
    const oldBlock = await client.getBlockNumber({ cacheTime: 0 })
    const currentHead = (await mcChainFacts(client, mc).program(program)).digest
    expect(currentHead).not.toBe(headBefore)

    const extra = [randomAmount(), randomAmount()]
    amounts.push(...extra)
    await transfersInOneBlock([
      [alice, bob.address, extra[0]!],
      [bob, alice.address, extra[1]!],
    ])
    const { toBlock, requests } = await pendingBatch()
    expect(requests.length).toBe(2)
    const forged: [string, BatchRequest[]][] = [
      ['invented caller', [{ ...requests[0]!, caller: carol.address }, requests[1]!]],
      [
        'invented request',
        [...requests, { ...requests[1]!, seq: requests[1]!.seq + 1n, caller: carol.address }],
      ],
      ['re-timed', [{ ...requests[0]!, timestamp: requests[0]!.timestamp + 3_600n }, requests[1]!]],
      ['dropped', [requests[0]!]],
    ]
    for (const [what, forgedRequests] of forged) {
      const err = await rejection(
        enclave.executeBatch({ toBlock, requests: forgedRequests, beneficiary: host.address }),
      )
      expect(isRaceteeError(err, 'ENCLAVE_BATCH_UNPROVEN'), what).toBe(true)
    }

    // Stale state: the token's previous head served for its current one.
    behaviour = { ...honest, blob: async (hash) => (hash === currentHead ? staleHead : honest.blob(hash)) }
    const stale = await rejection(enclave.executeBatch({ toBlock, requests, beneficiary: host.address }))
    expect(isRaceteeError(stale, 'ENCLAVE_BLOB_HASH_MISMATCH')).toBe(true)
    // Stale state another way: proofs of an older block, where the old digest is still stored.
    behaviour = {
      ...honest,
      proofs: {
        getProof: (p) => honest.proofs.getProof({ ...p, blockNumber: oldBlock - 1n }),
        getCode: (p) => honest.proofs.getCode(p),
      },
    }
    const oldProof = await rejection(enclave.executeBatch({ toBlock, requests, beneficiary: host.address }))
    expect(isRaceteeError(oldProof, 'CHAIN_PROOF_INVALID')).toBe(true)
    behaviour = honest

    // The same batch, told honestly, commits: the refusals were the forgeries' doing.
    await round(enclave)
  }, 120_000)

  it('behavior: killed with SIGKILL, pending calls fail and a relaunch on the same dataDir keeps its keys', async () => {
    const before = handle!
    const extra = randomAmount()
    amounts.push(extra)
    await transfersInOneBlock([[alice, carol.address, extra]])
    const { toBlock, requests } = await pendingBatch()
    let asked!: () => void
    const blobAsked = new Promise<void>((resolve) => {
      asked = resolve
    })
    behaviour = {
      ...honest,
      blob: () => {
        asked()
        return new Promise<Uint8Array>(() => {}) // a host that stalls: the call stays pending
      },
    }
    const pending = before.executeBatch({ toBlock, requests, beneficiary: host.address })
    await blobAsked
    process.kill(before.pid!, 'SIGKILL')
    expect(isRaceteeError(await rejection(pending), 'ENCLAVE_PROCESS_FAILED')).toBe(true)
    expect((await before.exited).signal).toBe('SIGKILL')
    expect(isRaceteeError(await rejection(before.describe()), 'ENCLAVE_PROCESS_FAILED')).toBe(true)
    behaviour = honest

    handle = await launch()
    expect(handle.pid).not.toBe(before.pid)
    expect(handle.description).toEqual(before.description)
    expect((await handle.createGenesisEpoch()).requestPublicKey).toBe(requestPublicKey) // never redrawn (D10)
    await round(handle)
  }, 120_000)

  it('behavior: the child prints only its ready line, and neither it nor the sealed file holds an amount', async () => {
    expect(childLines.length).toBeGreaterThan(0)
    for (const line of childLines) expect(line).toBe(ENCLAVE_READY_LINE)
    const files = readdirSync(dataDir).map((f) => bytesToHex(readFileSync(join(dataDir, f))))
    expect(files.length).toBe(1)
    const haystack = [...childLines, ...files].join('\n').toLowerCase()
    expect(amounts.length).toBe(6)
    for (const a of amounts)
      for (const needle of [numberToHex(a, { size: 32 }).slice(2), numberToHex(a).slice(2), a.toString()])
        expect(haystack.includes(needle.toLowerCase())).toBe(false)
  })

  it('error: a handle whose child exited refuses calls, and close is idempotent', async () => {
    const extraHandle = await launch()
    const exit = await extraHandle.close()
    expect(exit.code).toBe(0)
    expect(await extraHandle.close()).toEqual(exit)
    expect(isRaceteeError(await rejection(extraHandle.describe()), 'ENCLAVE_PROCESS_FAILED')).toBe(true)
  }, 60_000)
})

function tokenDeployBody(): Uint8Array {
  const initCode = encodeDeployData({
    abi: confidentialErc20Artifact.abi,
    bytecode: confidentialErc20Artifact.bytecode,
    args: ['Token', 'TOK', SUPPLY],
  })
  return encodeDeployBody({
    runtime: programRuntimes.evm,
    code: hexToBytes(initCode),
    config: { acl: [], rotateEvery: 0, keepHistory: false, resultBucketMin: 0, pageBucketMin: 0 },
  })
}

function calldata(functionName: 'transfer' | 'balanceOf', args: readonly unknown[]): Uint8Array {
  return hexToBytes(encodeFunctionData({ abi: confidentialErc20Abi, functionName, args } as never))
}
