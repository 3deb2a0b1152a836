/**
 * Reads a transaction's input as the MC's `commit(c, executorSignature, storageSignatures,
 * ringHint)` call (P6, D3.3). The chain's `Committed` event keeps only the commit id, so every
 * reader of who won a race, what a commit carried or which storage nodes confirmed it (the
 * executor adopting a winner, `readDeploymentStatus`, the dashboard) starts from this calldata.
 * Pure decoding: nothing is verified here; the signatures are the caller's to recover.
 */
import { decodeFunctionData, type Hex } from 'viem'
import { managementContractAbi } from '../abi/managementContractAbi.js'
import type { Commit } from './commitBody.js'

export type CommitCalldata = {
  commit: Commit
  /** The enclave's signature over EIP-712 `Commit {body, beneficiary}`. */
  executorSignature: Hex
  /** The storage nodes' `Availability` signatures, in calldata order. */
  storageSignatures: Hex[]
  ringHint: bigint
}

/** Undefined when `input` is not a `commit` call of the MC's ABI (another function, a contract wallet's call, garbage). */
export function parseCommitCalldata(input: Hex): CommitCalldata | undefined {
  let call: ReturnType<typeof decodeFunctionData<typeof managementContractAbi>>
  try {
    call = decodeFunctionData({ abi: managementContractAbi, data: input })
  } catch {
    return undefined
  }
  if (call.functionName !== 'commit') return undefined
  const [c, executorSignature, storageSignatures, ringHint] = call.args
  return {
    // viem decodes arrays as readonly; the protocol's shapes are plain arrays.
    commit: {
      body: {
        ...c.body,
        reads: [...c.body.reads],
        updates: [...c.body.updates],
        created: [...c.body.created],
      },
      beneficiary: c.beneficiary,
    },
    executorSignature,
    storageSignatures: [...storageSignatures],
    ringHint,
  }
}
