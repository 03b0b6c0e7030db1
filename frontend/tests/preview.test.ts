// The requester's look at a CSV before anything is sealed (src/requester/preview.ts), without a browser: each column's
// type, the label column's class balance, and the split's refusal of the label column in the split's own words (a
// numeric target unless the numbers are said to be classes, a class too small for a stratified split), which
// splitDataset gives for the same file. secrets.test.ts compares those refusals with the Java core's.
//
//   npx tsx frontend/tests/preview.test.ts
import assert from "node:assert/strict";
import { run } from "./harness";
import { featureColumnsProblem, labelColumnProblem, looksLikeTarget, previewCsv } from "../src/requester/preview";
import { histogram, targetHistogram } from "../src/requester/histogram";
import { leastStratifiedRows } from "../src/requester/labelColumn";
import { splitDataset } from "../src/requester/split";

const SALT = new Uint8Array(32).fill(7);

/** `rows` rows whose label column `price` holds `values` distinct numbers, 0.25 apart. */
function prices(rows: number, values: number): string {
  return "x,price\n" + Array.from({ length: rows }, (_, i) => `${i},${(10 + (i % values) * 0.25).toFixed(2)}\n`).join("");
}

/** The preview's refusal and the split's for `csv`, which must be the same. */
async function refusals(csv: string, labelColumn: string,
  options: { testFraction: number; stratified: boolean; classesFromNumbers: boolean; task?: "classification" | "regression" }) {
  const file = new Blob([csv]);
  const preview = (await previewCsv(file, "data.csv", labelColumn))!;
  const problem = labelColumnProblem(preview, options);
  const split = await splitDataset(file, "data.csv", { labelColumn, salt: SALT, ...options }).then(() => null, (e: Error) => e.message);
  assert.equal(problem, split, `the preview says what the split says of ${csv.slice(0, 40)}…`);
  return problem;
}

