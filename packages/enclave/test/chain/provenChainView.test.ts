/**
 * The enclave's ChainView on a real anvil (D2.1): headers from `trustedRpcHeaderVerifier`, the
 * MC's state from anvil's own `eth_getProof` answers (relayed raw, as a host would), and every
 * proven value compared with the MC's view functions at the same block: after genesis, after
 * requests and a deploy, after a commit that sets a digest, and at an older block afterwards.
 */
import { deployManagementContract, devnetConfig, startAnvil } from '@racetee/contracts/devchain'
import {
  availabilityTypes,
  type Commit,
  commitTypes,
  compareHex,
  isRaceteeError,
  managementContractAbi,
  raceteeDomain,
} from '@racetee/protocol'
import {
  type Address,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  keccak256,
  numberToHex,
  type PrivateKeyAccount,
  type PublicClient,
  toHex,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { provenChainView } from '../../src/chain/provenChainView.js'
import { trustedRpcHeaderVerifier } from '../../src/chain/trustedRpcHeaderVerifier.js'
import type { AccountProof, HeaderVerifier, ProofSource, ProvenChainView } from '../../src/chain/types.js'

const requestPublicKey0: Hex = `0x${'11'.repeat(32)}`
const envelope: Hex = `0x01${'5a'.repeat(176)}`
const GAS_LIMIT = 100_000n

/** The host's relay, raw: anvil's JSON-RPC answers passed on untouched. */
function rawProofSource(client: PublicClient): ProofSource {
  return {
    getProof: ({ address, storageKeys, blockNumber }) =>
      client.request({
        method: 'eth_getProof' as never,
        params: [address, storageKeys, numberToHex(blockNumber)] as never,
      }) as Promise<AccountProof>,
    getCode: ({ address, blockNumber }) =>
      client.request({
        method: 'eth_getCode' as never,
        params: [address, numberToHex(blockNumber)] as never,
      }),
  }
}

describe('provenChainView on anvil', () => {
  let stop: () => Promise<void> = async () => {}
  let client: PublicClient
  let verifier: HeaderVerifier
  let proofs: ProofSource
  let mc: Address
  let chainId: number
  let rpcUrl: string
  const accounts: PrivateKeyAccount[] = []
  const [governance, enclave, storageA, storageB, alice, host] = [0, 1, 2, 3, 4, 5]
  const programs: Address[] = []

  const wallet = (i: number) =>
    createWalletClient({ account: accounts[i]!, chain: { ...foundry, id: chainId }, transport: http(rpcUrl) })

  async function send(from: number, functionName: string, args: readonly unknown[], value = 0n) {
    const hash = await wallet(from).writeContract({
      address: mc,
      abi: managementContractAbi,
      functionName,
      args,
      value,
    } as never)
    const receipt = await client.waitForTransactionReceipt({ hash })
    expect(receipt.status).toBe('success')
    return receipt
  }

  const read = <T>(functionName: string, args: readonly unknown[], blockNumber: bigint) =>
    client.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName,
      args,
      blockNumber,
    } as never) as Promise<T>

  async function viewAt(blockNumber: bigint): Promise<ProvenChainView> {
    return provenChainView({ mc, header: await verifier.header(blockNumber), proofs })
  }

  /** Every proven value equals what the MC's own view functions answer at the same block. */
  async function expectMatchesContract(view: ProvenChainView): Promise<void> {
    const at = view.header.number
    const [live, last, epoch, config, pk0] = await Promise.all([
      read<{ block: number; seq: bigint; acc: Hex }>('live', [], at),
      read<{ commitId: Hex; toBlock: bigint; toSeq: bigint; acc: Hex }>('lastCommit', [], at),
      read<{ epoch: bigint; started: boolean; requestPublicKey: Hex }>('epochInfo', [], at),
      read<{
        maxProgramsTouched: number
        maxProgramsCreated: number
        epochLength: bigint
        storageThreshold: number
        gracePeriod: bigint
      }>('config', [], at),
      read<Hex>('requestPublicKeyOf', [0n], at),
    ])
    expect(BigInt(live.block)).toBeLessThanOrEqual(at)
    expect(await view.checkpointAt(at)).toEqual({ seq: live.seq, acc: live.acc })
    expect(await view.lastCommit()).toEqual({
      commitId: last.commitId,
      toBlock: BigInt(last.toBlock),
      toSeq: last.toSeq,
      acc: last.acc,
    })
    const { rotationBlock } = await read<{ rotationBlock: bigint }>('epochInfo', [], at)
    expect(await view.epoch()).toEqual({ epoch: epoch.epoch, started: epoch.started, rotationBlock })
    const [version, memberCount, lastRevocationBlock] = await read<readonly [bigint, bigint, bigint]>(
      'registryState',
      [],
      at,
    )
    expect(await view.registry()).toEqual({ version, memberCount, lastRevocationBlock })
    expect(await view.programCount()).toBe(await read<bigint>('programCount', [], at))
    for (const signer of [accounts[enclave]!.address, accounts[alice]!.address]) {
      const info = await read<{ encryptionKey: Hex; admittedFrom: bigint; revokedAt: bigint }>(
        'enclaveInfo',
        [signer],
        at,
      )
      expect(await view.enclave(signer)).toEqual({
        address: signer,
        encryptionKey: info.encryptionKey,
        admittedFrom: info.admittedFrom,
        revokedAt: info.revokedAt,
        member: info.admittedFrom !== 0n && info.revokedAt === 0n,
      })
    }
    expect(await view.requestPublicKey(epoch.epoch)).toBe(epoch.requestPublicKey)
    expect(await view.requestPublicKey(0n)).toBe(pk0)
    expect(await view.config()).toEqual({
      maxProgramsPerRequest: config.maxProgramsTouched,
      maxCreatesPerRequest: config.maxProgramsCreated,
      epochLength: config.epochLength,
      storageThreshold: config.storageThreshold,
      gracePeriod: config.gracePeriod,
    })
    for (const program of [...programs, accounts[alice]!.address]) {
      const [registered, digest] = await Promise.all([
        read<boolean>('isProgram', [program], at),
        read<Hex>('digestOf', [program], at),
      ])
      expect(await view.program(program)).toEqual({ registered, digest })
    }
  }

  async function createProgram(salt: string): Promise<Address> {
    const userSalt = keccak256(toHex(salt))
    const program = await read<Address>(
      'programAddress',
      [accounts[alice]!.address, userSalt],
      await client.getBlockNumber(),
    )
    const fee = await read<bigint>('requiredFee', [GAS_LIMIT], await client.getBlockNumber())
    await send(alice, 'createProgram', [userSalt, 0n, GAS_LIMIT, envelope], fee)
    programs.push(program)
    return program
  }

  beforeAll(async () => {
    const anvil = await startAnvil()
    stop = anvil.stop
    rpcUrl = anvil.rpcUrl
    chainId = anvil.chainId
    for (const key of anvil.accounts) accounts.push(privateKeyToAccount(key))
    client = createPublicClient({ cacheTime: 0, transport: http(rpcUrl) }) as PublicClient
    verifier = trustedRpcHeaderVerifier({ rpcUrl })
    proofs = rawProofSource(client)
    const config = devnetConfig(accounts[governance]!.address)
    mc = (await deployManagementContract({ walletClient: wallet(governance), publicClient: client, config }))
      .address
  }, 60_000)

  afterAll(async () => {
    await stop()
  })

  let olderBlock = 0n
  let olderExpected: { checkpoint: unknown; epoch: unknown; program: unknown } | undefined

  it('proves the MC state after genesis, requests and a deploy, equal to its view functions', async () => {
    // Before genesis: epoch not started, no programs, the deploy block's live values.
    await expectMatchesContract(await viewAt(await client.getBlockNumber()))

    await send(
      governance,
      'genesis',
      [
        accounts[enclave]!.address,
        `0x${'aa'.repeat(32)}`,
        '0x01',
        accounts[host]!.address,
        'http://e',
        requestPublicKey0,
      ],
      devnetConfig(accounts[governance]!.address).minBond,
    )
    for (const node of [storageA, storageB])
      await send(governance, 'addStorageNode', [accounts[node]!.address, 'http://s'])
    const program = await createProgram('first')
    const fee = await read<bigint>('requiredFee', [GAS_LIMIT], await client.getBlockNumber())
    await send(alice, 'request', [program, 1, 0n, GAS_LIMIT, envelope], fee)
    await send(host, 'request', [program, 1, 0n, GAS_LIMIT, envelope], fee)

    olderBlock = await client.getBlockNumber()
    const view = await viewAt(olderBlock)
    await expectMatchesContract(view)
    expect((await view.program(program)).registered).toBe(true)
    expect((await view.checkpointAt(olderBlock)).seq).toBe(3n)
    olderExpected = {
      checkpoint: await view.checkpointAt(olderBlock),
      epoch: await view.epoch(),
      program: await view.program(program),
    }
  })

  it('behavior: after a commit that sets a digest, and at the older block afterwards', async () => {
    const program = programs[0]!
    const last = await read<{ commitId: Hex; toBlock: bigint }>(
      'lastCommit',
      [],
      await client.getBlockNumber(),
    )
    const toBlock = await client.getBlockNumber()
    const live = await read<{ seq: bigint; acc: Hex }>('live', [], toBlock)
    const commit: Commit = {
      body: {
        prevCommit: last.commitId,
        fromBlock: BigInt(last.toBlock) + 1n,
        toBlock,
        toSeq: live.seq,
        accAfter: live.acc,
        epoch: 0n,
        reads: [],
        updates: [{ program, prevDigest: `0x${'00'.repeat(32)}`, newDigest: keccak256(toHex('digest 1')) }],
        created: [],
        resultsHash: keccak256(toHex('results')),
        blobsRoot: keccak256(toHex('blobs')),
      },
      beneficiary: accounts[host]!.address,
    }
    const domain = raceteeDomain(chainId, mc)
    const signature = await accounts[enclave]!.signTypedData({
      domain,
      types: commitTypes,
      primaryType: 'Commit',
      message: commit,
    })
    const nodes = [accounts[storageA]!, accounts[storageB]!].sort((a, b) => compareHex(a.address, b.address))
    const storageSignatures = await Promise.all(
      nodes.map((n) =>
        n.signTypedData({
          domain,
          types: availabilityTypes,
          primaryType: 'Availability',
          message: { prevCommit: commit.body.prevCommit, blobsRoot: commit.body.blobsRoot },
        }),
      ),
    )
    await send(host, 'commit', [commit, signature, storageSignatures, 0n])
    await createProgram('second')

    const latest = await viewAt(await client.getBlockNumber())
    await expectMatchesContract(latest)
    expect(await latest.program(program)).toEqual({ registered: true, digest: keccak256(toHex('digest 1')) })
    expect((await latest.lastCommit()).toSeq).toBe(3n)

    // The older header's proofs still verify against its own state root, with the older values.
    const older = await viewAt(olderBlock)
    await expectMatchesContract(older)
    expect(await older.checkpointAt(olderBlock)).toEqual(olderExpected!.checkpoint)
    expect(await older.epoch()).toEqual(olderExpected!.epoch)
    expect(await older.program(program)).toEqual(olderExpected!.program)
  })

  it('behavior: at a later header an older block’s checkpoint is proven from its ring entry (decision 19)', async () => {
    // Requests came after olderBlock (the second deploy), so its live values moved to the ring.
    const at = await client.getBlockNumber()
    const [count, { ringSize }] = await Promise.all([
      read<bigint>('ringCount', [], at),
      read<{ ringSize: bigint }>('config', [], at),
    ])
    const index = (count - 1n) % ringSize
    const entry = await read<{ block: number; seq: bigint; acc: Hex; nextBlock: number }>(
      'ringEntry',
      [index],
      at,
    )
    expect(BigInt(entry.block)).toBeLessThanOrEqual(olderBlock)
    expect(BigInt(entry.nextBlock)).toBeGreaterThan(olderBlock)
    const latest = await viewAt(at)
    expect(await latest.checkpointAt(olderBlock, index)).toEqual({ seq: entry.seq, acc: entry.acc })
    expect(await latest.checkpointAt(olderBlock, index)).toEqual(olderExpected!.checkpoint)
    const wrong = await latest.checkpointAt(olderBlock, (index + 1n) % ringSize).catch((e: unknown) => e)
    expect(isRaceteeError(wrong, 'ENCLAVE_BATCH_UNPROVEN'), String(wrong)).toBe(true)
  })

  it("behavior: time to prove a typical batch's facts (lastCommit, checkpoint, epoch, config, 2 programs)", async () => {
    const at = await client.getBlockNumber()
    const header = await verifier.header(at)
    const runs: number[] = []
    const calls = { getProof: 0, getCode: 0 }
    const counted: ProofSource = {
      getProof(p) {
        calls.getProof++
        return proofs.getProof(p)
      },
      getCode(p) {
        calls.getCode++
        return proofs.getCode(p)
      },
    }
    for (let i = 0; i < 20; i++) {
      const started = performance.now()
      const view = provenChainView({ mc, header, proofs: counted })
      await Promise.all([
        view.lastCommit(),
        view.checkpointAt(at),
        view.epoch(),
        view.config(),
        view.program(programs[0]!),
        view.program(programs[1]!),
      ])
      runs.push(performance.now() - started)
    }
    runs.sort((a, b) => a - b)
    const median = runs[runs.length >> 1]!
    process.stdout.write(
      `provenChainView: typical batch facts proven in ${median.toFixed(1)} ms median (min ${runs[0]!.toFixed(1)}, max ${runs.at(-1)!.toFixed(1)}, 20 runs, ${calls.getProof / 20} getProof + ${calls.getCode / 20} getCode each on anvil)\n`,
    )
    const headerStarted = performance.now()
    await verifier.header(at)
    process.stdout.write(
      `trustedRpcHeaderVerifier: one header in ${(performance.now() - headerStarted).toFixed(1)} ms\n`,
    )
    expect(median).toBeGreaterThan(0)
  })

  it('error: a relay that lies about a real anvil proof is CHAIN_PROOF_INVALID', async () => {
    const header = await verifier.header(await client.getBlockNumber())
    const lying: ProofSource = {
      ...proofs,
      async getProof(parameters) {
        const p = await proofs.getProof(parameters)
        return { ...p, storageProof: p.storageProof.map((s) => ({ ...s, value: '0x1' as Hex })) }
      },
    }
    const err = await provenChainView({ mc, header, proofs: lying })
      .lastCommit()
      .catch((e: unknown) => e)
    expect(isRaceteeError(err, 'CHAIN_PROOF_INVALID'), String(err)).toBe(true)
    const stale = await provenChainView({ mc, header, proofs })
      .checkpointAt(header.number - 1n)
      .catch((e: unknown) => e)
    expect(isRaceteeError(stale, 'ENCLAVE_BATCH_UNPROVEN')).toBe(true)
  })
})
