// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title QuickSelect (D9 "QuickSelect of the 1,000th value among 2,048 integers in [0, 1000]
/// held in the program's state")
/// @notice The owner loads up to 2,048 values in [0, 1000] by chunks (`load` appends), in earlier
/// requests, so the measured call is `select(k)` alone: it copies the values to memory and runs
/// an in-place quickselect (Hoare partition, middle pivot; deterministic, O(n) on average).
/// @dev Values are `uint16`, packed sixteen to a slot: 2,048 values are 128 slots, eight state
/// pages of the enclave (P1: 16 slots a page).
contract QuickSelect {
    uint256 public constant MAX_VALUES = 2048;
    uint256 public constant MAX_VALUE = 1000;

    error NotOwner(address caller);
    error TooManyValues(uint256 count, uint256 max);
    error ValueOutOfRange(uint256 index, uint256 value);
    error RankOutOfRange(uint256 k, uint256 count);

    address public immutable owner;
    uint16[] private _values;

    constructor() {
        owner = msg.sender;
    }

    function count() external view returns (uint256) {
        return _values.length;
    }

    /// @notice Appends `values` (each at most 1000) to the held list, up to 2,048 in all.
    function load(uint16[] calldata values) external {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        uint256 held = _values.length;
        if (held + values.length > MAX_VALUES) revert TooManyValues(held + values.length, MAX_VALUES);
        for (uint256 i = 0; i < values.length; ++i) {
            if (values[i] > MAX_VALUE) revert ValueOutOfRange(held + i, values[i]);
            _values.push(values[i]);
        }
    }

    /// @notice The k-th smallest held value, k counted from 1 (`select(1)` is the minimum).
    function select(uint256 k) external view returns (uint256) {
        uint256 n = _values.length;
        if (k == 0 || k > n) revert RankOutOfRange(k, n);
        uint256[] memory a = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) a[i] = _values[i];
        return _select(a, k - 1);
    }

    /// @dev Hoare's selection over a[lo..hi] with the middle element as pivot, narrowing to the
    /// side that holds index `target` until one element remains.
    function _select(uint256[] memory a, uint256 target) private pure returns (uint256) {
        uint256 lo = 0;
        uint256 hi = a.length - 1;
        unchecked {
            while (lo < hi) {
                uint256 pivot = a[lo + (hi - lo) / 2];
                uint256 i = lo;
                uint256 j = hi;
                while (i <= j) {
                    while (a[i] < pivot) ++i;
                    while (a[j] > pivot) --j;
                    if (i <= j) {
                        (a[i], a[j]) = (a[j], a[i]);
                        ++i;
                        if (j == 0) break;
                        --j;
                    }
                }
                // Now a[lo..j] <= pivot <= a[i..hi], and every index in (j, i) holds the pivot.
                if (target <= j) hi = j;
                else if (target >= i) lo = i;
                else return a[target];
            }
        }
        return a[target];
    }
}
