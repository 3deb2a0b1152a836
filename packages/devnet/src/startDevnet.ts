/**
 * Brings up a whole local RaceTEE (D8 "Devnet"), every part a real process: anvil, the
 * management contract, storage nodes, and m executors each with their enclave child process
 * under the SIMULATION provider. Used by `npm start`, `npm run demo` and the e2e tests.
 * Returns where everything is and a `stop()` that tears it all down (also on failure).
 *
 * Executors (D3.1, D7): the first is the genesis enclave; every other one joins through the
 * chain as any operator's would (it registers, the first executor's enclave admits it, it takes
 * its secrets from the `Admitted` event after the admission delay). In automine mode the devnet
 * mines that delay itself, so startup stays fast; with a block time it passes by itself. Each
 * executor has its own process, enclave process, data dir, log and wallet: dev account 1 + i,
 * so user keys (the accounts after the executors', at least 3 to 9) never pay an executor's gas.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  anvilDevKeys,
  deployManagementContract,
  devnetConfig,
  type ManagementContractConfig,
  startAnvil,
} from '@racetee/contracts/devchain'
import { simulatedMeasurement } from '@racetee/executor'
import { errorCodes, managementContractAbi, RaceteeError } from '@racetee/protocol'
import {
  type Account,
  type Address,
  type Chain,
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  getAbiItem,
  type Hex,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { freePort } from './freePort.js'
import { type ServiceProcess, spawnService } from './spawnService.js'

const root = fileURLToPath(new URL('../../..', import.meta.url))
export const storageEntry = join(root, 'packages/storage/src/main.ts')
export const executorEntry = join(root, 'packages/executor/src/main.ts')

export type StartDevnetParameters = {
  /** Seconds per block; omitted = a block per transaction (fast tests). */
  blockTime?: number
  storageNodes?: number
  /** k of D6; defaults to all nodes (issue 3 runs one node, so k = 1). */
  storageThreshold?: number
  /** m: executor processes, the first the genesis one, the others joining (1 to 6; default 1). */
  executors?: number
  /** MC configuration overriding `devnetConfig` (tests that need a small block quota, say). */
  mcConfig?: Partial<Omit<ManagementContractConfig, 'governance'>>
  /** Epoch timing (D4) overriding `devnetConfig`: tests rotate in tens of blocks, not 7,200. */
  epochs?: { epochLength?: bigint; gracePeriod?: bigint }
  /** Directory for every process's data and logs; a fresh temp dir by default. */
  dir?: string
  /** Keep `dir` after stop (the CLI keeps it; tests delete it). */
  keepDir?: boolean
  log?: (line: string) => void
}

export type DevnetStorageNode = {
  signer: Address
  url: string
  dataDir: string
  logFile: string
  service: ServiceProcess
  /**
   * Starts it again on the same data dir and port (after a crash or stop): the URL registered
   * on the MC stays valid, and the node key in the data dir keeps its signer.
   */
  restart(): Promise<void>
}
export type DevnetExecutor = {
  enclave: Address
  /** Its operator's wallet: pays gas and the bond, and is the beneficiary of its commits. */
  account: Address
  healthUrl: string
  dataDir: string
  logFile: string
  service: ServiceProcess
  /** Starts it again on the same data dir (after a crash or stop). */
  restart(): Promise<void>
}

export type Devnet = {
  dir: string
  rpcUrl: string
  wsUrl: string
  chainId: number
  chain: Chain
  mc: Address
  deployBlock: bigint
  publicClient: PublicClient
  /** Funded dev accounts no executor uses (3..9 with up to 2 executors, then fewer), for users. */
  userKeys: readonly Hex[]
  /** SIMULATION: the platform key file and measurement every devnet enclave uses (more executors join with them). */
  platformKeyFile: string
  measurement: Hex
  wallet(key: Hex): WalletClient<Transport, Chain, Account>
  storage: DevnetStorageNode[]
  executors: DevnetExecutor[]
  stop(): Promise<void>
}

/** Dev accounts: 0 governance, 1..m executors; users need at least three of the rest. */
export const MAX_DEVNET_EXECUTORS = 6

