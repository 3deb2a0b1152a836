import { errorCodes, managementContractAbi, RaceteeError } from '@racetee/protocol'
import {
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  HttpRequestError,
} from 'viem'
import { describe, expect, it } from 'vitest'
import { classifyAdmitFailure } from './classifyAdmitFailure.js'

const mc = '0x00000000000000000000000000000000000000cc'
const admission = {
  enclave: mc,
  encryptionKey: `0x${'11'.repeat(32)}`,
  evidenceHash: `0x${'22'.repeat(32)}`,
  registryVersion: 2n,
  epoch: 0n,
  epochSecret: '0x',
  prevEpochSecret: '0x',
}

/** An `admit` call that reverted in estimation with `errorName`, as viem's writeContract throws it. */
function reverted(errorName: string, args: readonly unknown[]): ContractFunctionExecutionError {
  const data = encodeErrorResult({ abi: managementContractAbi, errorName, args } as never)
  const cause = new ContractFunctionRevertedError({ abi: managementContractAbi, data, functionName: 'admit' })
  return new ContractFunctionExecutionError(cause, {
    abi: managementContractAbi,
    functionName: 'admit',
    args: [admission, '0x'],
    contractAddress: mc,
  })
}

describe('classifyAdmitFailure', () => {
  it('an enclave that will not vouch for the evidence is a refusal, with its code and details', () => {
    const err = new RaceteeError(errorCodes.ENCLAVE_ATTESTATION_INVALID, 'Evidence refused.', {
      details: 'measurementNotAllowed 0x12',
    })
    expect(classifyAdmitFailure(err)).toEqual({
      kind: 'refused',
      code: 'ENCLAVE_ATTESTATION_INVALID',
      details: 'measurementNotAllowed 0x12',
    })
  })

  it('behavior: a registry changed by someone else first is a lost race, not an error', () => {
    expect(classifyAdmitFailure(reverted('WrongRegistryVersion', [3n, 2n]))).toEqual({
      kind: 'lostRace',
      reason: 'WrongRegistryVersion',
    })
    expect(classifyAdmitFailure(reverted('NotPending', [mc]))).toEqual({
      kind: 'lostRace',
      reason: 'NotPending',
    })
    expect(classifyAdmitFailure(reverted('WrongEpoch', [1n, 0n]))).toEqual({
      kind: 'lostRace',
      reason: 'WrongEpoch',
    })
  })

  it('behavior: an admit mined but reverted (raced in the same block) is a lost race', () => {
    const err = new RaceteeError(errorCodes.CHAIN_CONTRACT_REVERT, 'A ceremony transaction reverted.')
    expect(classifyAdmitFailure(err)).toEqual({ kind: 'lostRace', reason: 'reverted on chain' })
  })

  it('error: other reverts, enclave faults and RPC failures are faults to retry', () => {
    expect(classifyAdmitFailure(reverted('SignerNotAdmitted', [mc]))).toEqual({
      kind: 'fault',
      code: 'CHAIN_CONTRACT_REVERT',
      details: 'SignerNotAdmitted',
    })
    const epoch = new RaceteeError(errorCodes.ENCLAVE_EPOCH_UNKNOWN, 'The proven current epoch is not held.')
    expect(classifyAdmitFailure(epoch)).toMatchObject({ kind: 'fault', code: 'ENCLAVE_EPOCH_UNKNOWN' })
    const http = new HttpRequestError({ url: 'http://127.0.0.1:1', status: 502 })
    expect(classifyAdmitFailure(http)).toMatchObject({ kind: 'fault', code: 'CHAIN_RPC_FAILED' })
    expect(classifyAdmitFailure(new RangeError('x'))).toEqual({
      kind: 'fault',
      code: 'UNEXPECTED',
      details: 'RangeError',
    })
  })
})
