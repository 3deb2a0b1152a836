/**
 * Issue 8, reads without a transaction (D7, D8, P8), every part a real process: anvil, the MC,
 * a storage node, two executors with their enclave children under SIMULATION (the genesis one
 * and one that joined through the chain; each registered its health URL as its read endpoint,
 * the genesis one at the genesis ceremony, so the registry offers both).
 * - `readProgram` reads a `ConfidentialERC20` balance with no transaction (the account's nonce
 *   and the block number unchanged) and gets the value a transaction-based `balanceOf` returns;
 *   the answer names the last commit, which covers the reader's own requests.
 * - Account B cannot learn account A's balance through a read (the token reverts for B).
 * - The SDK fails over from an unreachable executor, and refuses an answer signed by an enclave
 *   other than the one it chose, or older than the caller's last committed request.
 * - Each refusal of the enclave crosses the real endpoint with its code: a state-changing call,
 *   an expired query, one whose signer is not the declared account, one bound to another MC.
 */

import { type Devnet, startDevnet } from '@racetee/devnet'
import { confidentialErc20Abi, raceteeDomain, readQueryTypes, sealReadQuery } from '@racetee/protocol'
import {
  askExecutor,
  getEncryptionContext,
  memorySecretStore,
  type ReadExecutor,
  readExecutors,
  readProgram,
  type SecretStore,
  sampleReadLatency,
} from '@racetee/sdk'
import { type Address, decodeErrorResult, encodeFunctionData, getAddress } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { deployConfidentialToken } from './support/deployConfidentialToken.js'
import { printLogs } from './support/logLines.js'
import { tokenCalls } from './support/tokenCalls.js'

type Wallet = ReturnType<Devnet['wallet']>

