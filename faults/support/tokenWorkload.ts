/**
 * The fault harness's workload (issue 6, D9's token workload): `ConfidentialERC20` deployed
 * through the SDK, then confidential transfers and balance reads from several accounts sent
 * through the SDK, each account in order and the accounts at once, as users would. The deployer
 * holds the supply; the others pass on random amounts they may not hold (reverts, whose order
 * the chain decides), and one transfer is always more than the supply, so both outcomes occur.
 * Amounts are random 128-bit numbers and never printed.
 */

import type { Devnet } from '@racetee/devnet'
import { type DemoStep, randomAmount } from '@racetee/devnet'
import { confidentialErc20Abi, managementContractAbi } from '@racetee/protocol'
import {
  callProgram,
  memorySecretStore,
  type SecretStore,
  type WaitForResultReturnType,
  waitForResult,
} from '@racetee/sdk'
import { type Address, type Hex, isAddressEqual, parseEventLogs } from 'viem'
import { deployConfidentialToken, tokenArgs } from '../../e2e/support/deployConfidentialToken.js'

/** The gas every request is sent with; the public replay mines its twin with the same. */
export const TRANSFER_GAS = 200_000n

export type SentRequest = { step: DemoStep; hash: Hex; seq: bigint }
/** What the harness keeps of a decrypted result: public fields and the decoded value. */
export type RequestResult = Pick<WaitForResultReturnType, 'seq' | 'status' | 'gasUsed' | 'commitId'> & {
  decoded?: unknown
}
export type AnsweredRequest = SentRequest & { result: RequestResult }

export type TokenWorkload = {
  program: Address
  /** The first one deployed the token and holds the supply. */
  users: readonly Address[]
  secretStore: SecretStore
  /** Sends the steps (each account's in order, accounts at once) and waits for their receipts. */
  send(steps: readonly DemoStep[]): Promise<SentRequest[]>
  /** Each request's decrypted result, or undefined if none came within `timeoutMs`. */
  results(sent: readonly SentRequest[], timeoutMs: number): Promise<(AnsweredRequest | undefined)[]>
}

/**
 * `count` steps starting at step number `from` of the stream: the deployer pays out, the others
 * transfer among themselves or read their own balance (ConfidentialERC20 shows a balance only
 * to its owner). Step 2 is always the transfer of more than the supply.
 */
export function planSteps(users: readonly Address[], from: number, count: number): DemoStep[] {
  if (users.length < 2) throw new RangeError('users must hold at least two accounts')
  if (!Number.isSafeInteger(from) || from < 0 || !Number.isSafeInteger(count) || count < 0)
    throw new RangeError('from and count must be integers ≥ 0')
  return Array.from({ length: count }, (_, k): DemoStep => {
    const i = from + k
    const sender = users[i % users.length]!
    const turn = Math.floor(i / users.length)
    const other = users[(i + 1 + (turn % (users.length - 1))) % users.length]!
    const to = isAddressEqual(other, sender) ? users[(i + 1) % users.length]! : other
    if (i === 2)
      return { label: `${i}`, from: sender, functionName: 'transfer', args: [to, tokenArgs[2] + 1n] }
    if (sender === users[0] || turn % 2 === 0)
      return { label: `${i}`, from: sender, functionName: 'transfer', args: [to, randomAmount()] }
    return { label: `${i}`, from: sender, functionName: 'balanceOf', args: [sender] }
  })
}

/** Each user's read of its own balance: the state the public replay must end with too. */
export function finalReads(users: readonly Address[]): DemoStep[] {
  return users.map((user, i) => ({
    label: `final ${i}`,
    from: user,
    functionName: 'balanceOf',
    args: [user],
  }))
}

export async function startTokenWorkload(
  devnet: Devnet,
  parameters: { users: number },
): Promise<TokenWorkload> {
  const keys = devnet.userKeys.slice(0, parameters.users)
  if (keys.length < parameters.users) throw new RangeError(`the devnet has only ${keys.length} user keys`)
  const wallets = keys.map((key) => devnet.wallet(key))
  const users = wallets.map((w) => w.account.address)
  const walletOf = (address: Address) => wallets.find((w) => isAddressEqual(w.account.address, address))!
  const secretStore = memorySecretStore()
  const { program } = await deployConfidentialToken(devnet, { wallet: wallets[0]!, secretStore })
  const { publicClient, mc } = devnet

  async function sendOne(step: DemoStep): Promise<SentRequest> {
    const { hash } = await callProgram(walletOf(step.from), {
      mc,
      program,
      abi: confidentialErc20Abi,
      functionName: step.functionName,
      args: step.args as never,
      gasLimit: TRANSFER_GAS,
      secretStore,
      publicClient,
    })
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 })
    const [log] = parseEventLogs({
      abi: managementContractAbi,
      logs: receipt.logs.filter((l) => isAddressEqual(l.address, mc)),
      eventName: 'Request',
    })
    if (!log) throw new TypeError(`request ${hash} has no Request log`)
    return { step, hash, seq: log.args.seq }
  }

  return {
    program,
    users,
    secretStore,
    async send(steps) {
      const sent = new Map<DemoStep, SentRequest>()
      await Promise.all(
        users.map(async (user) => {
          for (const step of steps.filter((s) => isAddressEqual(s.from, user)))
            sent.set(step, await sendOne(step))
        }),
      )
      return steps.map((step) => sent.get(step)!)
    },
    results(sent, timeoutMs) {
      return Promise.all(
        sent.map(async (request) => {
          try {
            const result = await waitForResult(publicClient, {
              mc,
              hash: request.hash,
              secretStore,
              abi: confidentialErc20Abi,
              functionName: request.step.functionName,
              pollingInterval: 100,
              timeout: timeoutMs,
            })
            const { seq, status, gasUsed, commitId } = result
            return { ...request, result: { seq, status, gasUsed, commitId, decoded: result.decoded } }
          } catch {
            return undefined
          }
        }),
      )
    },
  }
}
