import { type ErrorCode, isRaceteeError } from '@racetee/protocol'
import { describe, expect, it } from 'vitest'
import { rpcBlockHeaderHash } from './rpcBlockHeader.js'
import { TRUSTED_RPC_LABEL, trustedRpcHeaderVerifier } from './trustedRpcHeaderVerifier.js'

/** Block 1 of a fresh anvil 1.7.1 (osaka, 21 header fields), as `eth_getBlockByNumber` returned it. */
const anvilBlock1 = {
  hash: '0xcf7b9cd95baf240f7e14e4a67f4acc1c93395b2be23682dac2628090a4f7df36',
  parentHash: '0xf2cc04eed4f56c024d5df8dc6a8c238c990d49863104ddee6e388c8ed236bdb8',
  sha3Uncles: '0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347',
  miner: '0x0000000000000000000000000000000000000000',
  stateRoot: '0xa3ac29ad59c6becc3a909b76afb2e7704b346af4a68b79271c206447f130b495',
  transactionsRoot: '0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421',
  receiptsRoot: '0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421',
  logsBloom: `0x${'00'.repeat(256)}`,
  difficulty: '0x0',
  number: '0x1',
  gasLimit: '0x1c9c380',
  gasUsed: '0x0',
  timestamp: '0x6b083aa7',
  extraData: '0x',
  mixHash: '0xbd7dc451bdd5d185f937fe55ef7ac7152e97a3e265409bbbf0bd0cf0cee65ac6',
  nonce: '0x0000000000000000',
  baseFeePerGas: '0x3b9aca00',
  withdrawalsRoot: '0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421',
  blobGasUsed: '0x0',
  excessBlobGas: '0x0',
  parentBeaconBlockRoot: `0x${'00'.repeat(32)}`,
  requestsHash: '0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  totalDifficulty: '0x0',
  size: '0x267',
  uncles: [],
  transactions: [],
  withdrawals: [],
}

type Answer = { status?: number; body?: (id: unknown) => unknown; throws?: boolean }

/** A fetch that answers every call with `answer` and records the JSON-RPC requests. */
function fakeFetch(answer: Answer) {
  const requests: { method: string; params: unknown[] }[] = []
  const f = (async (_url: string | URL | Request, init?: RequestInit) => {
    if (answer.throws) throw new TypeError('fetch failed: connection refused')
    const request = JSON.parse(String(init?.body)) as { id: unknown; method: string; params: unknown[] }
    requests.push(request)
    return new Response(JSON.stringify(answer.body?.(request.id) ?? null), { status: answer.status ?? 200 })
  }) as typeof fetch
  return { fetch: f, requests }
}

const serving = (block: Record<string, unknown> | null) =>
  fakeFetch({ body: (id) => ({ jsonrpc: '2.0', id, result: block }) })

async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  let caught: unknown
  try {
    await promise
  } catch (err) {
    caught = err
  }
  expect(isRaceteeError(caught, code), String(caught)).toBe(true)
}

describe('trustedRpcHeaderVerifier', () => {
  it('returns the header whose fields hash to the block hash, labelled simulation', async () => {
    const { fetch, requests } = serving(anvilBlock1)
    const verifier = trustedRpcHeaderVerifier({ rpcUrl: 'http://rpc.test', fetch })
    expect(verifier).toMatchObject({ label: TRUSTED_RPC_LABEL, simulated: true })
    const header = await verifier.header(1n)
    expect(header).toEqual({
      number: 1n,
      hash: anvilBlock1.hash,
      stateRoot: anvilBlock1.stateRoot,
      timestamp: 0x6b083aa7n,
      verifier: { label: TRUSTED_RPC_LABEL, simulated: true },
    })
    expect(requests).toEqual([
      expect.objectContaining({ method: 'eth_getBlockByNumber', params: ['0x1', false] }),
    ])
  })

  it('behavior: an older fork header is hashed over the fields it has', () => {
    // Pre-Cancun: the last four fields absent; the hash must then change with the field count.
    const { blobGasUsed, excessBlobGas, parentBeaconBlockRoot, requestsHash, ...shanghai } = anvilBlock1
    expect(rpcBlockHeaderHash(shanghai)).not.toBe(rpcBlockHeaderHash(anvilBlock1))
    expect(rpcBlockHeaderHash({ ...shanghai, blobGasUsed, excessBlobGas })).not.toBe(
      rpcBlockHeaderHash(shanghai),
    )
  })

  it('error: any altered field no longer hashes to the block hash', async () => {
    const altered = {
      stateRoot: `0x${'ab'.repeat(32)}`,
      timestamp: '0x6b083aa8',
      number: '0x2',
      extraData: '0x01',
      requestsHash: `0x${'00'.repeat(32)}`,
    }
    for (const [field, value] of Object.entries(altered)) {
      const { fetch } = serving({ ...anvilBlock1, [field]: value })
      await expectCode(
        trustedRpcHeaderVerifier({ rpcUrl: 'http://rpc.test', fetch }).header(1n),
        'CHAIN_HEADER_INVALID',
      )
    }
    const { parentBeaconBlockRoot: _, ...missing } = anvilBlock1
    const { fetch } = serving(missing)
    await expectCode(
      trustedRpcHeaderVerifier({ rpcUrl: 'http://rpc.test', fetch }).header(1n),
      'CHAIN_HEADER_INVALID',
    )
  })

  it('error: a consistent header for another block than the one asked', async () => {
    const { fetch } = serving(anvilBlock1)
    await expectCode(
      trustedRpcHeaderVerifier({ rpcUrl: 'http://rpc.test', fetch }).header(2n),
      'CHAIN_HEADER_INVALID',
    )
  })

  it('error: malformed fields are header faults', async () => {
    for (const change of [{ stateRoot: '0x12' }, { gasUsed: 12 }, { miner: '0xzz' }, { hash: '0x' }]) {
      const { fetch } = serving({ ...anvilBlock1, ...change })
      await expectCode(
        trustedRpcHeaderVerifier({ rpcUrl: 'http://rpc.test', fetch }).header(1n),
        'CHAIN_HEADER_INVALID',
      )
    }
  })

  it('error: transport failures, RPC errors and unknown blocks are CHAIN_RPC_FAILED', async () => {
    const answers: Answer[] = [
      { throws: true },
      { status: 503 },
      { body: (id) => ({ jsonrpc: '2.0', id, error: { code: -32000, message: 'boom' } }) },
      { body: (id) => ({ jsonrpc: '2.0', id, result: null }) },
      { body: () => ({ jsonrpc: '2.0', id: 999, result: anvilBlock1 }) },
    ]
    for (const answer of answers) {
      const { fetch } = fakeFetch(answer)
      await expectCode(
        trustedRpcHeaderVerifier({ rpcUrl: 'http://rpc.test', fetch }).header(1n),
        'CHAIN_RPC_FAILED',
      )
    }
  })
})
