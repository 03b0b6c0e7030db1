// The trainer's secret work in the browser (frontend/src/trainer/) against Java. First the test inputs'
// CSV rules, the requester's; then, in headless Chromium under the UI's Content-Security-Policy, a page built with the UI's Vite config runs every model of
// test/vectors/inference/ (two Tribuo baselines, a scores-only model, and four the verifier refuses) on the same
// test inputs as Java's sandbox did, and must give byte-equal predictions, the same model CID, the same
// commitments, or the verifier's own refusal. ONNX Runtime's WebAssembly must come from the page's own origin. Then
// float parsing against Java's Float.parseFloat, and the kit: downloaded before the transaction is sent, read back,
// and refused when it does not open its commitments. And regression (test/vectors/regression/): the same test inputs
// through four regression models, whose fixed-point predictions must each lie within one unit of Java's (docs/protocol.md,
// decision 24: ONNX Runtime Web and Java's native runtime may differ in a float's last bit), or fail in Java's words; the
// float-to-fixed-point rule and the mean absolute error score against Java's exact vectors.
//
//   npx tsx frontend/tests/trainer.test.ts
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { build } from "vite";
import { CSP } from "../src/csp";
import { getBytes } from "ethers";
import { checkCommittedModel, readTrainerKit, type TrainerKit } from "../src/kits/trainerKit";
import { inTargetUnit, leastWinning, scoreCell, scoreInWords } from "../src/pages/scores";
import { decode, fromFloat, toDecimal } from "../src/protocol/fixedPoint";
import { meanAbsoluteErrorScore } from "../src/protocol/scoring";
import { inspectModel } from "../src/trainer/inspect";
import type { ModelProblem } from "../src/trainer/problems";
import { bountyTerms } from "../src/trainer/terms";
import { featureBatches } from "../src/trainer/testInputs";
import { freePort, launchBrowser, root, run, work } from "./harness";
import { checkMixedInspection, checkMixedRunner, checkMixedVectors } from "./trainer-page/mixed";

interface ModelVector {
  file: string;
  cid: string;
  modelCommitment: string;
  predictions?: string;
  predictionsCommitment?: string;
  failure?: string;
}

const vectorsFolder = path.join(root, "test", "vectors", "inference");
const vectors = JSON.parse(readFileSync(path.join(vectorsFolder, "vectors.json"), "utf8")) as {
  features: number; classes: string[]; bountyId: string; trainer: string; modelSalt: string; predictionsSalt: string;
  models: ModelVector[]; floats: { text: string; bits: string }[];
};
const regressionFolder = path.join(root, "test", "vectors", "regression");
const regression = JSON.parse(readFileSync(path.join(regressionFolder, "vectors.json"), "utf8")) as {
  features: number; targetDecimals: number; tolerance: number; bountyId: string; trainer: string; modelSalt: string; predictionsSalt: string;
  models: ModelVector[]; floats: { bits: string; decimals: number; value?: number; error?: string }[];
  scores: { labels: string; predictions: string; maxError: number; score: number; maxScore: number }[];
};
const TYPES: Record<string, string> = {
  ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css", ".wasm": "application/wasm",
  ".map": "application/json", ".json": "application/json", ".csv": "text/csv", ".onnx": "application/octet-stream",
};
const MARKET = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

