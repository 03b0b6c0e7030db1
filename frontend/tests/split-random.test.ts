// The split of many small random CSVs, in Node on one thread, against the Java core's (RequesterFilesMain): the
// training CSV, the test inputs and the labels byte for byte, the feature columns' types and the classes, or the same
// refusal. The files mix what the split's two ways of reading a row meet (csvCut.ts's WebAssembly passes, which take
// simple lines a window at a time, and the record-by-record code they hand the rest to): quoted cells with and
// without a comma, escaped quotes, CRLF and blank lines, a missing last line end, padded, empty, exponent and
// over-long numbers, cells that look like numbers and are not, text in numeric columns, non-ASCII and invalid
// UTF-8, long cells, labels in any column, classification and regression. A fixed seed, so a failure is the same
// on every run.
//
//   npx tsx frontend/tests/split-random.test.ts      (after the Java build: scripts/test java, or mvn test-compile)
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getBytes } from "ethers";
import { splitDataset } from "../src/requester/split";
import { run, work } from "./harness";
import { SECRETS, javaFiles, javaResult, type SplitCase } from "./secrets/stage";

const FILES = 160;
const FEATURE_CELLS = ["", " ", "1", "23", " 4 ", "\"5\"", "\"a,b\"", "x", "-1.5", "2e-3", "+.5", "5.", "-", "e5", "\"q\"\"q\"", "\"\"", "7", "8",
  "1e39", "3e38", "1e-400", "\u00e9t\u00e9", "\u00a0", "12345678901234567890123456789012345678", "123456789012345678901234567890123456789",
  "y".repeat(5000), "9".repeat(3000)];
const NUMBER_CELLS = ["1", "2.5", "-3", "4e-2", "", " 7 ", "\"8\"", "0.125"];
/** Cells of a column numeric but for a few: numbers near the float32 limit, and cells made of a number's characters that are not one. */
const NEARLY_NUMBER_CELLS = [...NUMBER_CELLS, ...NUMBER_CELLS, "3e38", "1e-400", "+.5", "5.", "-", "e5", "1e39", "-.", "1e", " ", "3.4028235e38"];
/** Cells a simple line holds: no escaped quote, no over-long cell (the others are read record by record). */
const SIMPLE_FEATURE_CELLS = FEATURE_CELLS.filter((cell) => !cell.includes("\"\"") && cell.length < 100);
const CLASS_LABELS = ["a", "b", "\"c,d\"", " a ", "\u00fc", "\u00a0x", "\"\"\"q\"\"\"", "\u001fcontrol\u001f"];
const SIMPLE_CLASS_LABELS = CLASS_LABELS.filter((label) => !label.includes("\"\""));
const TARGETS = ["1", "2.5", "-3.25", " 4 ", "\"5.5\"", "1e2", "0.001"];

let state = 20261204;
/** A number in [0, 1) from a linear congruential generator: the same files on every run. */
function random(): number {
  state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
  return state / 0x80000000;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** A random CSV and the split options it is tried with. */
function randomCase(index: number): { file: string; content: Uint8Array<ArrayBuffer>; options: SplitCase } {
  const width = 2 + Math.floor(random() * 5);
  const labelAt = Math.floor(random() * width);
  const regression = random() < 0.25;
  // a third of the files hold only lines the WebAssembly passes take: nothing but a label's first row goes the other way
  const simple = random() < 0.35;
  const columnCells = Array.from({ length: width }, () => pick([NUMBER_CELLS, NEARLY_NUMBER_CELLS, simple ? SIMPLE_FEATURE_CELLS : FEATURE_CELLS]));
  const header = Array.from({ length: width }, (_, column) => (column === labelAt ? "label" : `c${column}`));
  const labels = random() < 0.2 ? ["0", "1", "2"] : simple ? SIMPLE_CLASS_LABELS : CLASS_LABELS;
  let text = `${header.join(",")}\n`;
  const rows = 20 + Math.floor(random() * 100);
  for (let row = 0; row < rows; row++) {
    // in a simple file every label first comes with plain numbers, so that the odd cells meet the WebAssembly pass
    const first = simple && !regression && row < labels.length;
    const cells = header.map((_, column) => column === labelAt ? (first ? labels[row] : pick(regression ? TARGETS : labels))
      : pick(first ? NUMBER_CELLS : columnCells[column]));
    text += cells.join(",") + (random() < 0.2 ? "\r\n" : "\n");
    if (random() < 0.03) text += "\n";
  }
  if (random() < 0.3) text = text.slice(0, -1);
  const content = new TextEncoder().encode(text);
  if (!simple && random() < 0.05) content[Math.floor(random() * content.length)] = 0xff;
  const file = `random-${index}.csv`;
  return { file, content, options: { file, labelColumn: "label", testFraction: 0.3, stratified: !regression && random() < 0.5,
    targetDecimals: regression ? 2 : undefined } };
}

const sha = (bytes: Uint8Array) => `0x${createHash("sha256").update(bytes).digest("hex")}`;

await run("split-random", async () => {
  const out = path.join(work, "split-random");
  const data = path.join(out, "csv");
  mkdirSync(data, { recursive: true });
  const cases = Array.from({ length: FILES }, (_, index) => randomCase(index));
  for (const c of cases) writeFileSync(path.join(data, c.file), c.content);
  javaFiles(path.join(out, "java"), cases.map((c) => ({ ...c.options, file: path.join(data, c.file) })));

  let split = 0;
  for (const c of cases) {
    const java = javaResult(path.join(out, "java"), c.file);
    let mine: { error: string } | { training: string; testInputs: string; labels: string; features: string; classes: string[] };
    try {
      const result = await splitDataset(new Blob([c.content]), c.file, { labelColumn: "label", testFraction: c.options.testFraction,
        salt: getBytes(SECRETS.salt), stratified: c.options.stratified, task: c.options.targetDecimals === undefined ? "classification" : "regression",
        targetDecimals: c.options.targetDecimals });
      mine = { training: sha(new Uint8Array(await result.training.arrayBuffer())), testInputs: sha(result.testInputs),
        labels: `0x${Buffer.from(result.labels).toString("hex")}`,
        features: JSON.stringify(result.featureColumns.map((name, i) => ({ name, type: result.featureTypes[i] }))), classes: result.classes };
    } catch (e) {
      mine = { error: (e as Error).message };
    }
    if ("error" in java) {
      assert.deepEqual(mine, { error: java.error }, `${c.file} is refused as Java refuses it:\n${readFileSync(path.join(data, c.file), "utf8").slice(0, 600)}`);
    } else {
      const metadata = JSON.parse(java.metadata) as { features: unknown; classes?: string[] };
      assert.deepEqual(mine, { training: java.sha256.training, testInputs: java.sha256.testInputs, labels: java.labels,
        features: JSON.stringify(metadata.features), classes: metadata.classes ?? [] },
        `${c.file} splits as Java splits it:\n${readFileSync(path.join(data, c.file), "utf8").slice(0, 600)}`);
      split++;
    }
  }
  assert.ok(split >= FILES / 2 && split < FILES, `both splits and refusals are tried (${split} of ${FILES} split)`);
  return `${FILES} random CSVs: ${split} split as Java splits them, byte for byte, ${FILES - split} refused with Java's message`;
});
