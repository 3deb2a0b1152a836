/**
 * Issue 3 "Done when": killing the SDK's process after sending and starting again still yields
 * the result (D8: the request's secret is persisted before the send, so a crash between send
 * and result loses nothing). The sender is its own process (support/sdkSendOnly.ts), SIGKILLed
 * as soon as it prints the hash; mining is paused meanwhile, so the kill comes before the
 * request is even mined, let alone committed. A new file store over the same directory, given
 * only the hash, then reads the decrypted result. Also: a fresh account's first two requests
 * sent at once both land (the nonce-0 race fixed in sendSealedRequest.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { type Devnet, randomAmount, startDevnet } from '@racetee/devnet'
import { confidentialErc20Abi, errorCodes } from '@racetee/protocol'
import { callProgram, type SecretStore, txSecretKey, waitForResult } from '@racetee/sdk'
import { fileSecretStore } from '@racetee/sdk/node'
import { type Address, createWalletClient, type Hex, http, isAddressEqual, parseEther } from 'viem'
import { generatePrivateKey, nonceManager, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { deployConfidentialToken } from './support/deployConfidentialToken.js'
import { pauseMining } from './support/pauseMining.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const sendOnlyEntry = join(root, 'e2e/support/sdkSendOnly.ts')
const TRANSFER_GAS = 200_000n

type Sender = { hash: Hex; child: ChildProcess; exited: Promise<NodeJS.Signals | null> }

/** Runs sdkSendOnly.ts and resolves with the hash it prints; the caller kills it. */
async function startSender(args: readonly string[]): Promise<Sender> {
  const child = spawn(process.execPath, ['--import', 'tsx', sendOnlyEntry, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_, signal) => resolve(signal)),
  )
  const stderr: string[] = []
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')))
  try {
    const hash = await new Promise<Hex>((resolve, reject) => {
      const timer = setTimeout(() => reject(new TypeError('sdkSendOnly printed no hash in 20 s')), 20_000)
      void exited.then(() => reject(new TypeError(`sdkSendOnly exited early: ${stderr.join('').trim()}`)))
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const { hash } = JSON.parse(line) as { hash?: Hex }
        if (!hash) return
        clearTimeout(timer)
        resolve(hash)
      })
    })
    return { hash, child, exited }
  } catch (err) {
    child.kill('SIGKILL')
    throw err
  }
}

