/**
 * The newcomer's side of admission (D3.1, P7): once the admission delay has passed without a
 * veto, the host takes the epoch secrets from the `Admitted` event (on chain, so no host can
 * withhold them) and hands them to its enclave, which opens them and keeps them only if they
 * derive the request public keys proven at a verified header (D2.1), sealing them before it
 * answers. Waiting polls the block number; it never sleeps a fixed time.
 */
import { errorCodes, managementContractAbi, RaceteeError } from '@racetee/protocol'
import type { Address, PublicClient } from 'viem'
import type { EnclaveHandle } from '../enclave/EnclaveProvider.js'
import type { EnclaveDescription } from '../enclave/enclaveProcessApi.js'
import { latestAdmission } from './latestAdmission.js'

export type AcceptAdmissionParameters = {
  publicClient: PublicClient
  mc: Address
  /** The newcomer's enclave. */
  enclave: EnclaveHandle
  /** Polling interval while waiting for the admission to take effect. Default 250 ms. */
  pollIntervalMs?: number
  signal?: AbortSignal
}

export async function acceptAdmission(parameters: AcceptAdmissionParameters): Promise<EnclaveDescription> {
  const { publicClient, mc, enclave, pollIntervalMs = 250, signal } = parameters
  const { address } = enclave.description
  const admitted = await latestAdmission(publicClient, mc, address)
  if (!admitted)
    throw new RaceteeError(
      errorCodes.ENCLAVE_PROVISIONING_INVALID,
      'No admission of this enclave on chain.',
      {
        details: `enclave ${address}`,
      },
    )
  const { effectiveFrom } = admitted
  let atBlock = await publicClient.getBlockNumber({ cacheTime: 0 })
  while (atBlock < effectiveFrom) {
    signal?.throwIfAborted()
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs))
    atBlock = await publicClient.getBlockNumber({ cacheTime: 0 })
  }
  const admittedNow = await publicClient.readContract({
    address: mc,
    abi: managementContractAbi,
    functionName: 'isAdmittedAt',
    args: [address, atBlock],
    blockNumber: atBlock,
  })
  if (!admittedNow)
    throw new RaceteeError(errorCodes.ENCLAVE_PROVISIONING_INVALID, 'The admission was vetoed or revoked.', {
      details: `enclave ${address} at block ${atBlock}`,
    })
  return enclave.acceptProvisioning({
    atBlock,
    epoch: admitted.epoch,
    epochSecret: admitted.epochSecret,
    prevEpochSecret: admitted.prevEpochSecret,
  })
}
