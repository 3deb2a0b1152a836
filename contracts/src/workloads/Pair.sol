// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ConstantProductPool} from "./ConstantProductPool.sol";

/// @title Pair (D3.1, D5 factories)
/// @notice A constant-product pool created by `PairFactory`. Inside the enclave it is a
/// confidential program at its EVM address from the commit that created it, with the factory
/// as its admin; users reach it through the MC's request entry like any other program.
contract Pair is ConstantProductPool {
    /// @notice The factory that created this pair (its admin inside the enclave, D5 "Admin").
    address public immutable factory;

    constructor(IERC20 tokenA_, IERC20 tokenB_) ConstantProductPool(tokenA_, tokenB_) {
        factory = msg.sender;
    }
}
