// The trainer's side of mixed columns (docs/models.md, "Inputs"), for frontend/tests/trainer.test.ts: the inspection
// of a model's inputs against the bounty's feature types, in the verifier's words (Java's ModelInspector), and the
// runner feeding a float32 tensor (NaN where a number is missing) and a string tensor ("" where a category is missing)
// by element type, on a classifier written byte by byte (onnxModels.ts) whose predictions are known, and on the models
// of test/vectors/mixed/models.json (the baseline trainer's, a hand-built one, refused ones), whose predictions or
// refusals must be Java's sandbox's.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { getBytes } from "ethers";
import type { Page } from "playwright-core";
import { decode } from "../../src/protocol/fixedPoint";
import { inspectModel } from "../../src/trainer/inspect";
import type { ModelProblem } from "../../src/trainer/problems";
import { bountyTerms, type FeatureColumn } from "../../src/trainer/terms";
import { featureBatches } from "../../src/trainer/testInputs";
import { root } from "../harness";
import { FLOAT, INT64, STRING, mixedClass, mixedClassifier, onnxModel, type Value } from "./onnxModels";

/** A bounty of two numeric features around a categorical one, as the split lists them. */
const FEATURES: FeatureColumn[] = [{ name: "a", type: "float32" }, { name: "colour", type: "string" }, { name: "b", type: "float32" }];
const SCORES: Value = { name: "scores", type: FLOAT, shape: ["batch", 2] };

/** The inspection's verdict on a model of `inputs` for a bounty of `features` and 2 classes. */
function verdict(inputs: Value[], features: FeatureColumn[] = FEATURES): string {
  try {
    const inspection = inspectModel(onnxModel(inputs, [SCORES]), features, 2);
    return `accepted: float32 ${inspection.numericInput}, string ${inspection.stringInput}`;
  } catch (error) {
    return (error as ModelProblem).verdict;
  }
}

/** The metadata's feature types become the terms; the inspection checks the inputs against them in Java's order and words. */
export async function checkMixedInspection(): Promise<void> {
  const metadata = { features: FEATURES, classes: ["x", "y"], onnx: { inputType: "mixed" } };
  assert.deepEqual(bountyTerms(metadata, { testSize: 10, numClasses: 2 }),
    { featureCount: 3, features: FEATURES, classCount: 2, testSize: 10, outputName: null });
  assert.throws(() => bountyTerms({ ...metadata, features: [{ name: "a", type: "int64" }] }, { testSize: 10, numClasses: 2 }),
    /gives feature 1 no name or a type other than float32 \(numeric\) or string \(categorical\)/);

  const num = (width: number | string, name = "num"): Value => ({ name, type: FLOAT, shape: ["batch", width] });
  const cat = (width: number | string, name = "cat"): Value => ({ name, type: STRING, shape: ["batch", width] });
  const onlyText: FeatureColumn[] = [{ name: "colour", type: "string" }, { name: "city", type: "string" }];
  const cases: [Value[], string, FeatureColumn[]?][] = [
    [[num(2), cat(1)], "accepted: float32 num, string cat"],
    [[cat(1, "text"), num(2, "numbers")], "accepted: float32 numbers, string text"],
    [[cat(2)], "accepted: float32 null, string cat", onlyText],
    [[num(2), { name: "ids", type: INT64, shape: ["batch", 1] }],
      "refused: the model's input 'ids' is int64; inputs are float32 (numeric features) or string (categorical features)"],
    [[num(1, "x"), num(1, "y"), cat(1)], "refused: the model has two float32 inputs ('x', 'y'); it takes one float32 input (numeric features)"
      + " and one string input (categorical features) at most"],
    [[num(2), { name: "cat", type: STRING, shape: ["batch"] }], "refused: the model's input 'cat' is string [-1]; inputs are [batch, features]"],
    [[num(2)], "refused: the model has no string input; the dataset has 1 categorical feature (colour)"],
    [[num(3), cat(1)], "refused: the model reads 3 numeric features per row; the dataset has 2"],
    [[cat(1)], "refused: the model has no float32 input; the dataset has 2 numeric features"],
    [[num(2), cat(2)], "refused: the model reads 2 categorical features per row; the dataset has 1"],
    [[num(1), cat(2)], "refused: the model has a float32 input 'num'; the dataset has no numeric feature", onlyText],
    [[num(1)], "refused: the model has no string input; the dataset has 2 categorical features (colour, city)",
      [{ name: "a", type: "float32" }, ...onlyText]],
    // an all-numeric dataset's model is today's: one float32 input, whatever its name
    [[num(3, "x")], "accepted: float32 x, string null", FEATURES.map((f) => ({ ...f, type: "float32" }))],
    [[num(3), cat(1)], "refused: the model must take one input (float32 [batch, 3]), it takes 2", FEATURES.map((f) => ({ ...f, type: "float32" }))],
  ];
  for (const [inputs, expected, features] of cases) assert.equal(verdict(inputs, features), expected, JSON.stringify(inputs));

  // The test inputs by type: numbers as float32 (NaN where missing), categories as they stand ("" where missing).
  const batches = [];
  for await (const batch of featureBatches('a,colour,b\n1.5,red, 2\n ,"New York, NY",\n3,  , 4\n', FEATURES, 2)) batches.push(batch);
  assert.deepEqual(batches.map(({ values, strings, rows, firstRow }) => ({ values: [...values], strings, rows, firstRow })), [
    { values: [1.5, 2, NaN, NaN], strings: ["red", "New York, NY"], rows: 2, firstRow: 0 },
    { values: [3, 4], strings: [""], rows: 1, firstRow: 2 }]);
}

