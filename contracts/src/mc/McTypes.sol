// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @notice Deployment configuration of the management contract (D3.1, D3.2). Set once in the
/// constructor and kept in immutables, so the request path reads no storage for it.
struct Config {
    /// Governance (a multisig in production): vetoes admissions, revokes enclaves, unfreezes (D3.1).
    address governance;
    /// Fee of a request: msg.value >= feeBase + gasLimit * enclaveGasPrice (D3.2).
    uint256 feeBase;
    uint256 enclaveGasPrice;
    /// G: requests to epoch e-1 are accepted while block.number < rotationBlock + G (D3.2).
    uint64 gracePeriod;
    /// R: ring buffer entries of block checkpoints (P2).
    uint64 ringSize;
    /// Commit gas one block may use, and the commit gas counted per request (D3.2 "quota").
    uint64 blockQuotaGas;
    uint64 commitGasPerRequest;
    /// T and C of D5: programs one request may touch / create. Stored for enclaves to read.
    uint32 maxProgramsTouched;
    uint32 maxProgramsCreated;
    /// E: blocks between epoch rotations (D4). Stored for enclaves to read.
    uint64 epochLength;
    /// Blocks between an admission and its effect, during which governance may veto (D3.1).
    uint64 admissionDelay;
    uint256 minBond;
    /// Blocks after revocation before a bond can be withdrawn; longer than the challenge window.
    uint64 bondWithdrawalDelay;
    /// k: storage confirmations a commit needs (D6).
    uint32 storageThreshold;
}

/// @notice A block checkpoint (P2 `Checkpoint`): the end of block `block`'s requests.
struct Checkpoint {
    uint48 block;
    uint64 seq;
    bytes32 acc;
    uint96 feeCum;
    uint48 nextBlock;
}

/// @notice The live values of P2: the latest block that has requests.
struct Live {
    uint48 block;
    uint64 seq;
    bytes32 acc;
    uint96 feeCum;
    uint32 countInBlock;
}

/// @notice The last accepted commit (P2, P6).
struct LastCommit {
    bytes32 commitId;
    uint64 toBlock;
    uint64 toSeq;
    bytes32 acc;
    uint96 feeCum;
    bool frozen;
}

// EIP-712 structures: field names, order and types mirror packages/protocol/src/eip712/types.ts.

struct ProgramRead {
    address program;
    bytes32 digest;
}

struct ProgramUpdate {
    address program;
    bytes32 prevDigest;
    bytes32 newDigest;
}

struct ProgramCreated {
    address program;
    address creator;
    bytes32 digest;
}

struct CommitBody {
    bytes32 prevCommit;
    uint64 fromBlock;
    uint64 toBlock;
    uint64 toSeq;
    bytes32 accAfter;
    uint64 epoch;
    ProgramRead[] reads;
    ProgramUpdate[] updates;
    ProgramCreated[] created;
    bytes32 resultsHash;
    bytes32 blobsRoot;
}

struct Commit {
    CommitBody body;
    address beneficiary;
}

struct Admission {
    address enclave;
    bytes32 encryptionKey;
    bytes32 evidenceHash;
    uint64 registryVersion;
    uint64 epoch;
    bytes epochSecret;
    bytes prevEpochSecret;
}

struct EpochGrant {
    address enclave;
    bytes sealedSecret;
}

struct Rotation {
    uint64 epoch;
    bytes32 requestPublicKey;
    uint64 registryVersion;
    EpochGrant[] grants;
}

/// @notice What the MC knows of an executor's enclave (D3.1).
struct EnclaveInfo {
    bytes32 encryptionKey;
    bytes32 evidenceHash;
    address operator;
    address payout;
    uint256 bond;
    /// First block at which the enclave counts as admitted; 0 = never admitted (or vetoed).
    uint64 admittedFrom;
    /// Block of revocation or veto; 0 = none. Revocation takes effect from this block.
    uint64 revokedAt;
    string endpoint;
}

/// @notice Epoch state (D4): the current epoch, its request key, the block it began.
struct EpochInfo {
    uint64 epoch;
    bytes32 requestPublicKey;
    uint64 rotationBlock;
    bool started;
}
