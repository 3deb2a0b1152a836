import { randomBytes } from 'node:crypto'
import { confidentialErc20Artifact } from '@racetee/contracts'
import {
  blobsRoot,
  bundleEntryStatus,
  canonicalBlobHashes,
  commitId,
  commitSigningHash,
  decodeProgramHead,
  decodeResultsBundle,
  encodeAclBody,
  encodeDeployBody,
  errorCodes,
  isRaceteeError,
  programRuntimes,
  raceteeDomain,
  resultStatus,
  storeAuthorizationSigningHash,
} from '@racetee/protocol'
import {
  type Address,
  bytesToHex,
  concat as concatBytes,
  decodeFunctionResult,
  encodeDeployData,
  encodeFunctionData,
  getAddress,
  getContractAddress,
  hexToBytes,
  keccak256,
  numberToBytes,
  parseAbi,
  recoverAddress,
  toHex,
  zeroAddress,
  zeroHash,
} from 'viem'
import { describe, expect, test } from 'vitest'
import { Enclave } from '../Enclave.js'
import { EpochKeyring } from '../keys/epochKeys.js'
import { resultOf, type SealedRequest, type SentRequest, seal, send } from './test/client.js'
import { compileSolidity } from './test/compileSolidity.js'
import { FakeChain, programAddress } from './test/FakeChain.js'
import {
  balanceOfBody,
  decodeBalance,
  decodeTokenError,
  decodeTransfer,
  tokenAbi,
  tokenDeployBody,
  transferBody,
} from './test/token.js'
import type { BatchInput, BatchOutput } from './types.js'

const chainId = 31337n
const mc = getAddress('0x5fbdb2315678afecb367f032d93f642f64180aa3')
const limits = { maxProgramsPerRequest: 8, maxCreatesPerRequest: 4 }
const A = getAddress('0x00000000000000000000000000000000000a11ce')
const B = getAddress('0x0000000000000000000000000000000000000b0b')
const C = getAddress('0x00000000000000000000000000000000000ca201')
const beneficiary = getAddress('0x000000000000000000000000000000000000bee1')
const token = programAddress(1)
const kinds = { call: 1, deploy: 2, acl: 3 } as const

/** A random amount of 128 bits (top bit set, so its hex and decimal forms are full length). */
function amount128(): bigint {
  return BigInt(bytesToHex(randomBytes(16))) | (1n << 127n)
}

function newEnclave(): { enclave: Enclave; requestPublicKey: `0x${string}` } {
  const enclave = new Enclave({ chainId, mc, limits })
  return { enclave, requestPublicKey: enclave.createGenesisEpoch().requestPublicKey }
}

function sealer(requestPublicKey: `0x${string}`) {
  return (
    blockNumber: bigint,
    caller: Address,
    kind: 1 | 2 | 3,
    body: Uint8Array,
    program: Address = token,
  ): Promise<SealedRequest> =>
    seal({
      chainId,
      mc,
      requestPublicKey,
      blockNumber,
      kind,
      program,
      caller,
      body,
      gasLimit: kind === kinds.deploy ? 3_000_000n : 200_000n,
    })
}

async function run(enclave: Enclave, chain: FakeChain, toBlock: bigint): Promise<BatchOutput> {
  const output = await enclave.executeBatch({
    epoch: 0n,
    facts: chain,
    blobs: chain,
    input: chain.batchInput(toBlock, beneficiary),
  })
  chain.commit(output)
  return output
}

function newChain(): FakeChain {
  const chain = new FakeChain(chainId, mc)
  chain.register(token)
  return chain
}

