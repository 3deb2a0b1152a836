/**
 * The latest `Admitted` event of an enclave (D3.1, P7): who admitted it, from which block, and the
 * epoch secrets sealed to its encryption key. On chain, so no host can withhold them; only the
 * newcomer's enclave can open them. The latest event counts because a veto clears an admission.
 */
import { managementContractAbi } from '@racetee/protocol'
import { type Address, getAbiItem, type Hex, type PublicClient } from 'viem'

export type AdmissionEvent = {
  admitter: Address
  effectiveFrom: bigint
  registryVersion: bigint
  epoch: bigint
  epochSecret: Hex
  prevEpochSecret: Hex
  blockNumber: bigint
}

export async function latestAdmission(
  publicClient: PublicClient,
  mc: Address,
  enclave: Address,
  fromBlock = 0n,
): Promise<AdmissionEvent | undefined> {
  const logs = await publicClient.getLogs({
    address: mc,
    event: getAbiItem({ abi: managementContractAbi, name: 'Admitted' }),
    args: { enclave },
    fromBlock,
  })
  const log = logs.at(-1)
  const a = log?.args
  if (
    log?.blockNumber == null ||
    a?.admitter === undefined ||
    a.effectiveFrom === undefined ||
    a.registryVersion === undefined ||
    a.epoch === undefined ||
    a.epochSecret === undefined ||
    a.prevEpochSecret === undefined
  )
    return undefined
  return {
    admitter: a.admitter,
    effectiveFrom: BigInt(a.effectiveFrom),
    registryVersion: BigInt(a.registryVersion),
    epoch: BigInt(a.epoch),
    epochSecret: a.epochSecret,
    prevEpochSecret: a.prevEpochSecret,
    blockNumber: log.blockNumber,
  }
}