await run("trainer", async () => {
  // The test inputs are read by the UI's one CSV reader, so the trainer takes whatever the requester's split may
  // write (a quoted header with a comma or a doubled quote, quoted numbers, a byte-order mark, CRLF, blank lines)
  // and refuses what Java's CsvReader refuses, with its message.
  const featureRows = async (csv: string, featureCount: number) => {
    const values: number[] = [];
    for await (const batch of featureBatches(csv, featureCount, 2)) values.push(...batch.values);
    return values;
  };
  assert.deepEqual(await featureRows('\ufeff"f,1","f""2"\r\n"1.5",2\r\n\r\n3," 4"\n5,6', 2), [1.5, 2, 3, 4, 5, 6]);
  await assert.rejects(featureRows("a,a\n1,2\n", 2), { message: "test-inputs.csv:1: the header names column 'a' twice" });
  await assert.rejects(featureRows("a,b\n1,2\n3\n", 2), { message: "test-inputs.csv:3: expected 2 cells as in the header, found 1" });

  const built = path.join(work, "trainer-page");
  await build({
    configFile: path.join(root, "frontend", "vite.config.ts"), root: path.join(root, "frontend", "tests", "trainer-page"),
    logLevel: "warn", build: { outDir: built, emptyOutDir: true },
  });
  const wasm = readdirSync(path.join(built, "assets")).filter((file) => file.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `one ONNX Runtime WebAssembly file is bundled: ${wasm.join(", ")}`);

  // Our server's part, as Spring serves the built UI: the files, the policy, nosniff; and the vectors under /vectors/.
  const port = await freePort();
  const site = `http://127.0.0.1:${port}`;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", site);
    const [folder, file] = url.pathname.startsWith("/vectors/") ? [vectorsFolder, url.pathname.slice("/vectors/".length)]
      : url.pathname.startsWith("/regression/") ? [regressionFolder, url.pathname.slice("/regression/".length)]
      : [built, url.pathname === "/" ? "index.html" : url.pathname.slice(1)];
    const full = path.join(folder, path.normalize(file));
    try {
      const body = readFileSync(full);
      response.writeHead(200, { "Content-Type": TYPES[path.extname(full)] ?? "application/octet-stream",
        "Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff" });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  }).listen(port, "127.0.0.1");

  try {
    const browser = await launchBrowser();
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on("request", (request) => {
      requests.push(request.url());
      if (request.method() !== "GET") problems.push(`the page sent a ${request.method()} to ${request.url()}`);
    });
    page.on("response", (response) => response.status() >= 400 && problems.push(`${response.status()} for ${response.url()}`));
    page.on("console", (message) => message.type() === "error" && problems.push(`console: ${message.text()}`));
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    await page.exposeFunction("__cspViolation", (report: string) => problems.push(`CSP: ${report}`));
    // tsx compiles this file with esbuild's keepNames, which wraps the functions the test hands to page.evaluate in
    // a __name(fn, "name") helper that only exists in Node: the page gets one that does nothing.
    await page.addInitScript("window.__name = (fn) => fn;");
    await page.addInitScript(`document.addEventListener("securitypolicyviolation",
      (e) => window.__cspViolation(e.violatedDirective + " blocked " + (e.blockedURI || "inline")));`);
    await page.goto(site);
    await page.waitForFunction(() => "trainer" in window);

    const terms = { featureCount: vectors.features, classCount: vectors.classes.length, testSize: 2500 };
    for (const expected of vectors.models) {
      const got = await page.evaluate(async ({ file, terms, v, market }) => {
        const t = window.trainer;
        const bytes = new Uint8Array(await (await fetch(`/vectors/${file}`)).arrayBuffer());
        const inputs = new Uint8Array(await (await fetch("/vectors/test-inputs.csv")).arrayBuffer());
        const cid = await t.fileCid(bytes);
        const kit = t.modelKit({ chainId: 31337, market, bountyId: v.bountyId, trainer: v.trainer, modelCid: cid, modelSalt: v.modelSalt });
        const result = { file, cid, modelCommitment: kit.modelCommitment };
        // After each batch the page posts itself a message: it is handled before the next batch only if the work
        // gave the event loop back in between (and so did not freeze the tab).
        const progress: string[] = [];
        const channel = new MessageChannel();
        channel.port1.onmessage = () => progress.push("event loop turned");
        try {
          const model = await t.loadModel(new File([bytes], file), terms);
          const predictions = await t.predict(model, inputs, { onProgress: (done) => {
            progress.push(`${done} rows`);
            channel.port2.postMessage(null);
          } });
          const complete = t.withPredictions(kit, predictions, v.predictionsSalt);
          return { ...result, predictions: complete.predictions!, predictionsCommitment: complete.predictionsCommitment!, progress };
        } catch (error) {
          return { ...result, failure: (error as { verdict?: string }).verdict ?? String(error) };
        }
      }, { file: expected.file, terms, v: vectors, market: MARKET });
      const { progress, ...answer } = got as ModelVector & { progress?: string[] };
      if (expected.failure?.startsWith("refused: an opset import uses the operator domain")) {
        // Java prints the allowed domains as a set in no fixed order, so its vector stops before them.
        assert.ok(answer.failure?.startsWith(`${expected.failure}; allowed: `), `${expected.file}: ${answer.failure}`);
        answer.failure = expected.failure;
      }
      assert.deepEqual(answer, expected, `the browser and Java differ on ${expected.file}`);
      if (progress) {
        assert.deepEqual(progress.slice(0, 5), ["1024 rows", "event loop turned", "2048 rows", "event loop turned", "2500 rows"],
          `${expected.file}: progress after each batch, and the page's event loop between batches`);
      }
    }

    const units = await checkRegressionModels(page);
    await checkMixedInspection();
    const mixed = `${await checkMixedRunner(page)}, ${await checkMixedVectors(page)}`;

    // Test inputs that do not fit the bounty are refused with the line and the reason.
    const misfits = await page.evaluate(async (terms) => {
      const t = window.trainer;
      const bytes = new Uint8Array(await (await fetch("/vectors/logistic-regression.onnx")).arrayBuffer());
      const model = await t.loadModel(bytes, terms);
      const attempt = (csv: string) => t.predict(model, csv).then(() => "accepted", (error: Error) => error.message);
      return [await attempt("a,b,c\n1,2,3\n"), await attempt("a,b,c,d\n1,2,3,x\n"), await attempt("a,b,c,d\n1,2,3,4\n")];
    }, terms);
    assert.deepEqual(misfits, ["the test inputs have 3 columns, the model reads 4",
      "test inputs, line 2 (row 0), column 'd': 'x' is not a number", "the test inputs have 1 rows; the bounty's test size is 2500"]);

    // Every decimal text becomes the float Java's Float.parseFloat makes of it, bit for bit.
    const bits = await page.evaluate((texts) => texts.map((text) => {
      const value = new Float32Array([window.trainer.parseFloat32(text)!]);
      return new Uint32Array(value.buffer)[0].toString(16).padStart(8, "0");
    }), vectors.floats.map((f) => f.text));
    assert.deepEqual(bits, vectors.floats.map((f) => f.bits), "float32 parsing");

    // The kit is downloaded first, and only then is the transaction sent.
    const lr = vectors.models[0];
    const [download, kit] = await Promise.all([page.waitForEvent("download"), page.evaluate(async ({ v, lr, market }) => {
      const t = window.trainer;
      const steps: string[] = [];
      const click = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function () {
        steps.push(`download ${this.download}`);
        click.call(this);
      };
      const kit = t.withPredictions(t.modelKit({ chainId: 31337, market, bountyId: v.bountyId, trainer: v.trainer, modelCid: lr.cid }),
        new Uint8Array([0, 1, 2]));
      await t.keepKitThen(kit, async () => steps.push("send"));
      return { kit, steps };
    }, { v: vectors, lr, market: MARKET })]);
    assert.deepEqual(kit.steps, [`download ${download.suggestedFilename()}`, "send"], "the kit is downloaded before the transaction");
    const kept = readFileSync(await download.path(), "utf8");
    assert.deepEqual(JSON.parse(kept), kit.kit);
    assert.match(kit.kit.modelSalt, /^0x[0-9a-f]{64}$/);
    assert.notEqual(kit.kit.modelSalt, kit.kit.predictionsSalt, "each commitment gets its own fresh salt");
    assert.deepEqual(readTrainerKit(kept, 31337, MARKET), kit.kit);
    checkKitRefusals(kit.kit);
    await checkCommittedModel(readFileSync(path.join(vectorsFolder, lr.file)), kit.kit);
    await assert.rejects(checkCommittedModel(readFileSync(path.join(vectorsFolder, "scores-only.onnx")), kit.kit),
      new RegExp(`this is not the model committed to: its CID is ${vectors.models[2].cid}, the kit's model is ${lr.cid}`));
    checkTerms();
    checkNotModels();

    // The library sends nothing anywhere: the only requests are GETs of the page's files and of the test's vectors.
    assert.deepEqual(problems, [], "no request but GETs, no CSP violation, console error or page error");
    const foreign = requests.filter((url) => !url.startsWith(`${site}/`) && !url.startsWith("blob:") && !url.startsWith("data:"));
    assert.deepEqual(foreign, [], "every request goes to the page's own origin");
    assert.ok(requests.some((url) => url === `${site}/assets/${wasm[0]}`), "ONNX Runtime's WebAssembly came from our origin");
    checkFixedPoint();
    return `${vectors.models.length} models as Java's sandbox runs them, ${vectors.floats.length} floats, the kit; `
      + `${regression.models.length} regression models (${units}), ${regression.floats.length} outputs made fixed-point, `
      + `${regression.scores.length} MAE scores; mixed columns: the inspection's refusals, ${mixed}; ONNX Runtime from ${wasm[0]}`;
  } finally {
    server.close();
  }
});

