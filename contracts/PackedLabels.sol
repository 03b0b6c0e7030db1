// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title PackedLabels
 * @notice Word-at-a-time checks over label vectors packed one class index per byte.
 * @dev Both functions read 32 bytes per step and use SWAR ("SIMD within a register") bit tricks,
 * so a 10,000-label vector costs a few hundred loop iterations instead of ten thousand.
 */
library PackedLabels {
    /// @dev 0x7f in every byte.
    uint256 private constant LOW7 = 0x7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f;
    /// @dev 0x80 in every byte.
    uint256 private constant HIGH = 0x8080808080808080808080808080808080808080808080808080808080808080;
    /// @dev 0x01 in every byte.
    uint256 private constant ONES = 0x0101010101010101010101010101010101010101010101010101010101010101;

    /// @notice Returned by {firstOutOfRange} when every label is in range.
    uint256 internal constant ALL_IN_RANGE = type(uint256).max;

    /**
     * @notice Number of positions `i` where `a[i] == b[i]`.
     * @dev The caller checks that both have the same length; only `a.length` bytes are compared.
     */
    function countMatches(bytes calldata a, bytes calldata b) internal pure returns (uint256 matches) {
        assembly ("memory-safe") {
            // A byte of `x` is zero exactly where `a` and `b` agree; count the zero bytes of a word.
            function zeroBytes(x) -> n {
                let nonZeroLow := add(and(x, LOW7), LOW7) // high bit set where the low 7 bits are not all zero
                let zeroFlags := not(or(or(nonZeroLow, x), LOW7)) // only the high bit of each zero byte
                n := shr(248, mul(shr(7, zeroFlags), ONES)) // the top byte of the product sums all bytes
            }
            let len := a.length
            let full := and(len, not(31))
            for { let i := 0 } lt(i, full) { i := add(i, 32) } {
                matches := add(matches, zeroBytes(xor(calldataload(add(a.offset, i)), calldataload(add(b.offset, i)))))
            }
            let rest := and(len, 31)
            if rest {
                let x := xor(calldataload(add(a.offset, full)), calldataload(add(b.offset, full)))
                // The bytes past the end belong to other arguments: make them count as mismatches.
                x := or(x, shr(shl(3, rest), not(0)))
                matches := add(matches, zeroBytes(x))
            }
        }
    }

    /**
     * @notice Index of the first byte of `labels` that is `>= numClasses`, or {ALL_IN_RANGE}.
     * @dev `numClasses` must be in `[1, 256]`.
     */
    function firstOutOfRange(bytes calldata labels, uint256 numClasses) internal pure returns (uint256) {
        uint256 len = labels.length;
        for (uint256 i = 0; i < len; i += 32) {
            uint256 word;
            assembly ("memory-safe") {
                word := calldataload(add(labels.offset, i))
            }
            if (len - i < 32) {
                // Zero the bytes past the end; class 0 is always valid.
                word &= ~(type(uint256).max >> ((len - i) * 8));
            }
            if (_hasByteAtLeast(word, numClasses)) {
                return i + _firstByteAtLeast(word, numClasses);
            }
        }
        return ALL_IN_RANGE;
    }

    /// @dev Whether any byte of `word` is `>= k`, for `k` in `[1, 256]`, without carries between bytes.
    function _hasByteAtLeast(uint256 word, uint256 k) private pure returns (bool) {
        uint256 high = word & HIGH;
        uint256 low = word & LOW7;
        if (k <= 128) {
            // low + (128 - k) sets the high bit exactly where low >= k; any byte >= 128 is also too big.
            return ((high | (low + (128 - k) * ONES)) & HIGH) != 0;
        }
        // A byte >= k > 128 has its high bit set and low 7 bits >= k - 128.
        return (high & (low + (256 - k) * ONES)) != 0;
    }

    /// @dev Offset of the first byte of `word` (big-endian order) that is `>= k`; the caller knows one exists.
    function _firstByteAtLeast(uint256 word, uint256 k) private pure returns (uint256 offset) {
        while (uint8(word >> (248 - offset * 8)) < k) {
            ++offset;
        }
    }
}
