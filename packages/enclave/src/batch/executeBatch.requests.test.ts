import { randomBytes } from 'node:crypto'
import { confidentialErc20Artifact } from '@racetee/contracts'
import {
  bundleEntryStatus,
  decodeResultsBundle,
  encodeAclBody,
  encodeDeployBody,
  programRuntimes,
  resultStatus,
} from '@racetee/protocol'
import {
  bytesToHex,
  concat as concatBytes,
  encodeDeployData,
  hexToBytes,
  numberToBytes,
  zeroAddress,
  zeroHash,
} from 'viem'
import { describe, expect, test } from 'vitest'
import { A, amount128, B, C, kinds, newChain, newEnclave, run, sealer, token } from './test/batchWorld.js'
import { resultOf, type SentRequest, send } from './test/client.js'
import { programAddress } from './test/FakeChain.js'
import { balanceOfBody, decodeBalance, tokenAbi, tokenDeployBody, transferBody } from './test/token.js'

describe('executeBatch: requests and their bodies', () => {
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
})
