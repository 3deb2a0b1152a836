/**
 * Private events of a request that crosses programs, and the ACL of a called program (D5,
 * issue 4), through the SDK on a real anvil with the in-process enclave (devRound.ts): a swap
 * on a confidential DEX moves two confidential tokens in one request, and its result carries
 * both tokens' `Transfer` logs and the DEX's `Swap`, decoded with `abi` + `eventAbis` as viem
 * decodes the receipt of the same swap run publicly on the same anvil. Then a token restricted
 * by its admin to alice refuses the DEX (ACLs are checked against the immediate caller), which
 * fails the swap like a revert until the admin lists the DEX too.
 */
import { confidentialDexArtifact, confidentialErc20Artifact } from '@racetee/contracts'
import { confidentialErc20Abi } from '@racetee/protocol'
import {
  type Address,
  createWalletClient,
  type Hash,
  http,
  type PrivateKeyAccount,
  parseEventLogs,
} from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callProgram, deployProgram, memorySecretStore, setProgramAcl, waitForResult } from '../src/index.js'
import { type BlobServer, startBlobServer } from './blobServer.js'
import { type DevRound, startDevRound } from './devRound.js'

const dexAbi = confidentialDexArtifact.abi
const SUPPLY = 10n ** 24n
const LIQUIDITY = 10n ** 21n
const SWAP_IN = 12_345_678n
const GAS = 1_000_000n