/**
 * Every regression model of test/vectors/regression/ run in the page as a trainer runs it: the same CID and model
 * commitment as Java's, and predictions each within one unit of Java's sandbox (the commitment equal too where all are
 * equal), or the failure in Java's words. Returns how many predictions were equal and how many one unit off.
 */
async function checkRegressionModels(page: import("playwright-core").Page): Promise<string> {
  const terms = { featureCount: regression.features, classCount: 0, testSize: 2500, targetDecimals: regression.targetDecimals };
  let [equal, oneOff] = [0, 0];
  for (const expected of regression.models) {
    const got: ModelVector = await page.evaluate(async ({ file, terms, v, market }) => {
      const t = window.trainer;
      const bytes = new Uint8Array(await (await fetch(`/regression/${file}`)).arrayBuffer());
      const inputs = new Uint8Array(await (await fetch("/vectors/test-inputs.csv")).arrayBuffer());
      const cid = await t.fileCid(bytes);
      const kit = t.modelKit({ chainId: 31337, market, bountyId: v.bountyId, trainer: v.trainer, modelCid: cid, modelSalt: v.modelSalt });
      const result = { file, cid, modelCommitment: kit.modelCommitment };
      try {
        const predictions = await t.predict(await t.loadModel(bytes, terms), inputs);
        const complete = t.withPredictions(kit, predictions, v.predictionsSalt);
        return { ...result, predictions: complete.predictions!, predictionsCommitment: complete.predictionsCommitment! };
      } catch (error) {
        return { ...result, failure: (error as { verdict?: string }).verdict ?? String(error) };
      }
    }, { file: expected.file, terms, v: regression, market: MARKET });
    assert.equal(got.cid, expected.cid, expected.file);
    assert.equal(got.modelCommitment, expected.modelCommitment, expected.file);
    assert.equal(got.failure, expected.failure, `${expected.file}: the browser fails as Java's sandbox does`);
    if (expected.predictions === undefined) continue;
    const [browser, java] = [decode(getBytes(got.predictions!)), decode(getBytes(expected.predictions))];
    assert.equal(browser.length, 2500, expected.file);
    assert.equal(java.length, 2500, expected.file);
    java.forEach((value, row) => {
      const difference = Math.abs(browser[row] - value);
      assert.ok(difference <= regression.tolerance, `${expected.file}, row ${row}: the browser predicts ${browser[row]}, Java ${value}`);
      if (difference === 0) equal++;
      else oneOff++;
    });
    if (browser.every((value, row) => value === java[row])) assert.equal(got.predictionsCommitment, expected.predictionsCommitment, expected.file);
  }
  assert.ok(equal > 0);
  return `${equal} predictions equal to Java's, ${oneOff} one unit off`;
}

