/**
 * D4 "Lengths" inside the enclave (P4 results, P5 pages and index), seen as the host and the
 * storage nodes see a batch: results in the bundle and sealed pages are padded to the
 * program's buckets, so two calls of different functions, or a page of one slot and a page of
 * three, are one length; a plaintext past a bucket moves to the next bucket (what a length
 * still tells); and the bucket minimums a program chose at deploy (P3 ProgramConfig) pad to
 * those. Lengths are read from the output's public bytes only (bundle entries, sealed-blob
 * headers); the results are opened with the senders' secrets only to show that the plaintexts
 * did differ in length.
 */
import { compileSolidity } from '@racetee/contracts/solc'
import {
  blobKinds,
  decodeResultsBundle,
  encodeDeployBody,
  encodeResultV1,
  parseSealedBlob,
  programRuntimes,
  resultStatus,
  SEALED_BLOB_HEADER_LENGTH,
  SIV_TAG_LENGTH,
} from '@racetee/protocol'
import { type Abi, type Address, bytesToHex, encodeFunctionData, type Hex, hexToBytes } from 'viem'
import { describe, expect, test } from 'vitest'
import { A, amount128, B, kinds, newChain, newEnclave, run, sealer } from './test/batchWorld.js'
import { resultOf, type SentRequest, send } from './test/client.js'
import { type FakeChain, programAddress } from './test/FakeChain.js'
import type { BatchOutput } from './types.js'

const source = `
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.31;
contract Probe {
  mapping(address => uint256) public balances;
  bytes32 public lastNote;
  function transfer(address to, uint256 v) external returns (bool) { balances[to] += v; return true; }
  function note(bytes calldata data) external { lastNote = keccak256(data); }
  function echo(bytes calldata data) external pure returns (bytes memory) { return data; }
}
contract Slots {
  uint256[16] public s;
  function fill(uint256 n) external { for (uint256 i = 0; i < n; ++i) s[i] = i + 1; }
}
`
const compiled = compileSolidity({ 'Padding.sol': source })['Padding.sol']!
const probe = compiled.Probe!
const slots = compiled.Slots!
/** 100 bytes of argument: the `bytes` call is three times the transfer's calldata. */
const hundredBytes = bytesToHex(new Uint8Array(100).fill(0x5a))

type Buckets = { resultBucketMin: number; pageBucketMin: number }
const defaults: Buckets = { resultBucketMin: 0, pageBucketMin: 0 }

/** One enclave and fake chain, with programs deployed in block 1 and calls in later blocks. */
async function world(programs: { address: Address; bytecode: Hex; buckets: Buckets }[]) {
  const { enclave, requestPublicKey } = newEnclave()
  const sealFor = sealer(requestPublicKey)
  const chain = newChain()
  const deploys: SentRequest[] = []
  for (const { address, bytecode, buckets } of programs) {
    chain.register(address)
    const body = encodeDeployBody({
      runtime: programRuntimes.evm,
      code: hexToBytes(bytecode),
      config: { acl: [], rotateEvery: 0, keepHistory: false, ...buckets },
    })
    deploys.push(send(chain, await sealFor(1n, A, kinds.deploy, body, address)))
  }
  const deployed = await run(enclave, chain, 1n)
  let block = 1n
  const call = async (program: Address, abi: Abi, functionName: string, args: unknown[]) =>
    send(
      chain,
      await sealFor(
        block + 1n,
        A,
        kinds.call,
        hexToBytes(encodeFunctionData({ abi, functionName, args } as never)),
        program,
      ),
    )
  /** Runs the calls sent since the last batch as one batch in the next block. */
  const batch = async (): Promise<BatchOutput> => run(enclave, chain, ++block)
  return { chain, deploys, deployed, call, batch }
}

/** The `sealed` bytes of a request's bundle entry: what anyone holding the bundle sees. */
function sealedLength(output: BatchOutput, sent: SentRequest): number {
  const entry = decodeResultsBundle(output.resultsBundle).find((e) => e.seq === sent.seq)
  if (!entry) throw new RangeError(`no bundle entry for seq ${sent.seq}`)
  return entry.sealed.length
}

/** The length of a request's ResultV1 before padding (opened with the sender's secret). */
function plaintextLength(chain: FakeChain, outputs: BatchOutput[], sent: SentRequest): number {
  const result = resultOf(chain, outputs, sent)
  expect(result.status).toBe(resultStatus.success)
  return encodeResultV1(result).length
}

/**
 * Lengths of the sealed blobs of one kind a batch wrote, read from their public headers (P5).
 * The two blobs that are not sealed are known by hash: the bundle and the programs' heads.
 */
function blobLengths(output: BatchOutput, kind: number): number[] {
  const { resultsHash, updates, created } = output.body
  const unsealed = new Set([resultsHash, ...updates.map((u) => u.newDigest), ...created.map((c) => c.digest)])
  return output.blobs
    .filter((b) => !unsealed.has(b.hash) && parseSealedBlob(b.bytes).kind === kind)
    .map((b) => b.bytes.length)
}

const sealedResult = (bucket: number) => bucket + SIV_TAG_LENGTH
const sealedBlob = (bucket: number) => SEALED_BLOB_HEADER_LENGTH + bucket + SIV_TAG_LENGTH

