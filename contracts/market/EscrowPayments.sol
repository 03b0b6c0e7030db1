// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IBountyMarket} from "./IBountyMarket.sol";

/**
 * @title EscrowPayments
 * @notice The money plumbing of {BountyMarket}: tokens come in with `transferFrom` (checked to arrive in
 * full, optionally after an EIP-2612 permit) and leave only through {withdraw}, from pull-payment credits;
 * ether (arbitration fees and the requesters' fee bonds) leaves only through {withdrawFees}.
 */
abstract contract EscrowPayments is IBountyMarket, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Where burned tokens are credited; nobody holds its key, so they never leave the market.
    address public constant BURN_ADDRESS = 0x000000000000000000000000000000000000dEaD;

    /// @notice The token rewards and stakes are paid in.
    IERC20 public immutable token;

    /// @notice Tokens `account` can take out with {withdraw}.
    mapping(address account => uint256) public credits;

    /// @notice Wei `account` can take out with {withdrawFees}: fee bonds returned and arbitration fees repaid.
    mapping(address account => uint256) public feeCredits;

    /// @param token_ The ERC-20 of rewards and stakes (ModelCoin).
    constructor(IERC20 token_) {
        token = token_;
    }

    /// @notice Transfers all of the caller's credits to the caller.
    function withdraw() external nonReentrant {
        uint256 amount = credits[msg.sender];
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        credits[msg.sender] = 0;
        emit Withdrawn(msg.sender, amount);
        token.safeTransfer(msg.sender, amount);
    }

    /// @notice Sends the caller all of its fee credits (wei).
    function withdrawFees() external nonReentrant {
        uint256 amount = feeCredits[msg.sender];
        if (amount == 0) revert NoFeesToWithdraw(msg.sender);
        feeCredits[msg.sender] = 0;
        emit FeesWithdrawn(msg.sender, amount);
        (bool sent,) = msg.sender.call{value: amount}("");
        if (!sent) revert FeeTransferFailed(msg.sender, amount);
    }

    /// @dev Credits `amount` wei of the bounty's fee bond to `account`.
    function _creditFee(bytes32 bountyId, address account, uint256 amount) internal {
        if (amount == 0) return;
        feeCredits[account] += amount;
        emit FeeCredited(bountyId, account, amount);
    }

    /// @dev Checks that the call sent exactly the arbitrator's current cost, and returns it.
    function _requireArbitrationFee() internal view returns (uint256 fee) {
        fee = arbitrationCost();
        if (msg.value != fee) revert WrongArbitrationFee(fee, msg.value);
    }

    /// @notice What raising a dispute costs now, in wei.
    function arbitrationCost() public view virtual returns (uint256);

    /// @dev Takes `amount` from the caller and checks that exactly `amount` arrived.
    function _pullTokens(uint256 amount) internal {
        if (amount == 0) return;
        uint256 balanceBefore = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - balanceBefore;
        if (received != amount) revert UnsupportedToken(amount, received);
    }

    /// @dev Uses an EIP-2612 permit of the caller for `amount`, ignoring failures: a front-runner may have
    /// used the permit already (see OpenZeppelin's IERC20Permit), and the allowance then decides.
    function _tryPermit(uint256 amount, uint256 permitDeadline, uint8 v, bytes32 r, bytes32 s) internal {
        try IERC20Permit(address(token)).permit(msg.sender, address(this), amount, permitDeadline, v, r, s) {} catch {}
    }
}
