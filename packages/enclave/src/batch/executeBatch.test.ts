import {
  blobsRoot,
  canonicalBlobHashes,
  commitId,
  commitSigningHash,
  decodeProgramHead,
  encodeAclBody,
  raceteeDomain,
  resultStatus,
  storeAuthorizationSigningHash,
} from '@racetee/protocol'
import {
  bytesToHex,
  encodeFunctionData,
  getContractAddress,
  hexToBytes,
  keccak256,
  recoverAddress,
  zeroAddress,
  zeroHash,
} from 'viem'
import { describe, expect, test } from 'vitest'
import { Enclave } from '../Enclave.js'
import { EpochKeyring } from '../keys/epochKeys.js'
import {
  A,
  amount128,
  B,
  beneficiary,
  C,
  chainId,
  compiledTest,
  evmDeployBody,
  factoryAbi,
  kinds,
  limits,
  mc,
  newChain,
  newEnclave,
  run,
  sealer,
  toJson,
  token,
} from './test/batchWorld.js'
import { resultOf, type SentRequest, send } from './test/client.js'
import { type FakeChain, programAddress } from './test/FakeChain.js'
import {
  balanceOfBody,
  decodeBalance,
  decodeTokenError,
  decodeTransfer,
  tokenDeployBody,
  transferBody,
} from './test/token.js'
import type { BatchOutput } from './types.js'

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
})
