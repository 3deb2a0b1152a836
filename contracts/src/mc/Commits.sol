// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Hashing} from "./Hashing.sol";
import {Commit, CommitBody, ProgramCreated, ProgramRead, ProgramUpdate} from "./McTypes.sol";
import {ProgramRegistry} from "./ProgramRegistry.sol";

/// @notice Commits and challenges (D3.3, P6). The first valid commit for the blocks after the
/// last one wins; each check has its own error so an executor knows why it lost.
abstract contract Commits is ProgramRegistry {
    error Frozen();
    error StaleCommit(bytes32 lastCommitId);
    error WrongFromBlock(uint64 expected);
    error EmptyRange();
    error ToBlockNotPast();
    error NoCheckpoint(uint64 toBlock, uint256 ringHint);
    error CheckpointMismatch(uint64 expectedSeq, bytes32 expectedAcc);
    error UnsortedPrograms();
    error StaleDigest(address program);
    error ProgramExists(address program);
    error NotEnoughStorageSignatures(uint256 got, uint256 required);
    error StorageSignersNotAscending();
    error NotStorageNode(address signer);
    error NotConflicting();
    error NotFrozen();

    event Committed(bytes32 indexed commitId, uint64 fromSeq, uint64 toSeq, bytes32 resultsHash, bytes32 blobsRoot);
    event Challenged(
        bytes32 indexed commitIdA, bytes32 indexed commitIdB, address signerA, address signerB, uint256 slashed
    );
    event Unfrozen();
    /// @notice A challenge undid the last accepted commit: `restoredCommitId` is the last again,
    /// and the range `rolledBack` covered is open to commit.
    event RolledBack(bytes32 indexed rolledBack, bytes32 indexed restoredCommitId);

    uint256 private constant FROZEN_BIT = uint256(1) << 224;
    /// @dev `challenge`'s ringHint when the checkpoint before the disputed range is gone: freeze only.
    uint256 internal constant NO_ROLLBACK = type(uint256).max;

    function commit(
        Commit calldata c,
        bytes calldata executorSignature,
        bytes[] calldata storageSignatures,
        uint256 ringHint
    ) external {
        CommitBody calldata b = c.body;
        uint256 lastMeta = _lastMeta;
        _checkChaining(b, lastMeta);
        (uint64 seq, bytes32 acc, uint256 feeCumTo) = _checkpointAt(b.toBlock, ringHint);
        if (b.toSeq != seq || b.accAfter != acc) revert CheckpointMismatch(seq, acc);
        _checkPrograms(b);
        bytes32 bodyHash = Hashing.commitBodyStructHash(b);
        address signer = ECDSA.recover(
            _hashTypedDataV4(Hashing.commitStructHash(bodyHash, c.beneficiary)), executorSignature
        );
        // (4) D3.3: the signer is an enclave admitted at toBlock and not revoked by then.
        if (!_admittedAt(signer, b.toBlock)) revert SignerNotAdmitted(signer);
        _checkAvailability(b.prevCommit, b.blobsRoot, storageSignatures);
        _applyPrograms(b);

        bytes32 id = _hashTypedDataV4(bodyHash);
        // After a rollback the paid-out mark stays where the undone commit left it, so fees
        // already paid for a range are never paid twice (the re-commit earns only what is new).
        uint256 feeCumFrom = uint96(lastMeta >> 128);
        if (feeCumTo < feeCumFrom) feeCumTo = feeCumFrom;
        _lastCommitId = id;
        _lastAcc = b.accAfter;
        _lastMeta = uint256(b.toBlock) | (uint256(b.toSeq) << 64) | (feeCumTo << 128);
        emit Committed(id, uint64(lastMeta >> 64) + 1, b.toSeq, b.resultsHash, b.blobsRoot);
        // D3.3: the batch's fees go to the beneficiary the enclave signed, so copying a pending
        // commit from the mempool earns nothing.
        uint256 fees = feeCumTo - feeCumFrom;
        if (fees != 0) {
            (bool ok,) = c.beneficiary.call{value: fees}("");
            if (!ok) revert TransferFailed();
        }
    }

    /// @notice Two commits signed by admitted enclaves for the same prevCommit and toBlock whose
    /// bodies differ prove a fault, since honest enclaves agree byte for byte (D3.3, D4). Commits
    /// freeze and both signers' bonds are slashed. When one of the two is the last accepted
    /// commit, it is also undone (see `_rollBack`), so once governance has revoked the faulty
    /// enclave and unfrozen, an honest executor commits the range again. `ringHint` locates the
    /// checkpoint of the block before the range (as `commit`'s does for toBlock); `NO_ROLLBACK`
    /// only freezes, for when that checkpoint has left the ring. A challenge may be repeated, so
    /// a freeze without rollback can still be followed by one with it.
    function challenge(
        Commit calldata a,
        bytes calldata sigA,
        Commit calldata b,
        bytes calldata sigB,
        uint256 ringHint
    ) external {
        if (a.body.prevCommit != b.body.prevCommit || a.body.toBlock != b.body.toBlock) revert NotConflicting();
        bytes32 bodyA = Hashing.commitBodyStructHash(a.body);
        bytes32 bodyB = Hashing.commitBodyStructHash(b.body);
        if (bodyA == bodyB) revert NotConflicting();
        address signerA = ECDSA.recover(_hashTypedDataV4(Hashing.commitStructHash(bodyA, a.beneficiary)), sigA);
        address signerB = ECDSA.recover(_hashTypedDataV4(Hashing.commitStructHash(bodyB, b.beneficiary)), sigB);
        if (!_admittedAt(signerA, a.body.toBlock)) revert SignerNotAdmitted(signerA);
        if (!_admittedAt(signerB, b.body.toBlock)) revert SignerNotAdmitted(signerB);
        _lastMeta |= FROZEN_BIT;
        uint256 slashed = _slash(signerA);
        if (signerB != signerA) slashed += _slash(signerB);
        bytes32 idA = _hashTypedDataV4(bodyA);
        bytes32 idB = _hashTypedDataV4(bodyB);
        emit Challenged(idA, idB, signerA, signerB, slashed);
        if (ringHint == NO_ROLLBACK) return;
        bytes32 last = _lastCommitId;
        if (idA == last) _rollBack(a.body, last, ringHint);
        else if (idB == last) _rollBack(b.body, last, ringHint);
    }

    /// @notice Governance resumes commits after it has revoked the faulty enclave (D3.3).
    function unfreeze() external onlyGovernance {
        uint256 meta = _lastMeta;
        if (meta & FROZEN_BIT == 0) revert NotFrozen();
        _lastMeta = meta & ~FROZEN_BIT;
        emit Unfrozen();
    }

    // ------------------------------------------------------------------ hashing helpers (vectors)

    function commitId(CommitBody calldata b) external view returns (bytes32) {
        return _hashTypedDataV4(Hashing.commitBodyStructHash(b));
    }

    function commitSigningDigest(Commit calldata c) external view returns (bytes32) {
        return _hashTypedDataV4(Hashing.commitStructHash(Hashing.commitBodyStructHash(c.body), c.beneficiary));
    }

    function availabilityDigest(bytes32 prevCommit, bytes32 blobsRoot) external view returns (bytes32) {
        return _hashTypedDataV4(Hashing.availabilityStructHash(prevCommit, blobsRoot));
    }

    // ------------------------------------------------------------------ checks

    /// @dev (1) chains from the last commit and covers whole past blocks (last.toBlock, toBlock].
    function _checkChaining(CommitBody calldata b, uint256 lastMeta) private view {
        if (lastMeta & FROZEN_BIT != 0) revert Frozen();
        if (b.prevCommit != _lastCommitId) revert StaleCommit(_lastCommitId);
        uint64 expectedFrom = uint64(lastMeta) + 1;
        if (b.fromBlock != expectedFrom) revert WrongFromBlock(expectedFrom);
        if (b.toBlock < b.fromBlock) revert EmptyRange();
        if (b.toBlock >= block.number) revert ToBlockNotPast();
    }

    /// @dev (2) P2: the checkpoint covering `blockNo` (the end of its requests): the live values
    /// when their block is at or before it, otherwise ring entry `ringHint` if it covers it. A
    /// commit's (toSeq, accAfter) must equal the one at its toBlock, so the executor consumed
    /// exactly the requests the chain ordered.
    function _checkpointAt(uint256 blockNo, uint256 ringHint)
        private
        view
        returns (uint64 seq, bytes32 acc, uint256 feeCum)
    {
        uint256 v = _live;
        if (uint48(v >> 64) <= blockNo) return (uint64(v), _acc, uint96(v >> 112));
        if (ringHint >= RING_SIZE) revert NoCheckpoint(uint64(blockNo), ringHint);
        uint256 m = _ringMeta[ringHint];
        if (uint48(m) > blockNo || blockNo >= (m >> 208)) revert NoCheckpoint(uint64(blockNo), ringHint);
        return (uint64(m >> 48), _ringAcc[ringHint], uint96(m >> 112));
    }

    /// @dev (3) every digest the batch relied on is the stored one; lists strictly ascending.
    function _checkPrograms(CommitBody calldata b) private view {
        ProgramRead[] calldata reads = b.reads;
        address prev;
        for (uint256 i; i < reads.length; ++i) {
            address p = reads[i].program;
            if (i != 0 && p <= prev) revert UnsortedPrograms();
            if (_registered[p] == 0) revert UnknownProgram(p);
            if (_digests[p] != reads[i].digest) revert StaleDigest(p);
            prev = p;
        }
        ProgramUpdate[] calldata updates = b.updates;
        for (uint256 i; i < updates.length; ++i) {
            address p = updates[i].program;
            if (i != 0 && p <= prev) revert UnsortedPrograms();
            if (_registered[p] == 0) revert UnknownProgram(p);
            if (_digests[p] != updates[i].prevDigest) revert StaleDigest(p);
            prev = p;
        }
        ProgramCreated[] calldata created = b.created;
        for (uint256 i; i < created.length; ++i) {
            address p = created[i].program;
            if (i != 0 && p <= prev) revert UnsortedPrograms();
            if (_registered[p] != 0) revert ProgramExists(p);
            prev = p;
        }
    }

    /// @dev (5) at least k distinct registered storage nodes signed Availability (D6); distinctness
    /// by strictly ascending recovered signers.
    function _checkAvailability(bytes32 prevCommit, bytes32 blobsRoot, bytes[] calldata sigs) private view {
        if (sigs.length < STORAGE_THRESHOLD) revert NotEnoughStorageSignatures(sigs.length, STORAGE_THRESHOLD);
        bytes32 digest = _hashTypedDataV4(Hashing.availabilityStructHash(prevCommit, blobsRoot));
        address prev;
        for (uint256 i; i < sigs.length; ++i) {
            address s = ECDSA.recover(digest, sigs[i]);
            if (s <= prev) revert StorageSignersNotAscending();
            if (_storageIndex[s] == 0) revert NotStorageNode(s);
            prev = s;
        }
    }

    function _applyPrograms(CommitBody calldata b) private {
        ProgramUpdate[] calldata updates = b.updates;
        for (uint256 i; i < updates.length; ++i) {
            _digests[updates[i].program] = updates[i].newDigest;
        }
        ProgramCreated[] calldata created = b.created;
        for (uint256 i; i < created.length; ++i) {
            address p = created[i].program;
            _registered[p] = 1;
            _digests[p] = created[i].digest;
            emit ProgramRegistered(p, created[i].creator);
        }
        _programCount += created.length;
    }

    /// @dev Undoes the last accepted commit `c` (id `id`): its program digests go back to the
    /// prevDigests it was checked against, the programs it created are unregistered, and the last
    /// commit becomes its prevCommit with the checkpoint of the block before its range, so the
    /// same range can be committed again. The paid-out fee mark and the frozen bit are kept.
    /// Only the last commit can be undone: a later one built on it would name state that no
    /// longer exists, and the MC keeps no history of earlier commits.
    function _rollBack(CommitBody calldata c, bytes32 id, uint256 ringHint) private {
        uint256 blockBefore = c.fromBlock - 1;
        (uint64 seq, bytes32 acc,) = _checkpointAt(blockBefore, ringHint);
        ProgramUpdate[] calldata updates = c.updates;
        for (uint256 i; i < updates.length; ++i) {
            _digests[updates[i].program] = updates[i].prevDigest;
        }
        ProgramCreated[] calldata created = c.created;
        for (uint256 i; i < created.length; ++i) {
            delete _registered[created[i].program];
            delete _digests[created[i].program];
        }
        _programCount -= created.length;
        _lastCommitId = c.prevCommit;
        _lastAcc = acc;
        _lastMeta = blockBefore | (uint256(seq) << 64) | ((_lastMeta >> 128) << 128);
        emit RolledBack(id, c.prevCommit);
    }

    function _slash(address signer) private returns (uint256 amount) {
        amount = _enclaves[signer].bond;
        _enclaves[signer].bond = 0;
        _slashedPool += amount;
    }
}
