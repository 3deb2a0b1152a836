/**
 * Enclave ceremonies on a real anvil with real child processes (D3.1, P7): genesis of enclave A,
 * registration of enclave B, A verifies B's simulated evidence and admits it with epoch 0's
 * secret encrypted to B on chain, and after the admission delay B takes the secret (checked
 * against the request key proven at a verified header) and alone executes a round the MC accepts.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { confidentialErc20Artifact } from '@racetee/contracts'
import { anvilDevKeys, deployManagementContract, devnetConfig, startAnvil } from '@racetee/contracts/devchain'
import {
  availabilityTypes,
  commitSigningHash,
  confidentialErc20Abi,
  decodeResultsBundle,
  encodeDeployBody,
  errorCodes,
  hpkeSuite,
  isRaceteeError,
  managementContractAbi,
  openResult,
  programRuntimes,
  provisionAad,
  provisionInfo,
  RaceteeError,
  type RequestKind,
  raceteeDomain,
  requestKinds,
  resultStatus,
  sealRequestEnvelope,
} from '@racetee/protocol'
import {
  type Address,
  bytesToHex,
  concatBytes,
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
  recoverAddress,
  stringToBytes,
  toHex,
} from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { acceptAdmission, admitEnclave, registerEnclave, runGenesis } from '../src/ceremony/index.js'
import { type EnclaveHandle, type EnclaveHostServices, simulationProvider } from '../src/enclave/index.js'
import { collectBatchRequests, mcChainFacts, rpcProofSource, submitCommit } from '../src/index.js'

const SUPPLY = 2n ** 200n
const randomAmount = (): bigint => BigInt(toHex(crypto.getRandomValues(new Uint8Array(16))))

describe('enclave ceremonies', () => {
  let stopAnvil: () => Promise<void> = async () => {}
  let rpcUrl = ''
  let chainId = 0n
  let client: PublicClient
  let mc: Address
  let bond = 0n
  let root = ''
  let platformKeyFile = ''
  const measurement = keccak256(stringToBytes('racetee enclave test build'))
  const handles: EnclaveHandle[] = []
  /** C: registered with another measurement, never admitted. */
  let unadmitted: EnclaveHandle | undefined
  const linesOf = new Map<string, string[]>()
  const blobs = new Map<Hex, Uint8Array>()
  const dev = (i: number) => privateKeyToAccount(anvilDevKeys[i]!)
  const [governance, hostA, alice, bob, operatorB, operatorC] = [0, 1, 2, 3, 5, 6].map(dev) as [
    PrivateKeyAccount,
    PrivateKeyAccount,
    PrivateKeyAccount,
    PrivateKeyAccount,
    PrivateKeyAccount,
    PrivateKeyAccount,
  ]
  const storageNodes = [privateKeyToAccount(generatePrivateKey()), privateKeyToAccount(generatePrivateKey())]
  const wallet = (account: PrivateKeyAccount) =>
    createWalletClient({ account, chain: { ...foundry, id: Number(chainId) }, transport: http(rpcUrl) })

  const services = (): EnclaveHostServices => ({
    async blob(hash) {
      const bytes = blobs.get(hash)
      if (!bytes) throw new RaceteeError(errorCodes.STORAGE_NOT_FOUND, 'No such blob.', { details: hash })
      return bytes
    },
    proofs: rpcProofSource(client),
  })

  async function launch(name: string, options: { measurement?: Hex } = {}): Promise<EnclaveHandle> {
    const dataDir = join(root, name)
    mkdirSync(dataDir, { recursive: true })
    const lines: string[] = []
    linesOf.set(name, lines)
    const handle = await simulationProvider().launch({
      config: {
        chainId,
        mc,
        dataDir,
        rpcUrl,
        simulatedPlatformKeyFile: platformKeyFile,
        measurement: options.measurement ?? measurement,
      },
      services: services(),
      logger: (line) => lines.push(line),
    })
    handles.push(handle)
    return handle
  }

  async function caught(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(
      () => undefined,
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
    bond = config.minBond
    mc = (await deployManagementContract({ walletClient: wallet(governance), publicClient: client, config }))
      .address
    root = mkdtempSync(join(tmpdir(), 'racetee-ceremony-'))
    platformKeyFile = join(root, 'platform.key')
    writeFileSync(platformKeyFile, `${generatePrivateKey()}\n`, { mode: 0o600 })
    for (const node of storageNodes) {
      const hash = await wallet(governance).writeContract({
        address: mc,
        abi: managementContractAbi,
        functionName: 'addStorageNode',
        args: [node.address, 'http://storage.test'],
      })
      expect((await client.waitForTransactionReceipt({ hash })).status).toBe('success')
    }
  }, 90_000)

  afterAll(async () => {
    for (const handle of handles) await handle.close({ timeoutMs: 2_000 })
    await stopAnvil()
    if (root) rmSync(root, { recursive: true, force: true })
  })

  it('admits a second enclave with the epoch secret from the chain, and it alone executes a committed round', async () => {
    const a = await launch('a')
    const genesis = await runGenesis({
      wallet: wallet(governance),
      publicClient: client,
      mc,
      enclave: a,
      payout: hostA.address,
      endpoint: 'http://a.test',
      bond,
    })
    const b = await launch('b')
    expect(b.description.epochs).toEqual([])
    await registerEnclave({
      wallet: wallet(operatorB),
      publicClient: client,
      mc,
      enclave: b,
      payout: operatorB.address,
      endpoint: 'http://b.test',
      bond,
    })
    const admitted = await admitEnclave({
      wallet: wallet(hostA),
      publicClient: client,
      mc,
      admitter: a,
      newcomer: b.description.address,
    })
    expect(admitted.admission.epoch).toBe(0n)
    expect(admitted.admission.prevEpochSecret).toBe('0x')
    expect(admitted.effectiveFrom).toBeGreaterThan(admitted.blockNumber)
    // The ciphertext on chain is not the secret, and the secret is not anywhere the host sees.
    expect(admitted.admission.epochSecret.length).toBeGreaterThan(2 + 2 * 32)

    await client.request({ method: 'anvil_mine' as never, params: [numberToHex(5)] as never })
    const described = await acceptAdmission({ publicClient: client, mc, enclave: b })
    expect(described.epochs).toEqual([0n])
    expect(described.address).toBe(b.description.address)

    // A steps down: B serves the deployment on its own.
    expect((await a.close()).code).toBe(0)
    const requestPublicKey = genesis.requestPublicKey
    const program = await client.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'programAddress',
      args: [alice.address, keccak256(toHex('token'))],
    })
    const sendRequest = async (from: PrivateKeyAccount, kind: RequestKind, body: Uint8Array, gas: bigint) => {
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
      const receipt = await client.waitForTransactionReceipt({ hash })
      const [log] = parseEventLogs({ abi: managementContractAbi, logs: receipt.logs, eventName: 'Request' })
      return { seq: log!.args.seq, resultBase }
    }
    const deploy = await sendRequest(alice, requestKinds.deploy, tokenDeployBody(), 3_000_000n)
    const amount = randomAmount()
    const transfer = await sendRequest(
      alice,
      requestKinds.call,
      calldata('transfer', [bob.address, amount]),
      200_000n,
    )

    const facts = mcChainFacts(client, mc)
    const last = await facts.lastCommit()
    const toBlock = await client.getBlockNumber({ cacheTime: 0 })
    const requests = await collectBatchRequests(client, mc, { fromBlock: last.toBlock + 1n, toBlock })
    const output = await b.executeBatch({ toBlock, requests, beneficiary: operatorB.address })
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
      wallet: wallet(operatorB),
      mc,
      output,
      confirmations,
      ringHint: await facts.ringHint(toBlock),
    })
    const receipt = await client.waitForTransactionReceipt({ hash })
    expect(receipt.status).toBe('success')
    expect(
      parseEventLogs({ abi: managementContractAbi, logs: receipt.logs, eventName: 'Committed' }),
    ).toHaveLength(1)
    // The commit the MC accepted is B's: its signature recovers to B's enclave address.
    const signed = commitSigningHash(raceteeDomain(chainId, mc), {
      body: output.body,
      beneficiary: output.beneficiary,
    })
    expect(await recoverAddress({ hash: signed, signature: output.signature })).toBe(b.description.address)

    const open = (s: { seq: bigint; resultBase: Uint8Array }) => {
      const entry = decodeResultsBundle(output.resultsBundle).find((e) => e.seq === s.seq)!
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
    expect(open(deploy).status).toBe(resultStatus.success)
    const result = open(transfer)
    expect(result.status).toBe(resultStatus.success)
    expect(
      decodeFunctionResult({
        abi: confidentialErc20Abi,
        functionName: 'transfer',
        data: bytesToHex(result.returnData),
      }),
    ).toBe(true)

    // Neither B's output lines nor its sealed state hold the amount.
    const files = readdirSync(join(root, 'b')).map((f) => bytesToHex(readFileSync(join(root, 'b', f))))
    const haystack = [...(linesOf.get('b') ?? []), ...files].join('\n').toLowerCase()
    for (const needle of [
      numberToHex(amount, { size: 32 }).slice(2),
      numberToHex(amount).slice(2),
      amount.toString(),
    ])
      expect(haystack.includes(needle.toLowerCase())).toBe(false)
  }, 180_000)

  it('error: evidence of another measurement is refused by the admitting enclave, and no admission is sent', async () => {
    const admitter = await launch('a') // A again, from its sealed state: still admitted, holds epoch 0
    expect(admitter.description.epochs).toEqual([0n])
    const other = await launch('c', { measurement: keccak256(stringToBytes('another build')) })
    await registerEnclave({
      wallet: wallet(operatorC),
      publicClient: client,
      mc,
      enclave: other,
      payout: operatorC.address,
      endpoint: 'http://c.test',
      bond,
    })
    unadmitted = other
    const version = await client.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'registryVersion',
    })
    const err = await caught(
      admitEnclave({
        wallet: wallet(hostA),
        publicClient: client,
        mc,
        admitter,
        newcomer: other.description.address,
      }),
    )
    expect(isRaceteeError(err, 'ENCLAVE_ATTESTATION_INVALID')).toBe(true)
    expect((err as RaceteeError).details).toMatch(/^measurementNotAllowed/)
    expect(
      await client.readContract({ address: mc, abi: managementContractAbi, functionName: 'registryVersion' }),
    ).toBe(version)
  }, 60_000)

  it('error: provisioned secrets that do not open, or do not derive the proven key, are refused and not stored', async () => {
    const newcomer = unadmitted!
    const atBlock = await client.getBlockNumber({ cacheTime: 0 })
    const suite = hpkeSuite()
    const sealTo = async (secret: Uint8Array, epoch: bigint): Promise<Hex> => {
      const { enc, ct } = await suite.seal(
        {
          recipientPublicKey: await suite.kem.deserializePublicKey(
            hexToBytes(newcomer.description.encryptionKey),
          ),
          info: provisionInfo(chainId, mc, epoch),
        },
        secret,
        provisionAad(newcomer.description.address),
      )
      return bytesToHex(concatBytes([new Uint8Array(enc), new Uint8Array(ct)]))
    }
    const forged = [
      {
        epochSecret: await sealTo(crypto.getRandomValues(new Uint8Array(32)), 0n),
        prevEpochSecret: '0x' as Hex,
      },
      { epochSecret: bytesToHex(crypto.getRandomValues(new Uint8Array(80))), prevEpochSecret: '0x' as Hex },
      { epochSecret: await sealTo(new Uint8Array(32).fill(1), 1n), prevEpochSecret: '0x' as Hex },
    ]
    for (const grant of forged) {
      const err = await caught(newcomer.acceptProvisioning({ atBlock, epoch: 0n, ...grant }))
      expect(isRaceteeError(err, 'ENCLAVE_PROVISIONING_INVALID')).toBe(true)
    }
    expect((await newcomer.describe()).epochs).toEqual([])
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
