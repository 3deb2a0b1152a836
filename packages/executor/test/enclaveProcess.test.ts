/**
 * The enclave as its own child process (D2, D2.1, D10) on a real anvil: genesis through the
 * process, a ConfidentialERC20 deployed and transferred confidentially, rounds executed by
 * `handle.executeBatch` (the enclave proves its own facts, epoch and limits) and committed on the
 * MC; a lying host gets nothing; a child killed with SIGKILL comes back with the same keys.
 */
import type { BatchRequest } from '@racetee/enclave'
import {
  confidentialErc20Abi,
  isRaceteeError,
  managementContractAbi,
  requestKinds,
  resultStatus,
} from '@racetee/protocol'
import {
  type Address,
  bytesToHex,
  decodeFunctionResult,
  type Hex,
  keccak256,
  type PrivateKeyAccount,
  stringToBytes,
} from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runGenesis } from '../src/ceremony/index.js'
import { ENCLAVE_READY_LINE, type EnclaveHandle, type EnclaveHostServices } from '../src/enclave/index.js'
import { type EnclaveDevnet, startEnclaveDevnet } from '../src/enclave/test/enclaveDevnet.js'
import {
  amountNeedles,
  randomAmount,
  TOKEN_SALT,
  TOKEN_SUPPLY,
  tokenCalldata,
  tokenDeployBody,
} from '../src/enclave/test/tokenRequests.js'
import { mcChainFacts } from '../src/index.js'

