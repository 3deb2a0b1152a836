// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {ExecutorRegistry} from "./ExecutorRegistry.sol";
import {Hashing} from "./Hashing.sol";
import {EpochGrant, Rotation} from "./McTypes.sol";

/// @notice Epoch rotation (D4 "Epoch rotation"): the first valid rotation to epoch e+1 at the
/// current registry version wins, and is folded into the accumulator like a request (P2).
abstract contract Epochs is ExecutorRegistry {
    error NotStarted();
    /// @dev The grants must go to every member, once each, ascending by address.
    error GrantsIncomplete(uint64 members, uint256 grants);
    error GrantNotToMember(address enclave);

    event Rotated(
        uint64 indexed seq,
        uint64 indexed epoch,
        bytes32 requestPublicKey,
        uint64 registryVersion,
        address indexed signer,
        EpochGrant[] grants
    );

    uint8 internal constant KIND_ROTATE = 4;

    function rotate(Rotation calldata r, bytes calldata signature) external returns (uint64 seq) {
        bytes32 structHash = Hashing.rotationStructHash(r);
        address signer = ECDSA.recover(_hashTypedDataV4(structHash), signature);
        if (!_admittedAt(signer, block.number)) revert SignerNotAdmitted(signer);
        (uint64 epoch,, bool started) = _unpackEpoch(_epochSlot);
        if (!started) revert NotStarted();
        if (r.epoch != epoch + 1) revert WrongEpoch(epoch + 1, r.epoch);
        if (r.registryVersion != _registryVersion) revert WrongRegistryVersion(_registryVersion, r.registryVersion);
        _checkGrants(r);
        _startEpoch(r.epoch, r.requestPublicKey);
        // P2: kind 4, program 0x0, caller = sender of rotate, epoch = the new one, gasLimit 0,
        // payloadHash = hashStruct(Rotation). No fee.
        seq = _enqueue(KIND_ROTATE, address(0), msg.sender, r.epoch, 0, structHash, 0);
        emit Rotated(seq, r.epoch, r.requestPublicKey, r.registryVersion, signer, r.grants);
    }

    /// @dev D4 backward secrecy and liveness: E_e+1 reaches every member and nobody else. A
    /// rotation that skipped a member would strand it; one that granted to a revoked enclave
    /// would hand it the new epoch.
    function _checkGrants(Rotation calldata r) private view {
        uint256 n = r.grants.length;
        if (n != _memberCount) revert GrantsIncomplete(_memberCount, n);
        address previous;
        for (uint256 i; i < n; ++i) {
            address enclave = r.grants[i].enclave;
            if (enclave <= previous || !_isMember(enclave)) revert GrantNotToMember(enclave);
            previous = enclave;
        }
    }
}