/** The float-to-fixed-point rule and the MAE score, against Java's exact vectors; the terms of a regression bounty. */
function checkFixedPoint(): void {
  for (const vector of regression.floats) {
    const value = new Float32Array(new Uint32Array([parseInt(vector.bits, 16)]).buffer)[0];
    let got: { value?: number; error?: string };
    try {
      got = { value: fromFloat(value, vector.decimals) };
    } catch (error) {
      got = { error: `the prediction ${(error as Error).message}` };
    }
    assert.deepEqual(got, vector.value === undefined ? { error: vector.error } : { value: vector.value }, `float bits ${vector.bits}`);
  }
  for (const vector of regression.scores) {
    assert.equal(meanAbsoluteErrorScore(getBytes(vector.predictions), getBytes(vector.labels), vector.maxError), vector.score);
  }
  assert.deepEqual([toDecimal(-12340, 3), toDecimal(5, 3), toDecimal(0, 2), toDecimal(-2147483648, 9), toDecimal(7, 0)],
    ["-12.340", "0.005", "0.00", "-2.147483648", "7"]);
  // Scores in words, in the target's unit: 125 items, maxError 0.4 at 3 decimals.
  const bounty = { metric: "MeanAbsoluteError", testSize: 125, maxError: 400, maxScore: 50_000 };
  assert.equal(scoreInWords(bounty, 41_250, 3), "score 41,250 of 50,000: mean error 0.07");
  assert.equal(scoreInWords(bounty, 41_249, 3), "score 41,249 of 50,000: mean error 0.07001");
  assert.equal(scoreInWords(bounty, 41_250, null), "score 41,250 of 50,000: mean error 70 units");
  assert.equal(scoreCell(bounty, 0, 3), "0 (mean error 0.4)");
  assert.equal(inTargetUnit(1, 3), "0.001");
  assert.equal(leastWinning({ ...bounty, minScore: 25_000 }, 3), "score 25,000 of 50,000 or more: mean error 0.2 or less");
  assert.equal(scoreInWords({ metric: "Accuracy", testSize: 2000, maxError: 0, maxScore: 2000 }, 1834, null), "1,834 of 2,000 right");
  const metadata = { task: "regression", features: [{ name: "a", type: "float32" }], targetDecimals: 3, onnx: { inputType: "float32" } };
  assert.deepEqual(bountyTerms(metadata, { testSize: 100, numClasses: 0, metric: "MeanAbsoluteError" }),
    { featureCount: 1, features: metadata.features, classCount: 0, testSize: 100, outputName: null, targetDecimals: 3 });
  assert.throws(() => bountyTerms(metadata, { testSize: 100, numClasses: 0, metric: "Accuracy" }),
    /describes a regression task; the bounty on chain is scored by Accuracy/);
  assert.throws(() => bountyTerms(metadata, { testSize: 100, numClasses: 2 }), /regression task; the bounty on chain has 2 classes/);
  assert.throws(() => bountyTerms({ ...metadata, targetDecimals: 10 }, { testSize: 100, numClasses: 0 }), /no target decimals from 0 to 9/);
  const flat = readFileSync(path.join(regressionFolder, "hand-built.onnx"));
  assert.equal(inspectModel(flat, 4, 0).classOutput, "value");
  assert.equal(inspectModel(flat, 4, 0).valueOutput, true);
  assert.throws(() => inspectModel(flat, 4, 0, "rounded"), /output 'rounded' is int64 \[-1\]; expected float32 \[batch\] or \[batch, 1\]/);
  const classifier = readFileSync(path.join(vectorsFolder, vectors.models[0].file));
  assert.throws(() => inspectModel(classifier, 4, 0), /no output holds a prediction \(float32 \[batch\] or \[batch, 1\]\)/);
}

