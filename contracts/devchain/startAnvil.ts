/**
 * Starts a real anvil (D8 devnet, contract tests) at the pinned hardfork (D3: osaka), on a free
 * port, with its own cache directory. Readiness is detected by polling `eth_chainId`, never by
 * sleeping. `stop()` kills the process and deletes the directory; it also runs on process exit,
 * so no anvil outlives the test run or devnet that started it.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { errorCodes, RaceteeError } from '@racetee/protocol'
import type { Hex } from 'viem'
import { anvilDevKeys } from './devAccounts.js'

export type StartAnvilParameters = {
  /** Seconds between blocks; omitted = automine (a block per transaction). */
  blockTime?: number
  chainId?: number
  /** How long to wait for readiness, in milliseconds. Default 20 000. */
  timeoutMs?: number
}

export type StartAnvilReturnType = {
  rpcUrl: string
  wsUrl: string
  chainId: number
  /** Private keys of the ten funded dev accounts. */
  accounts: readonly Hex[]
  stop: () => Promise<void>
}

const HARDFORK = 'osaka'
const POLL_MS = 25

function anvilBinary(): string {
  try {
    const require = createRequire(import.meta.url)
    return join(dirname(require.resolve('@foundry-rs/anvil-linux-amd64/package.json')), 'bin', 'anvil')
  } catch (cause) {
    throw new RaceteeError(errorCodes.TOOLING_FAILED, 'anvil binary not found.', {
      details: '@foundry-rs/anvil-linux-amd64 is not installed (npm ci installs it on linux x64)',
      cause,
    })
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

async function chainIdAnswered(rpcUrl: string): Promise<boolean> {
  try {
    const res = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    })
    return res.ok
  } catch {
    return false
  }
}

export async function startAnvil(parameters: StartAnvilParameters = {}): Promise<StartAnvilReturnType> {
  const { blockTime, chainId = 31337, timeoutMs = 20_000 } = parameters
  const binary = anvilBinary()
  const cacheDir = mkdtempSync(join(tmpdir(), 'racetee-anvil-'))
  const port = await freePort()
  const args = [
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--hardfork',
    HARDFORK,
    '--chain-id',
    String(chainId),
    '--cache-path',
    cacheDir,
    '--silent',
  ]
  if (blockTime !== undefined) args.push('--block-time', String(blockTime))

  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000)
  })
  let exited = false
  const exitedPromise = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.once('exit', () => {
    exited = true
  })
  child.once('error', () => {
    exited = true
  })

  const killOnExit = () => {
    if (!exited) child.kill('SIGKILL')
    rmSync(cacheDir, { recursive: true, force: true })
  }
  process.once('exit', killOnExit)

  const stop = async () => {
    process.removeListener('exit', killOnExit)
    if (!exited) {
      child.kill('SIGTERM')
      await exitedPromise
    }
    rmSync(cacheDir, { recursive: true, force: true })
  }

  const rpcUrl = `http://127.0.0.1:${port}`
  const deadline = Date.now() + timeoutMs
  while (!(await chainIdAnswered(rpcUrl))) {
    if (exited || Date.now() > deadline) {
      await stop()
      throw new RaceteeError(errorCodes.TOOLING_FAILED, 'anvil did not start.', {
        details: exited
          ? `exited early: ${stderr.trim() || 'no output'}`
          : `no answer within ${timeoutMs} ms`,
      })
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
  return { rpcUrl, wsUrl: `ws://127.0.0.1:${port}`, chainId, accounts: anvilDevKeys, stop }
}
