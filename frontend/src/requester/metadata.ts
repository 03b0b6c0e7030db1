// The bounty metadata document (docs/metadata.md) in the canonical bytes of io.modelmarket.dataset.BountyMetadata
// (Jackson: fields in declaration order, absent optional fields left out, no whitespace), so the browser publishes
// it under the CID the Java tools compute for the same split.
import { DatasetError } from "../csv";
import { isBlank, javaDoubleToString } from "../java";
import type { SplitOptions, SplitResult } from "./split";
import type { FeatureType } from "./splitPasses";

export const METADATA_SCHEMA = "modelmarket/bounty-metadata";
export const METADATA_SCHEMA_VERSION = 2;

/** What people read about a dataset: the title is required, the rest optional (DatasetPublisher.Description). */
export interface Description {
  title: string;
  description?: string;
  license?: string;
  provenance?: string;
}

export interface BountyMetadata {
  schema: string;
  schemaVersion: number;
  title: string;
  description?: string;
  task: "classification" | "regression";
  /** The feature columns in CSV order, each `float32` (numeric) or `string` (categorical). */
  features: { name: string; type: FeatureType }[];
  labelColumn: string;
  /** The class list (classification only). */
  classes?: string[];
  /** The decimals of the fixed-point targets and predictions (regression only). */
  targetDecimals?: number;
  testSize: number;
  trainingSize: number;
  license?: string;
  provenance?: string;
  split: { testFraction: number; stratified: boolean };
  /** `float32` when every feature is numeric (one float32 input), else `mixed` (a float32 and a string input, docs/models.md). */
  onnx: { inputType: "float32" | "mixed" };
}

/** The metadata of a split, as BountyMetadata.forSplit; the requester's fields are checked as its constructor does. */
export function metadataForSplit(description: Description, options: SplitOptions, split: SplitResult): BountyMetadata {
  const { title, description: about, license, provenance } = description;
  if (typeof title !== "string" || isBlank(title) || title.length > 200) {
    throw new DatasetError("metadata.title must be 1 to 200 characters");
  }
  if (about !== undefined && about.length > 20_000) throw new DatasetError("metadata.description must be at most 20,000 characters");
  const regression = options.task === "regression";
  return {
    schema: METADATA_SCHEMA,
    schemaVersion: METADATA_SCHEMA_VERSION,
    title,
    description: about,
    task: regression ? "regression" : "classification",
    features: split.featureColumns.map((name, i) => ({ name, type: split.featureTypes[i] })),
    labelColumn: options.labelColumn,
    classes: regression ? undefined : split.classes,
    targetDecimals: regression ? options.targetDecimals : undefined,
    testSize: split.testRows,
    trainingSize: split.trainingRows,
    license,
    provenance,
    split: { testFraction: options.testFraction, stratified: options.stratified },
    onnx: { inputType: split.featureTypes.includes("string") ? "mixed" : "float32" },
  };
}

/** The canonical bytes: compact UTF-8 JSON, fields in declaration order, absent fields left out. */
export function metadataJson(metadata: BountyMetadata): Uint8Array {
  const fields: [string, string | undefined][] = [
    ["schema", jsonString(metadata.schema, "schema")],
    ["schemaVersion", String(metadata.schemaVersion)],
    ["title", jsonString(metadata.title, "title")],
    ["description", optional(metadata.description, "description")],
    ["task", jsonString(metadata.task, "task")],
    ["features", `[${metadata.features.map((f) => `{"name":${jsonString(f.name, "features")},"type":${jsonString(f.type, "features")}}`).join(",")}]`],
    ["labelColumn", jsonString(metadata.labelColumn, "labelColumn")],
    ["classes", metadata.classes && `[${metadata.classes.map((name) => jsonString(name, "classes")).join(",")}]`],
    ["targetDecimals", metadata.targetDecimals?.toString()],
    ["testSize", String(metadata.testSize)],
    ["trainingSize", String(metadata.trainingSize)],
    ["license", optional(metadata.license, "license")],
    ["provenance", optional(metadata.provenance, "provenance")],
    ["split", `{"testFraction":${javaDoubleToString(metadata.split.testFraction)},"stratified":${metadata.split.stratified}}`],
    ["onnx", `{"inputType":${jsonString(metadata.onnx.inputType, "onnx.inputType")}}`],
  ];
  const json = `{${fields.filter(([, value]) => value !== undefined).map(([name, value]) => `"${name}":${value}`).join(",")}}`;
  return new TextEncoder().encode(json);
}

function optional(text: string | undefined, field: string): string | undefined {
  return text === undefined ? undefined : jsonString(text, field);
}

const SHORT_ESCAPES: Record<number, string> = { 0x08: "\\b", 0x09: "\\t", 0x0a: "\\n", 0x0c: "\\f", 0x0d: "\\r", 0x22: '\\"', 0x5c: "\\\\" };

/**
 * A JSON string as Jackson writes it: quote and backslash escaped, \b \t \n \f \r short, other controls as \u00XX in
 * upper-case hex, everything else as it is. A lone surrogate (which Java would write as '?') is refused.
 */
function jsonString(text: string, field: string): string {
  if (/[\uD800-\uDFFF]/u.test(text)) throw new DatasetError(`metadata.${field} holds a lone UTF-16 surrogate, which is not text`);
  let json = '"';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const escape = SHORT_ESCAPES[code];
    json += escape ?? (code < 0x20 ? `\\u00${code.toString(16).toUpperCase().padStart(2, "0")}` : text[i]);
  }
  return `${json}"`;
}
