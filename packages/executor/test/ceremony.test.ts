/**
 * Enclave ceremonies on a real anvil with real child processes (D3.1, P7): genesis of enclave A,
 * registration of enclave B, A verifies B's simulated evidence and admits it with epoch 0's
 * secret encrypted to B on chain, and after the admission delay B takes the secret (checked
 * against the request key proven at a verified header) and alone executes a round the MC accepts.
 */
import {
  commitSigningHash,
  confidentialErc20Abi,
  hpkeSuite,
  isRaceteeError,
  managementContractAbi,
  provisionAad,
  provisionInfo,
  type RaceteeError,
  raceteeDomain,
  requestKinds,
  resultStatus,
} from '@racetee/protocol'
import {
  bytesToHex,
  concatBytes,
  decodeFunctionResult,
  type Hex,
  hexToBytes,
  keccak256,
  numberToHex,
  type PrivateKeyAccount,
  recoverAddress,
  stringToBytes,
} from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { acceptAdmission, admitEnclave, registerEnclave, runGenesis } from '../src/ceremony/index.js'
import type { EnclaveHandle } from '../src/enclave/index.js'
import { type EnclaveDevnet, startEnclaveDevnet } from '../src/enclave/test/enclaveDevnet.js'
import {
  amountNeedles,
  randomAmount,
  TOKEN_SALT,
  tokenCalldata,
  tokenDeployBody,
} from '../src/enclave/test/tokenRequests.js'

