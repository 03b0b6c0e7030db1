// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PackedLabels} from "../PackedLabels.sol";

/// @dev Exposes the PackedLabels library to the tests.
contract PackedLabelsHarness {
    function countMatches(bytes calldata a, bytes calldata b) external pure returns (uint256) {
        return PackedLabels.countMatches(a, b);
    }

    function firstOutOfRange(bytes calldata labels, uint256 numClasses) external pure returns (uint256) {
        return PackedLabels.firstOutOfRange(labels, numClasses);
    }
}
