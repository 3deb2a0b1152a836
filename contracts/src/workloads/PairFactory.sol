// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Pair} from "./Pair.sol";

/// @title PairFactory (D3.1, D5 factories)
/// @notice A small Uniswap-like factory: `createPair` deploys one `Pair` per unordered token pair
/// and records it.
/// @dev CREATE, not CREATE2, on purpose: the pair's address follows the factory's nonce, so a
/// factory whose nonce did not persist across batches (D5; P5 keeps it in Info) would reuse an
/// address and fail. Tokens are sorted so (A, B) and (B, A) are the same pair.
contract PairFactory {
    error IdenticalTokens(address token);
    error ZeroToken();
    error PairExists(address pair);

    event PairCreated(address indexed token0, address indexed token1, address pair, uint256 count);

    mapping(address tokenA => mapping(address tokenB => address pair)) public getPair;
    address[] public allPairs;

    function allPairsLength() external view returns (uint256) {
        return allPairs.length;
    }

    function createPair(address tokenA, address tokenB) external returns (address pair) {
        if (tokenA == tokenB) revert IdenticalTokens(tokenA);
        (address token0, address token1) = tokenA < tokenB ? (tokenA, tokenB) : (tokenB, tokenA);
        if (token0 == address(0)) revert ZeroToken();
        address existing = getPair[token0][token1];
        if (existing != address(0)) revert PairExists(existing);
        pair = address(new Pair(IERC20(token0), IERC20(token1)));
        getPair[token0][token1] = pair;
        getPair[token1][token0] = pair;
        allPairs.push(pair);
        emit PairCreated(token0, token1, pair, allPairs.length);
    }
}
