// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {ProgramProxy} from "../ProgramProxy.sol";
import {StorageRegistry} from "./StorageRegistry.sol";

/// @notice Program registry and the request entry points (D3.1, D3.2).
abstract contract ProgramRegistry is StorageRegistry {
    error UnknownProgram(address program);
    error BadKind(uint8 kind);
    error EpochNotAccepted(uint64 epoch);
    error FeeTooLow(uint256 paid, uint256 required);
    error NotProxy();

    event ProgramRegistered(address indexed program, address indexed creator);

    uint8 internal constant KIND_CALL = 1;
    uint8 internal constant KIND_DEPLOY = 2;
    uint8 internal constant KIND_ACL = 3;

    /// @dev 1 for a registered program. Kept apart from the digest so a request reads one slot.
    mapping(address program => uint256) internal _registered;
    mapping(address program => bytes32) internal _digests;
    /// @dev Every registered program, counted so an enclave can prove a list of them complete
    /// (D4: every Info is re-sealed before an epoch secret is erased).
    uint256 internal _programCount;

    bytes32 internal immutable PROXY_INIT_CODE_HASH = keccak256(type(ProgramProxy).creationCode);

    /// @notice Enqueues a call (kind 1) or ACL change (kind 3) for a registered program (D3.2).
    /// The caller bound into the accumulator is msg.sender, never a parameter.
    function request(address program, uint8 kind, uint64 epoch, uint64 gasLimit, bytes calldata payload)
        external
        payable
        returns (uint64)
    {
        return _request(msg.sender, program, kind, epoch, gasLimit, payload);
    }

    /// @notice Entry for a program's proxy, which passes the wallet that called it (D3.2).
    function forwardRequest(
        address caller,
        address program,
        uint8 kind,
        uint64 epoch,
        uint64 gasLimit,
        bytes calldata payload
    ) external payable returns (uint64) {
        // Only a registered proxy may name a caller, and only for itself.
        if (msg.sender != program) revert NotProxy();
        return _request(caller, program, kind, epoch, gasLimit, payload);
    }

    /// @notice Deploys a program's proxy with CREATE2, registers it (digest 0) and enqueues its
    /// deploy request (kind 2) under the same fee rules as `request` (D3.1).
    function createProgram(bytes32 userSalt, uint64 epoch, uint64 gasLimit, bytes calldata payload)
        external
        payable
        returns (address program)
    {
        _checkEpochAndFee(epoch, gasLimit);
        program = address(new ProgramProxy{salt: _programSalt(msg.sender, userSalt)}());
        _registered[program] = 1;
        ++_programCount;
        emit ProgramRegistered(program, msg.sender);
        uint64 seq = _enqueue(KIND_DEPLOY, program, msg.sender, epoch, gasLimit, keccak256(payload), msg.value);
        emit Request(seq, program, msg.sender, KIND_DEPLOY, epoch, gasLimit, payload);
    }

    /// @notice The address `createProgram` gives `creator` for `userSalt`, known before deploying
    /// so the SDK can bind it into the envelope (D3.1).
    function programAddress(address creator, bytes32 userSalt) external view returns (address) {
        bytes32 h = keccak256(
            abi.encodePacked(bytes1(0xff), address(this), _programSalt(creator, userSalt), PROXY_INIT_CODE_HASH)
        );
        return address(uint160(uint256(h)));
    }

    function isProgram(address program) public view returns (bool) {
        return _registered[program] != 0;
    }

    /// @notice How many programs are registered (by `createProgram` or by commits).
    function programCount() external view returns (uint256) {
        return _programCount;
    }

    function digestOf(address program) external view returns (bytes32) {
        return _digests[program];
    }

    /// @notice The fee a request with `gasLimit` must at least pay (D3.2).
    function requiredFee(uint64 gasLimit) public view returns (uint256) {
        return FEE_BASE + uint256(gasLimit) * ENCLAVE_GAS_PRICE;
    }

    function _request(
        address caller,
        address program,
        uint8 kind,
        uint64 epoch,
        uint64 gasLimit,
        bytes calldata payload
    ) private returns (uint64 seq) {
        if (kind != KIND_CALL && kind != KIND_ACL) revert BadKind(kind);
        if (_registered[program] == 0) revert UnknownProgram(program);
        _checkEpochAndFee(epoch, gasLimit);
        seq = _enqueue(kind, program, caller, epoch, gasLimit, keccak256(payload), msg.value);
        emit Request(seq, program, caller, kind, epoch, gasLimit, payload);
    }

    function _checkEpochAndFee(uint64 epoch, uint64 gasLimit) private view {
        if (!_epochAccepted(_epochSlot, epoch)) revert EpochNotAccepted(epoch);
        uint256 required = FEE_BASE + uint256(gasLimit) * ENCLAVE_GAS_PRICE;
        if (msg.value < required) revert FeeTooLow(msg.value, required);
    }

    function _programSalt(address creator, bytes32 userSalt) private pure returns (bytes32) {
        return keccak256(abi.encode(creator, userSalt));
    }
}
