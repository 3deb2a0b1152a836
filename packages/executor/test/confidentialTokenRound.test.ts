/**
 * Issue 2's end-to-end round on a real anvil: the management contract deployed from its solc
 * artifact, `ConfidentialERC20` deployed confidentially through `createProgram`, encrypted
 * transfers from several accounts in one block, the batch executed by the enclave module,
 * committed with storage signatures from test keys, and every decrypted result compared with
 * the same token deployed publicly on the same chain (return data and gas).
 */
import { confidentialErc20Artifact } from '@racetee/contracts'
import { anvilDevKeys, deployManagementContract, devnetConfig, startAnvil } from '@racetee/contracts/devchain'
import { type BatchOutput, Enclave } from '@racetee/enclave'
import {
  confidentialErc20Abi,
  decodeResultsBundle,
  encodeDeployBody,
  encodeEvidence,
  managementContractAbi,
  openResult,
  programRuntimes,
  type RequestKind,
  type ResultV1,
  requestKinds,
  resultStatus,
  sealRequestEnvelope,
} from '@racetee/protocol'
import {
  type Address,
  bytesToHex,
  concat,
  createPublicClient,
  createWalletClient,
  decodeFunctionResult,
  encodeAbiParameters,
  encodeFunctionData,
  type Hex,
  hexToBytes,
  http,
  keccak256,
  numberToHex,
  type PrivateKeyAccount,
  type PublicClient,
  parseEventLogs,
  toHex,
} from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { collectBatchRequests, mcChainFacts } from '../src/index.js'
import { commitWithTestStorage } from '../src/testing/index.js'

const INITIAL_SUPPLY = 2n ** 200n
const GAS_LIMIT = 200_000n

/** A random 128-bit amount: if it ever shows up on chain in the clear, the grep below finds it. */
const randomAmount = (): bigint => BigInt(toHex(crypto.getRandomValues(new Uint8Array(16))))

