// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

/// @title SealedBidAuction (D9 "a second-price sealed-bid auction paying in a token")
/// @notice A Vickrey auction: each bidder escrows its bid in the payment token (one bid per
/// bidder, which it may raise); after `endTime` anyone may `close`, which pays the seller the
/// second-highest bid (or the reserve price, if higher) out of the winner's escrow and returns
/// the winner's change. Losers take their escrow back with `withdraw`.
/// @dev Sealed because confidentiality is the program's job (D5): inside the enclave a bid is
/// an encrypted request, and this contract tells a bid only to its bidder and publishes no
/// amount before the close; its events carry no amount. On a public chain the same code runs,
/// but there the escrow transfers reveal the bids. `block.timestamp` inside the enclave is the
/// proven request block's (D2.1), so no host can close the auction early.
contract SealedBidAuction {
    using SafeERC20 for IERC20;

    error AuctionEnded(uint256 endTime);
    error AuctionNotEnded(uint256 endTime);
    error AlreadyClosed();
    error NotClosed();
    error BidTooLow(uint256 bid, uint256 atLeast);
    error NotBidder(address bidder, address caller);
    error NothingToWithdraw();

    event BidPlaced(address indexed bidder);
    event Closed(address indexed winner, uint256 price);
    event Withdrawn(address indexed bidder);

    IERC20 public immutable token;
    address public immutable seller;
    uint256 public immutable endTime;
    uint256 public immutable reservePrice;

    mapping(address bidder => uint256) private _bids;
    address private _highestBidder;
    uint256 private _highest;
    uint256 private _second;
    bool public closed;
    address public winner;
    uint256 public price;

    constructor(IERC20 token_, uint256 endTime_, uint256 reservePrice_) {
        token = token_;
        seller = msg.sender;
        endTime = endTime_;
        reservePrice = reservePrice_;
    }

    /// @notice Places or raises the caller's bid to `amount`, escrowing the difference (the
    /// caller approved this contract on the token).
    function bid(uint256 amount) external {
        if (block.timestamp >= endTime) revert AuctionEnded(endTime);
        uint256 previous = _bids[msg.sender];
        uint256 atLeast = previous == 0 ? reservePrice : previous + 1;
        if (amount < atLeast || amount == 0) revert BidTooLow(amount, atLeast);
        _bids[msg.sender] = amount;
        // Bids only grow, so the top two are kept up to date in O(1).
        if (msg.sender == _highestBidder) {
            _highest = amount;
        } else if (amount > _highest) {
            _second = _highest;
            _highest = amount;
            _highestBidder = msg.sender;
        } else if (amount > _second) {
            _second = amount;
        }
        token.safeTransferFrom(msg.sender, address(this), amount - previous);
        emit BidPlaced(msg.sender);
    }

    /// @notice The caller's own bid; nobody else's (D5 "Access").
    function bidOf(address bidder) external view returns (uint256) {
        if (msg.sender != bidder) revert NotBidder(bidder, msg.sender);
        return _bids[bidder];
    }

    /// @notice Ends the auction: the winner pays max(second-highest bid, reserve price) to the
    /// seller and gets the rest of its escrow back. With no bid, nothing moves.
    function close() external {
        if (block.timestamp < endTime) revert AuctionNotEnded(endTime);
        if (closed) revert AlreadyClosed();
        closed = true;
        address top = _highestBidder;
        if (top == address(0)) {
            emit Closed(address(0), 0);
            return;
        }
        uint256 paid = _second > reservePrice ? _second : reservePrice;
        uint256 change = _highest - paid;
        winner = top;
        price = paid;
        _bids[top] = 0;
        token.safeTransfer(seller, paid);
        if (change > 0) token.safeTransfer(top, change);
        emit Closed(top, paid);
    }

    /// @notice A losing bidder takes its escrow back once the auction is closed.
    function withdraw() external returns (uint256 amount) {
        if (!closed) revert NotClosed();
        amount = _bids[msg.sender];
        if (amount == 0) revert NothingToWithdraw();
        _bids[msg.sender] = 0;
        token.safeTransfer(msg.sender, amount);
        emit Withdrawn(msg.sender);
    }
}
