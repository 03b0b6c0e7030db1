// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IArbitrable} from "@kleros/erc-792/contracts/IArbitrable.sol";
import {IArbitrator} from "@kleros/erc-792/contracts/IArbitrator.sol";

/**
 * @dev An ERC-792 arbitrator for tests of what a real court may do and the reference arbitrator refuses: its cost
 * changes after a bounty was created, and it hands the market any ruling, above the choices or for a dispute the
 * market never raised.
 */
contract MockArbitrator is IArbitrator {
    uint256 public cost = 0.1 ether;
    uint256 public disputeCount;

    function setCost(uint256 cost_) external {
        cost = cost_;
    }

    function arbitrationCost(bytes calldata) external view returns (uint256) {
        return cost;
    }

    function createDispute(uint256, bytes calldata) external payable returns (uint256 disputeID) {
        disputeID = disputeCount++;
        emit DisputeCreation(disputeID, IArbitrable(msg.sender));
    }

    /// @dev Calls `arbitrable.rule` without any check.
    function giveRuling(IArbitrable arbitrable, uint256 disputeID, uint256 ruling) external {
        arbitrable.rule(disputeID, ruling);
    }

    function appeal(uint256, bytes calldata) external payable {}

    function appealCost(uint256, bytes calldata) external pure returns (uint256) {
        return type(uint256).max;
    }

    function appealPeriod(uint256) external pure returns (uint256, uint256) {
        return (0, 0);
    }

    function disputeStatus(uint256) external pure returns (DisputeStatus) {
        return DisputeStatus.Waiting;
    }

    function currentRuling(uint256) external pure returns (uint256) {
        return 0;
    }
}
