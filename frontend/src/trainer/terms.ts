// What a bounty fixes for the models that enter it, read from its metadata (untrusted JSON from IPFS) and its
// on-chain record.
import { MAX_DECIMALS } from "../protocol/fixedPoint";

/** A feature column as the metadata lists it: `float32` (numeric, NaN where missing) or `string` (categorical, "" where missing). */
export interface FeatureColumn {
  name: string;
  type: "float32" | "string";
}

/**
 * What a bounty's metadata fixes for its models: its features (`features`; absent: `featureCount` numeric ones), feature
 * and class counts (0 for regression, as on chain), test rows, the output it names, if any, and for a regression bounty
 * the target decimals its predictions are made at.
 */
export interface BountyTerms {
  featureCount: number;
  /** The feature columns in CSV order with their types; absent means `featureCount` numeric features. */
  features?: FeatureColumn[];
  classCount: number;
  testSize: number;
  outputName?: string | null;
  /** A regression bounty's target decimals (predictions are fixed-point at them); null or absent for classification. */
  targetDecimals?: number | null;
}

/** The feature columns of `terms`, in CSV order. */
export function featureColumns(terms: Pick<BountyTerms, "featureCount" | "features">): FeatureColumn[] {
  return terms.features ?? Array.from({ length: terms.featureCount }, (_, i) => ({ name: `feature ${i + 1}`, type: "float32" }));
}

/** Whether the terms are a regression bounty's: a number per row, not a class. */
export const isRegression = (terms: BountyTerms) => terms.targetDecimals !== undefined && terms.targetDecimals !== null;

/**
 * The terms of a bounty from its metadata document (untrusted JSON from IPFS: every field is checked) and its
 * on-chain record, which is authoritative for the test size, the class count and the metric; a mismatch is named.
 */
export function bountyTerms(metadata: unknown, onChain: { testSize: number; numClasses: number; metric?: string }): BountyTerms {
  const fields = (metadata ?? {}) as { task?: unknown; features?: unknown; classes?: unknown; targetDecimals?: unknown;
    onnx?: { outputName?: unknown } | null };
  if (!Array.isArray(fields.features) || fields.features.length === 0) throw new Error("the bounty's metadata lists no features");
  const regression = fields.task === "regression";
  if (onChain.metric !== undefined && (onChain.metric === "MeanAbsoluteError") !== regression) {
    throw new Error(`the bounty's metadata describes a ${regression ? "regression" : "classification"} task; the bounty on chain is scored by ${onChain.metric}`);
  }
  let targetDecimals: number | null = null;
  if (regression) {
    if (onChain.numClasses !== 0) throw new Error(`the bounty's metadata describes a regression task; the bounty on chain has ${onChain.numClasses} classes`);
    if (typeof fields.targetDecimals !== "number" || !Number.isInteger(fields.targetDecimals) || fields.targetDecimals < 0
        || fields.targetDecimals > MAX_DECIMALS) {
      throw new Error(`the bounty's metadata gives no target decimals from 0 to ${MAX_DECIMALS} for its regression task`);
    }
    targetDecimals = fields.targetDecimals;
  } else if (!Array.isArray(fields.classes) || fields.classes.length !== onChain.numClasses) {
    throw new Error(`the bounty's metadata lists ${Array.isArray(fields.classes) ? fields.classes.length : "no"} classes; `
      + `the bounty on chain has ${onChain.numClasses}`);
  }
  const outputName = fields.onnx?.outputName;
  if (outputName !== undefined && outputName !== null && typeof outputName !== "string") {
    throw new Error("the bounty's metadata names an ONNX output that is not a string");
  }
  const features = fields.features.map((feature: unknown, i): FeatureColumn => {
    const { name, type } = (feature ?? {}) as { name?: unknown; type?: unknown };
    if (typeof name !== "string" || (type !== "float32" && type !== "string")) {
      throw new Error(`the bounty's metadata gives feature ${i + 1} no name or a type other than float32 (numeric) or string (categorical)`);
    }
    return { name, type };
  });
  const terms: BountyTerms = { featureCount: features.length, features, classCount: onChain.numClasses, testSize: onChain.testSize,
    outputName: outputName ?? null };
  return regression ? { ...terms, targetDecimals } : terms;
}
