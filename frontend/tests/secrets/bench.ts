// scripts/bench-browser: split + seal + CIDs of a generated CSV in headless Chromium (in the Web Worker the UI uses)
// beside the Java core on the same file, outputs compared. Argument: the CSV's size in MiB (default 100).
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { run, work } from "../harness";
import { callPage, javaFiles, javaResult, labelledCsv, openSecretsPage, SECRETS } from "./stage";

const mib = Number(process.argv[2] ?? 100);

await run("bench-browser", async () => {
  const csv = path.join(work, `generated-${mib}mib.csv`);
  mkdirSync(work, { recursive: true });
  writeFileSync(csv, labelledCsv(7, mib << 20));
  const split = { labelColumn: "label", testFraction: 0.2, stratified: true };
  javaFiles(path.join(work, "java"), [{ file: csv, ...split }]);
  const java = javaResult(path.join(work, "java"), csv);
  assert.ok(!("error" in java), "Java splits the CSV");

  const stage = await openSecretsPage(work, new Map([[path.basename(csv), csv]]));
  const browser = await callPage(stage.page, "prepare", {
    url: stage.url(path.basename(csv)), fileName: path.basename(csv), ...SECRETS, ...split,
  });
  await stage.close();
  assert.ok(!("error" in browser), "the browser splits the CSV");
  assert.deepEqual(browser.sha256, java.sha256, "the browser's files are Java's");
  assert.equal(browser.trainingCid, java.result.trainingCid);

  const seconds = browser.seconds;
  const rows: [string, number, number][] = [
    ["split (read + write passes)", seconds.reading + seconds.splitting, Number(java.result.splitSeconds)],
    ["seal (AES-256-GCM)", seconds.sealing, Number(java.result.sealSeconds)],
    ["CIDs of the three public files", seconds.hashing, Number(java.result.cidSeconds)],
    ["total", seconds.total, Number(java.result.splitSeconds) + Number(java.result.sealSeconds) + Number(java.result.cidSeconds)],
  ];
  const rate = (s: number) => (browser.inputBytes / 2 ** 20 / s).toFixed(1);
  const table = rows.map(([step, b, j]) => `| ${step} | ${b.toFixed(2)} s (${rate(b)} MiB/s) | ${j.toFixed(2)} s (${rate(j)} MiB/s) |`);
  return [`${mib} MiB CSV, ${browser.classBalance.training.reduce((a, b) => a + b, 0)} training and ${browser.labels.length / 2 - 1} test rows;`
    + " MiB/s of the input CSV; outputs byte-equal", "| step | Chromium (Web Worker) | Java core |", "|---|---|---|", ...table].join("\n");
});