export async function startDevnet(parameters: StartDevnetParameters = {}): Promise<Devnet> {
  const executorCount = parameters.executors ?? 1
  if (!Number.isInteger(executorCount) || executorCount < 1 || executorCount > MAX_DEVNET_EXECUTORS)
    throw new RangeError(`executors must be an integer from 1 to ${MAX_DEVNET_EXECUTORS}`)
  const log = parameters.log ?? (() => {})
  const dir = parameters.dir ?? join(tmpdir(), `racetee-devnet-${process.pid}-${Date.now()}`)
  mkdirSync(dir, { recursive: true })
  const cleanups: (() => Promise<void>)[] = []
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {})
    if (!parameters.keepDir) rmSync(dir, { recursive: true, force: true })
  }
  try {
    const anvil = await startAnvil(
      parameters.blockTime === undefined ? {} : { blockTime: parameters.blockTime },
    )
    cleanups.push(anvil.stop)
    log(`anvil         ${anvil.rpcUrl} (chain ${anvil.chainId})`)
    const chain = defineChain({
      id: anvil.chainId,
      name: 'racetee-devnet',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [anvil.rpcUrl], webSocket: [anvil.wsUrl] } },
    })
    const publicClient = createPublicClient({
      chain,
      cacheTime: 0,
      pollingInterval: 100,
      transport: http(anvil.rpcUrl),
    })
    const wallet = (key: Hex) =>
      createWalletClient({
        account: privateKeyToAccount(key),
        chain,
        pollingInterval: 100,
        transport: http(anvil.rpcUrl),
      })
    const governanceKey = anvilDevKeys[0]!
    const executorKeys = anvilDevKeys.slice(1, 1 + executorCount)
    const governance = wallet(governanceKey)
    const nodeCount = parameters.storageNodes ?? 1
    const config = {
      ...devnetConfig(governance.account.address),
      storageThreshold: parameters.storageThreshold ?? nodeCount,
      ...parameters.epochs,
      ...parameters.mcConfig,
    }
    const { address: mc, deployBlock } = await deployManagementContract({
      walletClient: governance,
      publicClient: publicClient as PublicClient,
      config,
    })
    log(`MC            ${mc} (k = ${config.storageThreshold} of ${nodeCount} storage nodes)`)

    // SIMULATION: the "hardware" every local enclave shares, like one CPU's platform key.
    const platformKeyFile = join(dir, 'simulated-platform.key')
    writeFileSync(platformKeyFile, `0x${randomBytes(32).toString('hex')}\n`, { mode: 0o600 })
    const common = ['--rpc-url', anvil.rpcUrl, '--mc', mc]

    const storage: DevnetStorageNode[] = []
    for (let i = 0; i < nodeCount; i++) {
      const dataDir = join(dir, `storage-${i}`)
      const logFile = join(dir, 'logs', `storage-${i}.log`)
      const launch = (port: string) =>
        spawnService({
          name: `storage node ${i}`,
          entry: storageEntry,
          args: [...common, '--data-dir', dataDir, '--port', port],
          logFile,
          readyMessage: 'listening',
        })
      const service = await launch('0')
      const node: DevnetStorageNode = {
        signer: service.ready.signer as Address,
        url: service.ready.url as string,
        dataDir,
        logFile,
        service,
        async restart() {
          await node.service.stop() // no-op when it already exited (a crash)
          node.service = await launch(new URL(node.url).port)
          const { url, signer } = node.service.ready
          if (url !== node.url || signer !== node.signer)
            throw new RaceteeError(errorCodes.TOOLING_FAILED, 'A restarted storage node came back changed.', {
              details: `registered ${node.url} (signer ${node.signer}), now ${String(url)} (signer ${String(signer)})`,
            })
        },
      }
      cleanups.push(() => node.service.stop())
      await waitFor(
        publicClient as PublicClient,
        await governance.writeContract({
          address: mc,
          abi: managementContractAbi,
          functionName: 'addStorageNode',
          args: [node.signer, node.url],
        }),
      )
      storage.push(node)
      log(`storage node  ${node.url} (signer ${node.signer})`)
    }

    const executors: DevnetExecutor[] = []
    const keyFile = (name: string, key: Hex) => {
      const path = join(dir, 'keys', name)
      mkdirSync(join(dir, 'keys'), { recursive: true, mode: 0o700 })
      writeFileSync(path, `${key}\n`, { mode: 0o600 })
      return path
    }
    // SIMULATION: measured once, so that code edited while the devnet runs does not change
    // what its executors claim (their sealed keys are bound to it, as on hardware).
    const measurement = simulatedMeasurement()
    const executorArgs = (dataDir: string) => [
      ...common,
      '--data-dir',
      dataDir,
      '--platform-key-file',
      platformKeyFile,
      '--measurement',
      measurement,
    ]
    // Executor 0: the genesis ceremony (D3.1) as a one-shot run, epoch 0 sealed to its data dir.
    // Its read endpoint (D7, its health URL) is registered now, so its health port is chosen
    // before it runs. Every executor keeps one port across restarts: its registered URL stays valid.
    const genesisPort = await freePort()
    await (
      await spawnService({
        name: 'genesis ceremony',
        entry: executorEntry,
        args: [
          'genesis',
          ...executorArgs(join(dir, 'executor-0')),
          '--governance-key-file',
          keyFile('governance', governanceKey),
          '--endpoint',
          `http://127.0.0.1:${genesisPort}`,
        ],
        logFile: join(dir, 'logs', 'executor-0.log'),
        readyMessage: 'genesis done',
      })
    ).exited
    const launchExecutor = async (i: number, readyMessage: string): Promise<DevnetExecutor> => {
      const dataDir = join(dir, `executor-${i}`)
      const logFile = join(dir, 'logs', `executor-${i}.log`)
      const key = executorKeys[i]!
      const runArgs = [
        'run',
        ...executorArgs(dataDir),
        '--ws-url',
        anvil.wsUrl,
        '--key-file',
        keyFile(`executor-${i}`, key),
        '--health-port',
        String(i === 0 ? genesisPort : await freePort()),
      ]
      const launch = (message: string) =>
        spawnService({
          name: `executor ${i}`,
          entry: executorEntry,
          args: runArgs,
          logFile,
          readyMessage: message,
        })
      const service = await launch(readyMessage)
      const executor: DevnetExecutor = {
        enclave: service.ready.enclave as Address,
        account: privateKeyToAccount(key).address,
        healthUrl: service.ready.health as string,
        dataDir,
        logFile,
        service,
        async restart() {
          executor.service = await launch('executor ready')
          executor.healthUrl = executor.service.ready.health as string
        },
      }
      cleanups.push(() => executor.service.stop())
      return executor
    }
    executors.push(await launchExecutor(0, 'executor ready'))
    // Executors 1..m-1 join through the chain, all at once: each registers itself and waits.
    const joiners = await Promise.all(
      Array.from({ length: executorCount - 1 }, (_, i) => launchExecutor(i + 1, 'waiting for admission')),
    )
    if (joiners.length > 0) {
      const client = publicClient as PublicClient
      if (parameters.blockTime === undefined) {
        // Automine: once executor 0 has admitted every newcomer, mine the admission delay.
        await waitForAdmissions(
          client,
          mc,
          deployBlock,
          joiners.map((j) => j.enclave),
        )
        await createTestClient({ mode: 'anvil', transport: http(anvil.rpcUrl) }).mine({
          blocks: Number(config.admissionDelay),
        })
      }
      const blocksMs = Number(config.admissionDelay + 4n) * (parameters.blockTime ?? 0) * 1000
      for (const joiner of joiners) {
        const ready = await joiner.service.waitForMessage('executor ready', { timeoutMs: 30_000 + blocksMs })
        joiner.healthUrl = ready.health as string
      }
      executors.push(...joiners)
    }
    for (const executor of executors)
      log(`executor      ${executor.healthUrl}/health (enclave ${executor.enclave}, SIMULATION)`)

    return {
      dir,
      rpcUrl: anvil.rpcUrl,
      wsUrl: anvil.wsUrl,
      chainId: anvil.chainId,
      chain,
      mc,
      deployBlock,
      publicClient: publicClient as PublicClient,
      userKeys: anvilDevKeys.slice(Math.max(3, executorCount + 1)),
      platformKeyFile,
      measurement,
      wallet,
      storage,
      executors,
      stop,
    }
  } catch (err) {
    await stop()
    throw err
  }
}

/** Polls the chain (never sleeps a guessed time) until every newcomer has an `Admitted` event. */
async function waitForAdmissions(
  client: PublicClient,
  mc: Address,
  fromBlock: bigint,
  newcomers: readonly Address[],
): Promise<void> {
  const deadline = performance.now() + 30_000
  for (;;) {
    const logs = await client.getLogs({
      address: mc,
      event: getAbiItem({ abi: managementContractAbi, name: 'Admitted' }),
      fromBlock,
    })
    const admitted = new Set(logs.map((l) => l.args.enclave?.toLowerCase()))
    const waiting = newcomers.filter((n) => !admitted.has(n.toLowerCase()))
    if (waiting.length === 0) return
    if (performance.now() > deadline)
      throw new RaceteeError(errorCodes.TOOLING_FAILED, 'Joining executors were not admitted.', {
        details: `no Admitted event for ${waiting.join(', ')} after 30 s`,
      })
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

async function waitFor(client: PublicClient, hash: Hex): Promise<void> {
  const receipt = await client.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success')
    throw new RaceteeError(errorCodes.CHAIN_CONTRACT_REVERT, 'A devnet setup transaction reverted.', {
      details: `transaction ${hash}`,
    })
}
