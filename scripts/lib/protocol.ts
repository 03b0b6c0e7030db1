// The protocol's encodings and commitments (docs/protocol.md, section "Commitments"), shared by the
// contract tests and the benchmark scripts. The Java core library computes the same bytes.
import { AbiCoder, keccak256, solidityPackedSha256, toUtf8Bytes } from "ethers";

/** `keccak256(abi.encode(chainId, market, requester, nonce))`. */
export function bountyId(chainId: bigint, market: string, requester: string, nonce: bigint): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(["uint256", "address", "address", "uint256"], [chainId, market, requester, nonce]),
  );
}

/** `sha256(abi.encodePacked(bountyId, labels, salt))`. */
export function groundTruthCommitment(id: string, labels: Uint8Array, salt: string): string {
  return solidityPackedSha256(["bytes32", "bytes", "bytes32"], [id, labels, salt]);
}

/** `sha256(abi.encodePacked(bountyId, trainer, predictions, salt))`. */
export function predictionsCommitment(id: string, trainer: string, predictions: Uint8Array, salt: string): string {
  return solidityPackedSha256(["bytes32", "address", "bytes", "bytes32"], [id, trainer, predictions, salt]);
}

/** `sha256(abi.encodePacked(bountyId, trainer, bytes(modelCid), salt))`. */
export function modelCommitment(id: string, trainer: string, modelCid: string, salt: string): string {
  return solidityPackedSha256(["bytes32", "address", "bytes", "bytes32"], [id, trainer, toUtf8Bytes(modelCid), salt]);
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
