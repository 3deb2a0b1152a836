/**
 * Issue 9, `examples/`: every example script runs as a user would run it (`node --import tsx
 * examples/<name>.ts`, its own process) against one devnet of real processes (anvil, the MC,
 * a storage node, an executor and its enclave under SIMULATION), and must exit 0 and print the
 * decrypted results its README promises: the token's transfer and balance, the DEX's amount out
 * as the public constant-product formula gives it, the auction's winner and second price, the
 * JS counter's counts, and a balance read without a transaction (nonce unchanged).
 * Each example gets its own dev key (no shared nonces) and its own working directory (its
 * `.racetee/secrets`), so they run side by side. Also: the `.racetee/devnet.json` fallback
 * that `racetee devnet` writes, and the one-line failure when no devnet is found.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { type AddressInfo, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Devnet, startDevnet, tsxLoader } from '@racetee/devnet'
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, test } from 'vitest'
import { printLogs } from './support/logLines.js'

const examplesDir = fileURLToPath(new URL('../examples/', import.meta.url))
// Absolute, so an example can run in any working directory (its own `.racetee/`).
/** An example that has not exited by then has hung: it is killed and the test fails. */
const EXAMPLE_TIMEOUT_MS = 50_000

type ExampleRun = { code: number | null; stdout: string; stderr: string; cwd: string }

/** The value printed after `label` (the examples print `label  value` lines), or undefined. */
function printed(run: ExampleRun, label: string): string | undefined {
  const line = run.stdout.split('\n').find((l) => l.startsWith(`${label} `))
  return line?.slice(label.length).trim()
}

/** D9's DEX price, the public formula `ConstantProductPool.quote` implements (0.3 % fee). */
function constantProductOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  const inWithFee = amountIn * 997n
  return (inWithFee * reserveOut) / (reserveIn * 1000n + inWithFee)
}

