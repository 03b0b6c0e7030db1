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
     * @dev Eight items per 32-byte word. Each item is sign-extended to 256 bits before the subtraction, so
     * `|INT32_MIN - INT32_MAX| = 2^32 - 1` is exact; the sum stays below `maxError * (items)`.
     */
    function clippedAbsoluteErrors(bytes calldata labels, bytes calldata predictions, uint256 maxError)
        internal
        pure
        returns (uint256 sum)
    {
        assembly ("memory-safe") {
            // min(|p - y|, cap) for the int32s in the low 4 bytes of `y` and `p` (higher bytes are ignored).
            function clipped(y, p, cap) -> e {
                e := sub(signextend(3, p), signextend(3, y))
                let sign := sar(255, e) // 0 or all ones
                e := xor(add(e, sign), sign) // |e|
                if lt(cap, e) { e := cap }
            }
            let len := labels.length
            let full := and(len, not(31))
            for { let i := 0 } lt(i, full) { i := add(i, 32) } {
                let y := calldataload(add(labels.offset, i))
                let p := calldataload(add(predictions.offset, i))
                sum := add(
                    sum,
                    add(
                        add(
                            add(clipped(shr(224, y), shr(224, p), maxError), clipped(shr(192, y), shr(192, p), maxError)),
                            add(clipped(shr(160, y), shr(160, p), maxError), clipped(shr(128, y), shr(128, p), maxError))
                        ),
                        add(
                            add(clipped(shr(96, y), shr(96, p), maxError), clipped(shr(64, y), shr(64, p), maxError)),
                            add(clipped(shr(32, y), shr(32, p), maxError), clipped(y, p, maxError))
                        )
                    )
                )
            }
            // The tail, fewer than eight items, one at a time: only each load's first 4 bytes are used.
            for { let i := full } lt(i, len) { i := add(i, 4) } {
                sum := add(
                    sum,
                    clipped(
                        shr(224, calldataload(add(labels.offset, i))),
                        shr(224, calldataload(add(predictions.offset, i))),
                        maxError
                    )
                )
            }
        }
    }
}
