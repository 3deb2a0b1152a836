// SPDX-License-Identifier: MIT
// Issue 4, D5 "JS programs": the two Solidity ends of the EVM -> JS -> EVM chain of
// e2e/jsInterop.test.ts. Front (A) is called by the user and calls the JS program; Back (B) is
// called by the JS program. Each writes before it calls on or refuses, so a revert at the
// deepest level must undo writes in all three programs. Nothing catches: the revert travels up
// to the request with Back's data.
pragma solidity ^0.8.31;

interface IRelay {
  function relay(address back, uint256 x) external returns (uint256);
}

contract Front {
  uint256 public calls;
  uint256 public last;
  address public lastSender;

  function run(address relayProgram, address back, uint256 x) external returns (uint256 r) {
    calls += 1;
    lastSender = msg.sender;
    r = IRelay(relayProgram).relay(back, x);
    last = r;
  }

  function snapshot() external view returns (uint256, uint256, address) {
    return (calls, last, lastSender);
  }
}

contract Back {
  error Refused(uint256 x, address sender);

  uint256 public stored;
  address public lastSender;
  address public lastOrigin;

  function store(uint256 x) external returns (uint256) {
    stored = x;
    lastSender = msg.sender;
    lastOrigin = tx.origin;
    if (x == 0) revert Refused(x, msg.sender);
    return x * 3;
  }

  function snapshot() external view returns (uint256, address, address) {
    return (stored, lastSender, lastOrigin);
  }
}
