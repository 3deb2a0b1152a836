/**
 * Scenario `enclave signs a divergent body` (issue 6; D3.3 `challenge`, D4 "Determinism",
 * ARCHITECTURE decision 49): a faulty enclave, held in this process (`inProcessEnclave`),
 * joins through the ordinary ceremony: registered, admitted by the honest executor, provisioned.
 * The honest executor is relaunched behind a JSON-RPC proxy. From part 1 on, the proxy holds
 * the honest executor's next `commit` transaction; meanwhile the faulty enclave executes the
 * same range, signs a body with wrong results and wrong program states, stores its blobs on k
 * nodes and commits first (`sendDivergentCommit`). Released, the honest commit reverts; its
 * executor adopts the winner, finds the bodies differ and challenges: commits freeze, both
 * bonds are slashed, and the faulty commit is rolled back. At `heal`, governance revokes the
 * faulty enclave and unfreezes; the honest executor commits the range again. The row's judge
 * counts only commits that stand, so a rolled-back range answered again is neither lost nor
 * duplicated, and every result must equal the public replay.
 */
import { anvilDevKeys } from '@racetee/contracts/devchain'
import type { Devnet } from '@racetee/devnet'
import { errorCodes, managementContractAbi, RaceteeError } from '@racetee/protocol'
import {
  createTestClient,
  decodeFunctionData,
  getAbiItem,
  type Hex,
  http,
  isAddressEqual,
  parseTransaction,
} from 'viem'
import { inProcessEnclave } from '../../e2e/support/inProcessEnclave.js'
import { pollUntil } from '../../e2e/support/pollUntil.js'
import { resolveChallenge } from '../../e2e/support/resolveChallenge.js'
import { sendDivergentCommit } from '../../e2e/support/sendDivergentCommit.js'
import { waitForAdmitted } from '../../e2e/support/waitForAdmitted.js'
import { executorBehindProxy } from '../support/executorBehindProxy.js'
import type { Scenario } from '../support/runScenario.js'

/** Dev account 2: with one executor (account 1) and users from account 3 on, nobody else's. */
const FAULTY_OPERATOR_KEY = anvilDevKeys[2]!

export const divergentEnclave: Scenario = {
  name: 'enclave signs a divergent body',
  expectsFaults: true,
  async arm(devnet, log) {
    const { publicClient: client, mc } = devnet
    const honest = devnet.executors[0]!
    const proxy = await executorBehindProxy({
      devnet,
      executor: honest,
      name: 'executor 0 (commits held by the proxy)',
    })
    try {
      const faulty = await inProcessEnclave(devnet)
      await faulty.register(FAULTY_OPERATOR_KEY)
      await waitForAdmitted(devnet, faulty.identity.address, 'the faulty enclave admitted by executor 0')
      const { admissionDelay } = await client.readContract({
        address: mc,
        abi: managementContractAbi,
        functionName: 'config',
      })
      await createTestClient({ mode: 'anvil', transport: http(devnet.rpcUrl) }).mine({
        blocks: Number(admissionDelay),
      })
      await faulty.provision()
      log(`faulty enclave ${faulty.identity.address} admitted and provisioned`)

      let landed = 0
      return {
        async inject() {
          let armed = true
          proxy.setHold((method, params) => {
            const toBlock =
              armed && method === 'eth_sendRawTransaction' ? commitToBlock(params, mc) : undefined
            if (toBlock === undefined) return undefined
            armed = false
            log(`holding executor 0's commit up to block ${toBlock}; the faulty enclave commits first`)
            return (async () => {
              const divergent = await sendDivergentCommit({
                devnet,
                faulty,
                operatorKey: FAULTY_OPERATOR_KEY,
                toBlock,
              })
              const receipt = await client.waitForTransactionReceipt({ hash: divergent.hash })
              if (receipt.status !== 'success')
                throw new RaceteeError(errorCodes.TOOLING_FAILED, 'The divergent commit reverted.', {
                  details: divergent.hash,
                })
              landed++
              log(`divergent commit ${divergent.commitId} landed; releasing executor 0's commit`)
            })()
          })
        },
        async heal() {
          const rolledBack = await pollUntil(
            async () =>
              (
                await client.getLogs({
                  address: mc,
                  event: getAbiItem({ abi: managementContractAbi, name: 'RolledBack' }),
                  fromBlock: devnet.deployBlock,
                })
              ).at(0),
            { what: 'the challenge rolling the divergent commit back', timeoutMs: 60_000 },
          ).catch((err: unknown) => {
            throw new RaceteeError(
              errorCodes.TOOLING_FAILED,
              'No challenge rolled the divergent commit back.',
              {
                details: `divergent commits landed: ${landed}`,
                cause: err,
              },
            )
          })
          await assertChallengedBy(devnet, honest.enclave)
          log(
            `rolled back ${rolledBack.args.rolledBack}; governance revokes the faulty enclave and unfreezes`,
          )
          await resolveChallenge(devnet, faulty.identity.address)
        },
        injected: () => landed,
        stop: () => proxy.stop(),
      }
    } catch (err) {
      await proxy.stop()
      throw err
    }
  },
}

/** The `toBlock` of a raw transaction calling the MC's `commit`, or undefined for any other. */
function commitToBlock(params: unknown, mc: Hex): bigint | undefined {
  const raw = Array.isArray(params) ? params[0] : undefined
  if (typeof raw !== 'string') return undefined
  const tx = parseTransaction(raw as Hex)
  if (!tx.to || !isAddressEqual(tx.to, mc) || !tx.data) return undefined
  try {
    const call = decodeFunctionData({ abi: managementContractAbi, data: tx.data })
    return call.functionName === 'commit' ? call.args[0].body.toBlock : undefined
  } catch {
    return undefined
  }
}

/** The `Challenged` event names the honest executor's enclave as one of the two signers. */
async function assertChallengedBy(devnet: Devnet, honestEnclave: Hex): Promise<void> {
  const [challenged] = await devnet.publicClient.getLogs({
    address: devnet.mc,
    event: getAbiItem({ abi: managementContractAbi, name: 'Challenged' }),
    fromBlock: devnet.deployBlock,
  })
  const signers = challenged ? [challenged.args.signerA, challenged.args.signerB] : []
  if (!signers.some((s) => s && isAddressEqual(s, honestEnclave)))
    throw new RaceteeError(errorCodes.TOOLING_FAILED, 'The challenge did not come from the honest commit.', {
      details: signers.join(', '),
    })
}
