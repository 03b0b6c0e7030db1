// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title CidFormat
 * @notice Cheap byte checks that a string has the form of an IPFS CID, so that nothing but a CID (no
 * empty string, no markup, no URL) is ever stored in an event that clients render.
 * @dev Accepted: CIDv1 in base32 (multibase prefix `b`, version byte 1 so the text starts with `ba`,
 * then the lowercase RFC 4648 alphabet `a-z2-7`), 59 to 128 characters (59 is a CIDv1 of a 32-byte
 * digest); and CIDv0 (`Qm` + 44 base58btc characters, 46 in all). The checks do not decode the multihash.
 */
library CidFormat {
    /// @notice Shortest accepted CIDv1: `b` + base32 of version, codec, hash code, length and a 32-byte digest.
    uint256 internal constant MIN_CIDV1_LENGTH = 59;
    /// @notice Longest accepted CIDv1.
    uint256 internal constant MAX_CID_LENGTH = 128;
    /// @notice Length of every CIDv0.
    uint256 internal constant CIDV0_LENGTH = 46;

    /// @notice Whether `cid` has the form of a CIDv1 (base32) or a CIDv0.
    function isValid(string calldata cid) internal pure returns (bool) {
        bytes calldata text = bytes(cid);
        uint256 length = text.length;
        if (length == CIDV0_LENGTH && text[0] == "Q" && text[1] == "m") {
            for (uint256 i = 2; i < length; ++i) {
                if (!_isBase58(text[i])) return false;
            }
            return true;
        }
        if (length < MIN_CIDV1_LENGTH || length > MAX_CID_LENGTH || text[0] != "b" || text[1] != "a") return false;
        for (uint256 i = 2; i < length; ++i) {
            bytes1 c = text[i];
            if (!((c >= "a" && c <= "z") || (c >= "2" && c <= "7"))) return false;
        }
        return true;
    }

    /// @dev The base58btc alphabet: digits 1-9 and letters except 0, O, I and l.
    function _isBase58(bytes1 c) private pure returns (bool) {
        if (c >= "1" && c <= "9") return true;
        if (c >= "A" && c <= "Z") return c != "I" && c != "O";
        if (c >= "a" && c <= "z") return c != "l";
        return false;
    }
}
