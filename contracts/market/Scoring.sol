// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PackedLabels} from "../PackedLabels.sol";

/**
 * @title Scoring
 * @notice How a prediction vector is scored against the ground truth. Every metric returns a score where
 * higher is better, in `[0, maxScore(metric, maxError, testSize)]`; claims and a bounty's `minScore` are in
 * that unit, so the ranking, the floor and the payouts never depend on the metric (docs/protocol.md, "Scoring").
 */
library Scoring {
    /// @dev The sign bit of each of eight int32s.
    uint256 private constant SIGN_BITS = 0x8000000080000000800000008000000080000000800000008000000080000000;
    /// @dev The low 32 bits of each 64-bit slot.
    uint256 private constant LOW32 = 0x00000000ffffffff00000000ffffffff00000000ffffffff00000000ffffffff;
    /// @dev Bit 32 of each 64-bit slot.
    uint256 private constant BIT32 = 0x0000000100000000000000010000000000000001000000000000000100000000;
    /// @dev 1 in each 64-bit slot.
    uint256 private constant SLOT_ONES = 0x0000000000000001000000000000000100000000000000010000000000000001;

    /// @notice The metrics a bounty can be scored with.
    enum Metric {
        /// @dev Classification: one class index per byte; the score is the number of matching bytes.
        Accuracy,
        /// @dev Regression: one fixed-point int32 per item, 4 bytes big-endian two's complement; the score is
        /// `sum(maxError - min(|p - y|, maxError))`, so `maxError * testSize` less the clipped absolute errors.
        MeanAbsoluteError
    }

    /// @notice Bytes per item of a label or prediction vector: 1 for Accuracy, 4 for MeanAbsoluteError.
    function itemWidth(Metric metric) internal pure returns (uint256) {
        return metric == Metric.Accuracy ? 1 : 4;
    }

    /**
     * @notice The score of `predictions` against `labels`.
     * @dev The caller checks that both hold `testSize * itemWidth(metric)` bytes, and that `maxError` fits the
     * metric (0 for Accuracy; `maxError * testSize` within uint32 for MeanAbsoluteError).
     */
    function score(Metric metric, uint32 maxError, bytes calldata labels, bytes calldata predictions)
        internal
        pure
        returns (uint32)
    {
        if (metric == Metric.Accuracy) return uint32(PackedLabels.countMatches(predictions, labels));
        uint256 items = labels.length / 4;
        return uint32(maxError * items - clippedAbsoluteErrors(labels, predictions, maxError));
    }

    /// @notice The best score possible on a test set of `testSize` items; checked at creation to fit uint32.
    function maxScore(Metric metric, uint32 maxError, uint32 testSize) internal pure returns (uint32) {
        return metric == Metric.Accuracy ? testSize : maxError * testSize;
    }

    /**
     * @notice `sum_i min(|p_i - y_i|, maxError)` over two vectors of big-endian int32s of the same length, a
     * multiple of 4 (only `labels.length` bytes are read).
     * @dev Eight items per 32-byte word, as two sets of four in 64-bit slots ("SIMD within a register", like
     * {PackedLabels}): an item's 32 bits sit in the low half of its slot, so `2^32 + p - y` never borrows from the
     * next slot. Flipping each int32's sign bit maps it to a uint32 in the same order, so `p - y` is exact, up to
     * `|INT32_MIN - INT32_MAX| = 2^32 - 1`. The slots add up separately; the sum stays below
     * `maxError * items`, which the market keeps within uint32.
     */
    function clippedAbsoluteErrors(bytes calldata labels, bytes calldata predictions, uint32 maxError)
        internal
        pure
        returns (uint256 sum)
    {
        assembly ("memory-safe") {
            // min(|p - y|, cap) in each 64-bit slot, for the uint32s `y` and `p` in the slots' low halves; `caps`
            // holds cap in every slot.
            function slotErrors(y, p, caps) -> e {
                let d := sub(or(p, BIT32), y) // 2^32 + p - y: bit 32 stays set exactly where p >= y
                let negative := xor(and(shr(32, d), SLOT_ONES), SLOT_ONES) // 1 where p < y
                e := add(xor(and(d, LOW32), mul(negative, 0xffffffff)), negative) // |p - y|: negated where p < y
                let over := sub(or(e, BIT32), caps) // bit 32 set where |p - y| >= cap; below it, |p - y| - cap
                e := sub(e, and(over, mul(and(shr(32, over), SLOT_ONES), 0xffffffff)))
            }
            function wordErrors(y, p, caps) -> e {
                y := xor(y, SIGN_BITS)
                p := xor(p, SIGN_BITS)
                e := add(
                    slotErrors(and(y, LOW32), and(p, LOW32), caps),
                    slotErrors(and(shr(32, y), LOW32), and(shr(32, p), LOW32), caps)
                )
            }
            let caps := mul(maxError, SLOT_ONES)
            let slots := 0 // four running sums, each below 2^64
            let len := labels.length
            let full := and(len, not(31))
            for { let i := 0 } lt(i, full) { i := add(i, 32) } {
                slots := add(
                    slots,
                    wordErrors(calldataload(add(labels.offset, i)), calldataload(add(predictions.offset, i)), caps)
                )
            }
            let rest := and(len, 31)
            if rest {
                // The bytes past the end belong to other arguments: zero them in both, an error of 0.
                let keep := not(shr(shl(3, rest), not(0)))
                let y := and(calldataload(add(labels.offset, full)), keep)
                let p := and(calldataload(add(predictions.offset, full)), keep)
                slots := add(slots, wordErrors(y, p, caps))
            }
            sum := shr(192, mul(slots, SLOT_ONES)) // the top slot of the product adds up all four
        }
    }
}
