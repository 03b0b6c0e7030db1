// The requester's secret work in the browser gives the Java core's bytes: in headless Chromium,
// under the UI's CSP, in a Web Worker, the split, the sealing, the commitments and the CIDs of a generated 10 MB CSV
// and of CSVs with every oddity the reader accepts are compared file by file (sha256) with RequesterFilesMain's;
// CSVs the split refuses must be refused with Java's message; the shared vectors (test/vectors/commitments.json, cids.json)
// are reproduced, and a seal opened with the wrong key, for another bounty, tampered with or cut is refused. The page
// sends no request but GETs of its own files.
//
//   npx tsx frontend/tests/secrets.test.ts      (after the Java build: scripts/test java, or mvn test-compile)
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { root, run, work } from "./harness";
import type { Prepared } from "./secrets/page";
import { SECRETS, callPage, javaFiles, javaResult, labelledCsv, openSecretsPage, type SplitCase } from "./secrets/stage";

const FLOAT32_THRESHOLD = "3.40282356779733661637539395458142568448e38"; // halfway between Float.MAX_VALUE and 2^128

/** Valid CSVs with the split options each is tried with. */
const VALID: (SplitCase & { content: string | Buffer })[] = [
  { file: "generated-10mb.csv", content: labelledCsv(7, 10 << 20), labelColumn: "label", testFraction: 0.2, stratified: true },
  {
    file: "odd.csv", labelColumn: "the label", testFraction: 0.25, stratified: true,
    content: '\ufeff"f,1","the label","f""2"\r'
      + Array.from({ length: 24 }, (_, i) => `${i % 3 ? i : `"${i}"`},${['"a\nb"', '"c ""quoted"""', " \u2003x\u3000 ", "\u00a0y"][i % 4]},${i}.5e1`
        + ["\n", "\r\n", "\r", "\n\n"][i % 4]).join(""),
  },
  { file: "fits-float32.csv", labelColumn: "label", testFraction: 0.2, stratified: true,
    content: `a,label\n${FLOAT32_THRESHOLD.replace(/8e38$/, "7e38")},x\n3.4028235e38,y\n${"1".repeat(38)},x\n1,y\n2,x\n3,y\n4,x\n5,y\n6,x\n7,y\n` },
  { file: "tiny-fraction.csv", labelColumn: "label", testFraction: 5e-4, stratified: false,
    content: "label,a,b\n" + Array.from({ length: 30_000 }, (_, i) => `${[0, 1, 2, 3, 4, 5, 6, 8, 9][i % 9]},${i},${i % 17}\n`).join("") },
  // Label columns of numbers: few values, many values per row (11 in 220 rows), and many values the requester says are classes.
  { file: "binary-numbers.csv", labelColumn: "label", testFraction: 0.2, stratified: true, content: numberLabels(100, 2) },
  { file: "eleven-in-220.csv", labelColumn: "label", testFraction: 0.2, stratified: true, content: numberLabels(220, 11) },
  { file: "numbers-as-classes.csv", labelColumn: "label", testFraction: 0.2, stratified: false, classesFromNumbers: true,
    content: numberLabels(150, 150) },
  // Large enough to be split by several Workers, its line breaks mostly inside quoted cells: a cut at a line start is
  // most likely inside a cell, and the split must notice and read the file on one thread.
  { file: "line-breaks-in-cells-9mb.csv", labelColumn: "label", testFraction: 0.2, stratified: true,
    content: largeCsv("a,label\n", (i) => `${i},"c${i % 3}\n\n\n\n\n\n\nd"\n`) },
  // Mixed columns: feature cells that are not numbers make a column categorical (text, NaN, hex, beyond float32, the
  // float32 threshold, a non-breaking or em space), missing cells (empty or spaces only) are kept as they stand; the
  // large file is split by several Workers, each seeing only part of a column's types (a text cell in the last range
  // only, missing cells in the first ranges only).
  { file: "text-and-missing-features.csv", labelColumn: "label", testFraction: 0.25, stratified: true,
    content: "num,text,nan,hex,big,edge,space,label\n" + Array.from({ length: 40 }, (_, i) => [i % 3 ? `${i}.5` : i % 2 ? "" : "   ",
      ["abc", " ", '"a, b"', '"say ""hi"""'][i % 4], i === 7 ? "NaN" : String(i), i === 9 ? "0x10" : "", i === 11 ? "1e39" : `${i}e3`,
      i === 13 ? FLOAT32_THRESHOLD : "1", i % 2 ? "\u00a0" : "\u2003", ["x", "y"][i % 2]].join(",") + "\n").join("") },
  // One feature, missing in some rows: such a test row is one empty cell, written "" (an empty line would be skipped).
  { file: "one-feature-missing.csv", labelColumn: "label", testFraction: 0.3, stratified: false,
    content: "label,a\n" + Array.from({ length: 40 }, (_, i) => `${["x", "y"][i % 2]},${i % 3 ? i : ""}\n`).join("") },
  { file: "mixed-9mb.csv", labelColumn: "label", testFraction: 0.2, stratified: false,
    content: largeCsv("a,b,c,label\n", (i, rows) => `${i === rows - 3 ? "late text" : i},${i < rows / 2 ? " " : i % 7},${["r", "", '"g, h"'][i % 3]},c${i % 4}\n`) },
  // Regression: targets as people write them (padded, quoted, signed, exponents, trailing zeros, halves rounded to
  // even, the int32 bounds), at 0 to 9 decimals, and a file large enough for several Workers.
  { file: "regression-targets.csv", labelColumn: "price", testFraction: 0.25, stratified: false, targetDecimals: 2,
    content: "a,price,b\n" + ["1.5", "1.50", " 1.5 ", "-0.005", "2.345", "2.355", "1e2", "-3.25E-1", "+7", ".5", "5.", '"12.5"', "0", "-0",
      "21474836.47", "-21474836.48", "0.0049", "1e-400", "000123.4500", "\u20039.99\u3000"]
      .map((target, i) => `${i},${target},${i % 3}.25\n`).join("") },
  { file: "regression-decimals-0.csv", labelColumn: "y", testFraction: 0.3, stratified: false, targetDecimals: 0,
    content: "y,x\n" + Array.from({ length: 50 }, (_, i) => `${(i * 37) % 101 - 50}.5,${i}\n`).join("") },
  { file: "regression-decimals-9.csv", labelColumn: "y", testFraction: 0.2, stratified: false, targetDecimals: 9,
    content: "x,y\n" + Array.from({ length: 50 }, (_, i) => `${i},${i % 2 ? "-" : ""}${(i % 3)}.${String(i * 7919).padStart(12, "0")}\n`).join("") },
  { file: "regression-9mb.csv", labelColumn: "target", testFraction: 0.2, stratified: false, targetDecimals: 3,
    content: largeCsv("a,target,b\n", (i) => `${i},${((i * 7919) % 200_000) / 100 - 1000},${i % 13}.5\n`) },
];

