/**
 * Starts one more executor process on a running devnet (issue 5, D3.1): its own data dir and
 * wallet, the devnet's simulated platform key, and the devnet's measurement unless the test
 * claims another. It runs `executor run`, so it registers its enclave and waits for admission
 * by itself; `readyMessage` says which of its log lines counts as started ("executor ready"
 * once it was admitted and provisioned, "waiting for admission" as soon as it is registered).
 * Both lines carry its enclave address and health URL. The caller stops it (`service.stop()`)
 * in `afterAll`; spawnService also kills it if the test process exits.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Devnet, executorEntry, type ServiceProcess, spawnService } from '@racetee/devnet'
import type { Address, Hex } from 'viem'

export type ExtraExecutor = {
  name: string
  enclave: Address
  healthUrl: string
  dataDir: string
  logFile: string
  service: ServiceProcess
}

export type StartExtraExecutorParameters = {
  /** Names the data dir, key file and log file under the devnet's dir. */
  name: string
  /** The operator's wallet key: pays the bond and gas, receives fees. */
  key: Hex
  /** SIMULATION: the measurement to claim; default the devnet's (the one its policy allows). */
  measurement?: Hex
  readyMessage?: 'executor ready' | 'waiting for admission'
}

export async function startExtraExecutor(
  devnet: Devnet,
  parameters: StartExtraExecutorParameters,
): Promise<ExtraExecutor> {
  const { name, key } = parameters
  const dataDir = join(devnet.dir, name)
  const logFile = join(devnet.dir, 'logs', `${name}.log`)
  const keyFile = join(devnet.dir, 'keys', name)
  mkdirSync(join(devnet.dir, 'keys'), { recursive: true, mode: 0o700 })
  writeFileSync(keyFile, `${key}\n`, { mode: 0o600 })
  const service = await spawnService({
    name,
    entry: executorEntry,
    args: [
      'run',
      ...['--rpc-url', devnet.rpcUrl, '--ws-url', devnet.wsUrl, '--mc', devnet.mc],
      ...['--data-dir', dataDir, '--key-file', keyFile, '--health-port', '0'],
      ...['--platform-key-file', devnet.platformKeyFile],
      ...['--measurement', parameters.measurement ?? devnet.measurement],
    ],
    logFile,
    readyMessage: parameters.readyMessage ?? 'executor ready',
  })
  return {
    name,
    enclave: service.ready.enclave as Address,
    healthUrl: service.ready.health as string,
    dataDir,
    logFile,
    service,
  }
}
