// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title ConfidentialERC20 (D5 "Access")
/// @notice An ERC20 meant to run inside the enclave, where confidentiality is the program's job:
/// every view answers whoever calls it, so this token refuses to tell a balance to anyone but
/// the account itself or a viewer it approved, and an allowance to anyone but its owner, its
/// spender or the owner's viewer. Transfers, approvals and events are OpenZeppelin's.
contract ConfidentialERC20 is ERC20 {
    error NotAuthorisedViewer(address account, address viewer);

    event ViewerSet(address indexed account, address indexed viewer, bool allowed);

    mapping(address account => mapping(address viewer => bool)) private _viewers;

    constructor(string memory name_, string memory symbol_, uint256 initialSupply) ERC20(name_, symbol_) {
        _mint(msg.sender, initialSupply);
    }

    /// @notice Lets `viewer` read the caller's balance and allowances (an auditor, a wallet UI).
    function setViewer(address viewer, bool allowed) external {
        _viewers[msg.sender][viewer] = allowed;
        emit ViewerSet(msg.sender, viewer, allowed);
    }

    function isViewer(address account, address viewer) external view returns (bool) {
        if (msg.sender != account && msg.sender != viewer) revert NotAuthorisedViewer(account, msg.sender);
        return _viewers[account][viewer];
    }

    function balanceOf(address account) public view override returns (uint256) {
        if (msg.sender != account && !_viewers[account][msg.sender]) revert NotAuthorisedViewer(account, msg.sender);
        return super.balanceOf(account);
    }

    /// @dev OpenZeppelin's transferFrom reads allowance(owner, msg.sender): the spender may.
    function allowance(address owner, address spender) public view override returns (uint256) {
        if (msg.sender != owner && msg.sender != spender && !_viewers[owner][msg.sender]) {
            revert NotAuthorisedViewer(owner, msg.sender);
        }
        return super.allowance(owner, spender);
    }
}
