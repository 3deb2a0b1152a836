import { confidentialErc20Abi, type ResultLog } from '@racetee/protocol'
import { type Address, encodeAbiParameters, encodeEventTopics, getAddress, type Hex } from 'viem'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { decodeResultLogs, type ResultEvent } from './decodeResultLogs.js'

const token: Address = '0x2222222222222222222222222222222222222222'
const dex: Address = '0x4444444444444444444444444444444444444444'
// Checksummed, as viem decodes addresses.
const alice = getAddress('0xa11ce00000000000000000000000000000000001')
const bob = getAddress('0xb0b0000000000000000000000000000000000002')

const dexAbi = [
  {
    type: 'event',
    name: 'Swap',
    anonymous: false,
    inputs: [
      { name: 'trader', type: 'address', indexed: true },
      { name: 'amountIn', type: 'uint256', indexed: false },
      { name: 'amountOut', type: 'uint256', indexed: false },
    ],
  },
] as const

/** An ERC-721 `Transfer`: same signature as ERC-20's, the third argument indexed. */
const nftAbi = [
  {
    type: 'event',
    name: 'Transfer',
    anonymous: false,
    inputs: [
      { name: 'from', type: 'address', indexed: true },
      { name: 'to', type: 'address', indexed: true },
      { name: 'tokenId', type: 'uint256', indexed: true },
    ],
  },
] as const

const transferLog = (from: Address, to: Address, value: bigint): ResultLog => ({
  address: token,
  topics: encodeEventTopics({
    abi: confidentialErc20Abi,
    eventName: 'Transfer',
    args: { from, to },
  }) as Hex[],
  data: encodeAbiParameters([{ type: 'uint256' }], [value]),
})
const swapLog: ResultLog = {
  address: dex,
  topics: encodeEventTopics({ abi: dexAbi, eventName: 'Swap', args: { trader: alice } }) as Hex[],
  data: encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }], [1_000n, 997n]),
}
const unknownLog: ResultLog = { address: dex, topics: [`0x${'ab'.repeat(32)}`], data: '0x' }

describe('decodeResultLogs', () => {
  it('indexes every raw log and decodes those of the given ABIs, as parseEventLogs would', () => {
    const logs = [transferLog(alice, bob, 5n), unknownLog, swapLog]
    const decoded = decodeResultLogs<typeof confidentialErc20Abi | typeof dexAbi>({
      logs,
      abis: [confidentialErc20Abi, dexAbi],
    })
    expect(decoded.logs).toEqual(logs.map((log, logIndex) => ({ ...log, logIndex })))
    expect(decoded.events).toEqual([
      { ...logs[0], logIndex: 0, eventName: 'Transfer', args: { from: alice, to: bob, value: 5n } },
      {
        ...swapLog,
        logIndex: 2,
        eventName: 'Swap',
        args: { trader: alice, amountIn: 1_000n, amountOut: 997n },
      },
    ])
  })

  it('behavior: a log of another program decodes only once its ABI is given (signature, not emitter)', () => {
    const logs = [swapLog, transferLog(dex, alice, 997n)]
    expect(decodeResultLogs({ logs, abis: [dexAbi] }).events.map((e) => e.eventName)).toEqual(['Swap'])
    const both = decodeResultLogs({ logs, abis: [dexAbi, confidentialErc20Abi] }).events
    expect(both.map((e) => [e.eventName, e.address, e.logIndex])).toEqual([
      ['Swap', dex, 0],
      ['Transfer', token, 1],
    ])
  })

  it('behavior: a signature shared by two ABIs decodes with the one whose indexed layout fits', () => {
    const nftTopics = encodeEventTopics({
      abi: nftAbi,
      eventName: 'Transfer',
      args: { from: alice, to: bob, tokenId: 7n },
    }) as Hex[]
    const logs = [transferLog(alice, bob, 5n), { address: token, topics: nftTopics, data: '0x' as Hex }]
    const { events } = decodeResultLogs({ logs, abis: [confidentialErc20Abi, nftAbi] })
    expect(events.map((e) => e.args)).toEqual([
      { from: alice, to: bob, value: 5n },
      { from: alice, to: bob, tokenId: 7n },
    ])
  })

  it('behavior: no ABI, no logs, or an ABI without events gives raw logs and no events', () => {
    const logs = [transferLog(alice, bob, 5n)]
    expect(decodeResultLogs({ logs, abis: [] })).toEqual({ logs: [{ ...logs[0], logIndex: 0 }], events: [] })
    expect(decodeResultLogs({ logs: [], abis: [confidentialErc20Abi] })).toEqual({ logs: [], events: [] })
    const functionsOnly = confidentialErc20Abi.filter((item) => item.type === 'function')
    expect(decodeResultLogs({ logs, abis: [functionsOnly] }).events).toEqual([])
  })

  it('behavior: a log that does not fit its signature is left undecoded, never thrown on', () => {
    // Transfer's topic with its value word missing: strict decoding fails, the raw log stays.
    const truncated = { ...transferLog(alice, bob, 5n), data: '0x1234' as Hex }
    const decoded = decodeResultLogs({ logs: [truncated], abis: [confidentialErc20Abi] })
    expect(decoded.events).toEqual([])
    expect(decoded.logs).toHaveLength(1)
  })

  it('behavior: events are typed per event of the given ABIs', () => {
    type Event = ResultEvent<typeof confidentialErc20Abi | typeof dexAbi>
    expectTypeOf<Event['eventName']>().toEqualTypeOf<'Approval' | 'Transfer' | 'ViewerSet' | 'Swap'>()
    expectTypeOf<Extract<Event, { eventName: 'Swap' }>['args']>().toEqualTypeOf<{
      trader: Address
      amountIn: bigint
      amountOut: bigint
    }>()
    expectTypeOf<Extract<Event, { eventName: 'Transfer' }>['args']['value']>().toEqualTypeOf<bigint>()
    expectTypeOf<Event['logIndex']>().toEqualTypeOf<number>()
  })

  it('error: logs or abis that are not arrays are a TypeError', () => {
    expect(() => decodeResultLogs({ logs: null as never, abis: [] })).toThrow(TypeError)
    expect(() => decodeResultLogs({ logs: [], abis: confidentialErc20Abi[0] as never })).toThrow(TypeError)
  })
})
