// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Hashing} from "./Hashing.sol";
import {Admission, EnclaveInfo} from "./McTypes.sol";
import {RequestLog} from "./RequestLog.sol";

/// @notice Executor registry and governance (D3.1): register with a bond, genesis, admission by
/// an admitted enclave after a veto delay, revocation, bond withdrawal.
abstract contract ExecutorRegistry is RequestLog {
    error AlreadyRegistered(address signer);
    error BondTooLow(uint256 bond, uint256 minBond);
    error GenesisDone();
    error NotPending(address enclave);
    error AdmissionMismatch();
    error WrongRegistryVersion(uint64 expected, uint64 got);
    error WrongEpoch(uint64 expected, uint64 got);
    error SignerNotAdmitted(address signer);
    error NotVetoable(address enclave);
    error NotRevocable(address enclave);
    error BondLocked(uint64 unlockBlock);
    error NothingToWithdraw();
    error TransferFailed();

    event Registered(
        address indexed signer,
        address indexed operator,
        bytes32 encryptionKey,
        bytes evidence,
        address payout,
        string endpoint,
        uint256 bond
    );
    /// @dev Carries the provisioned epoch secrets on chain, so no host can withhold them (D3.1).
    event Admitted(
        address indexed enclave,
        address indexed admitter,
        uint64 effectiveFrom,
        uint64 registryVersion,
        uint64 epoch,
        bytes epochSecret,
        bytes prevEpochSecret
    );
    event Genesis(address indexed enclave, bytes32 requestPublicKey, uint64 rotationBlock);
    event Vetoed(address indexed enclave, uint64 registryVersion);
    event Revoked(address indexed enclave, uint64 fromBlock, uint64 registryVersion);
    event BondWithdrawn(address indexed enclave, address payout, uint256 amount);

    mapping(address signer => EnclaveInfo) internal _enclaves;
    /// @dev One slot (the enclave proves all three, D4 "Epoch rotation"): `_registryVersion`
    /// counts registry changes; `_memberCount` counts members, enclaves admitted (effective or
    /// still in their delay) and not revoked or vetoed, the set a rotation must grant to;
    /// `_lastRevocationBlock` (revocation or veto) tells enclaves a rotation is due.
    uint64 internal _registryVersion;
    uint64 internal _memberCount;
    uint64 internal _lastRevocationBlock;
    bool internal _genesisDone;
    uint256 internal _slashedPool;

    /// @notice Registers an enclave's keys with a bond. The evidence is kept only in the event;
    /// an admitted enclave verifies it off chain and posts `admit` (D3.1).
    function register(
        address signer,
        bytes32 encryptionKey,
        bytes calldata evidence,
        address payout,
        string calldata endpoint
    ) external payable {
        _register(signer, encryptionKey, evidence, payout, endpoint);
    }

    /// @notice The genesis ceremony: governance registers and admits the first enclave at once and
    /// starts epoch 0 with its request public key (D3.1, D4).
    function genesis(
        address signer,
        bytes32 encryptionKey,
        bytes calldata evidence,
        address payout,
        string calldata endpoint,
        bytes32 requestPublicKey
    ) external payable onlyGovernance {
        if (_genesisDone) revert GenesisDone();
        _genesisDone = true;
        _register(signer, encryptionKey, evidence, payout, endpoint);
        _enclaves[signer].admittedFrom = uint64(block.number);
        ++_memberCount;
        uint64 version = ++_registryVersion;
        _startEpoch(0, requestPublicKey);
        emit Admitted(signer, msg.sender, uint64(block.number), version, 0, "", "");
        emit Genesis(signer, requestPublicKey, uint64(block.number));
    }

    /// @notice Admits a registered enclave; effective after the admission delay (D3.1).
    function admit(Admission calldata a, bytes calldata signature) external {
        address admitter = ECDSA.recover(_hashTypedDataV4(Hashing.admissionStructHash(a)), signature);
        if (!_admittedAt(admitter, block.number)) revert SignerNotAdmitted(admitter);
        if (a.registryVersion != _registryVersion) revert WrongRegistryVersion(_registryVersion, a.registryVersion);
        uint64 epoch = _currentEpoch();
        if (a.epoch != epoch) revert WrongEpoch(epoch, a.epoch);
        EnclaveInfo storage e = _enclaves[a.enclave];
        if (e.operator == address(0) || e.admittedFrom != 0 || e.revokedAt != 0) revert NotPending(a.enclave);
        if (e.encryptionKey != a.encryptionKey || e.evidenceHash != a.evidenceHash) revert AdmissionMismatch();
        uint64 effectiveFrom = uint64(block.number) + ADMISSION_DELAY;
        e.admittedFrom = effectiveFrom;
        ++_memberCount;
        uint64 version = ++_registryVersion;
        emit Admitted(a.enclave, admitter, effectiveFrom, version, epoch, a.epochSecret, a.prevEpochSecret);
    }

    /// @notice Governance cancels an admission during its delay. Counts as a registry change, so
    /// a rotation prepared for the set that included it no longer applies.
    function veto(address enclave) external onlyGovernance {
        EnclaveInfo storage e = _enclaves[enclave];
        if (e.admittedFrom == 0 || e.admittedFrom <= block.number || e.revokedAt != 0) revert NotVetoable(enclave);
        e.admittedFrom = 0;
        e.revokedAt = uint64(block.number);
        --_memberCount;
        // The admission already published the epoch secrets to it: rotate as after a revocation.
        _lastRevocationBlock = uint64(block.number);
        emit Vetoed(enclave, ++_registryVersion);
    }

    /// @notice Governance revokes an enclave, effective from this block (D3.1).
    function revoke(address enclave) external onlyGovernance {
        EnclaveInfo storage e = _enclaves[enclave];
        if (e.operator == address(0) || e.revokedAt != 0) revert NotRevocable(enclave);
        e.revokedAt = uint64(block.number);
        if (e.admittedFrom != 0) --_memberCount;
        _lastRevocationBlock = uint64(block.number);
        emit Revoked(enclave, uint64(block.number), ++_registryVersion);
    }

    /// @notice Pays a revoked (or vetoed) enclave's bond to its payout address after the delay.
    /// Keyed by signer, not msg.sender: the signing key never leaves the enclave.
    function withdrawBond(address enclave) external {
        EnclaveInfo storage e = _enclaves[enclave];
        if (e.revokedAt == 0) revert BondLocked(0);
        uint64 unlock = e.revokedAt + BOND_WITHDRAWAL_DELAY;
        if (block.number < unlock) revert BondLocked(unlock);
        uint256 amount = e.bond;
        if (amount == 0) revert NothingToWithdraw();
        e.bond = 0;
        address payout = e.payout;
        emit BondWithdrawn(enclave, payout, amount);
        (bool ok,) = payout.call{value: amount}("");
        if (!ok) revert TransferFailed();
    }

    // ------------------------------------------------------------------ views

    function enclaveInfo(address signer) external view returns (EnclaveInfo memory) {
        return _enclaves[signer];
    }

    function isAdmittedAt(address signer, uint64 blockNumber) external view returns (bool) {
        return _admittedAt(signer, blockNumber);
    }

    function registryVersion() external view returns (uint64) {
        return _registryVersion;
    }

    /// @notice What a rotation depends on (D4): the registry version it must name, how many
    /// members (admitted, effective or pending, not revoked) it must grant to, and the block of
    /// the latest revocation (0: none), after which enclaves rotate.
    function registryState() external view returns (uint64 version, uint64 members, uint64 lastRevocation) {
        return (_registryVersion, _memberCount, _lastRevocationBlock);
    }

    function slashedPool() external view returns (uint256) {
        return _slashedPool;
    }

    // ------------------------------------------------------------------ internals

    /// @dev A member: admitted (effective or still in its delay) and not revoked or vetoed.
    function _isMember(address signer) internal view returns (bool) {
        EnclaveInfo storage e = _enclaves[signer];
        return e.admittedFrom != 0 && e.revokedAt == 0;
    }

    /// @dev Admitted at block b: admittedFrom <= b and not revoked at or before b (D3.3 check 4).
    function _admittedAt(address signer, uint256 b) internal view returns (bool) {
        EnclaveInfo storage e = _enclaves[signer];
        uint64 from = e.admittedFrom;
        uint64 revokedAt = e.revokedAt;
        return from != 0 && from <= b && (revokedAt == 0 || revokedAt > b);
    }

    function _register(
        address signer,
        bytes32 encryptionKey,
        bytes calldata evidence,
        address payout,
        string calldata endpoint
    ) private {
        if (signer == address(0) || _enclaves[signer].operator != address(0)) revert AlreadyRegistered(signer);
        if (msg.value < MIN_BOND) revert BondTooLow(msg.value, MIN_BOND);
        EnclaveInfo storage e = _enclaves[signer];
        e.encryptionKey = encryptionKey;
        e.evidenceHash = keccak256(evidence);
        e.operator = msg.sender;
        e.payout = payout;
        e.bond = msg.value;
        e.endpoint = endpoint;
        emit Registered(signer, msg.sender, encryptionKey, evidence, payout, endpoint, msg.value);
    }
}
