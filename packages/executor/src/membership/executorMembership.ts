/**
 * Membership of a running executor (D3.1, D7) over the real chain and enclave: the newcomer's
 * join (`joinDeployment`) and the admitted node's admission of others (`Admitter`), wired to the
 * MC through viem and to the enclave child through its handle. The host only reads events,
 * relays bytes and pays gas; every decision about evidence or secrets is the enclave's.
 *
 * Registration uses the MC's `minBond`, the wallet as payout address, and `endpoint` or, if
 * none was configured, the node's health URL.
 */
import { managementContractAbi } from '@racetee/protocol'
import type { Logger } from 'pino'
import {
  type Account,
  type Address,
  type Chain,
  getAbiItem,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem'
import { admitEnclave } from '../ceremony/admitEnclave.js'
import { latestAdmission } from '../ceremony/latestAdmission.js'
import { registerEnclave } from '../ceremony/registerEnclave.js'
import type { EnclaveHandle } from '../enclave/EnclaveProvider.js'
import { followHeads } from '../follow/followHeads.js'
import { Admitter, type AdmitterChain, type Registration } from './Admitter.js'
import { readEnclaveStatus } from './enclaveStatus.js'
import { HeadSignal } from './HeadSignal.js'
import { joinDeployment } from './joinDeployment.js'
import type { NodeMembership } from './NodeMembership.js'

export type ExecutorMembershipParameters = {
  client: PublicClient
  /** The operator's wallet: bond, gas, payout. */
  wallet: WalletClient<Transport, Chain | undefined, Account>
  mc: Address
  enclave: EnclaveHandle
  logger: Logger
  wsUrl?: string
  pollMs?: number
  /** The endpoint URL to register; default: the node's health URL. */
  endpoint?: string
  /** First block to scan for registrations (default 0). */
  fromBlock?: bigint
}

export function executorMembership(parameters: ExecutorMembershipParameters): NodeMembership {
  const { client, wallet, mc, enclave, logger } = parameters
  const log = logger.child({ component: 'membership' })
  const admitterChain: AdmitterChain = {
    head: () => client.getBlockNumber({ cacheTime: 0 }),
    registrations: (fromBlock, toBlock) => registrations(client, mc, fromBlock, toBlock),
    status: (signer) => readEnclaveStatus(client, mc, signer),
    admit: (r) =>
      admitEnclave({
        wallet,
        publicClient: client,
        mc,
        admitter: enclave,
        newcomer: r.signer,
        registration: { encryptionKey: r.encryptionKey, evidence: r.evidence },
      }),
  }
  let admitter: Admitter | undefined

  return {
    async join({ healthUrl }) {
      const heads = new HeadSignal()
      const follower = followHeads({
        client,
        ...(parameters.wsUrl ? { wsUrl: parameters.wsUrl } : {}),
        ...(parameters.pollMs ? { pollMs: parameters.pollMs } : {}),
        logger: log,
        onHead: (n) => heads.push(n),
      })
      try {
        const { address } = enclave.description
        await joinDeployment({
          enclave,
          logger: log,
          ...(healthUrl ? { announce: { health: healthUrl } } : {}),
          heads: {
            current: async () => {
              const head = await client.getBlockNumber({ cacheTime: 0 })
              heads.push(head)
              return head
            },
            beyond: (after) => heads.beyond(after),
          },
          chain: {
            status: () => readEnclaveStatus(client, mc, address),
            admission: () => latestAdmission(client, mc, address),
            register: async () => {
              const { minBond } = await client.readContract({
                address: mc,
                abi: managementContractAbi,
                functionName: 'config',
              })
              return registerEnclave({
                wallet,
                publicClient: client,
                mc,
                enclave,
                payout: wallet.account.address,
                endpoint: parameters.endpoint ?? healthUrl ?? '',
                bond: minBond,
              })
            },
          },
        })
      } finally {
        heads.close(new TypeError('join finished'))
        await follower.stop()
      }
    },

    async betweenRounds(shouldYield) {
      admitter ??= new Admitter({
        chain: admitterChain,
        self: enclave.description.address,
        logger: log,
        ...(parameters.fromBlock === undefined ? {} : { fromBlock: parameters.fromBlock }),
      })
      await admitter.step(shouldYield)
    },
  }
}

async function registrations(
  client: PublicClient,
  mc: Address,
  fromBlock: bigint,
  toBlock: bigint,
): Promise<Registration[]> {
  const logs = await client.getLogs({
    address: mc,
    event: getAbiItem({ abi: managementContractAbi, name: 'Registered' }),
    fromBlock,
    toBlock,
  })
  const out: Registration[] = []
  for (const { args, blockNumber, logIndex } of logs) {
    if (!args.signer || !args.encryptionKey || !args.evidence || blockNumber == null || logIndex == null)
      continue
    out.push({
      signer: args.signer,
      encryptionKey: args.encryptionKey,
      evidence: args.evidence,
      blockNumber,
      logIndex,
    })
  }
  return out
}
