/**
 * Issue 5, refusing bad evidence (D3.1, D3.3 check 4, D7): on the running devnet, three enclaves
 * register whose evidence the admitted executor's enclave must not vouch for:
 * - unverifiable: garbage bytes as evidence (registered with viem from the test);
 * - wrongly bound: another enclave's valid evidence, registered with different keys;
 * - disallowed: a real executor process claiming another `--measurement`, registering itself.
 * The running executor logs each refusal once, with its code and the newcomer's address, and none
 * of them is ever admitted: no `Admitted` event, even after the admission delay has passed and
 * the executor has worked through later heads (a valid newcomer registered afterwards is
 * admitted, so it was not idle). A commit signed by a refused enclave's key (held in-process)
 * is rejected by the MC with `SignerNotAdmitted`, while the same body signed by the admitted
 * control gets past that check and stops only at the storage signatures. Finally governance
 * revokes the waiting executor's enclave, and that executor exits with EXECUTOR_ENCLAVE_EXCLUDED.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { anvilDevKeys } from '@racetee/contracts/devchain'
import { type Devnet, startDevnet } from '@racetee/devnet'
import { EnclaveIdentity } from '@racetee/enclave'
import { commitSigningHash, managementContractAbi, raceteeDomain } from '@racetee/protocol'
import {
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  createTestClient,
  getAbiItem,
  type Hex,
  http,
  keccak256,
  stringToBytes,
} from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { emptyCommitBody } from './support/emptyCommit.js'
import { readHealth } from './support/executorStatus.js'
import { type LogLine, logLines, printLogs } from './support/logLines.js'
import { pollUntil } from './support/pollUntil.js'
import { simulatedEvidence } from './support/simulatedEvidence.js'
import { type ExtraExecutor, startExtraExecutor } from './support/startExtraExecutor.js'

const REFUSED = 'admission refused by the enclave'

/** The custom error a call to the MC reverts with, as `name(args)`, or the call's outcome. */
async function revertOf(call: Promise<unknown>): Promise<string> {
  try {
    await call
    return 'no revert'
  } catch (err) {
    const reverted =
      err instanceof BaseError ? err.walk((e) => e instanceof ContractFunctionRevertedError) : null
    if (!(reverted instanceof ContractFunctionRevertedError) || !reverted.data) throw err
    return `${reverted.data.errorName}(${(reverted.data.args ?? []).join(',')})`
  }
}

