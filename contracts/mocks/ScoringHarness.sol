// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Scoring} from "../market/Scoring.sol";

/// @dev Exposes the Scoring library to the tests.
contract ScoringHarness {
    function score(Scoring.Metric metric, uint32 maxError, bytes calldata labels, bytes calldata predictions)
        external
        pure
        returns (uint32)
    {
        return Scoring.score(metric, maxError, labels, predictions);
    }

    function clippedAbsoluteErrors(bytes calldata labels, bytes calldata predictions, uint32 maxError)
        external
        pure
        returns (uint256)
    {
        return Scoring.clippedAbsoluteErrors(labels, predictions, maxError);
    }
}
