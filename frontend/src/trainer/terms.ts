// What a bounty fixes for the models that enter it, read from its metadata (untrusted JSON from IPFS) and its
// on-chain record.

/** What a bounty's metadata fixes for its models: feature and class counts, test rows, and the output it names, if any. */
export interface BountyTerms {
  featureCount: number;
  classCount: number;
  testSize: number;
  outputName?: string | null;
}

/**
 * The terms of a bounty from its metadata document (untrusted JSON from IPFS: every field is checked) and its
 * on-chain record, which is authoritative for the test size and the class count; a mismatch is named.
 */
export function bountyTerms(metadata: unknown, onChain: { testSize: number; numClasses: number }): BountyTerms {
  const fields = (metadata ?? {}) as { features?: unknown; classes?: unknown; onnx?: { outputName?: unknown } | null };
  if (!Array.isArray(fields.features) || fields.features.length === 0) throw new Error("the bounty's metadata lists no features");
  if (!Array.isArray(fields.classes) || fields.classes.length !== onChain.numClasses) {
    throw new Error(`the bounty's metadata lists ${Array.isArray(fields.classes) ? fields.classes.length : "no"} classes; `
      + `the bounty on chain has ${onChain.numClasses}`);
  }
  const outputName = fields.onnx?.outputName;
  if (outputName !== undefined && outputName !== null && typeof outputName !== "string") {
    throw new Error("the bounty's metadata names an ONNX output that is not a string");
  }
  return { featureCount: fields.features.length, classCount: onChain.numClasses, testSize: onChain.testSize, outputName: outputName ?? null };
}
