// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title Cal (D9 "an alternating sum cal(100000)")
/// @notice `cal(n)` = sum over i = 1..n of (-1)^(i+1) · i = 1 - 2 + 3 - 4 + ... ± n, computed by
/// the loop (the workload is the computation, not its closed form, which is (n + 1) / 2 for odd
/// n and -n / 2 for even n). `cal(100000)` = -50000.
/// @dev Deterministic integer arithmetic only. The loop is unchecked: |sum| ≤ i ≤ n, and any n
/// large enough to overflow runs out of gas first (the request cap is 2^24, D3). Checked, the
/// loop costs about 255 gas an iteration and cal(100000) would not fit the cap (25.5M);
/// unchecked, 8.82M gas as a transaction (contracts/test/workloads/cal.test.ts).
contract Cal {
    function cal(uint256 n) external pure returns (int256 sum) {
        unchecked {
            for (uint256 i = 1; i <= n; ++i) {
                if (i & 1 == 1) sum += int256(i);
                else sum -= int256(i);
            }
        }
    }
}