/** CSVs the split refuses, each for one reason. */
const REFUSED: [string, string | Buffer][] = [
  ["empty.csv", ""],
  ["header-only.csv", "a,label\n"],
  ["no-label.csv", "a,b\n1,2\n"],
  ["only-label.csv", "label\nx\n"],
  ["twice.csv", "a,a,label\n1,2,x\n"],
  ["blank-name.csv", "a, ,label\n1,2,x\n"],
  ["quoted-empty-line.csv", 'a,label\n1,x\n""\n2,y\n'], // one empty cell, not a blank line: a ragged row
  ["all-missing.csv", "a,b,label\n" + Array.from({ length: 20 }, (_, i) => `${i},${" ".repeat(i % 3)},${i % 2}\n`).join("")],
  ["fewer-cells.csv", "a,b,label\n1,2,x\n1,y\n"],
  ["more-cells.csv", "a,label\n1,x\n1,2,y\n"],
  ["inner-quote.csv", 'a,label\n1,x\n1"2,y\n'],
  ["after-quote.csv", 'a,label\n"1"2,x\n'],
  ["unclosed-quote.csv", 'a,label\n1,x\n"2,y\n3,z\n'],
  ["invalid-utf8.csv", Buffer.concat([Buffer.from("a,label\n1,x\n\n"), Buffer.from([0xc3, 0x28]), Buffer.from(",y\n")])],
  ["replacement-char.csv", "a,label\n1,x\n2,\ufffd\n"],
  ["empty-label.csv", "a,label\n1,x\n2, \n"],
  ["too-many-labels.csv", "a,label\n" + Array.from({ length: 300 }, (_, i) => `${i},l${i}\n`).join("")],
  ["label-too-large.csv", "a,label\n1,0\n2,256\n"],
  ["one-class.csv", "a,label\n1,x\n2,x\n"],
  ["long-cell.csv", `a,label\n${"1".repeat(65_537)},x\n`],
  ["long-quoted-cell.csv", `a,label\n"${"1".repeat(70_000)}`],
  ["too-few-rows.csv", "a,label\n1,x\n2,y\n"],
  ["numeric-target.csv", numberLabels(219, 11)],
  ["numeric-target-257.csv", numberLabels(300, 300)],
  ["small-class.csv", "a,label\n" + "1,big\n".repeat(10) + "2,small\n".repeat(2)],
  // Large files split by several Workers: the error is named at its line all the same.
  ["late-error-9mb.csv", largeCsv("a,b,label\n", (i, rows) => `${i},${i % 13}.5,${i === Math.floor(rows * 0.8) ? " " : `c${i % 5}`}\n`)],
  ["all-missing-9mb.csv", largeCsv("a,b,label\n", (i) => `${i},${i % 2 ? "" : "  "},c${i % 5}\n`)],
  ["labels-in-halves-9mb.csv", largeCsv("a,label\n", (i, rows) => `${i},l${Math.floor((i / rows) * 300)}\n`)],
];

