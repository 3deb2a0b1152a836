import { isRaceteeError } from '@racetee/protocol'
import { keccak256, type PublicClient } from 'viem'
import { describe, expect, it } from 'vitest'
import { rpcProofSource } from './rpcProofSource.js'

const address = '0x00000000000000000000000000000000000000cc'
const hash = (b: string) => `0x${b.repeat(32)}` as const

/** viem's parsed `eth_getProof` answer: quantities as bigint/number. */
const parsed = {
  address,
  accountProof: ['0xf8'],
  balance: 10n ** 18n,
  codeHash: hash('c0'),
  nonce: 1,
  storageHash: hash('5a'),
  storageProof: [
    { key: hash('00'), value: 0n, proof: [] },
    { key: hash('01'), value: 255n, proof: ['0xe2'] },
  ],
}

function fakeClient(answers: {
  proof?: unknown
  /** Answers in turn, the last one repeated (a node that serves a wrong state first). */
  proofs?: unknown[]
  code?: unknown
  fail?: boolean
  stateRoot?: string
}) {
  const calls: [string, unknown][] = []
  let proofCall = 0
  const client = {
    async getProof(parameters: unknown) {
      calls.push(['getProof', parameters])
      if (answers.fail) throw new TypeError('HTTP request failed')
      const turn = answers.proofs?.[Math.min(proofCall++, answers.proofs.length - 1)]
      return turn ?? answers.proof
    },
    async getBlock(parameters: unknown) {
      calls.push(['getBlock', parameters])
      return { stateRoot: answers.stateRoot ?? keccak256('0xf8') }
    },
    async getCode(parameters: unknown) {
      calls.push(['getCode', parameters])
      if (answers.fail) throw new TypeError('HTTP request failed')
      return answers.code
    },
  } as unknown as PublicClient
  return { client, calls }
}

describe('rpcProofSource', () => {
  it('asks at the exact block and relays the answer as JSON-RPC hex', async () => {
    const { client, calls } = fakeClient({ proof: parsed, code: '0x6001' })
    const source = rpcProofSource(client)
    const proof = await source.getProof({ address, storageKeys: [hash('00'), hash('01')], blockNumber: 9n })
    expect(proof).toEqual({
      address,
      accountProof: ['0xf8'],
      balance: '0xde0b6b3a7640000',
      codeHash: hash('c0'),
      nonce: '0x1',
      storageHash: hash('5a'),
      storageProof: [
        { key: hash('00'), value: '0x0', proof: [] },
        { key: hash('01'), value: '0xff', proof: ['0xe2'] },
      ],
    })
    expect(await source.getCode({ address, blockNumber: 9n })).toBe('0x6001')
    expect(calls).toEqual([
      ['getProof', { address, storageKeys: [hash('00'), hash('01')], blockNumber: 9n }],
      ['getBlock', { blockNumber: 9n }],
      ['getCode', { address, blockNumber: 9n }],
    ])
  })

  it('behavior: an account without code relays 0x (viem answers undefined)', async () => {
    const { client } = fakeClient({ code: undefined })
    expect(await rpcProofSource(client).getCode({ address, blockNumber: 1n })).toBe('0x')
  })

  it('behavior: a proof that does not match its block is fetched again, and the matching one relayed', async () => {
    const stale = { ...parsed, accountProof: ['0xf9'] }
    const { client, calls } = fakeClient({ proofs: [stale, parsed] })
    const proof = await rpcProofSource(client).getProof({ address, storageKeys: [], blockNumber: 9n })
    expect(proof.accountProof).toEqual(['0xf8'])
    expect(calls.filter(([method]) => method === 'getProof')).toHaveLength(2)
    // The block's state root is read once.
    expect(calls.filter(([method]) => method === 'getBlock')).toHaveLength(1)
  })

  it('behavior: a proof that never matches is relayed after three fetches (the enclave refuses it)', async () => {
    const stale = { ...parsed, accountProof: ['0xf9'] }
    const { client, calls } = fakeClient({ proofs: [stale] })
    const proof = await rpcProofSource(client).getProof({ address, storageKeys: [], blockNumber: 9n })
    expect(proof.accountProof).toEqual(['0xf9'])
    expect(calls.filter(([method]) => method === 'getProof')).toHaveLength(3)
  })

  it('error: RPC failures are CHAIN_RPC_FAILED', async () => {
    const source = rpcProofSource(fakeClient({ fail: true }).client)
    for (const call of [
      source.getProof({ address, storageKeys: [], blockNumber: 1n }),
      source.getCode({ address, blockNumber: 1n }),
    ]) {
      const err = await call.catch((e: unknown) => e)
      expect(isRaceteeError(err, 'CHAIN_RPC_FAILED')).toBe(true)
    }
  })
})
