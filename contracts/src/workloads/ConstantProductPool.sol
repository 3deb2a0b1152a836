// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title ConstantProductPool (D9 DEX workload, D5)
/// @notice A constant-product pool over two ERC20 tokens with a 0.3 % swap fee, shared by
/// `ConfidentialDex` and the factory-made `Pair`. It moves tokens with the tokens' own
/// `transferFrom` and `transfer`, so one swap is a request that crosses three programs inside
/// the enclave (D5 "Inter-contract calls").
/// @dev Confidentiality is the program's job (D5): a provider's shares are told only to the
/// provider. Reserves stay public, as the price of any AMM is: a trader needs them to quote.
/// Reserves are tracked, not read from `balanceOf`, so a donation cannot move the price.
/// Every entry point is `nonReentrant`: a token that calls back into the pool during a transfer
/// reverts, inside the enclave as on a public chain. The lock is a transient state variable
/// (EIP-1153), cleared when the entry point returns; OpenZeppelin's transient guard does the
/// same in assembly, which solc flags with a warning on every build.
abstract contract ConstantProductPool {
    using SafeERC20 for IERC20;

    error ReentrantCall();
    error UnknownToken(address token);
    error ZeroAmount();
    error InsufficientOutput(uint256 amountOut, uint256 minOut);
    error InsufficientShares(uint256 held, uint256 asked);
    error NotShareholder(address account, address caller);

    event LiquidityAdded(address indexed provider, uint256 amountA, uint256 amountB, uint256 shares);
    event LiquidityRemoved(address indexed provider, uint256 amountA, uint256 amountB, uint256 shares);
    event Swap(address indexed trader, address indexed tokenIn, uint256 amountIn, uint256 amountOut);

    IERC20 public immutable tokenA;
    IERC20 public immutable tokenB;

    uint256 private _reserveA;
    uint256 private _reserveB;
    uint256 public totalShares;
    mapping(address provider => uint256) private _shares;
    bool private transient _entered;

    modifier nonReentrant() {
        if (_entered) revert ReentrantCall();
        _entered = true;
        _;
        _entered = false;
    }

    constructor(IERC20 tokenA_, IERC20 tokenB_) {
        if (address(tokenA_) == address(tokenB_)) revert UnknownToken(address(tokenB_));
        tokenA = tokenA_;
        tokenB = tokenB_;
    }

    function getReserves() external view returns (uint256 reserveA, uint256 reserveB) {
        return (_reserveA, _reserveB);
    }

    /// @notice A provider's shares, told to the provider only (D5 "Access").
    function sharesOf(address provider) external view returns (uint256) {
        if (msg.sender != provider) revert NotShareholder(provider, msg.sender);
        return _shares[provider];
    }

    /// @notice Pulls both amounts (the caller approved the pool on both tokens) and mints shares:
    /// sqrt(a·b) for the first deposit, else the smaller of the two proportional claims, so
    /// an unbalanced deposit donates its excess to the pool.
    function addLiquidity(uint256 amountA, uint256 amountB) external nonReentrant returns (uint256 shares) {
        if (amountA == 0 || amountB == 0) revert ZeroAmount();
        uint256 total = totalShares;
        shares = total == 0
            ? Math.sqrt(amountA * amountB)
            : Math.min((amountA * total) / _reserveA, (amountB * total) / _reserveB);
        if (shares == 0) revert ZeroAmount();
        tokenA.safeTransferFrom(msg.sender, address(this), amountA);
        tokenB.safeTransferFrom(msg.sender, address(this), amountB);
        _reserveA += amountA;
        _reserveB += amountB;
        totalShares = total + shares;
        _shares[msg.sender] += shares;
        emit LiquidityAdded(msg.sender, amountA, amountB, shares);
    }

    /// @notice Burns `shares` and pays out the provider's proportion of both reserves.
    function removeLiquidity(uint256 shares) external nonReentrant returns (uint256 amountA, uint256 amountB) {
        uint256 held = _shares[msg.sender];
        if (shares == 0) revert ZeroAmount();
        if (shares > held) revert InsufficientShares(held, shares);
        uint256 total = totalShares;
        amountA = (_reserveA * shares) / total;
        amountB = (_reserveB * shares) / total;
        _shares[msg.sender] = held - shares;
        totalShares = total - shares;
        _reserveA -= amountA;
        _reserveB -= amountB;
        tokenA.safeTransfer(msg.sender, amountA);
        tokenB.safeTransfer(msg.sender, amountB);
        emit LiquidityRemoved(msg.sender, amountA, amountB, shares);
    }

    /// @notice Sells `amountIn` of `tokenIn` for the other token at the constant-product price
    /// less 0.3 %: out = in·997·R_out / (R_in·1000 + in·997).
    function swap(address tokenIn, uint256 amountIn, uint256 minOut)
        external
        nonReentrant
        returns (uint256 amountOut)
    {
        bool aIn = tokenIn == address(tokenA);
        if (!aIn && tokenIn != address(tokenB)) revert UnknownToken(tokenIn);
        if (amountIn == 0) revert ZeroAmount();
        (uint256 reserveIn, uint256 reserveOut) = aIn ? (_reserveA, _reserveB) : (_reserveB, _reserveA);
        amountOut = quote(amountIn, reserveIn, reserveOut);
        if (amountOut == 0 || amountOut < minOut) revert InsufficientOutput(amountOut, minOut);
        (IERC20 inToken, IERC20 outToken) = aIn ? (tokenA, tokenB) : (tokenB, tokenA);
        inToken.safeTransferFrom(msg.sender, address(this), amountIn);
        outToken.safeTransfer(msg.sender, amountOut);
        if (aIn) {
            _reserveA = reserveIn + amountIn;
            _reserveB = reserveOut - amountOut;
        } else {
            _reserveB = reserveIn + amountIn;
            _reserveA = reserveOut - amountOut;
        }
        emit Swap(msg.sender, tokenIn, amountIn, amountOut);
    }

    /// @notice What `swap` pays for `amountIn` against the given reserves (0.3 % fee).
    function quote(uint256 amountIn, uint256 reserveIn, uint256 reserveOut) public pure returns (uint256) {
        uint256 inWithFee = amountIn * 997;
        return (inWithFee * reserveOut) / (reserveIn * 1000 + inWithFee);
    }
}
