// A JS program written in TypeScript (D5): a per-caller counter with a private total.
// It declares its Solidity ABI and exports one function per entry. `racetee` is the enclave's
// host object; state values are uint256 (bigint) under string keys.
declare const racetee: {
  sender: string
  state: { get(key: string): Promise<bigint>; set(key: string, value: bigint): Promise<void> }
}

export const abi = [
  {
    type: 'function',
    name: 'increment',
    stateMutability: 'nonpayable',
    inputs: [{ name: 'by', type: 'uint256' }],
    outputs: [{ name: 'count', type: 'uint256' }],
  },
] as const

export async function increment(by: bigint): Promise<bigint> {
  const key = `count:${racetee.sender.toLowerCase()}`
  const count: bigint = (await racetee.state.get(key)) + by
  await racetee.state.set(key, count)
  return count
}