/** Files that are not models, or too large, are refused before anything reads them as one. */
function checkNotModels(): void {
  const verdict = (bytes: Uint8Array) => {
    try {
      inspectModel(bytes, 4, 3);
      return "accepted";
    } catch (error) {
      return (error as ModelProblem).verdict;
    }
  };
  assert.equal(verdict(new TextEncoder().encode("hello world")), "refused: not an ONNX model: the model holds a field of wire type 4");
  assert.equal(verdict(new Uint8Array()), "refused: not an ONNX model: it has no graph");
  assert.equal(verdict(new Uint8Array([0x3a, 0x05, 0x61])), "refused: not an ONNX model: the model is cut short");
  assert.equal(verdict(new Uint8Array(200 * 1024 * 1024 + 1)), "refused: the model has 209715201 bytes; the limit is 209715200");
}

/** The terms come from the metadata, checked against the chain, which has the last word. */
function checkTerms(): void {
  const metadata = { features: [{ name: "a", type: "float32" }, { name: "b", type: "float32" }], classes: ["x", "y", "z"], onnx: { inputType: "float32" } };
  assert.deepEqual(bountyTerms(metadata, { testSize: 100, numClasses: 3 }),
    { featureCount: 2, features: metadata.features, classCount: 3, testSize: 100, outputName: null });
  assert.equal(bountyTerms({ ...metadata, onnx: { outputName: "label" } }, { testSize: 100, numClasses: 3 }).outputName, "label");
  assert.throws(() => bountyTerms(metadata, { testSize: 100, numClasses: 4 }), /metadata lists 3 classes; the bounty on chain has 4/);
  assert.throws(() => bountyTerms({ ...metadata, features: [] }, { testSize: 100, numClasses: 3 }), /lists no features/);
  assert.throws(() => bountyTerms({ ...metadata, onnx: { outputName: 7 } }, { testSize: 100, numClasses: 3 }), /not a string/);
  assert.throws(() => bountyTerms(null, { testSize: 100, numClasses: 3 }), /lists no features/);
}

