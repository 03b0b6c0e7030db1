// The protocol's encodings and commitments (docs/protocol.md, "Bounty id" and "Encodings and commitments
// (v2)"), shared by the contract tests and the benchmark scripts. The Java core library computes the same bytes.
import { AbiCoder, keccak256, solidityPackedSha256, toUtf8Bytes } from "ethers";

/** `keccak256(abi.encode(chainId, market, requester, nonce))`. */
export function bountyId(chainId: bigint, market: string, requester: string, nonce: bigint): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(["uint256", "address", "address", "uint256"], [chainId, market, requester, nonce]),
  );
}

/** Deterministic PRNG (mulberry32), so that random tests and benchmarks replay exactly from their seed. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomLabels(random: () => number, size: number, numClasses: number): Uint8Array {
  const labels = new Uint8Array(size);
  for (let i = 0; i < size; i++) labels[i] = Math.floor(random() * numClasses);
  return labels;
}

/** `size` bytes of xorshift32 output (state ^= state << 13; ^= >>> 17; ^= << 5), little-endian words. */
export function* generated(seed: number, size: number, piece = 1 << 20): Generator<Uint8Array> {
  let state = seed >>> 0;
  for (let offset = 0; offset < size; offset += piece) {
    const out = new Uint8Array(Math.min(piece, size - offset));
    for (let i = 0; i < out.length; i += 4) {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      for (let b = 0; b < 4 && i + b < out.length; b++) out[i + b] = (state >>> (8 * b)) & 0xff;
    }
    yield out;
  }
}

/** A copy of `labels` with exactly `wrong` items (the first ones) changed to another class. */
export function predictionsWithErrors(labels: Uint8Array, wrong: number, numClasses: number): Uint8Array {
  const predictions = Uint8Array.from(labels);
  for (let i = 0; i < wrong; i++) predictions[i] = (labels[i] + 1) % numClasses;
  return predictions;
}

export function countMatches(a: Uint8Array, b: Uint8Array): number {
  let matches = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) matches++;
  return matches;
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
