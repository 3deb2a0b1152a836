/**
 * An enclave's standing in the MC's executor registry (D3.1), read from `enclaveInfo`: what the
 * membership logic decides on. `admitted` may lie in the future: an admission takes effect after
 * the MC's admission delay, during which governance can still veto it. A veto or a revocation
 * sets `revokedAt` (ExecutorRegistry.sol); either way the enclave is out for good: `excluded`.
 */
import { managementContractAbi } from '@racetee/protocol'
import type { Address, Hex, PublicClient } from 'viem'

export type EnclaveStatus =
  | { kind: 'unregistered' }
  | { kind: 'pending'; encryptionKey: Hex }
  | { kind: 'admitted'; encryptionKey: Hex; admittedFrom: bigint }
  /** Vetoed or revoked at block `at`. */
  | { kind: 'excluded'; at: bigint }

/** The fields of the MC's `EnclaveInfo` the status depends on. */
export type EnclaveInfoFields = {
  operator: Address
  encryptionKey: Hex
  admittedFrom: bigint | number
  revokedAt: bigint | number
}

const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000'

export function enclaveStatus(info: EnclaveInfoFields): EnclaveStatus {
  const admittedFrom = BigInt(info.admittedFrom)
  const revokedAt = BigInt(info.revokedAt)
  if (info.operator.toLowerCase() === ZERO_ADDRESS) return { kind: 'unregistered' }
  if (revokedAt !== 0n) return { kind: 'excluded', at: revokedAt }
  if (admittedFrom === 0n) return { kind: 'pending', encryptionKey: info.encryptionKey }
  return { kind: 'admitted', encryptionKey: info.encryptionKey, admittedFrom }
}

/** The registry's current answer for `enclave` (latest block). */
export async function readEnclaveStatus(
  client: PublicClient,
  mc: Address,
  enclave: Address,
): Promise<EnclaveStatus> {
  const info = await client.readContract({
    address: mc,
    abi: managementContractAbi,
    functionName: 'enclaveInfo',
    args: [enclave],
  })
  return enclaveStatus(info)
}
