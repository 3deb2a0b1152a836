import { isRaceteeError, managementContractAbi } from '@racetee/protocol'
import { createPublicClient, custom, encodeFunctionResult, type Hex, numberToHex } from 'viem'
import { describe, expect, it } from 'vitest'
import { getEncryptionContext } from './getEncryptionContext.js'

const mc = '0x5fbdb2315678afecb367f032d93f642f64180aa3'

/** A node answering eth_chainId and the MC's epochInfo(), counting the epochInfo reads. */
function fakeNode(state: { chainId: number; epoch: bigint; key: Hex; started?: boolean }) {
  const calls = { epochInfo: 0 }
  const transport = custom({
    async request({ method }: { method: string }) {
      if (method === 'eth_chainId') return numberToHex(state.chainId)
      if (method === 'eth_call') {
        calls.epochInfo++
        return encodeFunctionResult({
          abi: managementContractAbi,
          functionName: 'epochInfo',
          result: {
            epoch: state.epoch,
            requestPublicKey: state.key,
            rotationBlock: 5n,
            started: state.started ?? true,
          },
        })
      }
      throw new TypeError(`unexpected ${method}`)
    },
  })
  return { calls, transport }
}

const keyA = `0x${'a1'.repeat(32)}` as const
const keyB = `0x${'b2'.repeat(32)}` as const

describe('getEncryptionContext', () => {
  it('reads the chain id and the current epoch with its request public key', async () => {
    const { transport } = fakeNode({ chainId: 901, epoch: 3n, key: keyA })
    const client = createPublicClient({ transport, cacheTime: 0 })
    expect(await getEncryptionContext(client, { mc })).toEqual({
      chainId: 901n,
      mc: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      epoch: 3n,
      requestPublicKey: keyA,
      rotationBlock: 5n,
    })
  })

  it('behavior: reuses a context for cacheTime, and re-reads after a rotation once it expires', async () => {
    const state = { chainId: 902, epoch: 0n, key: keyA }
    const { calls, transport } = fakeNode(state)
    const client = createPublicClient({ transport, cacheTime: 60_000 })
    await getEncryptionContext(client, { mc })
    state.epoch = 1n
    state.key = keyB
    expect((await getEncryptionContext(client, { mc })).epoch).toBe(0n)
    expect(calls.epochInfo).toBe(1)
    const fresh = await getEncryptionContext(client, { mc, cacheTime: 0 })
    expect([fresh.epoch, fresh.requestPublicKey]).toEqual([1n, keyB])
    expect(calls.epochInfo).toBe(2)
  })

  it('behavior: never serves one chain’s key on another (the node’s chain id keys the cache)', async () => {
    const state = { chainId: 903, epoch: 0n, key: keyA }
    const { calls, transport } = fakeNode(state)
    const client = createPublicClient({ transport, cacheTime: 60_000 })
    await getEncryptionContext(client, { mc })
    state.chainId = 904
    state.key = keyB
    const other = await getEncryptionContext(client, { mc })
    expect([other.chainId, other.requestPublicKey]).toEqual([904n, keyB])
    expect(calls.epochInfo).toBe(2)
  })

  it('error: an MC before genesis is SDK_INVALID_PARAMETER', async () => {
    const { transport } = fakeNode({ chainId: 905, epoch: 0n, key: `0x${'00'.repeat(32)}`, started: false })
    const err = await getEncryptionContext(createPublicClient({ transport }), { mc }).catch((e: unknown) => e)
    expect(isRaceteeError(err, 'SDK_INVALID_PARAMETER')).toBe(true)
  })

  it('error: an mc that is not an address is a TypeError', async () => {
    const { transport } = fakeNode({ chainId: 906, epoch: 0n, key: keyA })
    await expect(getEncryptionContext(createPublicClient({ transport }), { mc: '0x12' })).rejects.toThrow(
      TypeError,
    )
  })
})
