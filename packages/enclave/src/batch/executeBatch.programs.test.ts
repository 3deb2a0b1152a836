import { decodeResultsBundle, encodeAclBody, requestKinds, resultStatus } from '@racetee/protocol'
import {
  type Address,
  bytesToHex,
  decodeFunctionResult,
  encodeFunctionData,
  getContractAddress,
  hexToBytes,
  keccak256,
  toHex,
  zeroAddress,
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
  relayAbi,
  run,
  sealer,
  token,
} from './test/batchWorld.js'
import { resultOf, send } from './test/client.js'
import { type PushRequest, programAddress } from './test/FakeChain.js'
import { balanceOfBody, decodeBalance, tokenDeployBody, transferBody } from './test/token.js'

describe('executeBatch: programs calling and creating programs', () => {
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
    // The batch spans the rotation to epoch 1: it runs under epoch 1, and the call after the
    // rotation, still encrypted to epoch 0 (the grace period, D3.2), is served.
    const keyring = new EpochKeyring()
    const enclave = new Enclave({ chainId, mc, limits, keyring })
    const sealFor = sealer(enclave.createGenesisEpoch().requestPublicKey)
    keyring.create(1n)
    const chain = newChain()
    const deploy = send(chain, await sealFor(1n, A, kinds.deploy, tokenDeployBody(amount128())))
    const rotation = chain.push(rotationEntry(1n))
    const after = send(chain, await sealFor(1n, A, kinds.call, transferBody(B, 1n)))
    const batch = (epoch: bigint) =>
      enclave.executeBatch({ epoch, facts: chain, blobs: chain, input: chain.batchInput(1n, beneficiary) })
    // D4: the rotation entry names epoch 1, so a batch claiming epoch 0 at its end is unproven.
    await expect(batch(0n)).rejects.toMatchObject({ code: 'ENCLAVE_BATCH_UNPROVEN' })
    const output = await batch(1n)
    chain.commit(output)
    expect(decodeResultsBundle(output.resultsBundle).map((e) => e.seq)).toEqual([deploy.seq, after.seq])
    expect(rotation.seq).toBe(2n)
    expect(resultOf(chain, [output], after).status).toBe(resultStatus.success)
    expect(output.body.accAfter).toBe(chain.accs.at(-1))
    expect(output.body.epoch).toBe(1n)
  })
})

function rotationEntry(epoch: bigint): PushRequest {
  return {
    blockNumber: 1n,
    kind: requestKinds.rotate,
    program: zeroAddress,
    caller: C,
    epoch,
    gasLimit: 0n,
    payload: '0x' as const,
    rotationStructHash: keccak256(toHex(`a rotation to epoch ${epoch}`)),
  }
}
