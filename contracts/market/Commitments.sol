// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title Commitments
 * @notice The commitments (docs/protocol.md, "The market"): SHA-256 over `abi.encodePacked`
 * of a domain tag, the bounty id and the committed fields. The tag differs for every kind of commitment,
 * so no preimage of one kind ever opens a commitment of another.
 */
library Commitments {
    /// @notice `keccak256("modelmarket.v2.groundTruth")`.
    bytes32 internal constant TAG_GROUND_TRUTH = keccak256("modelmarket.v2.groundTruth");
    /// @notice `keccak256("modelmarket.v2.sealingKey")`.
    bytes32 internal constant TAG_SEALING_KEY = keccak256("modelmarket.v2.sealingKey");
    /// @notice `keccak256("modelmarket.v2.model")`.
    bytes32 internal constant TAG_MODEL = keccak256("modelmarket.v2.model");
    /// @notice `keccak256("modelmarket.v2.predictions")`.
    bytes32 internal constant TAG_PREDICTIONS = keccak256("modelmarket.v2.predictions");

    /// @notice `sha256(abi.encodePacked(TAG_GROUND_TRUTH, bountyId, labels, salt))`.
    function groundTruth(bytes32 bountyId, bytes calldata labels, bytes32 salt) internal pure returns (bytes32) {
        return sha256(abi.encodePacked(TAG_GROUND_TRUTH, bountyId, labels, salt));
    }

    /// @notice `sha256(abi.encodePacked(TAG_SEALING_KEY, bountyId, key))`; the key is 32 random bytes.
    function sealingKey(bytes32 bountyId, bytes32 key) internal pure returns (bytes32) {
        return sha256(abi.encodePacked(TAG_SEALING_KEY, bountyId, key));
    }

    /// @notice `sha256(abi.encodePacked(TAG_MODEL, bountyId, trainer, bytes(modelCid), salt))`.
    function model(bytes32 bountyId, address trainer, string calldata modelCid, bytes32 salt)
        internal
        pure
        returns (bytes32)
    {
        return sha256(abi.encodePacked(TAG_MODEL, bountyId, trainer, modelCid, salt));
    }

    /// @notice `sha256(abi.encodePacked(TAG_PREDICTIONS, bountyId, trainer, predictions, salt))`.
    function predictions(bytes32 bountyId, address trainer, bytes calldata predicted, bytes32 salt)
        internal
        pure
        returns (bytes32)
    {
        return sha256(abi.encodePacked(TAG_PREDICTIONS, bountyId, trainer, predicted, salt));
    }
}