/** Regression CSVs the split refuses, at 2 decimals. */
const REFUSED_REGRESSION: [string, string][] = [
  ["target-empty.csv", "a,label\n1,2\n2, \n"],
  ["target-nan.csv", "a,label\n1,NaN\n"],
  ["target-infinity.csv", "a,label\n1,-Infinity\n"],
  ["target-text.csv", "a,label\n1,1.5\n2,abc\n"],
  ["target-hex.csv", "a,label\n1,0x10\n"],
  ["target-other-digits.csv", "a,label\n1,\u0661\u0662\n"],
  ["target-beyond-int32.csv", "a,label\n1,21474836.48\n"],
  ["target-below-int32.csv", "a,label\n1,-21474836.49\n"],
  ["target-huge.csv", "a,label\n1,1e30\n"],
  ["target-exponent-overflow.csv", "a,label\n1,1e99999999999\n"],
  ["target-bad-feature.csv", "a,label\nx,abc\n"],
  ["target-too-few-rows.csv", "a,label\n1,2\n2,3\n"],
  ["target-late-error-9mb.csv", largeCsv("a,b,label\n", (i, rows) => `${i},${i % 13}.5,${i === Math.floor(rows * 0.8) ? "1.2.3" : i / 4}\n`)],
];

/** A CSV of about 9 MiB: `header`, then row i of the `rows` is `row(i, rows)`. */
function largeCsv(header: string, row: (i: number, rows: number) => string): string {
  const rows = Math.ceil((9 << 20) / row(100_000, 100_000).length);
  return header + Array.from({ length: rows }, (_, i) => row(i, rows)).join("");
}

/** `rows` rows whose label column holds `values` distinct numbers, 0.25 apart. */
function numberLabels(rows: number, values: number): string {
  return "a,label\n" + Array.from({ length: rows }, (_, i) => `${i},${(10 + (i % values) * 0.25).toFixed(2)}\n`).join("");
}