describe('executeBatch', () => {
  test('deploys ConfidentialERC20, transfers, and answers balanceOf to its owner', async () => {
    const { enclave, requestPublicKey } = newEnclave()
    const sealFor = sealer(requestPublicKey)
    const supply = amount128() << 8n
    const [x, y] = [amount128(), amount128()]
    const chain = newChain()
    const deploy = send(chain, await sealFor(1n, A, kinds.deploy, tokenDeployBody(supply)))
    const toB = send(chain, await sealFor(2n, A, kinds.call, transferBody(B, x)))
    const toC = send(chain, await sealFor(2n, A, kinds.call, transferBody(C, y)))
    const balanceA = send(chain, await sealFor(3n, A, kinds.call, balanceOfBody(A)))
    const balanceB = send(chain, await sealFor(3n, B, kinds.call, balanceOfBody(B)))

    const output = await run(enclave, chain, 3n)
    const outputs = [output]
    const deployed = resultOf(chain, outputs, deploy)
    expect(deployed.status).toBe(resultStatus.success)
    for (const sent of [toB, toC]) {
      const result = resultOf(chain, outputs, sent)
      expect(result.status).toBe(resultStatus.success)
      expect(decodeTransfer(result.returnData)).toBe(true)
      expect(result.logs).toHaveLength(1)
    }
    const a = resultOf(chain, outputs, balanceA)
    expect(a.status).toBe(resultStatus.success)
    expect(decodeBalance(a.returnData)).toBe(supply - x - y)
    expect(decodeBalance(resultOf(chain, outputs, balanceB).returnData)).toBe(x)
    expect(output.body.updates).toEqual([
      { program: token, prevDigest: expect.stringMatching(/^0x0{64}$/), newDigest: chain.digest(token) },
    ])
  })

  test('behavior: a replayed or tampered ciphertext yields decryptFailed for its maker and executes nothing', async () => {
    const { enclave, requestPublicKey } = newEnclave()
    const sealFor = sealer(requestPublicKey)
    const supply = amount128() << 8n
    const x = amount128()
    const other = programAddress(2)
    const chain = newChain()
    chain.register(other)
    send(chain, await sealFor(1n, A, kinds.deploy, tokenDeployBody(supply)))
    const original = send(chain, await sealFor(2n, A, kinds.call, transferBody(B, x)))
    await run(enclave, chain, 2n)
    const digestBefore = chain.digest(token)

    const flipped = BigInt(original.sealed.payload) ^ 1n // last byte: the AEAD tag
    const replays: { sent: SentRequest; byMaker: boolean }[] = [
      { sent: send(chain, { ...original.sealed, blockNumber: 3n, caller: B }), byMaker: true },
      { sent: send(chain, { ...original.sealed, blockNumber: 3n, program: other }), byMaker: true },
      {
        sent: send(chain, {
          ...original.sealed,
          blockNumber: 3n,
          payload: `0x${flipped.toString(16).padStart(original.sealed.payload.length - 2, '0')}`,
        }),
        byMaker: true,
      },
    ]
    const replayed = await run(enclave, chain, 3n)
    for (const { sent } of replays) {
      const result = resultOf(chain, [replayed], sent, original.sealed.resultBase)
      expect(result).toEqual({
        status: resultStatus.decryptFailed,
        gasUsed: 0n,
        returnData: new Uint8Array(),
        logs: [],
      })
    }
    // Nothing ran: no program changed, and the token's digest is the one before the replays.
    expect(replayed.body.updates).toEqual([])
    expect(chain.digest(token)).toBe(digestBefore)

    const balanceA = send(chain, await sealFor(4n, A, kinds.call, balanceOfBody(A)))
    const balanceB = send(chain, await sealFor(4n, B, kinds.call, balanceOfBody(B)))
    const after = await run(enclave, chain, 4n)
    expect(decodeBalance(resultOf(chain, [after], balanceA).returnData)).toBe(supply - x)
    expect(decodeBalance(resultOf(chain, [after], balanceB).returnData)).toBe(x)
  })

  test('behavior: a reverting request changes no state and the next request in its block still runs', async () => {
    const { enclave, requestPublicKey } = newEnclave()
    const sealFor = sealer(requestPublicKey)
    const supply = amount128()
    const y = amount128() >> 2n
    const chain = newChain()
    send(chain, await sealFor(1n, A, kinds.deploy, tokenDeployBody(supply)))
    await run(enclave, chain, 1n)
    const digestBefore = chain.digest(token)

    const alone = send(chain, await sealFor(2n, A, kinds.call, transferBody(B, supply + 1n)))
    const onlyRevert = await run(enclave, chain, 2n)
    expect(resultOf(chain, [onlyRevert], alone).status).toBe(resultStatus.reverted)
    expect(onlyRevert.body.updates).toEqual([])
    expect(onlyRevert.body.reads).toEqual([{ program: token, digest: digestBefore }])
    expect(chain.digest(token)).toBe(digestBefore)

    const tooMuch = send(chain, await sealFor(3n, A, kinds.call, transferBody(B, supply + 1n)))
    const fits = send(chain, await sealFor(3n, A, kinds.call, transferBody(C, y)))
    const mixed = await run(enclave, chain, 3n)
    const reverted = resultOf(chain, [mixed], tooMuch)
    expect(reverted.status).toBe(resultStatus.reverted)
    expect(reverted.logs).toEqual([])
    expect(decodeTokenError(reverted.returnData)).toEqual({
      abiItem: expect.anything(),
      errorName: 'ERC20InsufficientBalance',
      args: [A, supply, supply + 1n],
    })
    expect(resultOf(chain, [mixed], fits).status).toBe(resultStatus.success)

    const reads = [A, B, C].map(async (who) =>
      send(chain, await sealFor(4n, who, kinds.call, balanceOfBody(who))),
    )
    const sent = await Promise.all(reads)
    const after = await run(enclave, chain, 4n)
    expect(sent.map((s) => decodeBalance(resultOf(chain, [after], s).returnData))).toEqual([
      supply - y,
      0n,
      y,
    ])
  })

  test('behavior: one batch or two over the same blocks give the same results and digests', async () => {
    const { enclave, requestPublicKey } = newEnclave()
    const sealFor = sealer(requestPublicKey)
    const supply = amount128() << 8n
    const script = [
      await sealFor(1n, A, kinds.deploy, tokenDeployBody(supply)),
      await sealFor(2n, A, kinds.call, transferBody(B, amount128())),
      await sealFor(2n, A, kinds.call, transferBody(C, amount128())),
      await sealFor(3n, B, kinds.call, transferBody(C, amount128() >> 1n)),
      await sealFor(3n, A, kinds.call, transferBody(B, supply)),
      await sealFor(3n, A, kinds.call, balanceOfBody(A)),
      await sealFor(3n, C, kinds.call, balanceOfBody(C)),
    ]
    const once = newChain()
    const twice = newChain()
    const sentOnce = script.map((s) => send(once, s))
    const sentTwice = script.map((s) => send(twice, s))
    const onceOut = [await run(enclave, once, 3n)]
    const twiceOut = [await run(enclave, twice, 2n), await run(enclave, twice, 3n)]

    const results = (chain: FakeChain, outputs: BatchOutput[], sent: SentRequest[]) =>
      sent.map((s) => {
        const { status, returnData, gasUsed, logs } = resultOf(chain, outputs, s)
        return { status, returnData: bytesToHex(returnData), gasUsed, logs }
      })
    const expected = results(once, onceOut, sentOnce)
    expect(expected.map((r) => r.status)).toEqual([0, 0, 0, 0, 1, 0, 0])
    expect(results(twice, twiceOut, sentTwice)).toEqual(expected)
    expect(twice.digest(token)).toBe(once.digest(token))
    expect(twice.anchor.acc).toBe(once.anchor.acc)
    // Every blob of the final state is the same: the split run wrote the one-batch run's blobs.
    const finalBlobs = onceOut[0]!.blobs
      .map((b) => b.hash)
      .filter((h) => h !== keccak256(onceOut[0]!.resultsBundle))
    for (const hash of finalBlobs) expect(twice.blobs.has(hash)).toBe(true)
  })

  test('behavior: batching does not change Info, nonces or created programs', async () => {
    const { enclave, requestPublicKey } = newEnclave()
    const sealFor = sealer(requestPublicKey)
    const factory = programAddress(3)
    const make = (v: bigint) =>
      hexToBytes(encodeFunctionData({ abi: factoryAbi, functionName: 'make', args: [v] }))
    const child = getContractAddress({ from: factory, nonce: 1n })
    const script = [
      await sealFor(1n, A, kinds.deploy, evmDeployBody(compiledTest('Factory')), factory),
      await sealFor(1n, A, kinds.deploy, tokenDeployBody(amount128())),
      await sealFor(2n, A, kinds.call, make(1n), factory),
      await sealFor(2n, A, kinds.acl, encodeAclBody({ acl: [A, B], newAdmin: zeroAddress })),
      await sealFor(3n, B, kinds.call, make(2n), factory),
      await sealFor(
        3n,
        B,
        kinds.call,
        hexToBytes(encodeFunctionData({ abi: factoryAbi, functionName: 'x' })),
        child,
      ),
      await sealFor(4n, A, kinds.acl, encodeAclBody({ acl: [], newAdmin: B })),
      await sealFor(4n, C, kinds.call, balanceOfBody(C)),
      await sealFor(5n, B, kinds.acl, encodeAclBody({ acl: [C], newAdmin: zeroAddress })),
    ]
    const runs = []
    for (const cuts of [[5n], [1n, 2n, 3n, 4n, 5n], [2n, 5n], [3n, 4n, 5n]]) {
      const chain = newChain()
      chain.register(factory)
      const sent = script.map((s) => send(chain, s))
      const outputs: BatchOutput[] = []
      for (const toBlock of cuts) outputs.push(await run(enclave, chain, toBlock))
      runs.push({
        digests: [token, factory, child, getContractAddress({ from: factory, nonce: 2n })].map((p) =>
          chain.digest(p),
        ),
        results: toJson(sent.map((s) => resultOf(chain, outputs, s))),
      })
    }
    expect(runs[0]!.digests.every((d) => d !== undefined && d !== zeroHash)).toBe(true)
    expect(JSON.parse(runs[0]!.results).map((r: { status: number }) => r.status)).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 0,
    ])
    for (const other of runs.slice(1)) expect(other).toEqual(runs[0])
  })

  test('behavior: two enclaves holding the same epoch secret produce the same commit body', async () => {
    const keyringA = new EpochKeyring()
    keyringA.create(0n)
    const secret = keyringA.exportSecret(0n)
    const keyringB = new EpochKeyring()
    keyringB.add(0n, secret)
    secret.fill(0)
    const first = new Enclave({ chainId, mc, limits, keyring: keyringA })
    const second = new Enclave({ chainId, mc, limits, keyring: keyringB })
    expect(second.requestPublicKey(0n)).toBe(first.requestPublicKey(0n))
    expect(second.address).not.toBe(first.address)

    const sealFor = sealer(first.requestPublicKey(0n))
    const script = [
      await sealFor(1n, A, kinds.deploy, tokenDeployBody(amount128() << 8n)),
      await sealFor(2n, A, kinds.call, transferBody(B, amount128())),
      await sealFor(2n, B, kinds.call, balanceOfBody(A)),
      await sealFor(3n, A, kinds.call, transferBody(C, amount128())),
    ]
    const outputs = []
    for (const enclave of [first, second]) {
      const chain = newChain()
      for (const s of script) send(chain, s)
      outputs.push([await run(enclave, chain, 2n), await run(enclave, chain, 3n)])
    }
    const [ofFirst, ofSecond] = outputs as [BatchOutput[], BatchOutput[]]
    for (const [i, a] of ofFirst.entries()) {
      const b = ofSecond[i]!
      expect(toJson(b.body)).toBe(toJson(a.body))
      expect(b.commitId).toBe(a.commitId)
      expect(toJson(b.blobs)).toBe(toJson(a.blobs))
      expect(bytesToHex(b.resultsBundle)).toBe(bytesToHex(a.resultsBundle))
      expect(b.signature).not.toBe(a.signature)
    }
  })

  test('behavior: balanceOf(A) called by B reverts', async () => {
    const { enclave, requestPublicKey } = newEnclave()
    const sealFor = sealer(requestPublicKey)
    const chain = newChain()
    send(chain, await sealFor(1n, A, kinds.deploy, tokenDeployBody(amount128())))
    const probe = send(chain, await sealFor(2n, B, kinds.call, balanceOfBody(A)))
    const output = await run(enclave, chain, 2n)
    const result = resultOf(chain, [output], probe)
    expect(result.status).toBe(resultStatus.reverted)
    expect(decodeTokenError(result.returnData)).toMatchObject({
      errorName: 'NotAuthorisedViewer',
      args: [A, B],
    })
  })

  test('behavior: the commit is signed by the enclave and blobsRoot covers exactly the blobs', async () => {
    const { enclave, requestPublicKey } = newEnclave()
    const sealFor = sealer(requestPublicKey)
    const chain = newChain()
    send(chain, await sealFor(1n, A, kinds.deploy, tokenDeployBody(amount128())))
    send(chain, await sealFor(1n, A, kinds.call, transferBody(B, 5n)))
    const output = await run(enclave, chain, 1n)
    const domain = raceteeDomain(chainId, mc)

    expect(output.beneficiary).toBe(beneficiary)
    expect(
      await recoverAddress({
        hash: commitSigningHash(domain, { body: output.body, beneficiary }),
        signature: output.signature,
      }),
    ).toBe(enclave.address)
    expect(output.commitId).toBe(commitId(domain, output.body))
    expect(
      await recoverAddress({
        hash: storeAuthorizationSigningHash(domain, {
          prevCommit: output.body.prevCommit,
          blobsRoot: output.body.blobsRoot,
          toBlock: output.body.toBlock,
        }),
        signature: output.storeAuthorization,
      }),
    ).toBe(enclave.address)
    const hashes = output.blobs.map((b) => b.hash)
    expect(output.body.blobsRoot).toBe(blobsRoot(hashes))
    expect(hashes).toEqual(canonicalBlobHashes(hashes))
    for (const blob of output.blobs) expect(keccak256(blob.bytes)).toBe(blob.hash)
    expect(output.body.resultsHash).toBe(keccak256(output.resultsBundle))
    expect(hashes).toContain(output.body.resultsHash)
    // The token's new head is among the blobs, and its three blobs are too (P6).
    const head = output.blobs.find((b) => b.hash === chain.digest(token))
    expect(head).toBeDefined()
    const { codeHash, stateRoot, infoHash } = decodeProgramHead(head!.bytes)
    expect(hashes).toEqual(expect.arrayContaining([codeHash, stateRoot, infoHash]))
  })

  test('behavior: no amount appears in clear anywhere in the output', async () => {
    const { enclave, requestPublicKey } = newEnclave()
    const sealFor = sealer(requestPublicKey)
    const supply = amount128() << 16n
    const amounts = [amount128(), amount128(), amount128()]
    const chain = newChain()
    send(chain, await sealFor(1n, A, kinds.deploy, tokenDeployBody(supply)))
    for (const [i, x] of amounts.entries())
      send(chain, await sealFor(2n, A, kinds.call, transferBody([B, C, B][i]!, x)))
    send(chain, await sealFor(3n, A, kinds.call, balanceOfBody(A)))
    send(chain, await sealFor(3n, B, kinds.call, balanceOfBody(B)))
    const outputs = [await run(enclave, chain, 2n), await run(enclave, chain, 3n)]
    const balances = [supply, supply - amounts[0]! - amounts[1]! - amounts[2]!, amounts[0]! + amounts[2]!]

    const text = toJson(outputs).toLowerCase()
    expect(text.length).toBeGreaterThan(10_000)
    for (const value of [...amounts, ...balances]) {
      expect(text).not.toContain(value.toString(16))
      expect(text).not.toContain(value.toString())
    }
  })

  test('behavior: the admin changes the ACL; others are refused, and a second deploy changes nothing', async () => {
    const { enclave, requestPublicKey } = newEnclave()
    const sealFor = sealer(requestPublicKey)
    const supply = amount128()
    const chain = newChain()
    send(chain, await sealFor(1n, A, kinds.deploy, tokenDeployBody(supply)))
    await run(enclave, chain, 1n)
    const digest = chain.digest(token)

    const redeploy = send(chain, await sealFor(2n, B, kinds.deploy, tokenDeployBody(supply)))
    const aclByB = send(chain, await sealFor(2n, B, kinds.acl, encodeAclBody({ acl: [B], newAdmin: B })))
    const refused = await run(enclave, chain, 2n)
    expect(resultOf(chain, [refused], redeploy).status).not.toBe(resultStatus.success)
    expect(resultOf(chain, [refused], aclByB).status).toBe(resultStatus.accessDenied)
    expect(refused.body.updates).toEqual([])
    expect(chain.digest(token)).toBe(digest)

    const aclByA = send(
      chain,
      await sealFor(3n, A, kinds.acl, encodeAclBody({ acl: [A, C], newAdmin: zeroAddress })),
    )
    const fromB = send(chain, await sealFor(3n, B, kinds.call, balanceOfBody(B)))
    const fromC = send(chain, await sealFor(3n, C, kinds.call, balanceOfBody(C)))
    const restricted = await run(enclave, chain, 3n)
    expect(resultOf(chain, [restricted], aclByA).status).toBe(resultStatus.success)
    expect(resultOf(chain, [restricted], fromB).status).toBe(resultStatus.accessDenied)
    expect(resultOf(chain, [restricted], fromC).status).toBe(resultStatus.success)
    expect(restricted.body.updates.map((u) => u.program)).toEqual([token])

    // The ACL is in the sealed Info: the next batch loads it from storage.
    const laterB = send(chain, await sealFor(4n, B, kinds.call, balanceOfBody(B)))
    const laterA = send(chain, await sealFor(4n, A, kinds.call, balanceOfBody(A)))
    const later = await run(enclave, chain, 4n)
    expect(resultOf(chain, [later], laterB).status).toBe(resultStatus.accessDenied)
    expect(decodeBalance(resultOf(chain, [later], laterA).returnData)).toBe(supply)
  })

  test('behavior: an envelope that does not parse is public envelopeInvalid; a bad body is malformedRequest', async () => {
    const { enclave, requestPublicKey } = newEnclave()
    const sealFor = sealer(requestPublicKey)
    const chain = newChain()
    const lowOrder = bytesToHex(new Uint8Array([1, ...new Uint8Array(32), ...randomBytes(144)]))
    const invalid = chain.push({
      blockNumber: 1n,
      kind: kinds.call,
      program: token,
      caller: A,
      gasLimit: 1n,
      payload: lowOrder,
    })
    const garbage = send(chain, await sealFor(1n, A, kinds.deploy, transferBody(B, 1n)))
    const js = send(
      chain,
      await sealFor(
        1n,
        A,
        kinds.deploy,
        encodeDeployBody({
          runtime: programRuntimes.js,
          // A JS program's source must be UTF-8.
          code: new Uint8Array([0xff, 0xfe, 0xfd]),
          config: { acl: [], rotateEvery: 0, keepHistory: false, resultBucketMin: 0, pageBucketMin: 0 },
        }),
      ),
    )
    const output = await run(enclave, chain, 1n)
    const entries = decodeResultsBundle(output.resultsBundle)
    expect(entries[0]).toMatchObject({
      seq: invalid.seq,
      status: bundleEntryStatus.envelopeInvalid,
      sealed: new Uint8Array(),
    })
    expect(resultOf(chain, [output], garbage).status).toBe(resultStatus.malformedRequest)
    expect(resultOf(chain, [output], js).status).toBe(resultStatus.malformedRequest)
    expect(output.body.updates).toEqual([])
    expect(chain.digest(token)).toBe(zeroHash)
  })

  test('behavior: bucket minimums are 0 or a request bucket; anything else is malformedRequest', async () => {
    const { enclave, requestPublicKey } = newEnclave()
    const sealFor = sealer(requestPublicKey)
    const padded = programAddress(5)
    const chain = newChain()
    chain.register(padded)
    const withBuckets = (resultBucketMin: number, pageBucketMin: number) =>
      encodeDeployBody({
        runtime: programRuntimes.evm,
        code: hexToBytes(
          encodeDeployData({
            abi: tokenAbi,
            bytecode: confidentialErc20Artifact.bytecode,
            args: ['P', 'P', 1000n],
          }),
        ),
        config: { acl: [], rotateEvery: 0, keepHistory: false, resultBucketMin, pageBucketMin },
      })
    // A minimum in the gigabytes would make every enclave fail to allocate: a poison request.
    const huge = send(chain, await sealFor(1n, A, kinds.deploy, withBuckets(2 ** 31, 0)))
    const odd = send(chain, await sealFor(1n, A, kinds.deploy, withBuckets(0, 100)))
    const fine = send(chain, await sealFor(1n, A, kinds.deploy, withBuckets(512, 256), padded))
    const deployed = await run(enclave, chain, 1n)
    expect(resultOf(chain, [deployed], huge).status).toBe(resultStatus.malformedRequest)
    expect(resultOf(chain, [deployed], odd).status).toBe(resultStatus.malformedRequest)
    expect(resultOf(chain, [deployed], fine).status).toBe(resultStatus.success)
    expect(deployed.body.updates.map((u) => u.program)).toEqual([padded])

    const moved = send(chain, await sealFor(2n, A, kinds.call, transferBody(B, 10n), padded))
    const read = send(chain, await sealFor(3n, A, kinds.call, balanceOfBody(A), padded))
    const outputs = [await run(enclave, chain, 2n), await run(enclave, chain, 3n)]
    expect(resultOf(chain, outputs, moved).status).toBe(resultStatus.success)
    expect(decodeBalance(resultOf(chain, outputs, read).returnData)).toBe(990n)
    const sealed = decodeResultsBundle(outputs[1]!.resultsBundle)[0]!.sealed
    expect(sealed.length).toBe(512 + 16) // the program's result bucket, plus the GCM-SIV tag
  })

  test('behavior: bodies that do not decode are malformedRequest, never a fault', async () => {
    const { enclave, requestPublicKey } = newEnclave()
    const sealFor = sealer(requestPublicKey)
    const chain = newChain()
    send(chain, await sealFor(1n, A, kinds.deploy, tokenDeployBody(1000n)))
    const word = (n: bigint) => numberToBytes(n, { size: 32 })
    const bodies: [1 | 2 | 3, Uint8Array][] = [
      [kinds.deploy, new Uint8Array()],
      [kinds.deploy, randomBytes(300)],
      [kinds.deploy, tokenDeployBody(1000n).subarray(0, 200)],
      [kinds.deploy, new Uint8Array([...tokenDeployBody(1000n), 0])],
      [kinds.acl, randomBytes(96)],
      // An address[] claiming 2^64 entries in a few bytes: decoding must fail fast.
      [kinds.acl, concatBytes([word(64n), word(0n), word(2n ** 64n)])],
      [kinds.acl, encodeAclBody({ acl: [A], newAdmin: A }).subarray(1)],
    ]
    const sent = []
    for (const [kind, body] of bodies) sent.push(send(chain, await sealFor(2n, A, kind, body)))
    const outputs = [await run(enclave, chain, 2n)]
    expect(sent.map((s) => resultOf(chain, outputs, s).status)).toEqual(
      bodies.map(() => resultStatus.malformedRequest),
    )
  })

  test('behavior: a program created by a program is committed as created and callable afterwards', async () => {
    const { enclave, requestPublicKey } = newEnclave()
    const sealFor = sealer(requestPublicKey)
    const factory = programAddress(3)
    const chain = newChain()
    chain.register(factory)
    send(chain, await sealFor(1n, A, kinds.deploy, evmDeployBody(compiledTest('Factory')), factory))
    const make = send(
      chain,
      await sealFor(
        2n,
        A,
        kinds.call,
        hexToBytes(encodeFunctionData({ abi: factoryAbi, functionName: 'make', args: [42n] })),
        factory,
      ),
    )
    const first = await run(enclave, chain, 2n)
    const child = getContractAddress({ from: factory, nonce: 1n })
    expect(resultOf(chain, [first], make).status).toBe(resultStatus.success)
    expect(first.body.created).toEqual([{ program: child, creator: factory, digest: chain.digest(child) }])
    expect(first.body.updates.map((u) => u.program)).toEqual([factory])

    const read = send(
      chain,
      await sealFor(
        3n,
        B,
        kinds.call,
        hexToBytes(encodeFunctionData({ abi: factoryAbi, functionName: 'x' })),
        child,
      ),
    )
    const again = send(
      chain,
      await sealFor(
        3n,
        A,
        kinds.call,
        hexToBytes(encodeFunctionData({ abi: factoryAbi, functionName: 'make', args: [7n] })),
        factory,
      ),
    )
    const second = await run(enclave, chain, 3n)
    const read42 = resultOf(chain, [second], read)
    expect(read42.status).toBe(resultStatus.success)
    expect(
      decodeFunctionResult({ abi: factoryAbi, functionName: 'x', data: bytesToHex(read42.returnData) }),
    ).toBe(42n)
    expect(resultOf(chain, [second], again).status).toBe(resultStatus.success)
    // The factory's nonce lives in its sealed Info (P5): the second child gets nonce 2's address.
    expect(second.body.created.map((c) => c.program)).toEqual([
      getContractAddress({ from: factory, nonce: 2n }),
    ])
  })

  test('behavior: a program calls another loaded from storage, through its ACL', async () => {
    const { enclave, requestPublicKey } = newEnclave()
    const sealFor = sealer(requestPublicKey)
    const relay = programAddress(4)
    const supply = amount128()
    const chain = newChain()
    chain.register(relay)
    send(chain, await sealFor(1n, A, kinds.deploy, tokenDeployBody(supply)))
    send(chain, await sealFor(1n, A, kinds.deploy, evmDeployBody(compiledTest('Relay')), relay))
    send(chain, await sealFor(1n, A, kinds.call, transferBody(relay, 100n)))
    await run(enclave, chain, 1n)

    // The token is loaded lazily by the relay's CALL, from sealed blobs checked against its digest.
    const relayCall = (to: Address, v: bigint) =>
      hexToBytes(encodeFunctionData({ abi: relayAbi, functionName: 'relay', args: [token, to, v] }))
    const moved = send(chain, await sealFor(2n, B, kinds.call, relayCall(C, 30n), relay))
    const first = await run(enclave, chain, 2n)
    expect(resultOf(chain, [first], moved).status).toBe(resultStatus.success)
    // The relay holds no state of its own: it was loaded, not changed.
    expect(first.body.updates.map((u) => u.program)).toEqual([token])
    expect(first.body.reads).toEqual([{ program: relay, digest: chain.digest(relay) }])

    // Only A may call the token now: the relay's call is refused at the program boundary.
    send(chain, await sealFor(3n, A, kinds.acl, encodeAclBody({ acl: [A], newAdmin: zeroAddress })))
    const refused = send(chain, await sealFor(3n, B, kinds.call, relayCall(C, 30n), relay))
    const reopen = send(
      chain,
      await sealFor(4n, A, kinds.acl, encodeAclBody({ acl: [], newAdmin: zeroAddress })),
    )
    const readC = send(chain, await sealFor(4n, C, kinds.call, balanceOfBody(C)))
    const second = await run(enclave, chain, 4n)
    expect(resultOf(chain, [second], refused).status).toBe(resultStatus.reverted)
    expect(resultOf(chain, [second], reopen).status).toBe(resultStatus.success)
    expect(decodeBalance(resultOf(chain, [second], readC).returnData)).toBe(30n)
  })

  test('behavior: a rotation entry is folded into the accumulator and gets no result', async () => {
    const { enclave, requestPublicKey } = newEnclave()
    const sealFor = sealer(requestPublicKey)
    const chain = newChain()
    const deploy = send(chain, await sealFor(1n, A, kinds.deploy, tokenDeployBody(amount128())))
    const rotation = chain.push({
      blockNumber: 1n,
      kind: 4,
      program: zeroAddress,
      caller: C,
      epoch: 1n,
      gasLimit: 0n,
      payload: '0x',
      rotationStructHash: keccak256(toHex('a rotation')),
    })
    const after = send(chain, await sealFor(1n, A, kinds.call, transferBody(B, 1n)))
    const output = await run(enclave, chain, 1n)
    expect(decodeResultsBundle(output.resultsBundle).map((e) => e.seq)).toEqual([deploy.seq, after.seq])
    expect(rotation.seq).toBe(2n)
    expect(resultOf(chain, [output], after).status).toBe(resultStatus.success)
    expect(output.body.accAfter).toBe(chain.accs.at(-1))
  })

  test('error: a batch that does not match the checkpoint is refused and releases nothing', async () => {
    const { enclave, requestPublicKey } = newEnclave()
    const sealFor = sealer(requestPublicKey)
    const chain = newChain()
    send(chain, await sealFor(1n, A, kinds.deploy, tokenDeployBody(amount128())))
    send(chain, await sealFor(2n, A, kinds.call, transferBody(B, 7n)))
    send(chain, await sealFor(2n, A, kinds.call, transferBody(C, 9n)))
    const honest = chain.batchInput(2n, beneficiary)
    send(chain, await sealFor(3n, B, kinds.call, transferBody(C, 1n)))
    const invented = chain.requests[1]!

    const tampered: Record<string, BatchInput> = {
      'dropped last': { ...honest, requests: honest.requests.slice(0, 2) },
      'dropped middle': { ...honest, requests: [honest.requests[0]!, honest.requests[2]!] },
      'dropped and renumbered': {
        ...honest,
        requests: [honest.requests[0]!, { ...honest.requests[2]!, seq: 2n }],
      },
      'invented at the end': { ...honest, requests: [...honest.requests, { ...invented, seq: 4n }] },
      'caller swapped': {
        ...honest,
        requests: honest.requests.map((r, i) => (i === 1 ? { ...r, caller: B } : r)),
      },
      'timestamp changed': {
        ...honest,
        requests: honest.requests.map((r, i) => (i === 2 ? { ...r, timestamp: r.timestamp + 1n } : r)),
      },
      'block moved': {
        ...honest,
        requests: honest.requests.map((r, i) => (i === 2 ? { ...r, blockNumber: 1n } : r)),
      },
      'toBlock short': { ...honest, toBlock: 1n },
      'toBlock past the fed requests': { ...honest, toBlock: 3n },
      reordered: {
        ...honest,
        requests: [
          honest.requests[0]!,
          { ...honest.requests[2]!, seq: 2n },
          { ...honest.requests[1]!, seq: 3n },
        ],
      },
    }
    for (const [name, input] of Object.entries(tampered)) {
      const attempt = enclave.executeBatch({ epoch: 0n, facts: chain, blobs: chain, input })
      await expect(attempt, name).rejects.toSatisfy(
        (err: unknown) => isRaceteeError(err) && err.code === errorCodes.ENCLAVE_BATCH_UNPROVEN,
      )
    }
    // The honest batch still goes through afterwards, and so do the next one and an empty one.
    const output = await enclave.executeBatch({ epoch: 0n, facts: chain, blobs: chain, input: honest })
    expect(output.body.toSeq).toBe(3n)
    chain.commit(output)
    expect((await run(enclave, chain, 3n)).body.toSeq).toBe(4n)
    const empty = await run(enclave, chain, 5n)
    expect(empty.body).toMatchObject({
      fromBlock: 4n,
      toBlock: 5n,
      toSeq: 4n,
      reads: [],
      updates: [],
      created: [],
    })
    expect(decodeResultsBundle(empty.resultsBundle)).toEqual([])
  })

  test('error: a blob that is missing or does not match its hash aborts the batch', async () => {
    const { enclave, requestPublicKey } = newEnclave()
    const sealFor = sealer(requestPublicKey)
    const chain = newChain()
    send(chain, await sealFor(1n, A, kinds.deploy, tokenDeployBody(amount128())))
    await run(enclave, chain, 1n)
    send(chain, await sealFor(2n, A, kinds.call, transferBody(B, 1n)))
    const input = chain.batchInput(2n, beneficiary)
    const head = chain.digest(token)!
    const bytes = chain.blobs.get(head)!

    chain.blobs.set(
      head,
      bytes.map((b, i) => (i === 0 ? b ^ 1 : b)),
    )
    await expect(enclave.executeBatch({ epoch: 0n, facts: chain, blobs: chain, input })).rejects.toSatisfy(
      (err: unknown) => isRaceteeError(err) && err.code === errorCodes.ENCLAVE_BLOB_HASH_MISMATCH,
    )
    chain.blobs.delete(head)
    await expect(enclave.executeBatch({ epoch: 0n, facts: chain, blobs: chain, input })).rejects.toSatisfy(
      (err: unknown) => isRaceteeError(err) && err.code === errorCodes.ENCLAVE_BLOB_MISSING,
    )
    chain.blobs.set(head, bytes)
    expect((await run(enclave, chain, 2n)).body.updates.map((u) => u.program)).toEqual([token])
  })
})

function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? bytesToHex(v) : v,
  )
}

const testSource = `
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.31;
contract Child {
  uint256 public x;
  constructor(uint256 v) { x = v; }
}
interface IERC20 { function transfer(address to, uint256 v) external returns (bool); }
contract Relay {
  function relay(address token, address to, uint256 v) external { require(IERC20(token).transfer(to, v)); }
}
contract Factory {
  function make(uint256 v) external returns (address) { return address(new Child(v)); }
}
`
const relayAbi = parseAbi(['function relay(address token, address to, uint256 v)'])
const factoryAbi = parseAbi([
  'function make(uint256 v) returns (address)',
  'function x() view returns (uint256)',
])
let compiled: Record<string, `0x${string}`> | undefined
function compiledTest(name: string): `0x${string}` {
  compiled ??= compileSolidity(testSource)
  const code = compiled[name]
  if (!code) throw new RangeError(`${name} not compiled`)
  return code
}

function evmDeployBody(initCode: `0x${string}`): Uint8Array {
  return encodeDeployBody({
    runtime: programRuntimes.evm,
    code: hexToBytes(initCode),
    config: { acl: [], rotateEvery: 0, keepHistory: false, resultBucketMin: 0, pageBucketMin: 0 },
  })
}
