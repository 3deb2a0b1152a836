// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {
    Admission,
    Commit,
    CommitBody,
    EpochGrant,
    ProgramCreated,
    ProgramRead,
    ProgramUpdate,
    Rotation
} from "./McTypes.sol";

/// @notice EIP-712 struct hashes (P6, P7) and the request accumulator (P2). The type strings are
/// those viem derives from packages/protocol/src/eip712/types.ts (referenced types appended in
/// alphabetical order); the vector test pins them.
library Hashing {
    bytes32 internal constant ACC_LABEL = keccak256("racetee/v1/acc");

    bytes32 internal constant PROGRAM_READ_TYPEHASH = keccak256("ProgramRead(address program,bytes32 digest)");
    bytes32 internal constant PROGRAM_UPDATE_TYPEHASH =
        keccak256("ProgramUpdate(address program,bytes32 prevDigest,bytes32 newDigest)");
    bytes32 internal constant PROGRAM_CREATED_TYPEHASH =
        keccak256("ProgramCreated(address program,address creator,bytes32 digest)");

    string private constant COMMIT_BODY_FIELDS =
        "CommitBody(bytes32 prevCommit,uint64 fromBlock,uint64 toBlock,uint64 toSeq,bytes32 accAfter,uint64 epoch,"
        "ProgramRead[] reads,ProgramUpdate[] updates,ProgramCreated[] created,bytes32 resultsHash,bytes32 blobsRoot)";
    string private constant PROGRAM_TYPES =
        "ProgramCreated(address program,address creator,bytes32 digest)"
        "ProgramRead(address program,bytes32 digest)"
        "ProgramUpdate(address program,bytes32 prevDigest,bytes32 newDigest)";

    bytes32 internal constant COMMIT_BODY_TYPEHASH = keccak256(abi.encodePacked(COMMIT_BODY_FIELDS, PROGRAM_TYPES));
    bytes32 internal constant COMMIT_TYPEHASH =
        keccak256(abi.encodePacked("Commit(CommitBody body,address beneficiary)", COMMIT_BODY_FIELDS, PROGRAM_TYPES));
    bytes32 internal constant AVAILABILITY_TYPEHASH = keccak256("Availability(bytes32 prevCommit,bytes32 blobsRoot)");
    bytes32 internal constant ADMISSION_TYPEHASH = keccak256(
        "Admission(address enclave,bytes32 encryptionKey,bytes32 evidenceHash,uint64 registryVersion,uint64 epoch,"
        "bytes epochSecret,bytes prevEpochSecret)"
    );
    bytes32 internal constant ROTATION_TYPEHASH = keccak256(
        "Rotation(uint64 epoch,bytes32 requestPublicKey,uint64 registryVersion,EpochGrant[] grants)"
        "EpochGrant(address enclave,bytes sealedSecret)"
    );
    bytes32 internal constant EPOCH_GRANT_TYPEHASH = keccak256("EpochGrant(address enclave,bytes sealedSecret)");

    /// @dev P2 `acc_0`: binds the accumulator to one chain and one MC.
    function initialAcc(uint256 chainId, address mc) internal pure returns (bytes32) {
        return keccak256(abi.encode(ACC_LABEL, chainId, mc));
    }

    /// @dev P2 `entry_s`. Written in assembly over scratch memory because it runs on every request
    /// (D3.2: per-request gas is the system's price); equal to keccak(abi.encode(...10 fields)).
    function entryHash(
        uint64 seq,
        uint64 blockNumber,
        uint64 blockTime,
        bytes32 parentHash,
        uint8 kind,
        address program,
        address sender,
        uint64 epoch,
        uint64 gasLimit,
        bytes32 payloadHash
    ) internal pure returns (bytes32 h) {
        // Narrow values may carry dirty high bits in assembly: mask each to its width.
        assembly ("memory-safe") {
            let u64 := 0xffffffffffffffff
            let a160 := 0xffffffffffffffffffffffffffffffffffffffff
            let p := mload(0x40)
            mstore(p, and(seq, u64))
            mstore(add(p, 0x20), and(blockNumber, u64))
            mstore(add(p, 0x40), and(blockTime, u64))
            mstore(add(p, 0x60), parentHash)
            mstore(add(p, 0x80), and(kind, 0xff))
            mstore(add(p, 0xa0), and(program, a160))
            mstore(add(p, 0xc0), and(sender, a160))
            mstore(add(p, 0xe0), and(epoch, u64))
            mstore(add(p, 0x100), and(gasLimit, u64))
            mstore(add(p, 0x120), payloadHash)
            h := keccak256(p, 0x140)
        }
    }

    /// @dev P2 `acc_s = keccak(abi(acc_{s-1}, entry_s))`.
    function accumulate(bytes32 acc, bytes32 entry) internal pure returns (bytes32 h) {
        assembly ("memory-safe") {
            mstore(0x00, acc)
            mstore(0x20, entry)
            h := keccak256(0x00, 0x40)
        }
    }

    function hashReads(ProgramRead[] calldata reads) internal pure returns (bytes32) {
        bytes32[] memory hs = new bytes32[](reads.length);
        for (uint256 i; i < reads.length; ++i) {
            hs[i] = keccak256(abi.encode(PROGRAM_READ_TYPEHASH, reads[i].program, reads[i].digest));
        }
        return keccak256(abi.encodePacked(hs));
    }

    function hashUpdates(ProgramUpdate[] calldata updates) internal pure returns (bytes32) {
        bytes32[] memory hs = new bytes32[](updates.length);
        for (uint256 i; i < updates.length; ++i) {
            ProgramUpdate calldata u = updates[i];
            hs[i] = keccak256(abi.encode(PROGRAM_UPDATE_TYPEHASH, u.program, u.prevDigest, u.newDigest));
        }
        return keccak256(abi.encodePacked(hs));
    }

    function hashCreated(ProgramCreated[] calldata created) internal pure returns (bytes32) {
        bytes32[] memory hs = new bytes32[](created.length);
        for (uint256 i; i < created.length; ++i) {
            ProgramCreated calldata c = created[i];
            hs[i] = keccak256(abi.encode(PROGRAM_CREATED_TYPEHASH, c.program, c.creator, c.digest));
        }
        return keccak256(abi.encodePacked(hs));
    }

    /// @dev EIP-712 hashStruct(CommitBody); its typed-data digest is the commitId (P6).
    function commitBodyStructHash(CommitBody calldata b) internal pure returns (bytes32) {
        bytes memory head = abi.encode(
            COMMIT_BODY_TYPEHASH, b.prevCommit, b.fromBlock, b.toBlock, b.toSeq, b.accAfter, b.epoch
        );
        return keccak256(
            abi.encodePacked(
                head, hashReads(b.reads), hashUpdates(b.updates), hashCreated(b.created), b.resultsHash, b.blobsRoot
            )
        );
    }

    /// @dev EIP-712 hashStruct(Commit), given the body's struct hash.
    function commitStructHash(bytes32 bodyStructHash, address beneficiary) internal pure returns (bytes32) {
        return keccak256(abi.encode(COMMIT_TYPEHASH, bodyStructHash, beneficiary));
    }

    function availabilityStructHash(bytes32 prevCommit, bytes32 blobsRoot) internal pure returns (bytes32) {
        return keccak256(abi.encode(AVAILABILITY_TYPEHASH, prevCommit, blobsRoot));
    }

    function admissionStructHash(Admission calldata a) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(
                ADMISSION_TYPEHASH,
                a.enclave,
                a.encryptionKey,
                a.evidenceHash,
                a.registryVersion,
                a.epoch,
                keccak256(a.epochSecret),
                keccak256(a.prevEpochSecret)
            )
        );
    }

    /// @dev EIP-712 hashStruct(Rotation): also the payloadHash of the rotation's accumulator entry (P2).
    function rotationStructHash(Rotation calldata r) internal pure returns (bytes32) {
        EpochGrant[] calldata grants = r.grants;
        bytes32[] memory hs = new bytes32[](grants.length);
        for (uint256 i; i < grants.length; ++i) {
            hs[i] = keccak256(abi.encode(EPOCH_GRANT_TYPEHASH, grants[i].enclave, keccak256(grants[i].sealedSecret)));
        }
        return keccak256(
            abi.encode(ROTATION_TYPEHASH, r.epoch, r.requestPublicKey, r.registryVersion, keccak256(abi.encodePacked(hs)))
        );
    }
}
