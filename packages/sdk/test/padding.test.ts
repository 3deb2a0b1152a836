/**
 * D4 "Lengths" where a user sees it (P3 request buckets): the `payload` of the MC's `Request`
 * event (the envelope bytes as they sit on chain) of calls sent through the SDK on a real
 * anvil. Calls of different functions with different argument sizes are one length while
 * their calldata fits a bucket; the default bucket is 128 bytes of padded plaintext (a body of
 * up to 127 bytes and the padding marker); calldata past it moves to the next bucket, and the
 * SDK's `minBucket` lifts a request to a larger bucket so that the two calls match again. A
 * round then runs them, to show the padded envelopes open and execute.
 */
import { compileSolidity } from '@racetee/contracts/solc'
import { managementContractAbi } from '@racetee/protocol'
import {
  type Abi,
  type Address,
  bytesToHex,
  createWalletClient,
  type Hash,
  type Hex,
  http,
  parseEventLogs,
} from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callProgram, deployProgram, memorySecretStore, waitForResult } from '../src/index.js'
import { type BlobServer, startBlobServer } from './blobServer.js'
import { type DevRound, startDevRound } from './devRound.js'

const source = `
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.31;
contract Probe {
  mapping(address => uint256) public balances;
  bytes32 public lastNote;
  function transfer(address to, uint256 v) external returns (bool) { balances[to] += v; return true; }
  function note(bytes calldata data) external { lastNote = keccak256(data); }
}
`
const probe = compileSolidity({ 'Probe.sol': source })['Probe.sol']!.Probe!
const CALL_GAS = 200_000n
/** `0x01 ‖ enc (32) ‖ ciphertext of the padded body ‖ tag (16)` (P3). */
const envelopeLength = (bucket: number) => 1 + 32 + bucket + 16
const argument = (length: number): Hex => bytesToHex(new Uint8Array(length).fill(0x5a))

describe('request padding through the sdk', () => {
  const blobs = new Map<Hex, Uint8Array>()
  const secretStore = memorySecretStore()
  let dev: DevRound
  let server: BlobServer
  let program: Address
  /** Every request this file sent (the deploy first), for the round to run. */
  const sent: Hash[] = []

  beforeAll(async () => {
    server = await startBlobServer(blobs)
    dev = await startDevRound({ storageUrls: [server.goodUrl, server.goodUrl], blobs })
    const { hash, program: deployed } = await deployProgram(wallet(), {
      mc: dev.mc,
      bytecode: probe.bytecode,
      gasLimit: 1_000_000n,
      secretStore,
      publicClient: dev.client,
    })
    program = deployed
    sent.push(hash)
    await dev.client.waitForTransactionReceipt({ hash })
  }, 60_000)

  afterAll(async () => {
    await dev?.stop()
    await server?.close()
  })

  function wallet() {
    return createWalletClient({ account: dev.users[0]!, chain: dev.chain, transport: http(dev.rpcUrl) })
  }

  async function call(functionName: 'transfer' | 'note', args: readonly unknown[], minBucket?: number) {
    const { hash } = await callProgram(wallet(), {
      mc: dev.mc,
      program,
      abi: probe.abi as Abi,
      functionName,
      args,
      gasLimit: CALL_GAS,
      secretStore,
      publicClient: dev.client,
      ...(minBucket === undefined ? {} : { minBucket }),
    })
    sent.push(hash)
    return hash
  }

  /** The `payload` of the `Request` event the MC emitted for a transaction: public bytes. */
  async function payloadLength(hash: Hash): Promise<number> {
    const receipt = await dev.client.waitForTransactionReceipt({ hash })
    const [request] = parseEventLogs({ abi: managementContractAbi, eventName: 'Request', logs: receipt.logs })
    if (!request) throw new TypeError(`no Request event in ${hash}`)
    return (request.args.payload.length - 2) / 2
  }

  it('gives a transfer and a call with a bytes argument payloads of one length', async () => {
    // transfer(address,uint256): 68 bytes of calldata; note(bytes) with 32 bytes: 100.
    const transfer = await call('transfer', [dev.users[1]!.address, 10n ** 20n])
    const note = await call('note', [argument(32)])
    expect([await payloadLength(transfer), await payloadLength(note)]).toEqual([
      envelopeLength(128),
      envelopeLength(128),
    ])
    expect(envelopeLength(128)).toBe(177)
  })

  it('behavior: calldata past the 128-byte bucket moves to the next; minBucket 256 matches the transfer to it', async () => {
    // One more byte of argument adds a 32-byte ABI word: 132 bytes of calldata, past 127.
    const over = await call('note', [argument(33)])
    const hundred = await call('note', [argument(100)])
    const transfer256 = await call('transfer', [dev.users[1]!.address, 1n], 256)
    const lengths = [over, hundred, transfer256].map(payloadLength)
    expect(await Promise.all(lengths)).toEqual([
      envelopeLength(256),
      envelopeLength(256),
      envelopeLength(256),
    ])
  })

  it('behavior: the padded requests open and run in the enclave', async () => {
    // The deploy, plus the calls the tests above sent in 128- and 256-byte buckets.
    await call('note', [argument(100)], 512)
    await dev.round()
    const wait = { mc: dev.mc, secretStore, timeout: 30_000 } as const
    const results = await Promise.all(sent.map((hash) => waitForResult(dev.client, { ...wait, hash })))
    expect(results.map((r) => r.status)).toEqual(sent.map(() => 'success'))
  })

  it('error: a minBucket that is not 128 · 2^i is refused before anything is sent', async () => {
    const before = await dev.client.getBlockNumber()
    await expect(call('transfer', [dev.users[1]!.address, 1n], 200)).rejects.toThrow(RangeError)
    expect(await dev.client.getBlockNumber()).toBe(before)
  })
})
