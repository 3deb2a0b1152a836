/**
 * Type-level tests of D8's "typed calls from a Solidity artifact's ABI": `callProgram`'s `args`
 * and `waitForResult`'s `decoded` and `events` follow the ABI and `functionName` as viem's own
 * actions do. `expectTypeOf` and `@ts-expect-error` are checked by `tsc` (`npm run typecheck`,
 * part of `npm test`): a loosened type fails the build, not this runtime.
 */
import { confidentialErc20Abi } from '@racetee/protocol'
import type { Abi, Address, Client, Hash } from 'viem'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { SecretStore } from '../secretStore/SecretStore.js'
import { type CallProgramParameters, callProgram } from './callProgram.js'
import { callProgramAndWait } from './callProgramAndWait.js'
import type { WalletClientWithAccount } from './sendSealedRequest.js'
import { type WaitForResultReturnType, waitForResult } from './waitForResult.js'

const swapAbi = [
  {
    type: 'event',
    name: 'Swap',
    anonymous: false,
    inputs: [
      { name: 'trader', type: 'address', indexed: true },
      { name: 'amountOut', type: 'uint256', indexed: false },
    ],
  },
] as const

const abi = confidentialErc20Abi
// Placeholders: the calls below are never made, only type-checked.
const wallet = {} as WalletClientWithAccount
const client = {} as Client
const secretStore = {} as SecretStore
const mc: Address = '0x1111111111111111111111111111111111111111'
const program: Address = '0x2222222222222222222222222222222222222222'
const bob: Address = '0x3333333333333333333333333333333333333333'
const hash: Hash = `0x${'44'.repeat(32)}`
const call = { mc, program, abi, gasLimit: 1n, secretStore } as const

/** Never run: only `tsc` looks at these calls. */
const typedUses = {
  transfer: () => callProgram(wallet, { ...call, functionName: 'transfer', args: [bob, 1n] }),
  // @ts-expect-error transfer takes (address to, uint256 value)
  missingArg: () => callProgram(wallet, { ...call, functionName: 'transfer', args: [bob] }),
  // @ts-expect-error a value is a bigint, not a number
  wrongType: () => callProgram(wallet, { ...call, functionName: 'transfer', args: [bob, 1] }),
  // @ts-expect-error transfer has arguments: args is required
  noArgs: () => callProgram(wallet, { ...call, functionName: 'transfer' }),
  // @ts-expect-error the token has no mint function
  unknownFunction: () => callProgram(wallet, { ...call, functionName: 'mint', args: [] }),
  totalSupply: () => callProgram(wallet, { ...call, functionName: 'totalSupply' }),
  balance: () => waitForResult(client, { mc, hash, secretStore, abi, functionName: 'balanceOf' }),
  swapped: () =>
    waitForResult(client, { mc, hash, secretStore, abi, functionName: 'transfer', eventAbis: [swapAbi] }),
  untyped: () => waitForResult(client, { mc, hash, secretStore }),
  andWait: () =>
    callProgramAndWait(wallet, { ...call, functionName: 'balanceOf', args: [bob], eventAbis: [swapAbi] }),
}
type Result<key extends keyof typeof typedUses> = Awaited<ReturnType<(typeof typedUses)[key]>>

describe('typed calls', () => {
  it('types callProgram args from abi + functionName (viem ContractFunctionArgs)', () => {
    expectTypeOf<CallProgramParameters<typeof abi, 'transfer'>['args']>().toEqualTypeOf<
      readonly [Address, bigint]
    >()
    expectTypeOf<CallProgramParameters<typeof abi, 'approve'>['args']>().toEqualTypeOf<
      readonly [Address, bigint]
    >()
    // A function without inputs may leave args out.
    expectTypeOf<CallProgramParameters<typeof abi, 'totalSupply'>['args']>().toEqualTypeOf<
      readonly [] | undefined
    >()
    expect(Object.keys(typedUses)).toContain('transfer')
  })

  it('behavior: waitForResult types decoded from abi + functionName (viem ContractFunctionReturnType)', () => {
    expectTypeOf<Result<'balance'>['decoded']>().toEqualTypeOf<bigint | undefined>()
    expectTypeOf<Result<'swapped'>['decoded']>().toEqualTypeOf<boolean | undefined>()
    expectTypeOf<Result<'andWait'>['decoded']>().toEqualTypeOf<bigint | undefined>()
    expectTypeOf<WaitForResultReturnType<typeof abi, 'name'>['decoded']>().toEqualTypeOf<string | undefined>()
  })

  it('behavior: events are a union over the events of abi and eventAbis, args typed per event', () => {
    type Event = Result<'swapped'>['events'][number]
    expectTypeOf<Event['eventName']>().toEqualTypeOf<'Approval' | 'Transfer' | 'ViewerSet' | 'Swap'>()
    expectTypeOf<Extract<Event, { eventName: 'Transfer' }>['args']>().toEqualTypeOf<{
      from: Address
      to: Address
      value: bigint
    }>()
    expectTypeOf<Extract<Event, { eventName: 'Swap' }>['args']>().toEqualTypeOf<{
      trader: Address
      amountOut: bigint
    }>()
    expectTypeOf<Result<'andWait'>['events'][number]['eventName']>().toEqualTypeOf<
      'Approval' | 'Transfer' | 'ViewerSet' | 'Swap'
    >()
    expectTypeOf<Result<'balance'>['events'][number]['eventName']>().toEqualTypeOf<
      'Approval' | 'Transfer' | 'ViewerSet'
    >()
  })

  it('behavior: without an ABI, decoded is unknown and events are untyped', () => {
    expectTypeOf<Result<'untyped'>['decoded']>().toEqualTypeOf<unknown>()
    expectTypeOf<Result<'untyped'>['events'][number]['eventName']>().toEqualTypeOf<string>()
    expectTypeOf<WaitForResultReturnType<Abi>['logs'][number]['logIndex']>().toEqualTypeOf<number>()
  })
})