await run("secrets", async () => {
  const out = path.join(work, "secrets");
  const data = path.join(out, "csv");
  mkdirSync(data, { recursive: true });
  const cases: SplitCase[] = [
    ...VALID,
    ...REFUSED.map(([file]): SplitCase => ({ file, labelColumn: "label", testFraction: 0.2, stratified: true })),
    ...REFUSED_REGRESSION.map(([file]): SplitCase => ({ file, labelColumn: "label", testFraction: 0.2, stratified: false, targetDecimals: 2 })),
  ].map((c) => ({ file: path.join(data, c.file), labelColumn: c.labelColumn, testFraction: c.testFraction, stratified: c.stratified,
    classesFromNumbers: c.classesFromNumbers, targetDecimals: c.targetDecimals }));
  for (const [file, content] of [...VALID.map((c) => [c.file, c.content] as const), ...REFUSED, ...REFUSED_REGRESSION]) {
    writeFileSync(path.join(data, file), content);
  }
  javaFiles(path.join(out, "java"), cases);

  const stage = await openSecretsPage(out, new Map(cases.map((c) => [path.basename(c.file), c.file])));
  const { page } = stage;

  // The shared vectors: commitments, nonces, sealed bytes and their CIDs; refused seals.
  const commitmentVectors = JSON.parse(readFileSync(path.join(root, "test/vectors/commitments.json"), "utf8"));
  for (const vector of commitmentVectors.vectors) {
    const browser = await callPage(page, "sealVector", vector);
    assert.equal(browser.sealNonce, vector.sealNonce);
    assert.equal(browser.sealed, vector.sealedTestInputs, "the sealed test inputs of a commitments.json vector");
    assert.equal(browser.opened, vector.testInputs);
    assert.equal(browser.groundTruthCommitment, vector.groundTruthCommitment);
    assert.equal(browser.sealingKeyCommitment, vector.sealingKeyCommitment);
    const refused = "SealBrokenError: the sealed test inputs do not open under this key: wrong key, or the file was changed";
    assert.deepEqual([browser.wrongKey, browser.tampered, browser.otherBounty, browser.cut], [refused, refused, refused, refused]);
  }
  const cids = JSON.parse(readFileSync(path.join(root, "test/vectors/cids.json"), "utf8"));
  for (const vector of cids.vectors.filter((v: { cidVersion: number }) => v.cidVersion === 1)) {
    assert.equal(await callPage(page, "cidVector", vector), vector.cid, `the CID of ${JSON.stringify({ ...vector, cid: undefined })}`);
  }

  // A bounty id that is not one is refused before any work.
  const odd = VALID[1];
  assert.deepEqual(await callPage(page, "prepare", { ...request(stage.url(odd.file), odd.file, odd), bountyId: "0x12" }),
    { error: "the bounty id must be 0x and 64 hex digits, got '0x12'", name: "Error" });

  // CSVs the split refuses: the same message as Java's, naming the file, line and column.
  for (const [file] of [...REFUSED, ...REFUSED_REGRESSION]) {
    const java = javaResult(path.join(out, "java"), file);
    assert.ok("error" in java, `Java refuses ${file}`);
    const browser = await callPage(page, "prepare", request(stage.url(file), file, cases.find((c) => c.file.endsWith(`/${file}`))!));
    assert.deepEqual(browser, { error: java.error, name: "DatasetError" }, `the browser refuses ${file} as Java does`);
  }

  // Valid CSVs: every file, label, CID and commitment equal to Java's.
  let generated: Prepared | undefined;
  for (const c of VALID) {
    const java = javaResult(path.join(out, "java"), c.file);
    assert.ok(!("error" in java), `Java splits ${c.file}: ${"error" in java ? java.error : ""}`);
    const browser = await callPage(page, "prepare", request(stage.url(c.file), c.file, c));
    assert.ok(!("error" in browser), `the browser splits ${c.file}: ${"error" in browser ? browser.error : ""}`);
    assert.equal(browser.metadata, java.metadata, `the metadata of ${c.file}`);
    assert.deepEqual(browser.sha256, java.sha256, `the files of ${c.file}`);
    assert.equal(browser.labels, java.labels, `the labels of ${c.file}`);
    for (const field of ["trainingCid", "sealedTestInputsCid", "metadataCid", "groundTruthCommitment", "sealingKeyCommitment"] as const) {
      assert.equal(browser[field], java.result[field], `${field} of ${c.file}`);
    }
    assert.ok(browser.unsealsToTestInputs, `the sealed test inputs of ${c.file} open to the test inputs`);
    const { classBalance } = browser;
    if (c.targetDecimals === undefined) {
      assert.equal(classBalance.test.reduce((a, b) => a + b, 0), (browser.labels.length - 2) / 2);
      assert.deepEqual(classBalance.classes, JSON.parse(browser.metadata).classes);
    } else {
      assert.equal(JSON.parse(browser.metadata).testSize * 8, browser.labels.length - 2, `4 bytes a test label of ${c.file}`);
    }
    checkProgress(browser, c.file);
    if (c.file === "generated-10mb.csv") generated = browser;
  }

  assert.deepEqual(stage.violations, [], "Content-Security-Policy violations or page errors");
  // The library sends nothing: the only requests are GETs of the page, its scripts and the CSVs the test hands it.
  const sent = stage.requests.filter((request) => !/^GET \/(?:|index\.html|assets\/[\w.-]+|files\/[\w.%-]+)$/.test(request));
  assert.deepEqual(sent, [], "requests other than GETs of the page's own files");
  assert.ok(stage.requests.some((request) => /^GET \/assets\/worker-/.test(request)), `the worker was loaded: ${stage.requests}`);
  await stage.close();
  const seconds = Object.entries(generated!.seconds).map(([stage, s]) => `${stage} ${s.toFixed(2)} s`).join(", ");
  return `${VALID.length} CSVs split, sealed and hashed as Java does (the 10 MB one: ${seconds}), `
    + `${REFUSED.length + REFUSED_REGRESSION.length} refused with Java's messages, `
    + `${commitmentVectors.vectors.length} seal vectors and ${cids.vectors.length - 1} CID vectors reproduced`;
});

function request(url: string, fileName: string, c: SplitCase) {
  return { url, fileName, bountyId: SECRETS.bountyId, salt: SECRETS.salt, sealingKey: SECRETS.sealingKey, labelColumn: c.labelColumn,
    testFraction: c.testFraction, stratified: c.stratified, classesFromNumbers: c.classesFromNumbers, targetDecimals: c.targetDecimals,
    title: SECRETS.title };
}

/** Every stage reported in order, each stage's figures rising to its total. */
function checkProgress(prepared: Prepared, file: string): void {
  const stages = [...new Set(prepared.progress.map((p) => p.stage))];
  assert.deepEqual(stages, ["reading", "splitting", "sealing", "hashing"], `the stages of ${file}`);
  for (const stage of stages) {
    const reports = prepared.progress.filter((p) => p.stage === stage);
    reports.forEach((p, i) => assert.ok(p.done <= p.total && (i === 0 || p.done >= reports[i - 1].done), `${stage} progress of ${file}`));
    assert.equal(reports.at(-1)!.done, reports.at(-1)!.total, `${stage} of ${file} ends at its total`);
  }
  assert.equal(prepared.progress.find((p) => p.stage === "reading")!.total, prepared.inputBytes);
}
