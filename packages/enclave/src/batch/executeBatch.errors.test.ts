import { decodeResultsBundle, errorCodes, isRaceteeError } from '@racetee/protocol'
import { describe, expect, test } from 'vitest'
import {
  A,
  amount128,
  B,
  beneficiary,
  C,
  kinds,
  newChain,
  newEnclave,
  run,
  sealer,
  token,
} from './test/batchWorld.js'
import { send } from './test/client.js'
import { tokenDeployBody, transferBody } from './test/token.js'
import type { BatchInput } from './types.js'

describe('executeBatch: batches that release nothing', () => {
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