describe('executeBatch: padding (D4 "Lengths")', () => {
  test('a transfer and a call with 100 bytes of argument seal to results of one length', async () => {
    const program = programAddress(11)
    const w = await world([{ address: program, bytecode: probe.bytecode, buckets: defaults }])
    const transfer = await w.call(program, probe.abi, 'transfer', [B, amount128()])
    const note = await w.call(program, probe.abi, 'note', [hundredBytes])
    const output = await w.batch()

    // The plaintexts differ (a bool returned vs nothing) ...
    const plain = [transfer, note].map((s) => plaintextLength(w.chain, [output], s))
    expect(plain[0]).not.toBe(plain[1])
    // ... the bundle entries do not: both in the 256-byte bucket (a ResultV1's ABI head alone
    // is 129 bytes, so no result fits the 128-byte default minimum).
    expect(plain.every((n) => n < 256 && n > 128)).toBe(true)
    expect([sealedLength(output, transfer), sealedLength(output, note)]).toEqual([
      sealedResult(256),
      sealedResult(256),
    ])
  })

  test('behavior: a page of one slot and a page of three seal to one length; a fourth slot moves it to the next bucket', async () => {
    // A page's plaintext is 33 bytes per non-zero slot (P5): 1-3 slots fit 128 bytes, 4 do not.
    const [one, three, four] = [programAddress(21), programAddress(22), programAddress(23)]
    const w = await world(
      [one, three, four].map((address) => ({ address, bytecode: slots.bytecode, buckets: defaults })),
    )
    const pages: number[][] = []
    const indexes: number[][] = []
    for (const [program, n] of [
      [one, 1n],
      [three, 3n],
      [four, 4n],
    ] as const) {
      // One program per batch, so each batch writes exactly its page and its index.
      await w.call(program, slots.abi, 'fill', [n])
      const output = await w.batch()
      pages.push(blobLengths(output, blobKinds.page))
      indexes.push(blobLengths(output, blobKinds.index))
    }
    expect(pages).toEqual([[sealedBlob(128)], [sealedBlob(128)], [sealedBlob(256)]])
    // The index of one page (64 bytes) is in the first bucket whatever the page holds.
    expect(indexes).toEqual([[sealedBlob(128)], [sealedBlob(128)], [sealedBlob(128)]])
  })

  test('behavior: a result past its bucket moves to the next one under the default minimum', async () => {
    const program = programAddress(12)
    const w = await world([{ address: program, bytecode: probe.bytecode, buckets: defaults }])
    const transfer = await w.call(program, probe.abi, 'transfer', [B, amount128()])
    const echo = await w.call(program, probe.abi, 'echo', [hundredBytes])
    const output = await w.batch()
    // echo returns its 100 bytes ABI-encoded (192 bytes of returnData): a 385-byte ResultV1.
    expect(plaintextLength(w.chain, [output], echo)).toBeGreaterThan(256)
    expect(sealedLength(output, transfer)).toBe(sealedResult(256))
    expect(sealedLength(output, echo)).toBe(sealedResult(512))
  })

  test('behavior: a program deployed with resultBucketMin 1024 and pageBucketMin 512 pads to them', async () => {
    const program = programAddress(13)
    const [one, four] = [programAddress(24), programAddress(25)]
    const buckets: Buckets = { resultBucketMin: 1024, pageBucketMin: 512 }
    const w = await world([
      { address: program, bytecode: probe.bytecode, buckets },
      { address: one, bytecode: slots.bytecode, buckets },
      { address: four, bytecode: slots.bytecode, buckets },
    ])
    // The deploys' own results already use the program's minimum.
    expect(w.deploys.map((d) => sealedLength(w.deployed, d))).toEqual([1024, 1024, 1024].map(sealedResult))
    // A deploy with empty storage seals an empty index, padded to the page minimum too.
    expect(blobLengths(w.deployed, blobKinds.index)).toEqual([512, 512, 512].map(sealedBlob))

    const sent = [
      await w.call(program, probe.abi, 'transfer', [B, amount128()]),
      await w.call(program, probe.abi, 'note', [hundredBytes]),
      await w.call(program, probe.abi, 'echo', [hundredBytes]),
    ]
    const calls = await w.batch()
    // Three plaintext lengths that span two default buckets, one sealed length.
    expect(new Set(sent.map((s) => plaintextLength(w.chain, [calls], s))).size).toBe(3)
    expect(sent.map((s) => sealedLength(calls, s))).toEqual([1024, 1024, 1024].map(sealedResult))

    const pages: number[][] = []
    for (const [target, n] of [
      [one, 1n],
      [four, 4n],
    ] as const) {
      await w.call(target, slots.abi, 'fill', [n])
      const output = await w.batch()
      pages.push(blobLengths(output, blobKinds.page))
      expect(blobLengths(output, blobKinds.index)).toEqual([sealedBlob(512)])
    }
    // One slot and four: the default buckets would tell them apart (128 vs 256), these do not.
    expect(pages).toEqual([[sealedBlob(512)], [sealedBlob(512)]])
  })
})
