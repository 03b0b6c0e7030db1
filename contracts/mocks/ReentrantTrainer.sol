// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {EscrowPayments} from "../market/EscrowPayments.sol";
import {HookToken, ITokenHooks} from "./HookToken.sol";

/**
 * @dev An attacker that trades through HookToken and, whenever tokens move to or from it, calls
 * `reentryCall` on the market again (a second withdraw, a withdrawal of its submission, ...).
 */
contract ReentrantTrainer is ITokenHooks {
    EscrowPayments public immutable market;
    bytes public reentryCall;

    constructor(EscrowPayments market_) {
        market = market_;
        IERC20(address(market_.token())).approve(address(market_), type(uint256).max);
        HookToken(address(market_.token())).registerHooks();
    }

    function setReentryCall(bytes calldata data) external {
        reentryCall = data;
    }

    function execute(bytes calldata data) external {
        _callMarket(data);
    }

    function onTokensSent(address, uint256) external {
        _reenter();
    }

    function onTokensReceived(address, uint256) external {
        _reenter();
    }

    function _reenter() private {
        bytes memory data = reentryCall;
        if (data.length == 0) return;
        delete reentryCall;
        _callMarket(data);
    }

    function _callMarket(bytes memory data) private {
        (bool ok, bytes memory result) = address(market).call(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 32), mload(result))
            }
        }
    }
}
