/**
 * Test helper: the small Solidity programs the engine tests run, compiled once per test file.
 */
import { type Compiled, compileSolidity } from './compileSolidity.js'

export const testSource = `
// SPDX-License-Identifier: MIT
pragma solidity ^0.8.31;

contract Counter {
  uint256 public count;
  mapping(uint256 => uint256) public cells;
  event Bumped(uint256 count);
  function bump() external { count += 1; emit Bumped(count); }
  function set(uint256 v) external { count = v; }
  function setCell(uint256 k, uint256 v) external { cells[k] = v; }
  function touchAndRestore() external { uint256 c = count; count = c + 5; count = c; }
  function fail() external { count = 99; revert("nope"); }
  function burn() external { while (true) { count += 1; } }
}

contract Token {
  mapping(address => uint256) public balanceOf;
  event Transfer(address indexed from, address indexed to, uint256 value);
  constructor(address holder, uint256 supply) { balanceOf[holder] = supply; }
  function transfer(address to, uint256 value) external returns (bool) {
    uint256 b = balanceOf[msg.sender];
    require(b >= value, "balance");
    unchecked { balanceOf[msg.sender] = b - value; }
    balanceOf[to] += value;
    emit Transfer(msg.sender, to, value);
    return true;
  }
}

contract Reverter {
  constructor(bool fail) { require(!fail, "ctor"); }
  function x() external pure returns (uint256) { return 1; }
}

contract BlockInfo {
  function info() external view returns (
    uint256 number, uint256 timestamp, uint256 chainId, address coinbase, uint256 prevrandao,
    uint256 gasLimit, uint256 baseFee, bytes32 parent, bytes32 older, address origin, uint256 gasPrice
  ) {
    return (block.number, block.timestamp, block.chainid, block.coinbase, block.prevrandao,
      block.gaslimit, block.basefee, blockhash(block.number - 1), blockhash(block.number - 2),
      tx.origin, tx.gasprice);
  }
}

contract Child {
  uint256 public x = 7;
}

contract Factory {
  function make(uint256 salt) external returns (address) {
    return address(new Child{salt: bytes32(salt)}());
  }
  function makeMany(uint256 n) external {
    for (uint256 i = 0; i < n; i++) new Child();
  }
}

contract Relay {
  function relay(address target, bytes calldata data) external returns (bool ok, bytes memory ret) {
    (ok, ret) = target.call(data);
  }
  function relayOrRevert(address target, bytes calldata data) external returns (bytes memory ret) {
    bool ok;
    (ok, ret) = target.call(data);
    require(ok, "inner");
  }
  function pay(address target) external returns (bool ok) {
    (ok, ) = target.call{value: 1}("");
  }
}
`

let cached: Compiled | undefined

export function testContracts(): Compiled {
  cached ??= compileSolidity(testSource)
  return cached
}
