// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Epochs} from "./Epochs.sol";

/// @notice Storage nodes whose Availability signatures count towards a commit's k (D3.1, D6).
abstract contract StorageRegistry is Epochs {
    error StorageNodeExists(address signer);
    error UnknownStorageNode(address signer);

    event StorageNodeAdded(address indexed signer, string url);
    event StorageNodeRemoved(address indexed signer);

    address[] internal _storageNodes;
    mapping(address signer => uint256 indexPlusOne) internal _storageIndex;
    mapping(address signer => string url) internal _storageUrl;

    function addStorageNode(address signer, string calldata url) external onlyGovernance {
        if (signer == address(0) || _storageIndex[signer] != 0) revert StorageNodeExists(signer);
        _storageNodes.push(signer);
        _storageIndex[signer] = _storageNodes.length;
        _storageUrl[signer] = url;
        emit StorageNodeAdded(signer, url);
    }

    function removeStorageNode(address signer) external onlyGovernance {
        uint256 i = _storageIndex[signer];
        if (i == 0) revert UnknownStorageNode(signer);
        address last = _storageNodes[_storageNodes.length - 1];
        _storageNodes[i - 1] = last;
        _storageIndex[last] = i;
        _storageNodes.pop();
        delete _storageIndex[signer];
        delete _storageUrl[signer];
        emit StorageNodeRemoved(signer);
    }

    function isStorageNode(address signer) public view returns (bool) {
        return _storageIndex[signer] != 0;
    }

    function storageNodes() external view returns (address[] memory) {
        return _storageNodes;
    }

    function storageNodeUrl(address signer) external view returns (string memory) {
        return _storageUrl[signer];
    }
}
