// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/**
 * @title ModelCoin (MDC)
 * @notice The ERC-20 in which ModelMarket bounties are paid and trainers stake.
 * 18 decimals, EIP-2612 `permit` (so a bounty or a submission is one wallet transaction),
 * owner-only minting and, on development and test networks, a faucet that gives every
 * address a fixed amount once.
 */
contract ModelCoin is ERC20, ERC20Permit, Ownable {
    /// @notice Tokens that {claimAirdrop} gives an address; zero when the faucet is disabled.
    uint256 public immutable airdropAmount;

    /// @notice Whether `account` has already used the faucet.
    mapping(address account => bool) public hasClaimedAirdrop;

    /// @notice The faucet is disabled on this deployment (`airdropAmount` is zero).
    error FaucetDisabled();

    /// @notice `account` has already received its airdrop.
    error AirdropAlreadyClaimed(address account);

    /// @notice `account` received `amount` from the faucet.
    event AirdropClaimed(address indexed account, uint256 amount);

    /**
     * @param initialOwner The account allowed to {mint}.
     * @param airdropAmount_ What {claimAirdrop} gives each address once; zero disables the faucet
     * (production networks).
     */
    constructor(address initialOwner, uint256 airdropAmount_)
        ERC20("ModelCoin", "MDC")
        ERC20Permit("ModelCoin")
        Ownable(initialOwner)
    {
        airdropAmount = airdropAmount_;
    }

    /**
     * @notice Creates `amount` new tokens for `to`.
     * @dev Only the owner.
     */
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    /**
     * @notice Gives the caller `airdropAmount` tokens, once per address.
     * @dev Reverts with {FaucetDisabled} where the faucet is off and with
     * {AirdropAlreadyClaimed} on a second call from the same address.
     */
    function claimAirdrop() external {
        uint256 amount = airdropAmount;
        if (amount == 0) revert FaucetDisabled();
        if (hasClaimedAirdrop[msg.sender]) revert AirdropAlreadyClaimed(msg.sender);
        hasClaimedAirdrop[msg.sender] = true;
        _mint(msg.sender, amount);
        emit AirdropClaimed(msg.sender, amount);
    }
}
