/**
 * Test world of the batch executor's tests: the chain, the enclave, the sealer and the small
 * Solidity fixtures they share (split out of executeBatch.test.ts).
 */
import { randomBytes } from 'node:crypto'
import { encodeDeployBody, programRuntimes } from '@racetee/protocol'
import { type Address, bytesToHex, getAddress, hexToBytes, parseAbi } from 'viem'
import { Enclave } from '../../Enclave.js'
import type { BatchOutput } from '../types.js'
import { type SealedRequest, seal } from './client.js'
import { compileSolidity } from './compileSolidity.js'
import { FakeChain, programAddress } from './FakeChain.js'

export const chainId = 31337n
export const mc = getAddress('0x5fbdb2315678afecb367f032d93f642f64180aa3')
export const limits = { maxProgramsPerRequest: 8, maxCreatesPerRequest: 4 }
export const A = getAddress('0x00000000000000000000000000000000000a11ce')
export const B = getAddress('0x0000000000000000000000000000000000000b0b')
export const C = getAddress('0x00000000000000000000000000000000000ca201')
export const beneficiary = getAddress('0x000000000000000000000000000000000000bee1')
export const token = programAddress(1)
export const kinds = { call: 1, deploy: 2, acl: 3 } as const

/** A random amount of 128 bits (top bit set, so its hex and decimal forms are full length). */
export function amount128(): bigint {
  return BigInt(bytesToHex(randomBytes(16))) | (1n << 127n)
}

export function newEnclave(): { enclave: Enclave; requestPublicKey: `0x${string}` } {
  const enclave = new Enclave({ chainId, mc, limits })
  return { enclave, requestPublicKey: enclave.createGenesisEpoch().requestPublicKey }
}

export function sealer(requestPublicKey: `0x${string}`) {
  return (
    blockNumber: bigint,
    caller: Address,
    kind: 1 | 2 | 3,
    body: Uint8Array,
    program: Address = token,
  ): Promise<SealedRequest> =>
    seal({
      chainId,
      mc,
      requestPublicKey,
      blockNumber,
      kind,
      program,
      caller,
      body,
      gasLimit: kind === kinds.deploy ? 3_000_000n : 200_000n,
    })
}

export async function run(enclave: Enclave, chain: FakeChain, toBlock: bigint): Promise<BatchOutput> {
  const output = await enclave.executeBatch({
    epoch: 0n,
    facts: chain,
    blobs: chain,
    input: chain.batchInput(toBlock, beneficiary),
  })
  chain.commit(output)
  return output
}

export function newChain(): FakeChain {
  const chain = new FakeChain(chainId, mc)
  chain.register(token)
  return chain
}

export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? bytesToHex(v) : v,
  )
}

const testSource = `
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.31;
contract Child {
  uint256 public x;
  constructor(uint256 v) { x = v; }
}
interface IERC20 { function transfer(address to, uint256 v) external returns (bool); }
contract Relay {
  function relay(address token, address to, uint256 v) external { require(IERC20(token).transfer(to, v)); }
}
contract Factory {
  function make(uint256 v) external returns (address) { return address(new Child(v)); }
}
`
export const relayAbi = parseAbi(['function relay(address token, address to, uint256 v)'])
export const factoryAbi = parseAbi([
  'function make(uint256 v) returns (address)',
  'function x() view returns (uint256)',
])
let compiled: Record<string, `0x${string}`> | undefined
export function compiledTest(name: string): `0x${string}` {
  compiled ??= compileSolidity(testSource)
  const code = compiled[name]
  if (!code) throw new RangeError(`${name} not compiled`)
  return code
}

export function evmDeployBody(initCode: `0x${string}`): Uint8Array {
  return encodeDeployBody({
    runtime: programRuntimes.evm,
    code: hexToBytes(initCode),
    config: { acl: [], rotateEvery: 0, keepHistory: false, resultBucketMin: 0, pageBucketMin: 0 },
  })
}
