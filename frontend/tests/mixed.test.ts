// Mixed columns in the browser give the Java core's bytes: in headless Chromium, under the UI's CSP, in the requester's
// Web Worker, each split of test/vectors/mixed/ (numeric columns with missing cells, categorical columns with missing
// cells, commas, quotes and line breaks, a numeric-looking column named categorical, a regression, a categorical-only
// file) gives Java's training CSV, test inputs, metadata and labels, sha256 for sha256, and each bad file is refused
// with Java's exact message. The vectors are MixedVectorsTest's (backend/core), so no Java runs here.
//
//   npx tsx frontend/tests/mixed.test.ts
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { root, run, work } from "./harness";
import { SECRETS, callPage, openSecretsPage } from "./secrets/stage";

const VECTORS = path.join(root, "test/vectors/mixed");

interface Options {
  labelColumn: string;
  testFraction: number;
  salt: string;
  stratified: boolean;
  task: "classification" | "regression";
  targetDecimals: number;
  categorical: string[];
}

interface Vectors {
  splits: { name: string; input: string; options: Options; title: string; license?: string; training: string; testInputs: string;
    metadata: string; labels: string }[];
  errors: { input: string; options: Options; error: string }[];
}

const sha256 = (file: string) => `0x${createHash("sha256").update(readFileSync(path.join(VECTORS, file))).digest("hex")}`;

await run("mixed", async () => {
  const vectors: Vectors = JSON.parse(readFileSync(path.join(VECTORS, "vectors.json"), "utf8"));
  const inputs = [...vectors.splits, ...vectors.errors].map(({ input }) => input);
  const stage = await openSecretsPage(path.join(work, "mixed"), new Map(inputs.map((input) => [input, path.join(VECTORS, input)])));
  const request = (input: string, options: Options, title = SECRETS.title, license?: string) => ({
    url: stage.url(input), fileName: path.basename(input), bountyId: SECRETS.bountyId, salt: options.salt, sealingKey: SECRETS.sealingKey,
    labelColumn: options.labelColumn, testFraction: options.testFraction, stratified: options.stratified, categorical: options.categorical,
    targetDecimals: options.task === "regression" ? options.targetDecimals : undefined, title, license,
  });

  for (const split of vectors.splits) {
    const browser = await callPage(stage.page, "prepare", request(split.input, split.options, split.title, split.license));
    assert.ok(!("error" in browser), `the browser splits ${split.name}: ${"error" in browser ? browser.error : ""}`);
    assert.equal(browser.metadata, readFileSync(path.join(VECTORS, split.metadata), "utf8"), `the metadata of ${split.name}`);
    assert.deepEqual([browser.sha256.training, browser.sha256.testInputs, browser.sha256.metadata],
      [sha256(split.training), sha256(split.testInputs), sha256(split.metadata)], `the training CSV, test inputs and metadata of ${split.name}`);
    assert.equal(browser.labels, split.labels, `the labels of ${split.name}`);
    assert.ok(browser.unsealsToTestInputs, `the sealed test inputs of ${split.name} open to the test inputs`);
  }
  for (const bad of vectors.errors) {
    const browser = await callPage(stage.page, "prepare", request(bad.input, bad.options));
    assert.deepEqual(browser, { error: bad.error, name: "DatasetError" }, `the browser refuses ${bad.input} as Java does`);
  }

  assert.deepEqual(stage.violations, [], "Content-Security-Policy violations or page errors");
  const sent = stage.requests.filter((request) => !/^GET \/(?:|index\.html|assets\/[\w.-]+|files\/[\w.%-]+)$/.test(request));
  assert.deepEqual(sent, [], "requests other than GETs of the page's own files");
  await stage.close();
  const types = vectors.splits.map((split) => JSON.parse(readFileSync(path.join(VECTORS, split.metadata), "utf8")).onnx.inputType);
  return `${vectors.splits.length} mixed-column splits (inputType ${types.join(", ")}) equal to Java's, byte for byte; `
    + `${vectors.errors.length} bad files refused with Java's messages`;
});