describe('reads without a transaction on the devnet', () => {
  let devnet: Devnet
  let secretStore: SecretStore
  let program: Address
  let owner: Wallet
  let other: Wallet
  let registered: ReadExecutor[]
  /** What the transaction-based `balanceOf(owner)` returned, after a transfer to `other`. */
  let ownerBalanceByTransaction: bigint
  let lastSeq: bigint
  const sent = 123_456_789n

  const codeOf = async (promise: Promise<unknown>): Promise<string> => {
    try {
      await promise
    } catch (err) {
      return (err as { code?: string }).code ?? 'not a RaceteeError'
    }
    return 'answered'
  }

  /** `balanceOf(holder)` read by `reader`, with any other `readProgram` parameters. */
  const readBalance = (
    reader: Wallet,
    holder: Address,
    extra: Partial<Pick<Parameters<typeof readProgram>[1], 'executors' | 'timeout' | 'minSeq'>> = {},
  ) =>
    readProgram(reader, {
      mc: devnet.mc,
      program,
      abi: confidentialErc20Abi,
      functionName: 'balanceOf',
      args: [holder],
      ...extra,
    })

  beforeAll(async () => {
    devnet = await startDevnet({ executors: 2 })
    secretStore = memorySecretStore()
    owner = devnet.wallet(devnet.userKeys[0]!)
    other = devnet.wallet(devnet.userKeys[1]!)
    ;({ program } = await deployConfidentialToken(devnet, { wallet: owner, secretStore }))
    const calls = tokenCalls({ client: devnet.publicClient, mc: devnet.mc, program, secretStore })
    const transfer = await calls.call(owner, 'transfer', [other.account.address, sent])
    expect(transfer.status).toBe('success')
    const balance = await calls.call(owner, 'balanceOf', [owner.account.address])
    expect(balance.status).toBe('success')
    expect(typeof balance.decoded).toBe('bigint')
    ownerBalanceByTransaction = balance.decoded as unknown as bigint
    lastSeq = balance.seq
    registered = await readExecutors(devnet.publicClient, { mc: devnet.mc })
  }, 120_000)

  afterAll(async () => {
    await devnet?.stop()
  })

  const onFailure = () =>
    printLogs(
      (devnet?.executors ?? []).map((e) => e.logFile),
      40,
    )

  test('reads a balance with no transaction and gets what a transaction returns', async ({
    onTestFailed,
  }) => {
    onTestFailed(onFailure)
    // The registry offers both executors, the genesis one included, at their health URLs.
    expect(registered).toEqual(devnet.executors.map((e) => ({ enclave: e.enclave, endpoint: e.healthUrl })))
    const client = devnet.publicClient
    const nonceBefore = await client.getTransactionCount({ address: owner.account.address })
    const blockBefore = await client.getBlockNumber()

    const read = await readBalance(owner, owner.account.address)

    expect(read.status).toBe('success')
    expect(read.decoded).toBe(ownerBalanceByTransaction)
    expect(read.decoded).toBe(2n ** 200n - sent)
    // The answer is the last commit's state, which covers the reader's own last request.
    expect(read.toSeq).toBe(lastSeq)
    expect(registered.map((e) => e.enclave)).toContain(read.enclave)
    expect(await client.getTransactionCount({ address: owner.account.address })).toBe(nonceBefore)
    expect(await client.getBlockNumber()).toBe(blockBefore)
  })

  test('behavior: read latency samples for the bench (issue 7: reads.latencyMs)', async () => {
    const samples = await sampleReadLatency(owner, {
      mc: devnet.mc,
      program,
      abi: confidentialErc20Abi,
      functionName: 'balanceOf',
      args: [owner.account.address],
      samples: 3,
    })
    expect(samples).toHaveLength(3)
    for (const ms of samples) expect(ms).toBeGreaterThan(0)
  })

  test('behavior: account B cannot learn account A’s balance through a read', async ({ onTestFailed }) => {
    onTestFailed(onFailure)
    const probe = await readBalance(other, owner.account.address)
    expect(probe.status).toBe('reverted')
    expect(probe.decoded).toBeUndefined()
    expect(decodeErrorResult({ abi: confidentialErc20Abi, data: probe.returnData }).errorName).toBe(
      'NotAuthorisedViewer',
    )
    const own = await readBalance(other, other.account.address)
    expect(own.decoded).toBe(sent)
  })

  test('behavior: fails over from an unreachable executor to a live one', async ({ onTestFailed }) => {
    onTestFailed(onFailure)
    const dead: ReadExecutor = { enclave: devnet.executors[0]!.enclave, endpoint: 'http://127.0.0.1:1' }
    const read = await readBalance(owner, owner.account.address, {
      executors: [dead, ...registered],
      timeout: 5_000,
    })
    expect(read.decoded).toBe(ownerBalanceByTransaction)
    expect(read.enclave).toBe(registered[0]!.enclave)
  })

  test('error: an answer signed by another enclave than chosen (SDK_READ_ANSWER_INVALID)', async () => {
    // The joiner's endpoint presented as the genesis enclave's: its signature does not match.
    const impostor: ReadExecutor = {
      enclave: devnet.executors[0]!.enclave,
      endpoint: devnet.executors[1]!.healthUrl,
    }
    const read = readBalance(owner, owner.account.address, { executors: [impostor] })
    expect(await codeOf(read)).toBe('SDK_READ_ANSWER_INVALID')
  })

  test('error: an answer older than the caller’s last committed request (SDK_READ_STALE)', async () => {
    const read = readBalance(owner, owner.account.address, { minSeq: lastSeq + 1n })
    expect(await codeOf(read)).toBe('SDK_READ_STALE')
  })

  test('error: a state-changing call is refused and changes nothing (ENCLAVE_READ_STATE_CHANGING)', async () => {
    const nonceBefore = await devnet.publicClient.getTransactionCount({ address: owner.account.address })
    const read = readProgram(owner, {
      mc: devnet.mc,
      program,
      abi: confidentialErc20Abi,
      functionName: 'transfer',
      args: [other.account.address, 1n],
    })
    expect(await codeOf(read)).toBe('ENCLAVE_READ_STATE_CHANGING')
    const after = await readBalance(other, other.account.address)
    expect(after.decoded).toBe(sent)
    expect(await devnet.publicClient.getTransactionCount({ address: owner.account.address })).toBe(
      nonceBefore,
    )
  })

  test('error: expired, wrong signer and wrong MC refusals cross the endpoint with their codes', async () => {
    const context = await getEncryptionContext(devnet.publicClient, { mc: devnet.mc, cacheTime: 0 })
    const latest = await devnet.publicClient.getBlock()
    const data = encodeFunctionData({
      abi: confidentialErc20Abi,
      functionName: 'balanceOf',
      args: [owner.account.address],
    })
    const ask = async (options: { expiry?: bigint; signer?: Wallet; mc?: Address }) => {
      const query = {
        account: owner.account.address,
        program,
        data,
        epoch: context.epoch,
        expiry: options.expiry ?? latest.timestamp + 60n,
      }
      const mc = options.mc ?? devnet.mc
      const signature = await (options.signer ?? owner).signTypedData({
        domain: raceteeDomain(context.chainId, mc),
        types: readQueryTypes,
        primaryType: 'ReadQuery',
        message: query,
      })
      const { envelope, answerKey } = await sealReadQuery({
        recipientPublicKey: context.requestPublicKey,
        chainId: context.chainId,
        mc,
        body: { query, signature },
      })
      return codeOf(
        askExecutor({
          executor: registered[0]!,
          chainId: context.chainId,
          mc: devnet.mc,
          account: owner.account.address,
          epoch: context.epoch,
          envelope,
          answerKey,
          minSeq: 0n,
        }),
      )
    }
    expect(await ask({})).toBe('answered')
    expect(await ask({ expiry: latest.timestamp - 1n })).toBe('ENCLAVE_READ_EXPIRED')
    expect(await ask({ signer: other })).toBe('ENCLAVE_READ_SIGNER_MISMATCH')
    expect(await ask({ mc: getAddress('0x000000000000000000000000000000000000bEEF') })).toBe(
      'ENCLAVE_READ_BINDING_MISMATCH',
    )
  })
})
