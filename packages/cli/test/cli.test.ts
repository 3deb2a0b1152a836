/**
 * The `racetee` CLI as a user runs it (D8, issue 9): the real bin as a child process against a
 * devnet of real processes (`startDevnet`: anvil, one storage node, one executor, automine),
 * found through `.racetee/devnet.json` in the working directory as `racetee devnet` writes it,
 * or through the RACETEE_* variables. Deploys ConfidentialERC20, calls `transfer`, reads
 * `balanceOf` without a transaction, reads `status --json`, and checks each documented error
 * (code and exit status) and that usage errors exit 2.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Devnet, startDevnet } from '@racetee/devnet'
import { errorCodes } from '@racetee/protocol'
import { type Address, getAddress } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeDevnet, latestDevnetPath, writeDevnetFile } from '../src/devnetFile.js'
import { errorCodeOf, jsonOf, runCli } from './runCli.js'

describe('racetee CLI', () => {
  let devnet: Devnet
  let cwd: string
  let empty: string
  let me: Address
  let program: Address
  const bob = privateKeyToAccount(generatePrivateKey()).address
  const cli = (...args: string[]) => runCli(args, { cwd })

  beforeAll(async () => {
    cwd = mkdtempSync(join(tmpdir(), 'racetee-cli-'))
    empty = mkdtempSync(join(tmpdir(), 'racetee-cli-empty-'))
    devnet = await startDevnet()
    const described = describeDevnet(devnet, null)
    writeDevnetFile(latestDevnetPath(cwd), described)
    me = described.testAccounts[0]!.address
  }, 120_000)

  afterAll(async () => {
    await devnet?.stop()
    for (const dir of [cwd, empty]) if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('deploys ConfidentialERC20, calls transfer, reads balanceOf and shows the status', async () => {
    const deployed = await cli('deploy', 'ConfidentialERC20', 'Token', 'TOK', '1000', '--json')
    expect(deployed.code, deployed.stderr).toBe(0)
    const deploy = jsonOf(deployed)
    expect(deploy.status).toBe('success')
    expect(deploy.name).toBe('ConfidentialERC20')
    program = deploy.program as Address
    expect(deploy.abiFile).toBe(join(cwd, '.racetee', 'programs', `${program}.json`))

    const called = await cli('call', program, 'transfer', bob, '7', '--json')
    expect(called.code, called.stderr).toBe(0)
    const call = jsonOf(called)
    expect(call).toMatchObject({ status: 'success', result: true, function: 'transfer(address,uint256)' })
    expect(BigInt(call.gasUsed as string)).toBeGreaterThan(21_000n)
    expect(BigInt(call.commitBlock as string)).toBeGreaterThan(BigInt(call.requestBlock as string))
    expect(Number(call.latencyBlocks)).toBeGreaterThanOrEqual(1)
    expect(call.events).toEqual([{ eventName: 'Transfer', args: { from: me, to: bob, value: '7' } }])

    const read = await cli('read', program, 'balanceOf', me, '--json')
    expect(read.code, read.stderr).toBe(0)
    expect(jsonOf(read)).toMatchObject({ status: 'success', result: '993', account: me })

    const status = await cli('status', '--json')
    expect(status.code, status.stderr).toBe(0)
    const doc = jsonOf(status)
    expect(doc).toMatchObject({
      chainId: devnet.chainId,
      mc: getAddress(devnet.mc),
      pending: '0',
      unattributedCommits: 0,
    })
    expect(doc.epoch).toMatchObject({ epoch: '0' })
    const executors = doc.executors as { enclave: string; admitted: boolean; commitsWon: number }[]
    expect(executors).toHaveLength(1)
    expect(executors[0]).toMatchObject({ enclave: devnet.executors[0]!.enclave, admitted: true })
    expect(executors[0]!.commitsWon).toBe(doc.commits)
    expect(executors[0]!.commitsWon).toBeGreaterThanOrEqual(2)
    expect(doc.storage).toEqual([{ signer: devnet.storage[0]!.signer, url: devnet.storage[0]!.url }])
    expect((doc.lastCommit as { toSeq: string }).toSeq).toBe('2')
  }, 180_000)

  it('behavior: human output names the decrypted result, status, gas and latency', async () => {
    // ConfidentialERC20 answers a balance only to its owner (or a viewer it named).
    const called = await cli('call', program, 'balanceOf', me)
    expect(called.code, called.stderr).toBe(0)
    expect(called.stdout).toMatch(/^result {4}993$/m)
    expect(called.stdout).toMatch(/^status {4}success$/m)
    expect(called.stdout).toMatch(/^gas {7}\d+$/m)
    expect(called.stdout).toMatch(/^latency {3}\d+ block\(s\)/m)
  }, 120_000)

  it('behavior: RACETEE_RPC_URL, RACETEE_MC and RACETEE_PRIVATE_KEY work without a devnet file', async () => {
    const key = devnet.userKeys[1]!
    const other = privateKeyToAccount(key).address
    const env = { RACETEE_RPC_URL: devnet.rpcUrl, RACETEE_MC: devnet.mc, RACETEE_PRIVATE_KEY: key }
    const read = await runCli(['read', program, 'balanceOf', other, '--abi', 'ConfidentialERC20', '--json'], {
      cwd: empty,
      env,
    })
    expect(read.code, read.stderr).toBe(0)
    expect(jsonOf(read)).toMatchObject({ status: 'success', result: '0', account: other })
    expect(read.stdout + read.stderr).not.toContain(key.slice(2))
  }, 120_000)

  it('error: no devnet running and no RPC given is CLI_NO_DEVNET; an RPC that does not answer CLI_RPC_UNREACHABLE', async () => {
    const none = await runCli(['status', '--json'], { cwd: empty })
    expect(none.code).toBe(1)
    expect(errorCodeOf(none)).toBe(errorCodes.CLI_NO_DEVNET)
    const dead = await runCli(['status', '--json', '--rpc-url', 'http://127.0.0.1:9', '--mc', devnet.mc], {
      cwd: empty,
    })
    expect(dead.code).toBe(1)
    expect(errorCodeOf(dead)).toBe(errorCodes.CLI_RPC_UNREACHABLE)
  }, 60_000)

  it('error: an address with no code, or with code but not registered on the MC, is CLI_UNKNOWN_PROGRAM', async () => {
    const nothing = await cli(
      'call',
      privateKeyToAccount(generatePrivateKey()).address,
      'transfer',
      bob,
      '1',
      '--json',
    )
    expect(nothing.code).toBe(1)
    expect(errorCodeOf(nothing)).toBe(errorCodes.CLI_UNKNOWN_PROGRAM)
    const notRegistered = await cli(
      'read',
      devnet.mc,
      'balanceOf',
      bob,
      '--abi',
      'ConfidentialERC20',
      '--json',
    )
    expect(notRegistered.code).toBe(1)
    expect(errorCodeOf(notRegistered)).toBe(errorCodes.CLI_UNKNOWN_PROGRAM)
  }, 60_000)

  it('error: an unknown function is CLI_UNKNOWN_FUNCTION', async () => {
    const run = await cli('call', program, 'mint', bob, '1', '--json')
    expect(run.code).toBe(1)
    expect(errorCodeOf(run)).toBe(errorCodes.CLI_UNKNOWN_FUNCTION)
  }, 60_000)

  it('error: a malformed argument is CLI_BAD_ARGUMENT naming the argument and its ABI type, not the value', async () => {
    const run = await cli('call', program, 'transfer', bob, '12abc34', '--json')
    expect(run.code).toBe(1)
    const error = jsonOf(run).error as { code: string; details: string }
    expect(error.code).toBe(errorCodes.CLI_BAD_ARGUMENT)
    expect(error.details).toContain('argument 2 (value) of transfer(address,uint256): expected uint256')
    expect(run.stdout + run.stderr).not.toContain('12abc34')
  }, 60_000)

  it('error: an RPC on another chain than --chain-id (or the devnet file) is CLI_WRONG_CHAIN', async () => {
    const run = await cli('call', program, 'transfer', bob, '1', '--chain-id', '1', '--json')
    expect(run.code).toBe(1)
    expect(errorCodeOf(run)).toBe(errorCodes.CLI_WRONG_CHAIN)
  }, 60_000)

  it('error: an account that cannot pay the fee is CLI_NO_FUNDS, before anything is sent', async () => {
    const poor = generatePrivateKey()
    const run = await runCli(['call', program, 'transfer', bob, '1', '--json'], {
      cwd,
      env: { RACETEE_PRIVATE_KEY: poor },
    })
    expect(run.code).toBe(1)
    expect(errorCodeOf(run)).toBe(errorCodes.CLI_NO_FUNDS)
    expect(run.stdout + run.stderr).not.toContain(poor.slice(2))
    expect(
      await devnet.publicClient.getTransactionCount({ address: privateKeyToAccount(poor).address }),
    ).toBe(0)
  }, 60_000)

  it('error: a call the program reverts exits 1 with its status in the document', async () => {
    const run = await cli('call', program, 'balanceOf', bob, '--json')
    expect(run.code).toBe(1)
    expect(jsonOf(run)).toMatchObject({ status: 'reverted' })
  }, 60_000)

  it('error: usage errors (unknown command or flag, missing argument) exit 2', async () => {
    for (const args of [['frobnicate'], ['status', '--no-such-flag'], ['call', program]]) {
      const run = await cli(...args)
      expect(run.code, args.join(' ')).toBe(2)
      expect(run.stderr).toContain('error:')
    }
  }, 60_000)
})
