// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ConstantProductPool} from "./ConstantProductPool.sol";

/// @title ConfidentialDex (D9 "a DEX (two tokens, add liquidity, constant-product swap with a
/// 0.3 % fee) calling the tokens")
/// @notice A standalone constant-product pair over two `ConfidentialERC20` tokens, deployed by a
/// user. Users `approve` the DEX on each token, then `addLiquidity` or `swap`; each swap moves
/// both tokens in the one request (D5).
contract ConfidentialDex is ConstantProductPool {
    constructor(IERC20 tokenA_, IERC20 tokenB_) ConstantProductPool(tokenA_, tokenB_) {}
}
