// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SimpleCentralizedArbitrator} from "@kleros/erc-792/contracts/examples/SimpleCentralizedArbitrator.sol";

/**
 * @title DevelopmentArbitrator
 * @notice Kleros's reference centralized ERC-792 arbitrator (npm `@kleros/erc-792`), unchanged: its deployer
 * rules every dispute with `rule(disputeId, ruling)`, an arbitration costs 0.1 ether and appeals are priced out.
 * `scripts/dev`, the demo and the tests deploy it; production points the market at an ERC-792 court instead
 * (docs/server.md, "Arbitrator").
 */
contract DevelopmentArbitrator is SimpleCentralizedArbitrator {}
