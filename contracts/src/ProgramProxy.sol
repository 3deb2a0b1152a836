// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @notice The MC's entry point for forwarded requests (D3.2).
interface IRequestForwarder {
    function forwardRequest(
        address caller,
        address program,
        uint8 kind,
        uint64 epoch,
        uint64 gasLimit,
        bytes calldata payload
    ) external payable returns (uint64);
}

/// @notice A confidential program's public address (D3.1). Deployed by the MC with CREATE2 and
/// constant init code (no constructor arguments: the MC is whoever deployed it), so its address
/// depends only on the creator and salt. It holds nothing; it forwards `request(...)` calls to
/// the MC as `forwardRequest(wallet, ...)`, so wallets can talk to the program's own address.
/// Written in assembly because its creation code sits inside the MC, which is near EIP-170's limit.
contract ProgramProxy {
    error UnsupportedCall();

    address public immutable MANAGEMENT_CONTRACT;

    bytes4 private constant REQUEST_SELECTOR = bytes4(keccak256("request(address,uint8,uint64,uint64,bytes)"));
    bytes4 private constant FORWARD_SELECTOR = IRequestForwarder.forwardRequest.selector;

    constructor() {
        MANAGEMENT_CONTRACT = msg.sender;
    }

    /// @dev Plain ether has nowhere to go: there is no ether inside the enclave (D5).
    receive() external payable {
        revert UnsupportedCall();
    }

    fallback() external payable {
        // request(program, kind, epoch, gasLimit, payload) has a head of five words.
        if (msg.data.length < 164 || msg.sig != REQUEST_SELECTOR) revert UnsupportedCall();
        address mc = MANAGEMENT_CONTRACT;
        bytes4 forward = FORWARD_SELECTOR;
        assembly {
            // forwardRequest(caller, ...the same arguments): insert the wallet as the first word.
            let p := mload(0x40)
            mstore(p, forward)
            mstore(add(p, 4), caller())
            calldatacopy(add(p, 36), 4, sub(calldatasize(), 4))
            // The payload's offset (fifth head word) counts from the arguments' start, which
            // moved back by one word; the MC's decoder still bounds-checks it.
            let off := add(p, 164)
            mstore(off, add(mload(off), 32))
            let ok := call(gas(), mc, callvalue(), p, add(calldatasize(), 32), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }
}
