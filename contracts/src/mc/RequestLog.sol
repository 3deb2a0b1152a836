// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Hashing} from "./Hashing.sol";
import {McBase} from "./McBase.sol";
import {Checkpoint, LastCommit, Live} from "./McTypes.sol";

/// @notice The request accumulator, the live slot and the ring of block checkpoints (D3.2, P2),
/// and the record of the last accepted commit the ring is released against.
///
/// Per request the MC writes exactly two slots: `_acc` and the packed `_live`. At the first
/// request of a block it also moves the ended block's live values into the ring (two slots), so
/// the end of every block with requests stays on chain until a commit has passed it.
abstract contract RequestLog is McBase {
    error Backlogged();
    error BlockFull();
    error FeeCumOverflow();

    event Request(
        uint64 indexed seq,
        address indexed program,
        address indexed caller,
        uint8 kind,
        uint64 epoch,
        uint64 gasLimit,
        bytes payload
    );

    uint256 private constant MASK48 = (1 << 48) - 1;
    uint256 private constant MASK64 = (1 << 64) - 1;
    uint256 private constant MASK96 = (1 << 96) - 1;

    /// @dev Running accumulator after the latest request (P2 acc_s).
    bytes32 internal _acc;
    /// @dev Packed live slot: seq (64) | block (48) << 64 | feeCum (96) << 112 | countInBlock (32) << 208.
    uint256 internal _live;
    /// @dev Ring entry i: acc, and packed block (48) | seq (64) << 48 | feeCum (96) << 112 | nextBlock (48) << 208.
    mapping(uint256 index => bytes32) internal _ringAcc;
    mapping(uint256 index => uint256) internal _ringMeta;
    /// @dev Ring entries ever written; the next goes to index ringCount % R.
    uint256 internal _ringCount;

    bytes32 internal _lastCommitId;
    bytes32 internal _lastAcc;
    /// @dev Packed: toBlock (64) | toSeq (64) << 64 | feeCum (96) << 128 | frozen (8) << 224.
    uint256 internal _lastMeta;

    constructor() {
        // P2: live values {deployBlock, 0, acc_0, 0}; last commit {0x0, deployBlock, 0, acc_0}.
        bytes32 acc0 = Hashing.initialAcc(block.chainid, address(this));
        _acc = acc0;
        _lastAcc = acc0;
        _live = uint256(uint48(block.number)) << 64;
        _lastMeta = uint256(uint64(block.number));
    }

    /// @dev Appends one entry to the accumulator (P2) and returns its seq. `fee` accrues to feeCum.
    function _enqueue(
        uint8 kind,
        address program,
        address caller,
        uint64 epoch,
        uint64 gasLimit,
        bytes32 payloadHash,
        uint256 fee
    ) internal returns (uint64 seq) {
        seq = _advanceLive(fee);
        bytes32 entry = Hashing.entryHash(
            seq,
            uint64(block.number),
            uint64(block.timestamp),
            blockhash(block.number - 1),
            kind,
            program,
            caller,
            epoch,
            gasLimit,
            payloadHash
        );
        _acc = Hashing.accumulate(_acc, entry);
    }

    /// @dev Updates the live slot for one more request in this block and returns its seq.
    function _advanceLive(uint256 fee) private returns (uint64 seq) {
        uint256 v = _live;
        uint256 count = v >> 208;
        if (((v >> 64) & MASK48) != block.number) {
            _closeBlock(v);
            count = 0;
        }
        // D3.2: a block's commit must fit one transaction, so a block takes a bounded number of requests.
        if (count >= MAX_REQUESTS_PER_BLOCK) revert BlockFull();
        seq = uint64(v) + 1;
        uint256 feeCum = ((v >> 112) & MASK96) + fee;
        if (feeCum > MASK96) revert FeeCumOverflow();
        _live = uint256(seq) | (uint256(uint48(block.number)) << 64) | (feeCum << 112) | ((count + 1) << 208);
    }

    /// @dev First request of a new block: the live values become the ring checkpoint of the block
    /// that ended, with nextBlock = this block. Never overwrites an entry a commit still needs.
    function _closeBlock(uint256 v) private {
        uint256 n = _ringCount;
        uint256 index = n % RING_SIZE;
        if (n >= RING_SIZE) {
            uint256 nextBlock = _ringMeta[index] >> 208;
            // P2: an entry is kept until a commit's toBlock >= entry.nextBlock.
            if (uint64(_lastMeta) < nextBlock) revert Backlogged();
        }
        uint256 prevBlock = (v >> 64) & MASK48;
        uint256 prevSeq = v & MASK64;
        uint256 prevFee = (v >> 112) & MASK96;
        _ringAcc[index] = _acc;
        _ringMeta[index] = prevBlock | (prevSeq << 48) | (prevFee << 112) | (uint256(uint48(block.number)) << 208);
        _ringCount = n + 1;
    }

    // ------------------------------------------------------------------ views

    function live() public view returns (Live memory l) {
        uint256 v = _live;
        l.seq = uint64(v);
        l.block = uint48(v >> 64);
        l.feeCum = uint96(v >> 112);
        l.countInBlock = uint32(v >> 208);
        l.acc = _acc;
    }

    function ringEntry(uint256 index) public view returns (Checkpoint memory c) {
        uint256 v = _ringMeta[index];
        c.block = uint48(v);
        c.seq = uint64(v >> 48);
        c.feeCum = uint96(v >> 112);
        c.nextBlock = uint48(v >> 208);
        c.acc = _ringAcc[index];
    }

    function ringCount() external view returns (uint256) {
        return _ringCount;
    }

    function lastCommit() public view returns (LastCommit memory c) {
        uint256 v = _lastMeta;
        c.commitId = _lastCommitId;
        c.toBlock = uint64(v);
        c.toSeq = uint64(v >> 64);
        c.feeCum = uint96(v >> 128);
        c.frozen = uint8(v >> 224) != 0;
        c.acc = _lastAcc;
    }

    // ------------------------------------------------------------------ pure helpers (vector tests)

    function initialAcc() external view returns (bytes32) {
        return Hashing.initialAcc(block.chainid, address(this));
    }

    function accEntryHash(
        uint64 seq,
        uint64 blockNumber,
        uint64 timestamp,
        bytes32 parentHash,
        uint8 kind,
        address program,
        address caller,
        uint64 epoch,
        uint64 gasLimit,
        bytes32 payloadHash
    ) external pure returns (bytes32) {
        return Hashing.entryHash(
            seq, blockNumber, timestamp, parentHash, kind, program, caller, epoch, gasLimit, payloadHash
        );
    }

    function accumulate(bytes32 acc, bytes32 entry) external pure returns (bytes32) {
        return Hashing.accumulate(acc, entry);
    }
}
