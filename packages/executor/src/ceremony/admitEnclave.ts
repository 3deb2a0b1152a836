/**
 * Admission of a registered newcomer by an admitted enclave (D3.1, P7). The host only relays:
 * it reads the newcomer's registration (keys and evidence) from its `Registered` event, asks its
 * own enclave to verify the evidence and sign an `Admission` carrying the epoch secrets
 * encrypted to the newcomer, and submits `admit`. The enclave reads the epoch from proven state
 * (D2.1) and the MC checks the rest (signer admitted, registry version, epoch, keys, evidence
 * hash), so a lying host only gets a refusal or a revert. The admission takes effect after the
 * MC's admission delay, during which governance may veto it.
 */
import { errorCodes, managementContractAbi, RaceteeError } from '@racetee/protocol'
import {
  type Account,
  type Address,
  type Chain,
  getAbiItem,
  type Hash,
  type Hex,
  type PublicClient,
  parseEventLogs,
  type Transport,
  type WalletClient,
} from 'viem'
import type { EnclaveHandle } from '../enclave/EnclaveProvider.js'
import type { AdmitResult } from '../enclave/enclaveProcessApi.js'
import { confirmTransaction } from './confirmTransaction.js'

export type AdmitEnclaveParameters = {
  /** The admitting executor's wallet (gas only). */
  wallet: WalletClient<Transport, Chain | undefined, Account>
  publicClient: PublicClient
  mc: Address
  /** An admitted enclave that holds the current epoch. */
  admitter: EnclaveHandle
  /** The newcomer's signing address, as registered. */
  newcomer: Address
  /**
   * The newcomer's registered keys and evidence, when the caller already read its `Registered`
   * event (the admitting executor scans them); otherwise they are read here.
   */
  registration?: { encryptionKey: Hex; evidence: Hex }
}

export type AdmitEnclaveReturnType = {
  transactionHash: Hash
  blockNumber: bigint
  /** The block from which the newcomer counts as admitted. */
  effectiveFrom: bigint
  admission: AdmitResult['admission']
}

export async function admitEnclave(parameters: AdmitEnclaveParameters): Promise<AdmitEnclaveReturnType> {
  const { wallet, publicClient, mc, admitter, newcomer } = parameters
  const registration = parameters.registration ?? (await readRegistration(publicClient, mc, newcomer))
  if (!registration?.encryptionKey || !registration.evidence)
    throw new RaceteeError(errorCodes.ENCLAVE_ATTESTATION_INVALID, 'The newcomer is not registered.', {
      details: `enclave ${newcomer}`,
    })
  const [registryVersion, atBlock] = await Promise.all([
    publicClient.readContract({ address: mc, abi: managementContractAbi, functionName: 'registryVersion' }),
    publicClient.getBlockNumber({ cacheTime: 0 }),
  ])
  const { admission, signature } = await admitter.admit({
    atBlock,
    registryVersion: BigInt(registryVersion),
    newcomer: {
      address: newcomer,
      encryptionKey: registration.encryptionKey,
      evidence: registration.evidence,
    },
  })
  const transactionHash = await wallet.writeContract({
    address: mc,
    abi: managementContractAbi,
    functionName: 'admit',
    args: [admission, signature],
    account: wallet.account,
    chain: wallet.chain,
  })
  const receipt = await confirmTransaction(publicClient, transactionHash, 'admit')
  const [admitted] = parseEventLogs({ abi: managementContractAbi, logs: receipt.logs, eventName: 'Admitted' })
  if (!admitted)
    throw new RaceteeError(errorCodes.CHAIN_CONTRACT_REVERT, 'The admission emitted no Admitted event.', {
      details: `transaction ${transactionHash}`,
    })
  return {
    transactionHash,
    blockNumber: receipt.blockNumber,
    effectiveFrom: BigInt(admitted.args.effectiveFrom),
    admission,
  }
}

async function readRegistration(publicClient: PublicClient, mc: Address, newcomer: Address) {
  const registered = await publicClient.getLogs({
    address: mc,
    event: getAbiItem({ abi: managementContractAbi, name: 'Registered' }),
    args: { signer: newcomer },
    fromBlock: 0n,
  })
  return registered.at(-1)?.args
}
