// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Commits} from "./mc/Commits.sol";
import {Config} from "./mc/McTypes.sol";
import {McBase} from "./mc/McBase.sol";

/// @title RaceTEE management contract (D3.1–D3.3, D4; byte layouts in docs/protocol.md P2, P6, P7)
/// @notice Orders every request of every confidential program into one accumulator and settles
/// the commits that TEEs post for whole blocks. Split by concern:
///   McBase           configuration (immutables), governance, epoch state
///   RequestLog       accumulator, live slot, ring of block checkpoints, last commit record
///   ExecutorRegistry register, genesis, admit, veto, revoke, bonds
///   Epochs           rotate
///   StorageRegistry  storage nodes for the k availability signatures
///   ProgramRegistry  createProgram, request, forwardRequest, program digests
///   Commits          commit, challenge, unfreeze
contract ManagementContract is Commits {
    constructor(Config memory cfg) McBase(cfg) {}
}
