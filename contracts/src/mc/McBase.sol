// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Config, EpochInfo} from "./McTypes.sol";

/// @notice Configuration, governance and epoch state shared by every part of the MC (D3.1, D4).
/// Configuration lives in immutables so the request path (D3.2) pays no storage read for it.
abstract contract McBase is EIP712 {
    error NotGovernance();
    error InvalidConfig();

    address internal immutable GOVERNANCE;
    uint256 internal immutable FEE_BASE;
    uint256 internal immutable ENCLAVE_GAS_PRICE;
    uint64 internal immutable GRACE_PERIOD;
    uint64 internal immutable RING_SIZE;
    uint64 internal immutable BLOCK_QUOTA_GAS;
    uint64 internal immutable COMMIT_GAS_PER_REQUEST;
    /// @dev BLOCK_QUOTA_GAS / COMMIT_GAS_PER_REQUEST, precomputed for the request path.
    uint32 internal immutable MAX_REQUESTS_PER_BLOCK;
    uint32 internal immutable MAX_PROGRAMS_TOUCHED;
    uint32 internal immutable MAX_PROGRAMS_CREATED;
    uint64 internal immutable EPOCH_LENGTH;
    uint64 internal immutable ADMISSION_DELAY;
    uint256 internal immutable MIN_BOND;
    uint64 internal immutable BOND_WITHDRAWAL_DELAY;
    uint32 internal immutable STORAGE_THRESHOLD;
    uint64 internal immutable DEPLOY_BLOCK;

    /// @dev Packed epoch slot, read by every request: epoch (64) | rotationBlock (48) << 64 |
    /// started (8) << 112. One cold read instead of three.
    uint256 internal _epochSlot;
    mapping(uint64 epoch => bytes32 key) internal _requestPublicKeys;

    constructor(Config memory cfg) EIP712("RaceTEE", "1") {
        uint256 perBlock = cfg.commitGasPerRequest == 0 ? 0 : cfg.blockQuotaGas / cfg.commitGasPerRequest;
        if (
            cfg.governance == address(0) || cfg.ringSize == 0 || perBlock == 0 || perBlock > type(uint32).max
                || cfg.storageThreshold == 0
        ) revert InvalidConfig();
        GOVERNANCE = cfg.governance;
        FEE_BASE = cfg.feeBase;
        ENCLAVE_GAS_PRICE = cfg.enclaveGasPrice;
        GRACE_PERIOD = cfg.gracePeriod;
        RING_SIZE = cfg.ringSize;
        BLOCK_QUOTA_GAS = cfg.blockQuotaGas;
        COMMIT_GAS_PER_REQUEST = cfg.commitGasPerRequest;
        MAX_REQUESTS_PER_BLOCK = uint32(perBlock);
        MAX_PROGRAMS_TOUCHED = cfg.maxProgramsTouched;
        MAX_PROGRAMS_CREATED = cfg.maxProgramsCreated;
        EPOCH_LENGTH = cfg.epochLength;
        ADMISSION_DELAY = cfg.admissionDelay;
        MIN_BOND = cfg.minBond;
        BOND_WITHDRAWAL_DELAY = cfg.bondWithdrawalDelay;
        STORAGE_THRESHOLD = cfg.storageThreshold;
        DEPLOY_BLOCK = uint64(block.number);
    }

    modifier onlyGovernance() {
        if (msg.sender != GOVERNANCE) revert NotGovernance();
        _;
    }

    function config() external view returns (Config memory) {
        return Config({
            governance: GOVERNANCE,
            feeBase: FEE_BASE,
            enclaveGasPrice: ENCLAVE_GAS_PRICE,
            gracePeriod: GRACE_PERIOD,
            ringSize: RING_SIZE,
            blockQuotaGas: BLOCK_QUOTA_GAS,
            commitGasPerRequest: COMMIT_GAS_PER_REQUEST,
            maxProgramsTouched: MAX_PROGRAMS_TOUCHED,
            maxProgramsCreated: MAX_PROGRAMS_CREATED,
            epochLength: EPOCH_LENGTH,
            admissionDelay: ADMISSION_DELAY,
            minBond: MIN_BOND,
            bondWithdrawalDelay: BOND_WITHDRAWAL_DELAY,
            storageThreshold: STORAGE_THRESHOLD
        });
    }

    /// @notice Block in which the MC was deployed: the live values and last commit start there (P2).
    function deployBlock() external view returns (uint64) {
        return DEPLOY_BLOCK;
    }

    function epochInfo() external view returns (EpochInfo memory info) {
        (uint64 epoch, uint64 rotationBlock, bool started) = _unpackEpoch(_epochSlot);
        return EpochInfo(epoch, _requestPublicKeys[epoch], rotationBlock, started);
    }

    function requestPublicKeyOf(uint64 epoch) external view returns (bytes32) {
        return _requestPublicKeys[epoch];
    }

    /// @notice D3.2: the current epoch, or the previous one while block.number < rotationBlock + G.
    function isEpochAccepted(uint64 epoch) public view returns (bool) {
        return _epochAccepted(_epochSlot, epoch);
    }

    function _epochAccepted(uint256 slot, uint64 epoch) internal view returns (bool) {
        (uint64 current, uint64 rotationBlock, bool started) = _unpackEpoch(slot);
        if (!started) return false;
        if (epoch == current) return true;
        return current != 0 && epoch == current - 1 && block.number < uint256(rotationBlock) + GRACE_PERIOD;
    }

    function _startEpoch(uint64 epoch, bytes32 requestPublicKey) internal {
        _requestPublicKeys[epoch] = requestPublicKey;
        _epochSlot = uint256(epoch) | (uint256(uint48(block.number)) << 64) | (uint256(1) << 112);
    }

    function _currentEpoch() internal view returns (uint64) {
        return uint64(_epochSlot);
    }

    function _unpackEpoch(uint256 slot) internal pure returns (uint64 epoch, uint64 rotationBlock, bool started) {
        epoch = uint64(slot);
        rotationBlock = uint64(uint48(slot >> 64));
        started = uint8(slot >> 112) != 0;
    }
}