/** Test inputs for the hand-built classifier, and the class of each row: numbers, categories seen and unseen, missing cells. */
function classifierInputs(): { csv: string; classes: number[] } {
  const numbers = ["1.5", "-2", " ", "", "0.5", "-0.5", "4", "-7.5"];
  const colours = ["red", "blue", "", "  ", "green", '"red, dark"', " red", "blue"];
  const lines: string[] = [];
  const classes: number[] = [];
  for (let i = 0; i < 64; i++) {
    const [a, colour, b] = [numbers[i % 8], colours[Math.floor(i / 8)], numbers[(i * 3) % 8]];
    lines.push(`${a},${colour},${b}`);
    classes.push(mixedClass(a, b, [colour]));
  }
  return { csv: `a,colour,b\n${lines.join("\n")}\n`, classes };
}

/**
 * The hand-built classifier run in the page as a trainer runs it: every row's class as computed here, an unseen
 * category predicted as a missing one. Returns what it checked.
 */
export async function checkMixedRunner(page: Page): Promise<string> {
  const { csv, classes } = classifierInputs();
  const terms = { featureCount: FEATURES.length, features: FEATURES, classCount: 2, testSize: classes.length };
  const got = await page.evaluate(async ({ model, csv, terms }) => {
    const t = window.trainer;
    try {
      return [...await t.predict(await t.loadModel(Uint8Array.from(model), terms), csv)];
    } catch (error) {
      return (error as { verdict?: string }).verdict ?? String(error);
    }
  }, { model: [...mixedClassifier()], csv, terms });
  assert.deepEqual(got, classes, "the hand-built mixed classifier's predictions");
  const rows = csv.trim().split("\n").slice(1);
  const unseen = rows.findIndex((row) => row.includes(",green,"));
  const missing = rows.findIndex((row, i) => i % 8 === unseen % 8 && row.split(",")[1] === "");
  assert.equal(classes[unseen], classes[missing], "an unseen category is predicted as a missing one");
  return `a hand-built mixed classifier (float32 and string inputs) on ${classes.length} rows`;
}

const MIXED = path.join(root, "test", "vectors", "mixed");

/**
 * Every run of test/vectors/mixed/models.json in the page as a trainer runs it, with the terms the page reads from the
 * split's metadata: Java's predictions (a classification's byte for byte, a regression's each within the tolerance), or
 * Java's refusal. Returns what it checked.
 */
export async function checkMixedVectors(page: Page): Promise<string> {
  const { tolerance, runs } = JSON.parse(readFileSync(path.join(MIXED, "models.json"), "utf8")) as { tolerance: number;
    runs: { model: string; metadata: string; testInputs: string; predictions?: string; failure?: string }[] };
  let [equal, oneOff] = [0, 0];
  for (const run of runs) {
    const metadata = JSON.parse(readFileSync(path.join(MIXED, run.metadata), "utf8"));
    const terms = bountyTerms(metadata, { testSize: metadata.testSize, numClasses: metadata.classes?.length ?? 0 });
    const got = await page.evaluate(async ({ model, inputs, terms }) => {
      const t = window.trainer;
      try {
        return { predictions: [...await t.predict(await t.loadModel(Uint8Array.from(model), terms), inputs)] };
      } catch (error) {
        return { failure: (error as { verdict?: string }).verdict ?? String(error) };
      }
    }, { model: [...readFileSync(path.join(MIXED, run.model))], inputs: readFileSync(path.join(MIXED, run.testInputs), "utf8"), terms });
    const what = `${run.model} on ${run.testInputs}`;
    if (run.failure !== undefined || "failure" in got) {
      assert.equal("failure" in got ? got.failure : "predicted", run.failure, `${what}: the browser refuses or fails as Java does`);
      continue;
    }
    const browser = Uint8Array.from(got.predictions!);
    if (metadata.task !== "regression") {
      assert.equal(`0x${Buffer.from(browser).toString("hex")}`, run.predictions, `${what}: Java's predictions`);
      equal += browser.length;
      continue;
    }
    const [mine, java] = [decode(browser), decode(getBytes(run.predictions!))];
    assert.equal(mine.length, java.length, what);
    java.forEach((value, row) => {
      assert.ok(Math.abs(mine[row] - value) <= tolerance, `${what}, row ${row}: the browser predicts ${mine[row]}, Java ${value}`);
      if (mine[row] === value) equal++;
      else oneOff++;
    });
  }
  return `${runs.length} runs of test/vectors/mixed (${equal} predictions equal to Java's, ${oneOff} one unit off, `
    + `${runs.filter((run) => run.failure).length} refusals in Java's words)`;
}
