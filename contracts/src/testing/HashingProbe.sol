// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Hashing} from "../mc/Hashing.sol";
import {Admission, Rotation} from "../mc/McTypes.sol";

/// @notice Test-only: the MC's EIP-712 hashing of `Admission` and `Rotation`, exposed so tests can
/// compare it with the protocol package. Kept out of the MC, whose code is near the 24,576-byte
/// limit (EIP-170); same library and domain name, so under the MC's address (an eth_call state
/// override) it computes exactly what the MC verifies.
contract HashingProbe is EIP712("RaceTEE", "1") {
    function admissionDigest(Admission calldata a) external view returns (bytes32) {
        return _hashTypedDataV4(Hashing.admissionStructHash(a));
    }

    function rotationStructHash(Rotation calldata r) external pure returns (bytes32) {
        return Hashing.rotationStructHash(r);
    }
}