describe('private events of a multi-program request, and a called program’s ACL, on anvil', () => {
  const blobs = new Map<`0x${string}`, Uint8Array>()
  const secretStore = memorySecretStore()
  let dev: DevRound
  let server: BlobServer
  let alice: PrivateKeyAccount
  const confidential = { tokenA: '0x' as Address, tokenB: '0x' as Address, dex: '0x' as Address }

  beforeAll(async () => {
    server = await startBlobServer(blobs)
    dev = await startDevRound({ storageUrls: [server.goodUrl, server.goodUrl], blobs })
    alice = dev.users[0]!
  }, 60_000)

  afterAll(async () => {
    await dev?.stop()
    await server?.close()
  })

  const wallet = () => createWalletClient({ account: alice, chain: dev.chain, transport: http(dev.rpcUrl) })
  /** Runs one round over everything sent and returns each result, in the order given. */
  const settle = async (hashes: readonly Hash[]) => {
    await dev.round()
    return Promise.all(
      hashes.map((hash) =>
        waitForResult(dev.client, {
          mc: dev.mc,
          hash,
          secretStore,
          abi: dexAbi,
          eventAbis: [confidentialErc20Abi],
          timeout: 30_000,
        }),
      ),
    )
  }
  const send = (
    program: Address,
    abi: typeof dexAbi | typeof confidentialErc20Abi,
    functionName: string,
    args: readonly unknown[],
  ) =>
    callProgram(wallet(), {
      mc: dev.mc,
      program,
      abi: abi as typeof confidentialErc20Abi,
      functionName: functionName as 'approve',
      args: args as never,
      gasLimit: GAS,
      secretStore,
      publicClient: dev.client,
    }).then((sent) => sent.hash)

  it('decodes both tokens’ Transfer and the DEX’s Swap of one swap, as the public receipt of the same swap', async () => {
    const deploy = (bytecode: `0x${string}`, abi: readonly unknown[], args: readonly unknown[]) =>
      deployProgram(wallet(), {
        mc: dev.mc,
        bytecode,
        abi,
        args,
        gasLimit: 5_000_000n,
        secretStore,
        publicClient: dev.client,
      })
    const tokenA = await deploy(confidentialErc20Artifact.bytecode, confidentialErc20Abi, ['A', 'A', SUPPLY])
    const tokenB = await deploy(confidentialErc20Artifact.bytecode, confidentialErc20Abi, ['B', 'B', SUPPLY])
    const dex = await deploy(confidentialDexArtifact.bytecode, dexAbi, [tokenA.program, tokenB.program])
    Object.assign(confidential, { tokenA: tokenA.program, tokenB: tokenB.program, dex: dex.program })
    const setup = [
      await send(tokenA.program, confidentialErc20Abi, 'approve', [dex.program, SUPPLY]),
      await send(tokenB.program, confidentialErc20Abi, 'approve', [dex.program, SUPPLY]),
      await send(dex.program, dexAbi, 'addLiquidity', [LIQUIDITY, LIQUIDITY]),
    ]
    const swap = await send(dex.program, dexAbi, 'swap', [tokenA.program, SWAP_IN, 0n])
    const results = await settle([tokenA.hash, tokenB.hash, dex.hash, ...setup, swap])
    expect(results.map((r) => r.status)).toEqual(Array(7).fill('success'))
    const swapped = results[6]!

    // The public run: the same contracts and calls, in the clear.
    const pub = wallet()
    const deployPublic = async (bytecode: `0x${string}`, abi: readonly unknown[], args: readonly unknown[]) =>
      (
        await dev.client.waitForTransactionReceipt({
          hash: await pub.deployContract({ abi: abi as never, bytecode, args: args as never }),
        })
      ).contractAddress!
    const pA = await deployPublic(confidentialErc20Artifact.bytecode, confidentialErc20Abi, [
      'A',
      'A',
      SUPPLY,
    ])
    const pB = await deployPublic(confidentialErc20Artifact.bytecode, confidentialErc20Abi, [
      'B',
      'B',
      SUPPLY,
    ])
    const pDex = await deployPublic(confidentialDexArtifact.bytecode, dexAbi, [pA, pB])
    const write = async (
      address: Address,
      abi: readonly unknown[],
      functionName: string,
      args: readonly unknown[],
    ) =>
      dev.client.waitForTransactionReceipt({
        hash: await pub.writeContract({ address, abi: abi as never, functionName, args, gas: GAS } as never),
      })
    await write(pA, confidentialErc20Abi, 'approve', [pDex, SUPPLY])
    await write(pB, confidentialErc20Abi, 'approve', [pDex, SUPPLY])
    await write(pDex, dexAbi, 'addLiquidity', [LIQUIDITY, LIQUIDITY])
    const receipt = await write(pDex, dexAbi, 'swap', [pA, SWAP_IN, 0n])
    const reference = parseEventLogs({ abi: [...dexAbi, ...confidentialErc20Abi], logs: receipt.logs })

    // Addresses differ between the runs; map the public ones to their confidential twins.
    const twin = new Map<string, Address>([
      [pA.toLowerCase(), confidential.tokenA],
      [pB.toLowerCase(), confidential.tokenB],
      [pDex.toLowerCase(), confidential.dex],
      [alice.address.toLowerCase(), alice.address],
    ])
    const asConfidential = (value: unknown) =>
      typeof value === 'string' && twin.has(value.toLowerCase()) ? twin.get(value.toLowerCase()) : value
    const shape = (event: { address: Address; eventName: string; args: unknown }) => ({
      address: asConfidential(event.address),
      eventName: event.eventName,
      args: Object.fromEntries(Object.entries(event.args as object).map(([k, v]) => [k, asConfidential(v)])),
    })
    expect(reference.map((e) => e.eventName)).toEqual(['Transfer', 'Transfer', 'Swap'])
    expect(swapped.events.map((e) => shape({ ...e, address: e.address as Address }))).toEqual(
      reference.map(shape),
    )
    expect(swapped.events.map((e) => e.logIndex)).toEqual([0, 1, 2])
    // The return value and the Swap event agree.
    const typed = await waitForResult(dev.client, {
      mc: dev.mc,
      hash: swap,
      secretStore,
      abi: dexAbi,
      functionName: 'swap',
      timeout: 30_000,
    })
    const swapEvent = typed.events.find((e) => e.eventName === 'Swap')
    expect(swapEvent?.eventName === 'Swap' ? swapEvent.args.amountOut : undefined).toBe(typed.decoded)
    expect(typed.decoded).toBeGreaterThan(0n)
  }, 120_000)

  it('behavior: with only the DEX ABI, the tokens’ logs stay raw and only Swap decodes', async () => {
    const swap = await send(confidential.dex, dexAbi, 'swap', [confidential.tokenB, SWAP_IN, 0n])
    await dev.round()
    const result = await waitForResult(dev.client, {
      mc: dev.mc,
      hash: swap,
      secretStore,
      abi: dexAbi,
      functionName: 'swap',
      timeout: 30_000,
    })
    expect(result.status).toBe('success')
    expect(result.logs).toHaveLength(3)
    expect(result.events.map((e) => [e.eventName, e.logIndex])).toEqual([['Swap', 2]])
  }, 60_000)

  it('behavior: a token whose ACL leaves the DEX out refuses it, failing the swap like a revert, until listed', async () => {
    const restrict = (
      await setProgramAcl(wallet(), {
        mc: dev.mc,
        program: confidential.tokenB,
        acl: [alice.address],
        secretStore,
        publicClient: dev.client,
      })
    ).hash
    const refusedSwap = await send(confidential.dex, dexAbi, 'swap', [confidential.tokenA, SWAP_IN, 0n])
    const allow = (
      await setProgramAcl(wallet(), {
        mc: dev.mc,
        program: confidential.tokenB,
        acl: [alice.address, confidential.dex],
        secretStore,
        publicClient: dev.client,
      })
    ).hash
    const swap = await send(confidential.dex, dexAbi, 'swap', [confidential.tokenA, SWAP_IN, 0n])
    const results = await settle([restrict, refusedSwap, allow, swap])
    expect(results.map((r) => r.status)).toEqual(['success', 'reverted', 'success', 'success'])
    // The refused request rolled back entirely: no Transfer of tokenA survived it.
    expect([results[1]!.logs, results[1]!.events]).toEqual([[], []])
    expect(results[3]!.events.map((e) => e.eventName)).toEqual(['Transfer', 'Transfer', 'Swap'])
  }, 60_000)
})
