/**
 * Test helper: the project's `ConfidentialERC20` as a confidential program (D5 "Access"): its
 * deploy body and calldata, and random 128-bit amounts with the spellings a leak would use, so
 * tests can grep output and disk for them.
 */
import { confidentialErc20Artifact } from '@racetee/contracts'
import { confidentialErc20Abi, encodeDeployBody, programRuntimes } from '@racetee/protocol'
import { encodeDeployData, encodeFunctionData, hexToBytes, keccak256, numberToHex, toHex } from 'viem'

export const TOKEN_SUPPLY = 2n ** 200n
export const TOKEN_SALT = keccak256(toHex('token'))

/** A random 128-bit amount: if it ever shows up in output or on disk in the clear, a grep finds it. */
export const randomAmount = (): bigint => BigInt(toHex(crypto.getRandomValues(new Uint8Array(16))))

/** The spellings of an amount a leak would use: 32-byte word, minimal hex, decimal. */
export const amountNeedles = (amounts: readonly bigint[]): string[] =>
  amounts.flatMap((a) => [numberToHex(a, { size: 32 }).slice(2), numberToHex(a).slice(2), a.toString()])

export function tokenDeployBody(): Uint8Array {
  const initCode = encodeDeployData({
    abi: confidentialErc20Artifact.abi,
    bytecode: confidentialErc20Artifact.bytecode,
    args: ['Token', 'TOK', TOKEN_SUPPLY],
  })
  return encodeDeployBody({
    runtime: programRuntimes.evm,
    code: hexToBytes(initCode),
    config: { acl: [], rotateEvery: 0, keepHistory: false, resultBucketMin: 0, pageBucketMin: 0 },
  })
}

export function tokenCalldata(functionName: 'transfer' | 'balanceOf', args: readonly unknown[]): Uint8Array {
  return hexToBytes(encodeFunctionData({ abi: confidentialErc20Abi, functionName, args } as never))
}