await run("preview", async () => {
  // Column types by the split's rule (a missing cell, empty or only spaces, is neither), missing cells, and the class
  // balance, numbers by value.
  const mixed = (await previewCsv(new Blob(["a,colour,b,c,label\n1,red,2,\u2003,10\n2.5e1,blue, ,1,2\n-3,,4,2,10\n"]), "mixed.csv", "label"))!;
  assert.deepEqual(mixed.columns, [
    { name: "a", type: "numeric", missing: 0 }, { name: "colour", type: "categorical", missing: 1 },
    { name: "b", type: "numeric", missing: 1 }, { name: "c", type: "categorical", missing: 0 }, { name: "label", type: "numeric", missing: 0 }]);
  assert.deepEqual([mixed.rows, mixed.labels, mixed.rowsPerLabel], [3, ["2", "10"], [1, 2]]);
  assert.equal(featureColumnsProblem(mixed), null);

  // The split decides the same types, writes missing and text cells as they stand (quoted only around a comma), and
  // takes a numeric-looking column as categorical when told; a feature missing in every row is refused, by the
  // preview and the split in the same words, as is a categorical column that is not a feature.
  const rows = Array.from({ length: 40 }, (_, i) => `${i % 5 ? i / 4 : "  "},${['"Paris, FR"', "Oslo", "", ' "q" '.trim()][i % 4]},${75000 + i},${i % 2}\n`);
  const cities = "x,city,zip,label\n" + rows.join("");
  const forced = await splitDataset(new Blob([cities]), "cities.csv", { labelColumn: "label", testFraction: 0.25, stratified: false, salt: SALT,
    categorical: ["zip"] });
  assert.deepEqual([forced.featureColumns, forced.featureTypes], [["x", "city", "zip"], ["float32", "string", "string"]]);
  const text = await forced.training.text();
  assert.ok(text.includes('"Paris, FR"') && text.includes("\n  ,"), "text with a comma quoted, missing cells as they stand");
  const numericZip = await splitDataset(new Blob([cities]), "cities.csv", { labelColumn: "label", testFraction: 0.25, stratified: false, salt: SALT });
  assert.deepEqual(numericZip.featureTypes, ["float32", "string", "float32"]);
  assert.equal(await numericZip.training.text(), text, "types never move a row");
  const empty = "x,nothing,label\n" + Array.from({ length: 20 }, (_, i) => `${i},${i % 2 ? "" : "   "},${i % 2}\n`).join("");
  const noValue = "empty.csv: feature column 'nothing' (2) has no value in any row";
  assert.equal(featureColumnsProblem((await previewCsv(new Blob([empty]), "empty.csv", "label"))!), noValue);
  await assert.rejects(splitDataset(new Blob([empty]), "empty.csv", { labelColumn: "label", testFraction: 0.25, stratified: false, salt: SALT }),
    { message: noValue });
  for (const [name, why] of [["label", " (it is the label column)"], ["town", "; the header has [x, city, zip, label]"]]) {
    await assert.rejects(splitDataset(new Blob([cities]), "cities.csv", { labelColumn: "label", testFraction: 0.25, stratified: false, salt: SALT,
      categorical: [name] }), { message: `cities.csv:1: the categorical column '${name}' is not a feature column${why}` });
  }

  const stratified = { testFraction: 0.2, stratified: true, classesFromNumbers: false };
  const flat = { ...stratified, stratified: false };
  // A label column of many distinct numbers is a numeric target, unless the requester says the numbers are classes.
  assert.equal(await refusals(prices(150, 143), "price", flat), "data.csv: label column 'price' has 143 distinct numeric values in 150 rows: it"
    + " looks like a numeric target, not classes: post it as a regression bounty (--task regression in the CLI), or pass --classes-from-numbers"
    + " (CLI) / tick 'These numbers are classes' (UI) to post it as classification anyway");
  assert.equal(await refusals(prices(150, 143), "price", { ...flat, classesFromNumbers: true }), null);
  // Few distinct numbers, or at least 20 rows a value, are classes; so are text labels however many.
  assert.equal(await refusals(prices(100, 2), "price", stratified), null);
  assert.equal(await refusals(prices(220, 11), "price", stratified), null);
  assert.match((await refusals(prices(219, 11), "price", stratified))!, /has 11 distinct numeric values in 219 rows/);
  assert.equal(await refusals(prices(150, 143).replace(/,(\d)/g, ",c$1"), "price", flat), null);
  // More than 256 distinct numbers: refused where the 257th appears, whatever the requester says.
  assert.equal(await refusals(prices(300, 300), "price", { ...flat, classesFromNumbers: true }), "data.csv:258: label column 'price' has more"
    + " than 256 distinct numeric values: it looks like a numeric target, not classes (a classification bounty has at most 256): post it as a"
    + " regression bounty (--task regression in the CLI)");

  // A class too small for a stratified split is named, with its rows and the rows it needs.
  const small = "x,label\n" + "1,big\n".repeat(10) + "2,small\n".repeat(2);
  assert.equal(await refusals(small, "label", stratified), "data.csv: class 'small' has 2 rows; a stratified split at a test fraction of 0.2"
    + " needs at least 3 rows of every class (one test row and one training row): add rows of class 'small', or split without stratification");
  assert.equal(await refusals(small, "label", flat), null);
  assert.match((await refusals("x,label\n" + "1,a\n".repeat(20) + "2,b\n".repeat(5), "label", { ...stratified, testFraction: 0.9 }))!,
    /class 'b' has 5 rows; a stratified split at a test fraction of 0\.9 needs at least 6 rows/);
  assert.deepEqual([0.2, 0.5, 0.1, 0.9, 1e-3, Number.MIN_VALUE].map(leastStratifiedRows), [3, 2, 5, 6, 500, 2 ** 31 - 1]);

  // Regression: no class checks, the numeric target the classification split refuses is one to suggest regression for,
  // and every label is kept as a number for the picture of the targets.
  const regression = { ...flat, task: "regression" as const, targetDecimals: 2 };
  for (const [csv, column] of [[prices(150, 150), "price"], [prices(300, 300), "price"], [small, "label"]]) {
    assert.equal(labelColumnProblem((await previewCsv(new Blob([csv]), "data.csv", column))!, regression), null);
  }
  const target = (await previewCsv(new Blob([prices(150, 150)]), "data.csv", "price"))!;
  assert.ok(looksLikeTarget(target), "150 distinct prices in 150 rows look like a target");
  assert.ok(looksLikeTarget((await previewCsv(new Blob([prices(300, 300)]), "data.csv", "price"))!), "more prices than a bounty has classes");
  assert.ok(!looksLikeTarget((await previewCsv(new Blob([prices(220, 11)]), "data.csv", "price"))!), "11 prices in 220 rows are classes");
  assert.ok(!looksLikeTarget((await previewCsv(new Blob([small]), "data.csv", "label"))!), "words are classes");
  assert.equal(target.values!.length, 150);
  assert.deepEqual([target.values![0], target.values![149]], [10, 47.25]);
  assert.equal((await previewCsv(new Blob([small]), "data.csv", "label"))!.values, null);
  assert.equal((await refusals(prices(150, 150), "price", regression)), null, "the regression split takes the prices");

  // The targets' histogram: at most 20 equal ranges from the smallest to the largest value, each set counted over them.
  const spread = histogram([{ label: "Rows", values: target.values! }]);
  assert.equal(spread.bins.length, 20);
  assert.equal(spread.bins[0], "10 to 11.86");
  assert.equal(spread.series[0].values.reduce((a, b) => a + b, 0), 150);
  assert.deepEqual(histogram([{ label: "Rows", values: [1, 1, 2, Number.NaN] }]), { bins: ["1 to 1.5", "1.5 to 2"], series: [{ label: "Rows", values: [2, 1] }] });
  assert.deepEqual(histogram([{ label: "Rows", values: [5, 5] }]), { bins: ["5"], series: [{ label: "Rows", values: [2] }] });
  const split = targetHistogram({ decimals: 2, training: Int32Array.of(100, 250), test: Int32Array.of(-50) });
  assert.deepEqual(split, { bins: ["-0.5 to 0.5", "0.5 to 1.5", "1.5 to 2.5"], series: [{ label: "Training rows", values: [0, 1, 1] },
    { label: "Test rows", values: [1, 0, 0] }] });

  // A preview the page no longer wants stops reading.
  assert.equal(await previewCsv(new Blob([prices(100, 2)]), "data.csv", "price", undefined, () => false), null);
  return "column types (numeric, categorical, missing cells) as the split decides them, class balance or the targets' histogram, and the split's refusals of a numeric target and of a class too small,"
    + " said before the split";
});
