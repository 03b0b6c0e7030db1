// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PackedLabels} from "../PackedLabels.sol";

/**
 * @title Scoring
 * @notice How a prediction vector is scored against the ground truth. Every metric returns a score where
 * higher is better, in `[0, maxScore(metric, testSize)]`; claims and a bounty's `minScore` are in that
 * unit, so the ranking, the floor and the payouts never depend on the metric.
 * @dev Only {Metric.Accuracy} exists. A regression metric fits without touching the market: e.g.
 * `MeanAbsoluteError` with fixed-width predictions would return `maxError * testSize - sum(|error|)`
 * (docs/protocol.md, "Scoring").
 */
library Scoring {
    /// @notice The metrics a bounty can be scored with.
    enum Metric {
        /// @dev Classification: one class index per byte; the score is the number of matching bytes.
        Accuracy
    }

    /// @notice The score of `predictions` against `labels`; the caller checks both lengths.
    function score(Metric, bytes calldata labels, bytes calldata predictions) internal pure returns (uint32) {
        return uint32(PackedLabels.countMatches(predictions, labels));
    }

    /// @notice The best score possible on a test set of `testSize` items.
    function maxScore(Metric, uint32 testSize) internal pure returns (uint32) {
        return testSize;
    }
}