describe.concurrent('examples on the devnet', { timeout: EXAMPLE_TIMEOUT_MS + 10_000 }, () => {
  let devnet: Devnet
  const children = new Set<ChildProcess>()
  const dirs: string[] = []

  /** Runs `examples/<name>.ts` in a fresh directory with `env` instead of any RACETEE_* of ours. */
  async function runExample(name: string, env: Record<string, string>, cwd?: string): Promise<ExampleRun> {
    const dir = cwd ?? mkdtempSync(join(tmpdir(), `racetee-example-${name}-`))
    if (cwd === undefined) dirs.push(dir)
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !key.startsWith('RACETEE_')),
    )
    const child = spawn(process.execPath, ['--import', tsxLoader, join(examplesDir, `${name}.ts`)], {
      cwd: dir,
      env: { ...inherited, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    children.add(child)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), EXAMPLE_TIMEOUT_MS)
    try {
      const code = await new Promise<number | null>((resolve, reject) => {
        child.once('error', reject)
        child.once('exit', (exitCode) => resolve(exitCode))
      })
      return { code, stdout, stderr, cwd: dir }
    } finally {
      clearTimeout(timer)
      children.delete(child)
    }
  }

  /** The environment pointing an example at the devnet, paying with user key `i`. */
  const envFor = (i: number) => ({
    RACETEE_RPC_URL: devnet.rpcUrl,
    RACETEE_MC: devnet.mc,
    RACETEE_PRIVATE_KEY: devnet.userKeys[i]!,
  })

  /** Runs an example and, when it did not exit 0, shows its output and the executor's last log lines. */
  async function runOk(name: string, i: number): Promise<ExampleRun> {
    const run = await runExample(name, envFor(i))
    if (run.code !== 0) {
      // How far it got (the labels it printed, not the decrypted values) and its one-line failure.
      const labels = run.stdout.split('\n').map((line) => line.split(/\s{2,}/)[0])
      console.error(`examples/${name}.ts exited ${run.code} after [${labels.join(', ')}]\n${run.stderr}`)
      printLogs(
        devnet.executors.map((e) => e.logFile),
        30,
      )
    }
    return run
  }

  beforeAll(async () => {
    devnet = await startDevnet()
  })

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL')
    await devnet?.stop()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  test('token.ts deploys ConfidentialERC20, transfers and prints the decrypted results', async ({
    expect,
  }) => {
    const run = await runOk('token', 0)
    expect(run.code).toBe(0)
    expect(printed(run, 'transfer')).toMatch(/^1234 to 0x[0-9a-fA-F]{40}: true \(seq \d+, gas \d+\)$/)
    expect(printed(run, 'event')).toBe('Transfer 1234')
    expect(printed(run, 'balance')).toBe(String(1_000_000n - 1_234n))
    // The request secrets went to the file store in the example's working directory.
    expect(readdirSync(join(run.cwd, '.racetee', 'secrets')).length).toBeGreaterThanOrEqual(3)
  })

  test('dex.ts: the amount out of one swap equals the public constant-product formula', async ({
    expect,
  }) => {
    const run = await runOk('dex', 1)
    expect(run.code).toBe(0)
    const e18 = 10n ** 18n
    const expected = constantProductOut(10n * e18, 1_000n * e18, 2_000n * e18)
    expect(printed(run, 'amount out')?.split(' ')[0]).toBe(String(expected))
  })

  test('auction.ts: the higher bidder wins and pays the second-highest bid', async ({ expect }) => {
    const run = await runOk('auction', 2)
    expect(run.code).toBe(0)
    const bob = printed(run, 'bob')
    expect(printed(run, 'winner')).toBe(`bob (${bob})`)
    expect(printed(run, 'price')).toBe('5000 PAY (the second-highest bid)')
  })

  test('jsProgram.ts deploys examples/js/counter.ts and its count persists across calls', async ({
    expect,
  }) => {
    const run = await runOk('jsProgram', 3)
    expect(run.code).toBe(0)
    const counts = run.stdout.split('\n').filter((l) => l.startsWith('increment '))
    expect(counts.map((l) => l.replace(/\s*\(gas \d+\)$/, '').replace(/\s+/g, ' '))).toEqual([
      'increment by 5: count 5',
      'increment by 37: count 42',
    ])
  })

  test('read.ts reads the transferred balance without a transaction, from the genesis executor', async ({
    expect,
  }) => {
    const run = await runOk('read', 4)
    expect(run.code).toBe(0)
    const read = printed(run, 'read')
    expect(read).toMatch(/^balanceOf = 4321 \(state as of seq \d+, answered by enclave 0x[0-9a-fA-F]{40}\)$/)
    // The genesis executor registered its health URL as its read endpoint, and it answered.
    expect(read?.endsWith(`enclave ${devnet.executors[0]!.enclave})`)).toBe(true)
    expect(printed(run, 'nonce')).toBe('before 0, after 0: no transaction was sent')
  })

  test('behavior: with no RACETEE_* variables an example connects through .racetee/devnet.json', async ({
    expect,
  }) => {
    const cwd = mkdtempSync(join(tmpdir(), 'racetee-example-devnet-json-'))
    dirs.push(cwd)
    mkdirSync(join(cwd, '.racetee'))
    const key: Hex = devnet.userKeys[5]!
    // The shape `racetee devnet` writes; the examples read rpcUrl, mc and the first test account.
    const file = {
      rpcUrl: devnet.rpcUrl,
      chainId: devnet.chainId,
      mc: devnet.mc,
      deployBlock: String(devnet.deployBlock),
      testAccounts: [{ address: privateKeyToAccount(key).address, privateKey: key }],
    }
    writeFileSync(join(cwd, '.racetee', 'devnet.json'), JSON.stringify(file))
    const run = await runExample('token', {}, cwd)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(printed(run, 'account')).toBe(privateKeyToAccount(key).address)
    expect(printed(run, 'balance')).toBe(String(1_000_000n - 1_234n))
  })

  test('error: with no devnet to connect to, an example exits 1 with one line saying to start it', async ({
    expect,
  }) => {
    const run = await runExample('token', {})
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      'token failed: No devnet found: start the devnet with `npm start` first. ' +
        '(or set RACETEE_RPC_URL, RACETEE_MC and RACETEE_PRIVATE_KEY) [CLI_NO_DEVNET]',
    ])
  })

  test('error: a devnet.json left behind by a stopped devnet gives one line naming its RPC URL', async ({
    expect,
  }) => {
    const cwd = mkdtempSync(join(tmpdir(), 'racetee-example-stale-'))
    dirs.push(cwd)
    mkdirSync(join(cwd, '.racetee'))
    const rpcUrl = `http://127.0.0.1:${await closedPort()}`
    writeFileSync(
      join(cwd, '.racetee', 'devnet.json'),
      JSON.stringify({
        rpcUrl,
        chainId: 31337,
        mc: devnet.mc,
        testAccounts: [{ privateKey: devnet.userKeys[6] }],
      }),
    )
    const run = await runExample('read', {}, cwd)
    expect(run.code).toBe(1)
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      `read failed: The chain does not answer: is the devnet running (\`npm start\`)? (${rpcUrl}) [CLI_RPC_UNREACHABLE]`,
    ])
  })
})

/** A port nothing listens on: the OS picks a free one, and it is closed again at once. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}
