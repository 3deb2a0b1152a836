/**
 * Test helper for the anvil tests of the enclave process and its ceremonies: a real anvil with
 * the MC deployed and two storage signers registered, enclaves launched as real child processes
 * with the `simulation` provider on their own data directories, and a confidential
 * `ConfidentialERC20` client side (seal a request, send it, open its result). Rounds are run as
 * the executor runs them (D7): collect, `handle.executeBatch`, store, confirm, commit.
 *
 * Everything started here is stopped by `stop()`, which tests call in `afterAll`.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  anvilDevKeys,
  deployManagementContract,
  devnetConfig,
  type ManagementContractConfig,
  startAnvil,
} from '@racetee/contracts/devchain'
import type { BatchOutput, BatchRequest } from '@racetee/enclave'
import {
  decodeResultsBundle,
  errorCodes,
  managementContractAbi,
  openResult,
  RaceteeError,
  type RequestKind,
  type ResultV1,
  requestKinds,
  sealRequestEnvelope,
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
  parseEventLogs,
  stringToBytes,
} from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'
import { collectBatchRequests } from '../../chain/collectBatchRequests.js'
import { mcChainFacts } from '../../chain/mcChainFacts.js'
import { rpcProofSource } from '../../chain/rpcProofSource.js'
import { commitWithTestStorage } from '../../testing/commitWithTestStorage.js'
import type { EnclaveHandle, EnclaveHostServices } from '../EnclaveProvider.js'
import { simulationProvider } from '../simulationProvider.js'
import { TOKEN_SALT } from './tokenRequests.js'

export const testMeasurement = keccak256(stringToBytes('racetee enclave test build'))

/** A request as its sender keeps it: `resultBase` is SECRET in real life. */
export type UnconfirmedRequest = { hash: Hex; resultBase: Uint8Array }
export type SentRequest = UnconfirmedRequest & { seq: bigint }

export type EnclaveDevnet = {
  rpcUrl: string
  chainId: bigint
  client: PublicClient
  mc: Address
  config: ManagementContractConfig
  /** Dev account i (anvil's funded keys). */
  account(i: number): PrivateKeyAccount
  wallet(account: PrivateKeyAccount): ReturnType<typeof makeWallet>
  /** The in-test blob store the honest host serves from. */
  blobs: Map<Hex, Uint8Array>
  /** Honest host services: blobs from `blobs`, proofs from the RPC. */
  honest: EnclaveHostServices
  /** Launches an enclave on `<root>/<name>`; its output lines go to `lines(name)`. */
  launch(
    name: string,
    options?: { measurement?: Hex; services?: EnclaveHostServices },
  ): Promise<EnclaveHandle>
  lines(name: string): string[]
  /** The hex of every file in an enclave's data directory. */
  dataFiles(name: string): string[]
  /** Sends a confidential request (a deploy goes through `createProgram` with TOKEN_SALT); no wait. */
  send(parameters: {
    from: PrivateKeyAccount
    kind: RequestKind
    body: Uint8Array
    program: Address
    requestPublicKey: Hex
    gas?: bigint
  }): Promise<UnconfirmedRequest>
  /** Waits for a sent request's receipt and reads its `seq` from the `Request` log. */
  confirm(sent: UnconfirmedRequest): Promise<SentRequest>
  /** The uncommitted requests up to the latest block, as the host collects them. */
  pendingBatch(): Promise<{ toBlock: bigint; requests: BatchRequest[] }>
  /** One round through `enclave`: execute, store, confirm with the storage keys, commit. */
  round(enclave: EnclaveHandle, beneficiary: PrivateKeyAccount): Promise<BatchOutput>
  resultOf(output: BatchOutput, sent: SentRequest, program: Address): ResultV1
  /** Runs `sends` with automine off, mines one block, and confirms every request sent. */
  inOneBlock(sends: () => Promise<UnconfirmedRequest[]>): Promise<SentRequest[]>
  stop(): Promise<void>
}

function makeWallet(account: PrivateKeyAccount, chainId: bigint, rpcUrl: string) {
  return createWalletClient({ account, chain: { ...foundry, id: Number(chainId) }, transport: http(rpcUrl) })
}

