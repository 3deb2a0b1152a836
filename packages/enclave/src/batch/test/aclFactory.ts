/**
 * Test helper: a factory that restricts what it creates through the ACL precompile (D5
 * "Admin"), compiled at test time. `RestrictingFactory` creates `Box` programs (so it is their
 * admin) and sets their ACL; `Poker` is another program that calls a box or tries to change its
 * ACL without being its admin. The precompile is reached with a low-level call: Solidity's
 * high-level call to an address without code reverts before it is made.
 */
import { type Hex, parseAbi } from 'viem'
import { compileSolidity } from './compileSolidity.js'
import type { Artifact } from './WorkloadWorld.js'

const source = `
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.31;

address constant ACL = 0x0000000000000000000000000000000000000ac1;

library AclCall {
  function set(address program, address[] memory acl) internal {
    (bool ok, bytes memory ret) =
      ACL.call(abi.encodeWithSignature("setAcl(address,address[],address)", program, acl, address(0)));
    if (!ok) assembly { revert(add(ret, 32), mload(ret)) }
  }
}

contract Box {
  uint256 public pokes;
  function poke() external returns (uint256) { return ++pokes; }
}

contract RestrictingFactory {
  function makeRestricted(address[] calldata allowed) external returns (address box) {
    box = address(new Box());
    AclCall.set(box, allowed);
  }
  function restrict(address program, address[] calldata allowed) external { AclCall.set(program, allowed); }
  function restrictThenRevert(address program, address[] calldata allowed) external {
    AclCall.set(program, allowed);
    revert("undo");
  }
}

contract Poker {
  function poke(address box) external returns (bool ok) {
    (ok, ) = box.call(abi.encodeWithSignature("poke()"));
  }
  function restrict(address program, address[] calldata allowed) external { AclCall.set(program, allowed); }
}
`

export const boxAbi = parseAbi([
  'function poke() returns (uint256)',
  'function pokes() view returns (uint256)',
])
export const factoryAbi = parseAbi([
  'function makeRestricted(address[] allowed) returns (address box)',
  'function restrict(address program, address[] allowed)',
  'function restrictThenRevert(address program, address[] allowed)',
])
export const pokerAbi = parseAbi([
  'function poke(address box) returns (bool ok)',
  'function restrict(address program, address[] allowed)',
])

let compiled: Record<string, Hex> | undefined

function bytecodeOf(name: string): Hex {
  compiled ??= compileSolidity(source)
  const bytecode = compiled[name]
  if (!bytecode) throw new TypeError(`${name} not compiled`)
  return bytecode
}

export const restrictingFactory = (): Artifact => ({
  abi: factoryAbi,
  bytecode: bytecodeOf('RestrictingFactory'),
})
export const poker = (): Artifact => ({ abi: pokerAbi, bytecode: bytecodeOf('Poker') })
