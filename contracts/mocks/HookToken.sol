// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @dev Implemented by contracts that want to hear about HookToken transfers (as ERC-777 or ERC-1363 do).
interface ITokenHooks {
    function onTokensSent(address to, uint256 amount) external;
    function onTokensReceived(address from, uint256 amount) external;
}

/**
 * @dev A hostile ERC-20 for the attack tests: every transfer calls back into the sender and the
 * receiver that registered for hooks, giving them a chance to re-enter whoever moved the tokens.
 */
contract HookToken is ERC20 {
    mapping(address account => bool) public wantsHooks;

    constructor() ERC20("Hook", "HOOK") {}

    function registerHooks() external {
        wantsHooks[msg.sender] = true;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (wantsHooks[from]) ITokenHooks(from).onTokensSent(to, value);
        if (wantsHooks[to]) ITokenHooks(to).onTokensReceived(from, value);
    }
}