export async function startEnclaveDevnet(): Promise<EnclaveDevnet> {
  const anvil = await startAnvil()
  const root = mkdtempSync(join(tmpdir(), 'racetee-enclave-devnet-'))
  const handles: EnclaveHandle[] = []
  const stop = async () => {
    for (const handle of handles) await handle.close({ timeoutMs: 2_000 })
    await anvil.stop()
    rmSync(root, { recursive: true, force: true })
  }
  try {
    const chainId = BigInt(anvil.chainId)
    // cacheTime 0: viem would otherwise serve a block number up to 4 s old.
    const client = createPublicClient({ cacheTime: 0, transport: http(anvil.rpcUrl) }) as PublicClient
    const account = (i: number) => privateKeyToAccount(anvilDevKeys[i]!)
    const wallet = (a: PrivateKeyAccount) => makeWallet(a, chainId, anvil.rpcUrl)
    const governance = account(0)
    const config = devnetConfig(governance.address)
    const { address: mc } = await deployManagementContract({
      walletClient: wallet(governance),
      publicClient: client,
      config,
    })
    const storageNodes = [
      privateKeyToAccount(generatePrivateKey()),
      privateKeyToAccount(generatePrivateKey()),
    ]
    for (const node of storageNodes) {
      const hash = await wallet(governance).writeContract({
        address: mc,
        abi: managementContractAbi,
        functionName: 'addStorageNode',
        args: [node.address, 'http://storage.test'],
      })
      await client.waitForTransactionReceipt({ hash })
    }
    const platformKeyFile = join(root, 'platform.key')
    writeFileSync(platformKeyFile, `${generatePrivateKey()}\n`, { mode: 0o600 })
    const blobs = new Map<Hex, Uint8Array>()
    const proofs = rpcProofSource(client)
    const honest: EnclaveHostServices = {
      async blob(hash) {
        const bytes = blobs.get(hash)
        if (!bytes) throw new RaceteeError(errorCodes.STORAGE_NOT_FOUND, 'No such blob.', { details: hash })
        return bytes
      },
      proofs,
    }
    const linesOf = new Map<string, string[]>()
    const lines = (name: string) => {
      const list = linesOf.get(name) ?? []
      linesOf.set(name, list)
      return list
    }

    const devnet: EnclaveDevnet = {
      rpcUrl: anvil.rpcUrl,
      chainId,
      client,
      mc,
      config,
      account,
      wallet,
      blobs,
      honest,
      lines,
      async launch(name, options = {}) {
        const dataDir = join(root, name)
        mkdirSync(dataDir, { recursive: true })
        const handle = await simulationProvider().launch({
          config: {
            chainId,
            mc,
            dataDir,
            rpcUrl: anvil.rpcUrl,
            simulatedPlatformKeyFile: platformKeyFile,
            measurement: options.measurement ?? testMeasurement,
          },
          services: options.services ?? honest,
          logger: (line) => lines(name).push(line),
        })
        handles.push(handle)
        return handle
      },
      dataFiles: (name) =>
        readdirSync(join(root, name)).map((f) => bytesToHex(readFileSync(join(root, name, f)))),
      async send({ from, kind, body, program, requestPublicKey, gas = 200_000n }) {
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
        const hash = await wallet(from).writeContract(
          kind === requestKinds.deploy
            ? {
                address: mc,
                abi: managementContractAbi,
                functionName: 'createProgram',
                args: [TOKEN_SALT, 0n, gas, bytesToHex(envelope)],
                value: fee,
              }
            : {
                address: mc,
                abi: managementContractAbi,
                functionName: 'request',
                args: [program, kind, 0n, gas, bytesToHex(envelope)],
                value: fee,
              },
        )
        return { hash, resultBase }
      },
      async confirm(sent) {
        const receipt = await client.waitForTransactionReceipt({ hash: sent.hash })
        const [log] = parseEventLogs({ abi: managementContractAbi, logs: receipt.logs, eventName: 'Request' })
        if (receipt.status !== 'success' || !log)
          throw new RaceteeError(errorCodes.CHAIN_CONTRACT_REVERT, 'The request reverted.', {
            details: sent.hash,
          })
        return { ...sent, seq: log.args.seq }
      },
      async pendingBatch() {
        const last = await mcChainFacts(client, mc).lastCommit()
        const toBlock = await client.getBlockNumber({ cacheTime: 0 })
        const requests = await collectBatchRequests(client, mc, { fromBlock: last.toBlock + 1n, toBlock })
        return { toBlock, requests }
      },
      async round(enclave, beneficiary) {
        const { toBlock, requests } = await devnet.pendingBatch()
        const output = await enclave.executeBatch({ toBlock, requests, beneficiary: beneficiary.address })
        for (const blob of output.blobs) blobs.set(blob.hash, blob.bytes)
        await commitWithTestStorage({
          client,
          wallet: wallet(beneficiary),
          chainId,
          mc,
          output,
          storageKeys: storageNodes,
        })
        return output
      },
      resultOf(output, sent, program) {
        const entry = decodeResultsBundle(output.resultsBundle).find((e) => e.seq === sent.seq)
        if (!entry) throw new TypeError(`no bundle entry for seq ${sent.seq}`)
        const { seq, acc, sealed } = entry
        return openResult({ resultBase: sent.resultBase, seq, acc, chainId, mc, program, sealed })
      },
      async inOneBlock(sends) {
        await client.request({ method: 'evm_setAutomine' as never, params: [false] as never })
        let sent: UnconfirmedRequest[]
        try {
          sent = await sends()
        } finally {
          await client.request({ method: 'evm_mine' as never, params: [] as never })
          await client.request({ method: 'evm_setAutomine' as never, params: [true] as never })
        }
        return Promise.all(sent.map((s) => devnet.confirm(s)))
      },
      stop,
    }
    return devnet
  } catch (err) {
    await stop()
    throw err
  }
}