describe('newcomers with bad evidence', () => {
  let devnet: Devnet
  let wrongMeasurement: ExtraExecutor | undefined

  beforeAll(async () => {
    devnet = await startDevnet()
  })

  afterAll(async () => {
    await wrongMeasurement?.service.stop()
    await devnet?.stop()
  })

  test('are refused by the admitting enclave, never admitted, their commits rejected, and a revoked one stops', {
    timeout: 120_000,
  }, async ({ onTestFailed }) => {
    const { publicClient: client, mc, chainId } = devnet
    const first = devnet.executors[0]!
    onTestFailed(() => printLogs([first.logFile, wrongMeasurement?.logFile]))
    const config = await client.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'config',
    })
    const testClient = createTestClient({ mode: 'anvil', transport: http(devnet.rpcUrl) })
    const evidenceFor = (identity: EnclaveIdentity) =>
      simulatedEvidence({
        platformKeyFile: devnet.platformKeyFile,
        measurement: devnet.measurement,
        chainId,
        mc,
        signer: identity.address,
        encryptionKey: identity.encryptionKeyHex,
      })
    const register = async (operatorKey: Hex, identity: EnclaveIdentity, evidence: Hex) => {
      const wallet = devnet.wallet(operatorKey)
      const hash = await wallet.writeContract({
        address: mc,
        abi: managementContractAbi,
        functionName: 'register',
        args: [
          identity.address,
          identity.encryptionKeyHex,
          evidence,
          wallet.account.address,
          'http://test.invalid',
        ],
        value: config.minBond,
      })
      expect((await client.waitForTransactionReceipt({ hash })).status).toBe('success')
    }
    const firstLog = () => logLines(first.logFile)
    const refusalsOf = (newcomer: Address) =>
      firstLog().filter((l: LogLine) => l.msg === REFUSED && l.newcomer === newcomer)

    // In-process enclave keys: the test holds them, as a breached or fake enclave would.
    const garbage = EnclaveIdentity.generate()
    const control = EnclaveIdentity.generate()
    const misbound = EnclaveIdentity.generate()
    await register(devnet.userKeys[0]!, garbage, `0x${randomBytes(200).toString('hex')}`)
    await register(devnet.userKeys[1]!, misbound, await evidenceFor(control))
    wrongMeasurement = await startExtraExecutor(devnet, {
      name: 'executor-wrong-measurement',
      key: anvilDevKeys[2]!,
      measurement: keccak256(stringToBytes('a build the policy does not allow')),
      readyMessage: 'waiting for admission',
    })
    const disallowed = wrongMeasurement.enclave

    const expected: [Address, RegExp][] = [
      [garbage.address, /malformed/],
      [misbound.address, /reportDataMismatch/],
      [disallowed, /measurementNotAllowed/],
    ]
    for (const [newcomer, reason] of expected) {
      const [refusal] = await pollUntil(
        async () => (refusalsOf(newcomer).length > 0 ? refusalsOf(newcomer) : undefined),
        {
          what: `the refusal of ${newcomer}`,
          timeoutMs: 30_000,
        },
      )
      expect(refusal).toMatchObject({ newcomer, code: 'ENCLAVE_ATTESTATION_INVALID' })
      expect(refusal!.details).toMatch(reason)
    }

    // The admission delay passes, the executor follows the new heads, and then admits a valid
    // newcomer registered after them: it kept working, and did not try the refused ones again.
    await testClient.mine({ blocks: Number(config.admissionDelay) + 1 })
    await register(devnet.userKeys[2]!, control, await evidenceFor(control))
    await pollUntil(
      async () => firstLog().find((l) => l.msg === 'admitted newcomer' && l.newcomer === control.address),
      { what: 'the control newcomer admitted', timeoutMs: 30_000 },
    )
    for (const [newcomer] of expected) expect(refusalsOf(newcomer)).toHaveLength(1)
    const admittedEvents = await client.getLogs({
      address: mc,
      event: getAbiItem({ abi: managementContractAbi, name: 'Admitted' }),
      fromBlock: devnet.deployBlock,
    })
    expect(admittedEvents.map((e) => e.args.enclave)).toEqual([first.enclave, control.address])
    const head = await client.getBlockNumber({ cacheTime: 0 })
    for (const [newcomer] of expected) {
      const info = await client.readContract({
        address: mc,
        abi: managementContractAbi,
        functionName: 'enclaveInfo',
        args: [newcomer],
      })
      expect({ newcomer, admittedFrom: info.admittedFrom }).toEqual({ newcomer, admittedFrom: 0n })
    }
    // The executor with the wrong measurement is still waiting and has run no round.
    expect(logLines(wrongMeasurement.logFile).map((l) => l.msg)).not.toContain('admitted')
    expect((await readHealth(wrongMeasurement.healthUrl)).status).toBe('starting')

    // Commits: the control's admission takes effect; the same valid body signed by each key.
    await testClient.mine({ blocks: Number(config.admissionDelay) + 1 })
    const body = await emptyCommitBody(client, mc)
    expect(body.toBlock).toBeGreaterThanOrEqual(head)
    const domain = raceteeDomain(chainId, mc)
    const submitter = devnet.wallet(devnet.userKeys[3]!)
    const commitSignedBy = (identity: EnclaveIdentity) => {
      const commit = { body, beneficiary: submitter.account.address }
      return [commit, identity.signTypedDataHash(commitSigningHash(domain, commit)), [], 0n] as const
    }
    const simulate = (identity: EnclaveIdentity) =>
      client.simulateContract({
        address: mc,
        abi: managementContractAbi,
        functionName: 'commit',
        args: commitSignedBy(identity),
        account: submitter.account,
      })
    for (const identity of [garbage, misbound])
      expect(await revertOf(simulate(identity))).toBe(`SignerNotAdmitted(${identity.address})`)
    // Control: an admitted signer passes check 4; the body fails only for want of storage signatures.
    expect(await revertOf(simulate(control))).toBe(`NotEnoughStorageSignatures(0,${config.storageThreshold})`)

    // Sent for real, the refused enclave's commit reverts on chain and the last commit stays.
    const lastBefore = await client.readContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'lastCommit',
    })
    const hash = await submitter.writeContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'commit',
      args: commitSignedBy(garbage),
      gas: 1_000_000n,
    })
    expect((await client.waitForTransactionReceipt({ hash })).status).toBe('reverted')
    expect(
      await client.readContract({ address: mc, abi: managementContractAbi, functionName: 'lastCommit' }),
    ).toEqual(lastBefore)

    // Governance revokes the waiting executor's enclave: it stops with a clear error, not a hang.
    const governance = devnet.wallet(anvilDevKeys[0]!)
    const revoke = await governance.writeContract({
      address: mc,
      abi: managementContractAbi,
      functionName: 'revoke',
      args: [disallowed],
    })
    expect((await client.waitForTransactionReceipt({ hash: revoke })).status).toBe('success')
    expect(await wrongMeasurement.service.exited).toBe(1)
    expect(readFileSync(wrongMeasurement.logFile, 'utf8')).toContain('Code: EXECUTOR_ENCLAVE_EXCLUDED')
  })
})
