// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Multiplier} from "./Multiplier.sol";

/// @title Adder (D9 "a contract whose add calls another's multiply")
/// @notice `add(a, b)` returns `multiplier.multiply(a + b, factor)` and keeps a running total of
/// what it returned: one request, two programs, both written.
/// @dev `addChecked` reverts when the running total would pass `limit`, after the callee has
/// already counted its product: the revert must undo both programs (D5).
contract Adder {
    error TotalAbove(uint256 total, uint256 limit);

    event Added(address indexed caller, uint256 result, uint256 total);

    Multiplier public immutable multiplier;
    uint256 public immutable factor;
    uint256 public total;

    constructor(Multiplier multiplier_, uint256 factor_) {
        multiplier = multiplier_;
        factor = factor_;
    }

    function add(uint256 a, uint256 b) public returns (uint256 result) {
        result = multiplier.multiply(a + b, factor);
        total += result;
        emit Added(msg.sender, result, total);
    }

    function addChecked(uint256 a, uint256 b, uint256 limit) external returns (uint256 result) {
        result = add(a, b);
        if (total > limit) revert TotalAbove(total, limit);
    }
}
