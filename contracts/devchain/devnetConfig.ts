/**
 * The management contract's constructor configuration (D3.1, D3.2), shaped as its ABI tuple,
 * and the devnet's defaults.
 */
import type { Address } from 'viem'

export type ManagementContractConfig = {
  governance: Address
  feeBase: bigint
  enclaveGasPrice: bigint
  gracePeriod: bigint
  ringSize: bigint
  blockQuotaGas: bigint
  commitGasPerRequest: bigint
  maxProgramsTouched: number
  maxProgramsCreated: number
  epochLength: bigint
  admissionDelay: bigint
  minBond: bigint
  bondWithdrawalDelay: bigint
  storageThreshold: number
}

/**
 * Devnet defaults: cheap fees, short delays (a few blocks) so a local run shows admission,
 * rotation and withdrawal, and n = 3 storage nodes with k = 2 (D6).
 */
export function devnetConfig(governance: Address): ManagementContractConfig {
  return {
    governance,
    feeBase: 10n ** 12n,
    enclaveGasPrice: 10n ** 6n,
    gracePeriod: 64n,
    ringSize: 256n,
    // 500 requests per block at 20k commit gas each: a full block's commit stays far under 2^24.
    blockQuotaGas: 10_000_000n,
    commitGasPerRequest: 20_000n,
    maxProgramsTouched: 64,
    maxProgramsCreated: 8,
    epochLength: 7_200n,
    admissionDelay: 4n,
    minBond: 10n ** 17n,
    bondWithdrawalDelay: 100n,
    storageThreshold: 2,
  }
}