describe('confidential token round on anvil', () => {
  let stop: () => Promise<void> = async () => {}
  let client: PublicClient
  let mc: Address
  let chainId: bigint
  let enclave: Enclave
  let requestPublicKey: Hex
  let program: Address
  let publicToken: Address
  const blobs = new Map<Hex, Uint8Array>()
  const devAccount = (i: number) => privateKeyToAccount(anvilDevKeys[i]!)
  const [governance, host, alice, bob, carol] = [0, 1, 2, 3, 4].map(devAccount) as [
    PrivateKeyAccount,
    PrivateKeyAccount,
    PrivateKeyAccount,
    PrivateKeyAccount,
    PrivateKeyAccount,
  ]
  const storageNodes = [privateKeyToAccount(generatePrivateKey()), privateKeyToAccount(generatePrivateKey())]
  const wallet = (account: PrivateKeyAccount) =>
    createWalletClient({ account, chain: { ...foundry, id: Number(chainId) }, transport: http(rpcUrl) })
  let rpcUrl = ''

  /** Everything a user keeps between sending and reading its result. */
  type Sent = { caller: Address; resultBase: Uint8Array; hash: Hex; seq?: bigint }

  async function sendEncrypted(
    from: PrivateKeyAccount,
    kind: RequestKind,
    body: Uint8Array,
    to = program,
  ): Promise<Sent> {
    const { envelope, resultBase } = await sealRequestEnvelope({
      recipientPublicKey: requestPublicKey,
      chainId,
      mc,
      epoch: 0n,
      program: to,
      caller: from.address,
      kind,
      body,
    })
    const fee = await client.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'requiredFee',
      args: [GAS_LIMIT],
    })
    const hash = await wallet(from).writeContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'request',
      args: [to, kind, 0n, GAS_LIMIT, bytesToHex(envelope)],
      value: fee,
    })
    return { caller: from.address, resultBase, hash }
  }

  async function seqOf(sent: Sent): Promise<bigint> {
    const receipt = await client.waitForTransactionReceipt({ hash: sent.hash })
    expect(receipt.status).toBe('success')
    const [log] = parseEventLogs({ abi: managementContractAbi, logs: receipt.logs, eventName: 'Request' })
    return log!.args.seq
  }

  /** One round as the executor will run it (D7): collect, execute in the enclave, store, confirm, commit. */
  async function round(): Promise<BatchOutput> {
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
          if (!bytes) throw new TypeError(`test blob store has no ${hash}`)
          return bytes
        },
      },
      input: { toBlock, requests, beneficiary: host.address },
    })
    for (const blob of output.blobs) blobs.set(blob.hash, blob.bytes)
    await commitWithTestStorage({
      client,
      wallet: wallet(host),
      chainId,
      mc,
      output,
      storageKeys: storageNodes,
    })
    return output
  }

  function resultOf(output: BatchOutput, sent: Sent & { seq: bigint }, to = program): ResultV1 {
    const entry = decodeResultsBundle(output.resultsBundle).find((e) => e.seq === sent.seq)
    if (!entry) throw new TypeError(`no bundle entry for seq ${sent.seq}`)
    return openResult({
      resultBase: sent.resultBase,
      seq: entry.seq,
      acc: entry.acc,
      chainId,
      mc,
      program: to,
      sealed: entry.sealed,
    })
  }

  const mine = () => client.request({ method: 'evm_mine' as never, params: [] as never })
  const setAutomine = (on: boolean) =>
    client.request({ method: 'evm_setAutomine' as never, params: [on] as never })

  /** Everything written to stdout and stderr while the test runs, grepped for plaintext below. */
  const written: string[] = []
  const originalWrite = {
    out: process.stdout.write.bind(process.stdout),
    err: process.stderr.write.bind(process.stderr),
  }

  beforeAll(async () => {
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      written.push(String(chunk))
      return originalWrite.out(chunk, ...rest)
    }) as typeof process.stdout.write
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      written.push(String(chunk))
      return originalWrite.err(chunk, ...rest)
    }) as typeof process.stderr.write
    const anvil = await startAnvil()
    stop = anvil.stop
    rpcUrl = anvil.rpcUrl
    chainId = BigInt(anvil.chainId)
    // cacheTime 0: viem would otherwise serve a block number up to 4 s old.
    client = createPublicClient({ cacheTime: 0, transport: http(rpcUrl) }) as PublicClient
    const config = devnetConfig(governance.address)
    const deployed = await deployManagementContract({
      walletClient: wallet(governance),
      publicClient: client,
      config,
    })
    mc = deployed.address
    enclave = new Enclave({
      chainId,
      mc,
      limits: {
        maxProgramsPerRequest: config.maxProgramsTouched,
        maxCreatesPerRequest: config.maxProgramsCreated,
      },
    })
    requestPublicKey = enclave.createGenesisEpoch().requestPublicKey
    // Simulation: the genesis ceremony admits the first enclave with a software evidence blob.
    const evidence = bytesToHex(
      encodeEvidence({ provider: 1, quote: new Uint8Array(), collateral: new Uint8Array() }),
    )
    const gov = wallet(governance)
    const txs: Hex[] = [
      await gov.writeContract({
        address: mc,
        abi: managementContractAbi,
        functionName: 'genesis',
        args: [
          enclave.address,
          enclave.encryptionKey,
          evidence,
          host.address,
          'http://127.0.0.1:0',
          requestPublicKey,
        ],
        value: config.minBond,
      }),
    ]
    for (const node of storageNodes)
      txs.push(
        await gov.writeContract({
          address: mc,
          abi: managementContractAbi,
          functionName: 'addStorageNode',
          args: [node.address, 'http://storage.test'],
        }),
      )
    for (const hash of txs) expect((await client.waitForTransactionReceipt({ hash })).status).toBe('success')

    const publicHash = await wallet(alice).deployContract({
      abi: confidentialErc20Abi,
      bytecode: confidentialErc20Artifact.bytecode,
      args: ['Token', 'TOK', INITIAL_SUPPLY],
    })
    publicToken = (await client.waitForTransactionReceipt({ hash: publicHash })).contractAddress!
  }, 60_000)

  afterAll(async () => {
    process.stdout.write = originalWrite.out
    process.stderr.write = originalWrite.err
    await stop()
  })

  it('deploys ConfidentialERC20 through the MC and answers encrypted transfers as the public token does', async () => {
    const salt = keccak256(toHex('token'))
    program = await client.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'programAddress',
      args: [alice.address, salt],
    })
    const initCode = concat([
      confidentialErc20Artifact.bytecode,
      encodeAbiParameters(
        [{ type: 'string' }, { type: 'string' }, { type: 'uint256' }],
        ['Token', 'TOK', INITIAL_SUPPLY],
      ),
    ])
    const body = encodeDeployBody({
      runtime: programRuntimes.evm,
      code: hexToBytes(initCode),
      config: { acl: [], rotateEvery: 0, keepHistory: false, resultBucketMin: 0, pageBucketMin: 0 },
    })
    const { envelope, resultBase } = await sealRequestEnvelope({
      recipientPublicKey: requestPublicKey,
      chainId,
      mc,
      epoch: 0n,
      program,
      caller: alice.address,
      kind: requestKinds.deploy,
      body,
    })
    const deployGas = 3_000_000n
    const fee = await client.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'requiredFee',
      args: [deployGas],
    })
    const deployHash = await wallet(alice).writeContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'createProgram',
      args: [salt, 0n, deployGas, bytesToHex(envelope)],
      value: fee,
    })
    const deploy: Sent = { caller: alice.address, resultBase, hash: deployHash }
    const deploySeq = await seqOf(deploy)
    const deployed = await round()
    expect(resultOf(deployed, { ...deploy, seq: deploySeq }).status).toBe(resultStatus.success)
    expect(deployed.body.updates.map((u) => u.program)).toEqual([program])

    // Several accounts send transfers in one block, confidentially and publicly.
    // Random 128-bit amounts; Bob forwards less than he received (top bit clear vs set).
    const top = 1n << 127n
    const amounts = [randomAmount() | top, randomAmount(), randomAmount() & (top - 1n)]
    const plan: [PrivateKeyAccount, Address, bigint][] = [
      [alice, bob.address, amounts[0]!],
      [alice, carol.address, amounts[1]!],
      [bob, carol.address, amounts[2]!],
    ]
    await setAutomine(false)
    const sent: Sent[] = []
    for (const [from, to, amount] of plan)
      sent.push(await sendEncrypted(from, requestKinds.call, calldata('transfer', [to, amount])))
    const aliceReadsOwn = await sendEncrypted(
      alice,
      requestKinds.call,
      calldata('balanceOf', [alice.address]),
    )
    const bobReadsAlice = await sendEncrypted(bob, requestKinds.call, calldata('balanceOf', [alice.address]))
    await mine()
    await setAutomine(true)
    for (const s of [...sent, aliceReadsOwn, bobReadsAlice]) s.seq = await seqOf(s)

    const output = await round()

    // The same calls on the public deployment, in the same order.
    for (const [i, [from, to, amount]] of plan.entries()) {
      const data = calldata('transfer', [to, amount])
      const expected = await client.call({ account: from.address, to: publicToken, data: bytesToHex(data) })
      const hash = await wallet(from).sendTransaction({ to: publicToken, data: bytesToHex(data) })
      const receipt = await client.waitForTransactionReceipt({ hash })
      const result = resultOf(output, sent[i] as Sent & { seq: bigint })
      expect(result.status).toBe(resultStatus.success)
      expect(bytesToHex(result.returnData)).toBe(expected.data)
      expect(result.gasUsed).toBe(receipt.gasUsed)
      expect(
        decodeFunctionResult({
          abi: confidentialErc20Abi,
          functionName: 'transfer',
          data: bytesToHex(result.returnData),
        }),
      ).toBe(true)
    }
    const own = resultOf(output, aliceReadsOwn as Sent & { seq: bigint })
    const publicOwn = await client.call({
      account: alice.address,
      to: publicToken,
      data: bytesToHex(calldata('balanceOf', [alice.address])),
    })
    expect(bytesToHex(own.returnData)).toBe(publicOwn.data)
    expect(
      decodeFunctionResult({
        abi: confidentialErc20Abi,
        functionName: 'balanceOf',
        data: bytesToHex(own.returnData),
      }),
    ).toBe(INITIAL_SUPPLY - amounts[0]! - amounts[1]!)
    // D5: the token lets only the account itself see its balance, publicly and confidentially.
    expect(resultOf(output, bobReadsAlice as Sent & { seq: bigint }).status).toBe(resultStatus.reverted)
    await expect(
      client.call({
        account: bob.address,
        to: publicToken,
        data: bytesToHex(calldata('balanceOf', [alice.address])),
      }),
    ).rejects.toThrow()

    // No plaintext amount appears in any MC transaction or event (the public token is excluded),
    // nor in anything the processes under test wrote to stdout or stderr.
    const needles = amounts.flatMap((a) => [
      numberToHex(a, { size: 32 }).slice(2),
      numberToHex(a).slice(2),
      a.toString(),
    ])
    const mcLogs = await client.getLogs({ address: mc, fromBlock: 0n })
    const confidential: string[] = mcLogs.map((l) => `${l.data}${l.topics.join('')}`)
    const publicInputs: string[] = []
    const latest = await client.getBlockNumber()
    for (let n = 0n; n <= latest; n++) {
      const block = await client.getBlock({ blockNumber: n, includeTransactions: true })
      for (const tx of block.transactions)
        (tx.to?.toLowerCase() === publicToken.toLowerCase() ? publicInputs : confidential).push(tx.input)
    }
    const secretText = [...confidential, ...written].join('\n').toLowerCase()
    for (const needle of needles) expect(secretText.includes(needle.toLowerCase())).toBe(false)
    // The grep can find what it looks for: the public run carries the same amounts in the clear.
    const publicText = publicInputs.join('\n').toLowerCase()
    for (const amount of amounts)
      expect(publicText.includes(numberToHex(amount, { size: 32 }).slice(2))).toBe(true)
  }, 120_000)
})

function calldata(functionName: 'transfer' | 'balanceOf', args: readonly unknown[]): Uint8Array {
  return hexToBytes(encodeFunctionData({ abi: confidentialErc20Abi, functionName, args } as never))
}
