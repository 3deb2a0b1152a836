/**
 * Test helper: request bodies for the project's `ConfidentialERC20` (D5 "Access"), from the
 * committed artifact (compiled by contracts/scripts/compile.ts for osaka).
 */
import { confidentialErc20Artifact } from '@racetee/contracts'
import { encodeDeployBody, programRuntimes } from '@racetee/protocol'
import {
  type Address,
  bytesToHex,
  decodeErrorResult,
  decodeFunctionResult,
  encodeDeployData,
  encodeFunctionData,
  hexToBytes,
} from 'viem'

export const tokenAbi = confidentialErc20Artifact.abi

/** P3 deploy body: EVM init code (bytecode ‖ constructor arguments), public ACL, defaults. */
export function tokenDeployBody(initialSupply: bigint): Uint8Array {
  const initCode = encodeDeployData({
    abi: tokenAbi,
    bytecode: confidentialErc20Artifact.bytecode,
    args: ['Confidential', 'CFD', initialSupply],
  })
  return encodeDeployBody({
    runtime: programRuntimes.evm,
    code: hexToBytes(initCode),
    config: { acl: [], rotateEvery: 0, keepHistory: false, resultBucketMin: 0, pageBucketMin: 0 },
  })
}

export function transferBody(to: Address, amount: bigint): Uint8Array {
  return hexToBytes(encodeFunctionData({ abi: tokenAbi, functionName: 'transfer', args: [to, amount] }))
}

export function balanceOfBody(account: Address): Uint8Array {
  return hexToBytes(encodeFunctionData({ abi: tokenAbi, functionName: 'balanceOf', args: [account] }))
}

export function decodeBalance(returnData: Uint8Array): bigint {
  return decodeFunctionResult({ abi: tokenAbi, functionName: 'balanceOf', data: bytesToHex(returnData) })
}

export function decodeTransfer(returnData: Uint8Array): boolean {
  return decodeFunctionResult({ abi: tokenAbi, functionName: 'transfer', data: bytesToHex(returnData) })
}

/** The custom error a reverted call returned, by name, with its arguments. */
export function decodeTokenError(returnData: Uint8Array) {
  return decodeErrorResult({ abi: tokenAbi, data: bytesToHex(returnData) })
}