/** A kit that does not open its own commitments, or belongs to another market, is refused naming why. */
function checkKitRefusals(kit: TrainerKit): void {
  const text = (changes: Partial<TrainerKit>) => JSON.stringify({ ...kit, ...changes });
  const refused = (changes: Partial<TrainerKit>, message: RegExp) => assert.throws(() => readTrainerKit(text(changes), 31337, MARKET), message);
  refused({ predictionsSalt: `0x${"00".repeat(32)}` }, /do not open its predictionsCommitment/);
  refused({ predictions: "0x000102" === kit.predictions ? "0x000101" : "0x000102" }, /do not open its predictionsCommitment/);
  refused({ modelCid: "bafkreiaaobwf4lqso2c5fonihyhd7s6yxxkfqxiexzycpdkdjbcqgzgyky" }, /do not open its modelCommitment/);
  refused({ trainer: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8" }, /do not open its modelCommitment/);
  refused({ kind: "modelmarket/trainer-kit/1" as TrainerKit["kind"] }, /not a trainer kit/);
  refused({ modelSalt: "0x1234" }, /modelSalt is not 32 bytes of 0x-hex/);
  refused({ predictions: "0x0g" }, /predictions or predictionsSalt are not 0x-hex/);
  assert.throws(() => readTrainerKit(text({}), 1, MARKET), /not 0x5fbdb2315678afecb367f032d93f642f64180aa3 on chain 1/);
  assert.throws(() => readTrainerKit("{", 31337, MARKET), /not JSON/);
}