describe('enclave child process', () => {
  let devnet: EnclaveDevnet
  let handle: EnclaveHandle
  let program: Address
  let requestPublicKey: Hex
  let governance: PrivateKeyAccount
  let host: PrivateKeyAccount
  let alice: PrivateKeyAccount
  let bob: PrivateKeyAccount
  let carol: PrivateKeyAccount
  const amounts: bigint[] = []
  /** The host's services as the enclave sees them; a test swaps `behaviour` to play a lying host. */
  let behaviour: EnclaveHostServices
  const services: EnclaveHostServices = {
    blob: (hash) => behaviour.blob(hash),
    proofs: {
      getProof: (p) => behaviour.proofs.getProof(p),
      getCode: (p) => behaviour.proofs.getCode(p),
    },
  }

  const transfers = (plan: [PrivateKeyAccount, Address, bigint][]) =>
    devnet.inOneBlock(async () => {
      const sent = []
      for (const [from, to, amount] of plan)
        sent.push(
          await devnet.send({
            from,
            kind: requestKinds.call,
            body: tokenCalldata('transfer', [to, amount]),
            program,
            requestPublicKey,
          }),
        )
      return sent
    })

  /** The call's rejection; fails the test if the enclave released anything. */
  const rejection = (promise: Promise<unknown>): Promise<unknown> =>
    promise.then(
      () => {
        throw new TypeError('the call succeeded: the enclave released output')
      },
      (err: unknown) => err,
    )

  beforeAll(async () => {
    devnet = await startEnclaveDevnet()
    behaviour = devnet.honest
    ;[governance, host, alice, bob, carol] = [0, 1, 2, 3, 4].map(devnet.account) as PrivateKeyAccount[] as [
      PrivateKeyAccount,
      PrivateKeyAccount,
      PrivateKeyAccount,
      PrivateKeyAccount,
      PrivateKeyAccount,
    ]
    handle = await devnet.launch('enclave', { services })
    const genesis = await runGenesis({
      wallet: devnet.wallet(governance),
      publicClient: devnet.client,
      mc: devnet.mc,
      enclave: handle,
      payout: host.address,
      endpoint: 'http://127.0.0.1:0',
      bond: devnet.config.minBond,
    })
    requestPublicKey = genesis.requestPublicKey
    program = await devnet.client.readContract({
      address: devnet.mc,
      abi: managementContractAbi,
      functionName: 'programAddress',
      args: [alice.address, TOKEN_SALT],
    })
  }, 90_000)

  afterAll(async () => {
    await devnet?.stop()
  })

  it('runs genesis and confidential token rounds through the child process, committed on the MC', async () => {
    expect(handle.description).toMatchObject({ provider: 'simulation', simulated: true, epochs: [0n] })
    expect(handle.description.headerVerifier.simulated).toBe(true)
    const admitted = await devnet.client.readContract({
      address: devnet.mc,
      abi: managementContractAbi,
      functionName: 'isAdmittedAt',
      args: [handle.description.address, await devnet.client.getBlockNumber({ cacheTime: 0 })],
    })
    expect(admitted).toBe(true)

    const deploy = await devnet.confirm(
      await devnet.send({
        from: alice,
        kind: requestKinds.deploy,
        body: tokenDeployBody(),
        program,
        requestPublicKey,
        gas: 3_000_000n,
      }),
    )
    const deployed = await devnet.round(handle, host)
    expect(devnet.resultOf(deployed, deploy, program).status).toBe(resultStatus.success)
    expect(deployed.body.updates.map((u) => u.program)).toEqual([program])
    expect(deployed.body.epoch).toBe(0n)

    amounts.push(randomAmount() | (1n << 127n), randomAmount(), randomAmount() & ((1n << 127n) - 1n))
    const sent = await transfers([
      [alice, bob.address, amounts[0]!],
      [alice, carol.address, amounts[1]!],
      [bob, carol.address, amounts[2]!],
    ])
    const balance = await devnet.confirm(
      await devnet.send({
        from: alice,
        kind: requestKinds.call,
        body: tokenCalldata('balanceOf', [alice.address]),
        program,
        requestPublicKey,
      }),
    )
    const output = await devnet.round(handle, host)
    for (const s of sent) {
      const result = devnet.resultOf(output, s, program)
      expect(result.status).toBe(resultStatus.success)
      const data = bytesToHex(result.returnData)
      expect(decodeFunctionResult({ abi: confidentialErc20Abi, functionName: 'transfer', data })).toBe(true)
    }
    const data = bytesToHex(devnet.resultOf(output, balance, program).returnData)
    expect(decodeFunctionResult({ abi: confidentialErc20Abi, functionName: 'balanceOf', data })).toBe(
      TOKEN_SUPPLY - amounts[0]! - amounts[1]!,
    )
  }, 120_000)

  it('behavior: a lying host gets no output (invented caller, re-timed, dropped, stale blob, stale proof)', async () => {
    const facts = mcChainFacts(devnet.client, devnet.mc)
    const headBefore = (await facts.program(program)).digest
    const staleHead = devnet.blobs.get(headBefore)!
    // One more round moves the token's digest on, so the head above becomes stale state.
    await transfers([[carol, alice.address, 1n]])
    await devnet.round(handle, host)
    const oldBlock = await devnet.client.getBlockNumber({ cacheTime: 0 })
    const currentHead = (await facts.program(program)).digest
    expect(currentHead).not.toBe(headBefore)

    const extra = [randomAmount(), randomAmount()]
    amounts.push(...extra)
    await transfers([
      [alice, bob.address, extra[0]!],
      [bob, alice.address, extra[1]!],
    ])
    const { toBlock, requests } = await devnet.pendingBatch()
    expect(requests.length).toBe(2)
    const [first, second] = requests as [BatchRequest, BatchRequest]
    const forged: [string, BatchRequest[]][] = [
      ['invented caller', [{ ...first, caller: carol.address }, second]],
      ['invented request', [first, second, { ...second, seq: second.seq + 1n, caller: carol.address }]],
      ['re-timed', [{ ...first, timestamp: first.timestamp + 3_600n }, second]],
      ['dropped', [first]],
    ]
    for (const [what, forgedRequests] of forged) {
      const err = await rejection(
        handle.executeBatch({ toBlock, requests: forgedRequests, beneficiary: host.address }),
      )
      expect(isRaceteeError(err, 'ENCLAVE_BATCH_UNPROVEN'), what).toBe(true)
    }

    const honest = devnet.honest
    // Stale state: the token's previous head served for its current one.
    behaviour = { ...honest, blob: async (hash) => (hash === currentHead ? staleHead : honest.blob(hash)) }
    const stale = await rejection(handle.executeBatch({ toBlock, requests, beneficiary: host.address }))
    expect(isRaceteeError(stale, 'ENCLAVE_BLOB_HASH_MISMATCH')).toBe(true)
    // Stale state another way: proofs of an older block, where the old digest is still stored.
    behaviour = {
      ...honest,
      proofs: {
        getProof: (p) => honest.proofs.getProof({ ...p, blockNumber: oldBlock - 1n }),
        getCode: (p) => honest.proofs.getCode(p),
      },
    }
    const oldProof = await rejection(handle.executeBatch({ toBlock, requests, beneficiary: host.address }))
    expect(isRaceteeError(oldProof, 'CHAIN_PROOF_INVALID')).toBe(true)
    behaviour = honest

    // The same batch, told honestly, commits: the refusals were the forgeries' doing.
    await devnet.round(handle, host)
  }, 120_000)

  it('behavior: killed with SIGKILL, pending calls fail and a relaunch on the same dataDir keeps its keys', async () => {
    const before = handle
    const extra = randomAmount()
    amounts.push(extra)
    await transfers([[alice, carol.address, extra]])
    const { toBlock, requests } = await devnet.pendingBatch()
    let asked!: () => void
    const blobAsked = new Promise<void>((resolve) => {
      asked = resolve
    })
    behaviour = {
      ...devnet.honest,
      blob: () => {
        asked()
        return new Promise<Uint8Array>(() => {}) // a host that stalls: the call stays pending
      },
    }
    const pending = before.executeBatch({ toBlock, requests, beneficiary: host.address })
    await blobAsked
    process.kill(before.pid!, 'SIGKILL')
    expect(isRaceteeError(await rejection(pending), 'ENCLAVE_PROCESS_FAILED')).toBe(true)
    expect((await before.exited).signal).toBe('SIGKILL')
    expect(isRaceteeError(await rejection(before.describe()), 'ENCLAVE_PROCESS_FAILED')).toBe(true)
    behaviour = devnet.honest

    handle = await devnet.launch('enclave', { services })
    expect(handle.pid).not.toBe(before.pid)
    expect(handle.description).toEqual(before.description)
    // D10: epoch 0 is never redrawn, whatever the host asks.
    expect((await handle.createGenesisEpoch()).requestPublicKey).toBe(requestPublicKey)
    await devnet.round(handle, host)
  }, 120_000)

  it('behavior: the child prints only its ready line, and neither it nor the sealed file holds an amount', () => {
    const lines = devnet.lines('enclave')
    expect(lines).toEqual([ENCLAVE_READY_LINE, ENCLAVE_READY_LINE])
    const files = devnet.dataFiles('enclave')
    expect(files.length).toBe(1)
    const haystack = [...lines, ...files].join('\n').toLowerCase()
    expect(amounts.length).toBe(6)
    for (const needle of amountNeedles(amounts)) expect(haystack.includes(needle.toLowerCase())).toBe(false)
  })

  it('error: another measurement cannot open the sealed state, and the launch fails without a fresh identity', async () => {
    const other = keccak256(stringToBytes('another build'))
    const err = await rejection(devnet.launch('enclave', { measurement: other, services }))
    expect(isRaceteeError(err, 'ENCLAVE_SEAL_OPEN_FAILED')).toBe(true)
    const files = devnet.dataFiles('enclave')
    expect(files.length).toBe(1)
    expect((await devnet.launch('enclave', { services })).description).toEqual(handle.description)
  }, 60_000)

  it('error: a handle whose child exited refuses calls, and close is idempotent', async () => {
    const closing = await devnet.launch('closing')
    const exit = await closing.close()
    expect(exit.code).toBe(0)
    expect(await closing.close()).toEqual(exit)
    expect(isRaceteeError(await rejection(closing.describe()), 'ENCLAVE_PROCESS_FAILED')).toBe(true)
  }, 60_000)
})