describe('enclave ceremonies', () => {
  let devnet: EnclaveDevnet
  let governance: PrivateKeyAccount
  let hostA: PrivateKeyAccount
  let alice: PrivateKeyAccount
  let bob: PrivateKeyAccount
  let operatorB: PrivateKeyAccount
  let operatorC: PrivateKeyAccount
  /** C: registered with another measurement, never admitted. */
  let unadmitted: EnclaveHandle | undefined

  const caught = (promise: Promise<unknown>): Promise<unknown> =>
    promise.then(
      () => undefined,
      (err: unknown) => err,
    )

  beforeAll(async () => {
    devnet = await startEnclaveDevnet()
    ;[governance, hostA, alice, bob, operatorB, operatorC] = [0, 1, 2, 3, 5, 6].map(devnet.account) as [
      PrivateKeyAccount,
      PrivateKeyAccount,
      PrivateKeyAccount,
      PrivateKeyAccount,
      PrivateKeyAccount,
      PrivateKeyAccount,
    ]
  }, 90_000)

  afterAll(async () => {
    await devnet?.stop()
  })

  it('admits a second enclave with the epoch secret from the chain, and it alone executes a committed round', async () => {
    const { client, mc } = devnet
    const bond = devnet.config.minBond
    const a = await devnet.launch('a')
    const { requestPublicKey } = await runGenesis({
      wallet: devnet.wallet(governance),
      publicClient: client,
      mc,
      enclave: a,
      payout: hostA.address,
      endpoint: 'http://a.test',
      bond,
    })
    const b = await devnet.launch('b')
    expect(b.description.epochs).toEqual([])
    await registerEnclave({
      wallet: devnet.wallet(operatorB),
      publicClient: client,
      mc,
      enclave: b,
      payout: operatorB.address,
      endpoint: 'http://b.test',
      bond,
    })
    const admitted = await admitEnclave({
      wallet: devnet.wallet(hostA),
      publicClient: client,
      mc,
      admitter: a,
      newcomer: b.description.address,
    })
    expect(admitted.admission.epoch).toBe(0n)
    expect(admitted.admission.prevEpochSecret).toBe('0x')
    expect(admitted.effectiveFrom).toBe(admitted.blockNumber + devnet.config.admissionDelay)

    await client.request({ method: 'anvil_mine' as never, params: [numberToHex(5)] as never })
    const described = await acceptAdmission({ publicClient: client, mc, enclave: b })
    expect(described.epochs).toEqual([0n])
    expect(described.address).toBe(b.description.address)

    // A steps down: B serves the deployment on its own.
    expect((await a.close()).code).toBe(0)
    const program = await client.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'programAddress',
      args: [alice.address, TOKEN_SALT],
    })
    const common = { program, requestPublicKey }
    const deploy = await devnet.confirm(
      await devnet.send({
        ...common,
        from: alice,
        kind: requestKinds.deploy,
        body: tokenDeployBody(),
        gas: 3_000_000n,
      }),
    )
    const amount = randomAmount()
    const transfer = await devnet.confirm(
      await devnet.send({
        ...common,
        from: alice,
        kind: requestKinds.call,
        body: tokenCalldata('transfer', [bob.address, amount]),
      }),
    )
    const output = await devnet.round(b, operatorB)

    // The commit the MC accepted is B's: its signature recovers to B's enclave address.
    const { body, beneficiary } = output
    const signed = commitSigningHash(raceteeDomain(devnet.chainId, mc), { body, beneficiary })
    expect(await recoverAddress({ hash: signed, signature: output.signature })).toBe(b.description.address)
    expect(devnet.resultOf(output, deploy, program).status).toBe(resultStatus.success)
    const result = devnet.resultOf(output, transfer, program)
    expect(result.status).toBe(resultStatus.success)
    const data = bytesToHex(result.returnData)
    expect(decodeFunctionResult({ abi: confidentialErc20Abi, functionName: 'transfer', data })).toBe(true)

    // Neither B's output lines nor its sealed state hold the amount.
    const haystack = [...devnet.lines('b'), ...devnet.dataFiles('b')].join('\n').toLowerCase()
    for (const needle of amountNeedles([amount])) expect(haystack.includes(needle.toLowerCase())).toBe(false)
  }, 180_000)

  it('error: evidence of another measurement is refused by the admitting enclave, and no admission is sent', async () => {
    const { client, mc } = devnet
    const admitter = await devnet.launch('a') // A again, from its sealed state: still admitted, holds epoch 0
    expect(admitter.description.epochs).toEqual([0n])
    const other = await devnet.launch('c', { measurement: keccak256(stringToBytes('another build')) })
    await registerEnclave({
      wallet: devnet.wallet(operatorC),
      publicClient: client,
      mc,
      enclave: other,
      payout: operatorC.address,
      endpoint: 'http://c.test',
      bond: devnet.config.minBond,
    })
    unadmitted = other
    const registryVersion = () =>
      client.readContract({ address: mc, abi: managementContractAbi, functionName: 'registryVersion' })
    const version = await registryVersion()
    const err = await caught(
      admitEnclave({
        wallet: devnet.wallet(hostA),
        publicClient: client,
        mc,
        admitter,
        newcomer: other.description.address,
      }),
    )
    expect(isRaceteeError(err, 'ENCLAVE_ATTESTATION_INVALID')).toBe(true)
    expect((err as RaceteeError).details).toMatch(/^measurementNotAllowed/)
    expect(await registryVersion()).toBe(version)
  }, 60_000)

  it('error: provisioned secrets that do not open, or do not derive the proven key, are refused and not stored', async () => {
    const newcomer = unadmitted!
    const { address, encryptionKey } = newcomer.description
    const atBlock = await devnet.client.getBlockNumber({ cacheTime: 0 })
    const suite = hpkeSuite()
    const sealTo = async (secret: Uint8Array, epoch: bigint): Promise<Hex> => {
      const recipientPublicKey = await suite.kem.deserializePublicKey(hexToBytes(encryptionKey))
      const info = provisionInfo(devnet.chainId, devnet.mc, epoch)
      const { enc, ct } = await suite.seal({ recipientPublicKey, info }, secret, provisionAad(address))
      return bytesToHex(concatBytes([new Uint8Array(enc), new Uint8Array(ct)]))
    }
    const forged: Hex[] = [
      await sealTo(crypto.getRandomValues(new Uint8Array(32)), 0n), // opens, derives another key
      bytesToHex(crypto.getRandomValues(new Uint8Array(80))), // does not open
      await sealTo(new Uint8Array(32).fill(1), 1n), // sealed for another epoch
    ]
    for (const epochSecret of forged) {
      const err = await caught(
        newcomer.acceptProvisioning({ atBlock, epoch: 0n, epochSecret, prevEpochSecret: '0x' }),
      )
      expect(isRaceteeError(err, 'ENCLAVE_PROVISIONING_INVALID')).toBe(true)
    }
    expect((await newcomer.describe()).epochs).toEqual([])
  }, 60_000)
})
