// Issue 4, D5 "JS programs": the JS middle of the EVM -> JS -> EVM chain of
// e2e/jsInterop.test.ts. `relay` records who called it (the Front program) and counts its hops
// in its own state, then calls the Back program and adds 100 to its answer. It catches
// nothing: when Back reverts, `await racetee.call` rejects with Back's revert data, and the
// uncaught rejection reverts this program with the same data.
export const abi = [
  {
    type: 'function',
    name: 'relay',
    stateMutability: 'nonpayable',
    inputs: [
      { name: 'back', type: 'address' },
      { name: 'x', type: 'uint256' },
    ],
    outputs: [{ name: '', type: 'uint256' }],
  },
  {
    type: 'function',
    name: 'snapshot',
    stateMutability: 'view',
    inputs: [],
    outputs: [
      { name: 'hops', type: 'uint256' },
      { name: 'last', type: 'uint256' },
      { name: 'sender', type: 'address' },
    ],
  },
]

const BACK_ABI = [
  {
    type: 'function',
    name: 'store',
    stateMutability: 'nonpayable',
    inputs: [{ name: 'x', type: 'uint256' }],
    outputs: [{ name: '', type: 'uint256' }],
  },
]

export async function relay(back, x) {
  await racetee.state.set('hops', (await racetee.state.get('hops')) + 1n)
  await racetee.state.set('last', x)
  await racetee.state.set('sender', BigInt(racetee.sender))
  const stored = await racetee.call(back, BACK_ABI, 'store', [x])
  return stored + 100n
}

export async function snapshot() {
  const sender = await racetee.state.get('sender')
  return [
    await racetee.state.get('hops'),
    await racetee.state.get('last'),
    `0x${sender.toString(16).padStart(40, '0')}`,
  ]
}