describe('SDK process restart', () => {
  let devnet: Devnet
  let program: Address
  let alice: Address
  let bob: Address
  let aliceStore: SecretStore

  beforeAll(async () => {
    devnet = await startDevnet()
    const wallet = devnet.wallet(devnet.userKeys[0]!)
    alice = wallet.account.address
    bob = devnet.wallet(devnet.userKeys[1]!).account.address
    aliceStore = fileSecretStore({ dir: join(devnet.dir, 'sdk-secrets') })
    ;({ program } = await deployConfidentialToken(devnet, { wallet, secretStore: aliceStore }))
  })

  afterAll(async () => {
    await devnet?.stop()
  })

  test('a transfer whose sender was killed before the commit yields true to a new store over its directory', {
    timeout: 60_000,
  }, async () => {
    const { publicClient, mc, chainId } = devnet
    const secretsDir = join(devnet.dir, 'sdk-secrets-killed')
    mkdirSync(join(devnet.dir, 'keys'), { recursive: true, mode: 0o700 })
    const keyFile = join(devnet.dir, 'keys', 'alice')
    writeFileSync(keyFile, `${devnet.userKeys[0]!}\n`, { mode: 0o600 })
    const args = ['--rpc-url', devnet.rpcUrl, '--mc', mc, '--program', program, '--key-file', keyFile]
    args.push('--secrets-dir', secretsDir, '--to', bob, '--amount', String(randomAmount()))

    const mining = await pauseMining(devnet.rpcUrl)
    let hash: Hex
    try {
      const sender = await startSender(args)
      hash = sender.hash
      sender.child.kill('SIGKILL')
      expect(await sender.exited).toBe('SIGKILL')
      // Killed before its request was mined, so before any commit could cover it.
      expect((await publicClient.getTransaction({ hash })).blockNumber).toBeNull()
    } finally {
      await mining.resume()
    }

    // A store over another directory cannot open it: the secret lives only in the dead process's store.
    const elsewhere = fileSecretStore({ dir: join(devnet.dir, 'sdk-secrets-other') })
    await expect(
      waitForResult(publicClient, {
        mc,
        hash,
        secretStore: elsewhere,
        pollingInterval: 100,
        timeout: 10_000,
      }),
    ).rejects.toMatchObject({ code: errorCodes.SDK_SECRET_NOT_FOUND })

    const restarted = fileSecretStore({ dir: secretsDir })
    expect(await restarted.get(txSecretKey(chainId, hash))).toBeDefined()
    const result = await waitForResult(publicClient, {
      mc,
      hash,
      secretStore: restarted,
      abi: confidentialErc20Abi,
      functionName: 'transfer',
      pollingInterval: 100,
      timeout: 30_000,
    })
    expect(result).toMatchObject({ status: 'success', decoded: true, program })
    expect(isAddressEqual((await publicClient.getTransactionReceipt({ hash })).from, alice)).toBe(true)
  })

  test("behavior: a fresh account's first two requests, sent at once, both land", {
    timeout: 60_000,
  }, async () => {
    const { publicClient, mc } = devnet
    const account = privateKeyToAccount(generatePrivateKey(), { nonceManager })
    const funder = devnet.wallet(devnet.userKeys[3]!)
    await publicClient.waitForTransactionReceipt({
      hash: await funder.sendTransaction({ to: account.address, value: parseEther('1') }),
    })
    const options = { mc, program, abi: confidentialErc20Abi, gasLimit: TRANSFER_GAS, publicClient } as const
    const waitOptions = { mc, abi: confidentialErc20Abi, pollingInterval: 100, timeout: 30_000 } as const
    const held = randomAmount()
    const funded = await callProgram(devnet.wallet(devnet.userKeys[0]!), {
      ...options,
      functionName: 'transfer',
      args: [account.address, held],
      secretStore: aliceStore,
    })
    const fundedResult = await waitForResult(publicClient, {
      ...waitOptions,
      hash: funded.hash,
      secretStore: aliceStore,
      functionName: 'transfer',
    })
    expect(fundedResult.decoded).toBe(true)
    expect(await publicClient.getTransactionCount({ address: account.address })).toBe(0)

    const wallet = createWalletClient({ account, chain: devnet.chain, transport: http(devnet.rpcUrl) })
    const secretStore = fileSecretStore({ dir: join(devnet.dir, 'sdk-secrets-fresh') })
    const paid = held / 3n
    const [transfer, balance] = await Promise.all([
      callProgram(wallet, { ...options, functionName: 'transfer', args: [bob, paid], secretStore }),
      callProgram(wallet, { ...options, functionName: 'balanceOf', args: [account.address], secretStore }),
    ])
    expect(transfer.hash).not.toBe(balance.hash)
    const receipts = await Promise.all(
      [transfer, balance].map(({ hash }) => publicClient.waitForTransactionReceipt({ hash })),
    )
    expect(receipts.map((r) => r.status)).toEqual(['success', 'success'])
    const nonces = await Promise.all(
      [transfer, balance].map(async ({ hash }) => (await publicClient.getTransaction({ hash })).nonce),
    )
    expect(nonces.sort()).toEqual([0, 1])

    const [transferResult, balanceResult] = await Promise.all([
      waitForResult(publicClient, {
        ...waitOptions,
        hash: transfer.hash,
        secretStore,
        functionName: 'transfer',
      }),
      waitForResult(publicClient, {
        ...waitOptions,
        hash: balance.hash,
        secretStore,
        functionName: 'balanceOf',
      }),
    ])
    expect(transferResult.decoded).toBe(true)
    // Whichever the chain ordered first decides what the balance read saw.
    // Compared as a boolean so that a failure does not print the amounts.
    const expected = transferResult.seq < balanceResult.seq ? held - paid : held
    expect(balanceResult.decoded === expected, 'balance read matches the chain order').toBe(true)
  })
})
