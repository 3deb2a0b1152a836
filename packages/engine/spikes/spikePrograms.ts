/**
 * Spike (issue 4, D5 "JS programs"): the four programs of the EVM -> JS -> EVM -> JS chain.
 * A (Solidity) calls JS1, which calls B (Solidity), which calls JS2. JS2 refuses x = 0 at the
 * deepest level; A catches the failure, so the revert must unwind JS1, B and JS2 and keep A's
 * own writes, exactly as a revert in a Solidity-only chain would.
 */
export const solidity = `
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.31;
interface IJs1 { function hop(address b, address js2, uint256 x) external returns (uint256); }
interface IJs2 { function deep(uint256 x) external returns (uint256); }
contract A {
  uint256 public calls; uint256 public last; bool public failed; bytes32 public reasonHash;
  function run(address js1, address b, address js2, uint256 x) external returns (uint256) {
    calls += 1;
    try IJs1(js1).hop(b, js2, x) returns (uint256 r) { last = r; failed = false; return r; }
    catch (bytes memory reason) { failed = true; reasonHash = keccak256(reason); return 0; }
  }
}
contract B {
  address public lastSender; address public lastOrigin; uint256 public lastX;
  function step(address js2, uint256 x) external returns (uint256) {
    lastSender = msg.sender; lastOrigin = tx.origin; lastX = x;
    return IJs2(js2).deep(x) + 1;
  }
}
`

export const js1 = `
export const abi = [{ type: 'function', name: 'hop', stateMutability: 'nonpayable',
  inputs: [{ name: 'b', type: 'address' }, { name: 'js2', type: 'address' }, { name: 'x', type: 'uint256' }],
  outputs: [{ name: '', type: 'uint256' }] }]
const B_ABI = [{ type: 'function', name: 'step', stateMutability: 'nonpayable',
  inputs: [{ name: 'js2', type: 'address' }, { name: 'x', type: 'uint256' }],
  outputs: [{ name: '', type: 'uint256' }] }]
export async function hop(b, js2, x) {
  await racetee.state.set('sender', BigInt(racetee.sender))
  await racetee.state.set('hops', (await racetee.state.get('hops')) + 1n)
  const r = await racetee.call(b, B_ABI, 'step', [js2, x])
  return r * 10n
}
`

export const js2 = `
export const abi = [{ type: 'function', name: 'deep', stateMutability: 'nonpayable',
  inputs: [{ name: 'x', type: 'uint256' }], outputs: [{ name: '', type: 'uint256' }] }]
export async function deep(x) {
  await racetee.state.set('sender', BigInt(racetee.sender))
  let s = 0
  for (let i = 0; i < 200000; i++) s = (s + i) % 1000003
  await racetee.state.set('work', BigInt(s))
  if (x === 0n) throw new Error('deepest level refuses 0')
  return x + 100n
}
`
