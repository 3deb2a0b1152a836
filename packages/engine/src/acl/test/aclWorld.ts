/**
 * Test helper: Solidity programs that use the ACL precompile (D5 "Admin"), compiled at test
 * time, and an engine over them. `Admin` is a factory: it creates `Guarded` programs (so it is
 * their admin) and changes their ACL in the ways the tests need; `Outsider` is any other program.
 * The precompile is reached with a low-level call: Solidity's high-level call to an address
 * without code reverts before it is made.
 */
import { bytesToHex } from '@ethereumjs/util'
import { type Abi, decodeFunctionResult, encodeFunctionData, type Hex, parseAbi } from 'viem'
import { EvmEngine } from '../../EvmEngine.js'
import { type Compiled, compileSolidity, runtimeOf } from '../../test/compileSolidity.js'
import { MemoryLoader } from '../../test/MemoryLoader.js'
import { ALICE, callRequest, testConfig } from '../../test/requests.js'
import type { AccessPolicy, ExecutionOutcome } from '../../types.js'

export const ADMIN: Hex = '0x4000000000000000000000000000000000000004'
export const OUTSIDER: Hex = '0x5000000000000000000000000000000000000005'

const source = `
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.31;

interface IRaceteeAcl {
  function setAcl(address program, address[] calldata acl, address newAdmin) external;
}

address constant ACL = 0x0000000000000000000000000000000000000ac1;

library AclCall {
  function set(address program, address[] memory acl, address newAdmin) internal {
    (bool ok, bytes memory ret) = ACL.call(abi.encodeCall(IRaceteeAcl.setAcl, (program, acl, newAdmin)));
    if (!ok) assembly { revert(add(ret, 32), mload(ret)) }
  }
}

contract Guarded {
  uint256 public hits;
  function hit() external { hits += 1; }
}

contract Admin {
  function make() external returns (address) { return address(new Guarded()); }
  function restrict(address program, address[] calldata allowed) external {
    AclCall.set(program, allowed, address(0));
  }
  function handOver(address program, address newAdmin) external {
    AclCall.set(program, new address[](0), newAdmin);
  }
  function restrictThenRevert(address program, address[] calldata allowed) external {
    AclCall.set(program, allowed, address(0));
    revert("undo");
  }
  /** An inner frame restricts and reverts; this frame carries on and calls the program. */
  function restrictInInnerFrame(address program, address[] calldata allowed) external returns (bool inner, bool hit) {
    (inner, ) = address(this).call(abi.encodeCall(this.restrictThenRevert, (program, allowed)));
    (hit, ) = program.call(abi.encodeCall(Guarded.hit, ()));
  }
  /** Restricts, then calls the program in the same request. */
  function restrictAndHit(address program, address[] calldata allowed) external returns (bool hit) {
    AclCall.set(program, allowed, address(0));
    (hit, ) = program.call(abi.encodeCall(Guarded.hit, ()));
  }
  function restrictStatic(address program) external view returns (bool ok, bytes memory ret) {
    (ok, ret) = ACL.staticcall(abi.encodeCall(IRaceteeAcl.setAcl, (program, new address[](0), address(0))));
  }
  function restrictDelegated(address program) external returns (bool ok, bytes memory ret) {
    (ok, ret) = ACL.delegatecall(abi.encodeCall(IRaceteeAcl.setAcl, (program, new address[](0), address(0))));
  }
  function raw(bytes calldata data, uint256 gas) external returns (bool ok, bytes memory ret) {
    (ok, ret) = ACL.call{gas: gas}(data);
  }
}

contract Outsider {
  function hit(address program) external returns (bool ok) {
    (ok, ) = program.call(abi.encodeCall(Guarded.hit, ()));
  }
  function restrict(address program, address[] calldata allowed) external returns (bool ok, bytes memory ret) {
    (ok, ret) = ACL.call(abi.encodeCall(IRaceteeAcl.setAcl, (program, allowed, address(0))));
  }
}
`

export const adminAbi = parseAbi([
  'function make() returns (address)',
  'function restrict(address program, address[] allowed)',
  'function handOver(address program, address newAdmin)',
  'function restrictThenRevert(address program, address[] allowed)',
  'function restrictInInnerFrame(address program, address[] allowed) returns (bool inner, bool hit)',
  'function restrictAndHit(address program, address[] allowed) returns (bool hit)',
  'function restrictStatic(address program) view returns (bool ok, bytes ret)',
  'function restrictDelegated(address program) returns (bool ok, bytes ret)',
  'function raw(bytes data, uint256 gas) returns (bool ok, bytes ret)',
])
export const outsiderAbi = parseAbi([
  'function hit(address program) returns (bool ok)',
  'function restrict(address program, address[] allowed) returns (bool ok, bytes ret)',
])
export const guardedAbi = parseAbi(['function hit()', 'function hits() view returns (uint256)'])

let compiled: Compiled | undefined

/** An engine with `Admin` and `Outsider` registered; `send` numbers requests 1, 2, … (their write tags). */
export async function aclWorld(access?: AccessPolicy) {
  compiled ??= compileSolidity(source)
  const loader = new MemoryLoader()
    .register(ADMIN, { code: runtimeOf(compiled, 'Admin') })
    .register(OUTSIDER, { code: runtimeOf(compiled, 'Outsider') })
  const engine = await EvmEngine.create(testConfig, loader, access)
  let n = 0
  const send = (
    to: Hex,
    abi: Abi,
    functionName: string,
    args: readonly unknown[] = [],
    caller: Hex = ALICE,
  ) =>
    engine.execute(
      callRequest(to, encodeFunctionData({ abi, functionName, args } as never), ++n, {
        caller,
        gasLimit: 2_000_000n,
      }),
    )
  const made = await send(ADMIN, adminAbi, 'make')
  const guarded = decodeOutput(adminAbi, 'make', made).toLowerCase() as Hex
  return { engine, send, guarded }
}

/** The decoded return value of a call. */
// biome-ignore lint/suspicious/noExplicitAny: tests decode many shapes
export function decodeOutput(abi: Abi, functionName: string, outcome: ExecutionOutcome): any {
  return decodeFunctionResult({ abi, functionName, data: bytesToHex(outcome.returnData) } as never)
}
