// The protocol's encodings and commitments (docs/protocol.md, "Bounty id" and "Encodings and commitments"), byte
// for byte as the contract and the Java core library compute them; shared by the web UI, the contract tests and the
// scripts.
import { AbiCoder, keccak256, solidityPackedSha256, toUtf8Bytes } from "ethers";

/** `keccak256(abi.encode(chainId, market, requester, nonce))`. */
export function bountyId(chainId: bigint, market: string, requester: string, nonce: bigint): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(["uint256", "address", "address", "uint256"], [chainId, market, requester, nonce]),
  );
}

/** The domain tags: `keccak256` of an ASCII name, one per kind of commitment (and one for the seal's nonce). */
export const TAGS = {
  groundTruth: keccak256(toUtf8Bytes("modelmarket.v2.groundTruth")),
  sealingKey: keccak256(toUtf8Bytes("modelmarket.v2.sealingKey")),
  model: keccak256(toUtf8Bytes("modelmarket.v2.model")),
  predictions: keccak256(toUtf8Bytes("modelmarket.v2.predictions")),
  sealNonce: keccak256(toUtf8Bytes("modelmarket.v2.sealNonce")),
} as const;

/** `sha256(abi.encodePacked(TAG_GROUND_TRUTH, bountyId, labels, salt))`. */
export function groundTruthCommitment(id: string, labels: Uint8Array, salt: string): string {
  return solidityPackedSha256(["bytes32", "bytes32", "bytes", "bytes32"], [TAGS.groundTruth, id, labels, salt]);
}

/** `sha256(abi.encodePacked(TAG_SEALING_KEY, bountyId, key))`; the 32-byte random key needs no salt. */
export function sealingKeyCommitment(id: string, key: string): string {
  return solidityPackedSha256(["bytes32", "bytes32", "bytes32"], [TAGS.sealingKey, id, key]);
}

/** `sha256(abi.encodePacked(TAG_MODEL, bountyId, trainer, bytes(modelCid), salt))`. */
export function modelCommitment(id: string, trainer: string, modelCid: string, salt: string): string {
  return solidityPackedSha256(
    ["bytes32", "bytes32", "address", "bytes", "bytes32"],
    [TAGS.model, id, trainer, toUtf8Bytes(modelCid), salt],
  );
}

/** `sha256(abi.encodePacked(TAG_PREDICTIONS, bountyId, trainer, predictions, salt))`. */
export function predictionsCommitment(id: string, trainer: string, predictions: Uint8Array, salt: string): string {
  return solidityPackedSha256(
    ["bytes32", "bytes32", "address", "bytes", "bytes32"],
    [TAGS.predictions, id, trainer, predictions, salt],
  );
}

/** The AES-256-GCM nonce of a bounty's sealed test inputs: the first 12 bytes of `sha256(TAG_SEAL_NONCE || bountyId)`. */
export function sealNonce(id: string): string {
  return solidityPackedSha256(["bytes32", "bytes32"], [TAGS.sealNonce, id]).slice(0, 2 + 24);
}
