// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IBountyMarketErrors} from "./IBountyMarket.sol";

/**
 * @title CandidateRanking
 * @notice A sorted singly linked list of candidates: score descending, then commit sequence ascending
 * (ties go to the earliest commit). Inserting takes a hint (a member that ranks before the new entry, or
 * zero) so that no step walks the whole list; the best candidate is removed in O(1).
 */
library CandidateRanking {
    /// @notice One candidate; `sequence` is never zero for a member.
    struct Entry {
        address next;
        uint32 score;
        uint32 sequence;
    }

    /// @notice The list; `head` is the best candidate (zero: empty).
    struct List {
        address head;
        mapping(address account => Entry) entries;
    }

    /**
     * @notice Inserts `account` with `score` and `sequence` (non-zero). `hint` must be a member ranking
     * before it, or zero to search from the head; members inserted since the hint was computed are walked past.
     */
    function insert(List storage list, address account, uint32 score, uint32 sequence, address hint) internal {
        address previous = hint;
        address next;
        if (hint == address(0)) {
            next = list.head;
        } else {
            Entry storage hinted = list.entries[hint];
            if (hinted.sequence == 0 || !ranksBefore(hinted.score, hinted.sequence, score, sequence)) {
                revert IBountyMarketErrors.InvalidRankHint(hint);
            }
            next = hinted.next;
        }
        while (next != address(0)) {
            Entry storage other = list.entries[next];
            if (!ranksBefore(other.score, other.sequence, score, sequence)) break;
            previous = next;
            next = other.next;
        }
        list.entries[account] = Entry({next: next, score: score, sequence: sequence});
        if (previous == address(0)) list.head = account;
        else list.entries[previous].next = account;
    }

    /// @notice Removes the best candidate and returns it (zero when the list is empty).
    function pop(List storage list) internal returns (address best) {
        best = list.head;
        if (best != address(0)) {
            list.head = list.entries[best].next;
            delete list.entries[best];
        }
    }

    /// @notice The hint for inserting (`score`, `sequence`): the last member ranking before it, or zero.
    function hintFor(List storage list, uint32 score, uint32 sequence) internal view returns (address hint) {
        for (address next = list.head; next != address(0); next = list.entries[next].next) {
            Entry storage other = list.entries[next];
            if (!ranksBefore(other.score, other.sequence, score, sequence)) break;
            hint = next;
        }
    }

    /// @notice Up to `limit` members, best first, with their scores.
    function top(List storage list, uint256 limit)
        internal
        view
        returns (address[] memory accounts, uint32[] memory scores)
    {
        accounts = new address[](limit);
        scores = new uint32[](limit);
        uint256 count;
        for (address next = list.head; next != address(0) && count < limit; ++count) {
            accounts[count] = next;
            scores[count] = list.entries[next].score;
            next = list.entries[next].next;
        }
        assembly ("memory-safe") {
            mstore(accounts, count)
            mstore(scores, count)
        }
    }

    /// @notice Whether (scoreA, sequenceA) ranks before (scoreB, sequenceB).
    function ranksBefore(uint32 scoreA, uint32 sequenceA, uint32 scoreB, uint32 sequenceB)
        internal
        pure
        returns (bool)
    {
        return scoreA > scoreB || (scoreA == scoreB && sequenceA < sequenceB);
    }
}
