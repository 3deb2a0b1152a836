// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title Multiplier (D9 inter-contract pair, callee)
/// @notice `multiply` returns a product and counts the products it has computed, so a caller's
/// rollback is visible in the callee's state too (D5: a revert rolls back every program the
/// request touched).
contract Multiplier {
    uint256 public products;

    event Multiplied(address indexed caller, uint256 product);

    function multiply(uint256 x, uint256 y) external returns (uint256 product) {
        product = x * y;
        products += 1;
        emit Multiplied(msg.sender, product);
    }
}
