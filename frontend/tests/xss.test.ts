// Nothing from the chain, a requester or a verifier can run script in the UI, on the pages. Bounties
// carry HTML and script payloads in every string field they control, and every page that shows them is checked under
// the UI's Content-Security-Policy: the payloads appear as text, no element or handler from them exists, no request
// goes to a URL built from them, no dialog opens, window.__xss is never set, and no CSP violation is reported.
//
// - The requester's page: a labelled CSV whose feature names, label column and class names are payloads is split and
//   sealed in the page, which shows them in its summary and class-balance chart.
// - Bounty A: the same dataset, split and sealed by the UI's own library (frontend/src/secrets) and posted with payloads
//   in its title, description, license and provenance; a trainer wins it and the server's verifier registers the
//   model, so the payloads reach the registry too.
// - Bounty B: CIDs that are not CIDs. The contract refuses them (CidFormat), so no server can index one; the UI must
//   still hold if a server ever serves one, so the test serves such a bounty to the page as the API would, with a
//   problem of its verifier's, a report that rejects two models (explained in a sentence, details behind a toggle), and
//   a proposal, a dispute and evidence URIs that are payloads.
// - Bounty C: real CIDs, but its verifier (played by the test) attests with a report (a JSON document on IPFS) that
//   holds payloads in every field.
//
//   npx tsx frontend/tests/xss.test.ts          (needs Debian's chromium and the built server jar)
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Contract, Wallet, getBytes, hexlify, type ContractTransactionResponse } from "ethers";
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import { groundTruthCommitment, modelCommitment, predictionsCommitment, sealingKeyCommitment } from "../src/protocol/commitments";
import { countMatches } from "../src/protocol/scoring";
import { parseCid } from "../src/ipfs/cid";
import { prepareBounty } from "../src/requester/requester";
import { cidOf } from "../src/ipfs/unixfs";
import { KEYS, abi, apiFetch, assertClean, connectAs, launchBrowser, root, run, screenshot, startStack, walletPage, type Stack, type WalletPage,
  type Who } from "./harness";

const IMG = "<img src=x onerror=window.__xss=1>";
const SCRIPT = "\"><script>window.__xss=1</script>";
const ATTRIBUTE = "' autofocus onfocus=window.__xss=1 x='";
const SVG = "<svg onload=window.__xss=1>";
const JS_URL = "javascript:window.__xss=1";
const ALERT = "<img src=x onerror=alert(1)>";
const HOUR = 3600;
const VECTORS = path.join(root, "test", "vectors", "inference");

async function main(): Promise<string> {
  const stack = await startStack("xss");
  const { chain, site } = stack;
  const signer = (who: Who) => new Wallet(KEYS[who], chain);
  const market = new Contract(stack.marketAddress, abi("market/BountyMarket"), chain);
  const coin = new Contract(stack.coinAddress, abi("ModelCoin"), chain);
  const as = (who: Who) => market.connect(signer(who)) as Contract;
  const mined = async (sent: Promise<ContractTransactionResponse>) => (await sent).wait();
  const later = async (seconds: number) => {
    await chain.send("evm_increaseTime", [seconds]);
    await chain.send("evm_mine", []);
  };
  const api = async <T>(pathAndQuery: string, init?: RequestInit): Promise<T> => {
    const response = await apiFetch(stack, pathAndQuery, init);
    assert.ok(response.ok, `${pathAndQuery}: ${response.status} ${await response.clone().text()}`);
    return (await response.json()) as T;
  };
  /** Uploads a public file; a model again while the server has not indexed its reveal yet (409). */
  const upload = async (pathAndQuery: string, body: Blob | Uint8Array) => {
    for (let attempt = 0; ; attempt++) {
      const response = await apiFetch(stack, pathAndQuery, { method: "POST", body: body instanceof Blob ? body : new Blob([Buffer.from(body)]) });
      if (response.ok) return;
      assert.ok(response.status === 409 && attempt < 60, `${pathAndQuery}: ${response.status} ${await response.text()}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };
  const indexed = async (id: string, phase?: string) => {
    for (let i = 0; i < 480; i++) {
      const response = await apiFetch(stack, `/api/bounties/${id}`);
      if (response.ok && (!phase || (await response.json()).bounty.phase === phase)) return true;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return false;
  };
  await mined((coin.connect(signer("requester")) as Contract).claimAirdrop());
  const config = await api<{ verifier: string }>("/api/config");

  // The hostile dataset: the vectors' rows (a model for them exists), payloads as column and class names.
  const features = [`petal${IMG}`, `weight${SCRIPT}`, `ratio${SVG}`, `noise${ATTRIBUTE}`];
  const labelColumn = `class${SVG}`;
  const classes = [`above${IMG}`, `below${SCRIPT}`, `beside${ALERT}`];
  const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  const [, ...vectorRows] = readFileSync(path.join(VECTORS, "test-inputs.csv"), "utf8").trim().split("\n");
  const csv = [[...features, labelColumn].map(quote).join(","), ...vectorRows.map((row, i) => `${row},${quote(classes[i % 3])}`)].join("\n") + "\n";

  // Bounty A: split and sealed by the UI's library, posted straight to the contract with payloads in every text.
  const requester = signer("requester").address;
  const nonce = (await market.requesterNonce(requester)) as bigint;
  const a = (await market.nextBountyId(requester)) as string;
  const fields = { title: `Hostile ${IMG} ${SCRIPT}`, description: `${ATTRIBUTE} ${SVG} ${JS_URL} ${ALERT}`, license: JS_URL, provenance: IMG };
  const prepared = await prepareBounty({ file: new Blob([csv]), fileName: "hostile.csv", bountyId: a,
    split: { labelColumn, testFraction: 0.2, stratified: true }, description: fields });
  const { published, secret } = prepared;
  await upload(`/api/files/training?cid=${published.trainingCid}`, published.training);
  await upload(`/api/files/sealed-test-inputs?cid=${published.sealedTestInputsCid}`, published.sealedTestInputs);
  await upload(`/api/files/metadata?cid=${published.metadataCid}`, published.metadata);
  const reward = 10n ** 19n;
  await mined((coin.connect(signer("requester")) as Contract).approve(stack.marketAddress, reward));
  const params = (overrides: Record<string, unknown>) => ({
    trainingCid: published.trainingCid, sealedTestInputsCid: published.sealedTestInputsCid, metadataCid: published.metadataCid,
    reward, trainerStake: 0, responseWindow: HOUR, numClasses: classes.length, maxSubmissions: 10, metric: 0, maxError: 0, minScore: 1, ...overrides,
  });
  const deadline = async () => (await chain.getBlock("latest"))!.timestamp + HOUR + 60;
  await mined(as("requester").createBounty(params({
    groundTruthCommitment: published.groundTruthCommitment, sealingKeyCommitment: published.sealingKeyCommitment,
    modelDeadline: await deadline(), testSize: published.testSize, verifier: config.verifier, nonce,
  }), { value: await market.arbitrationCost() })); // the fee bond
  assert.ok(await indexed(a), "bounty A is indexed");
  // Trainer A enters with the vectors' logistic regression; its predictions are the vectors' own, row by row.
  const trainer = signer("trainerA").address;
  const modelBytes = readFileSync(path.join(VECTORS, "logistic-regression.onnx"));
  const modelCid = await cidOf(new Uint8Array(modelBytes));
  const vectors = JSON.parse(readFileSync(path.join(VECTORS, "vectors.json"), "utf8")) as { models: { file: string; predictions?: string }[] };
  const classOf = getBytes(vectors.models.find((m) => m.file === "logistic-regression.onnx")!.predictions!);
  const rowIndex = new Map(vectorRows.map((row, i) => [row, i]));
  const [, ...testRows] = (await secret.testInputs.text()).trim().split("\n");
  assert.ok(testRows.every((row) => rowIndex.has(row)), "the test inputs are the vectors' rows, as written");
  const predictions = Uint8Array.from(testRows, (row) => classOf[rowIndex.get(row)!]);
  const [modelSalt, predictionsSalt] = [hexlify(randomBytes(32)), hexlify(randomBytes(32))];
  await mined(as("trainerA").commitModel(a, modelCommitment(a, trainer, modelCid, modelSalt)));
  await later(HOUR + 61);
  await mined(as("requester").releaseKey(a, secret.sealingKey));
  await mined(as("trainerA").commitPredictions(a, predictionsCommitment(a, trainer, predictions, predictionsSalt)));
  await later(HOUR + 1);
  await mined(as("requester").revealGroundTruth(a, secret.labels, secret.groundTruthSalt));
  const score = countMatches(secret.labels, predictions);
  await mined(as("trainerA").claimScore(a, score));
  await later(HOUR + 1);
  await mined(as("trainerA").revealSubmission(a, predictions, predictionsSalt, modelCid, modelSalt, secret.labels,
    await market.rankHint(a, trainer, score)));
  await upload(`/api/bounties/${a}/models?cid=${modelCid}`, modelBytes);
  await later(HOUR + 1);
  assert.ok(await indexed(a, "Completed"), "the server's verifier completes bounty A");
  let models: { id: number; name: string }[] = [];
  for (let i = 0; i < 240 && models.length === 0; i++) {
    models = await api("/api/models");
    if (models.length === 0) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.equal(models[0]?.name, fields.title, "bounty A's model is registered under its hostile title");

  // Bounty C: real CIDs, a verifier the test plays, and its report on IPFS full of payloads.
  const report = new TextEncoder().encode(JSON.stringify({
    bountyId: SCRIPT, verifier: IMG, acceptBest: ATTRIBUTE,
    candidates: [{ trainer: new Wallet(KEYS.trainerB).address, modelCid: `${JS_URL}${IMG}`, score: SVG, verdict: SCRIPT, result: {
      status: SCRIPT, failure: `${IMG} ${ATTRIBUTE}`, rows: IMG, rowsMatched: SVG, correct: ALERT, inferenceMillis: JS_URL,
      confusion: [[IMG, 1, 2], [SCRIPT, { toString: SVG }, 0]],
    } }],
  }));
  const reportCid = CID.create(1, raw.code, await sha256.digest(report)).toString();
  mkdirSync(path.join(stack.store, "blocks"), { recursive: true });
  writeFileSync(path.join(stack.store, "blocks", reportCid), report); // a raw leaf, as the embedded store keeps it
  // A report that rejects two models: one candidate explained in a sentence (holding a payload), one not (an older
  // report): the page explains each in a sentence and keeps the run's details, a program's exception, behind a toggle.
  const rejectedExplained = new Wallet(KEYS.trainerA).address;
  const rejectedUnexplained = new Wallet(KEYS.owner).address;
  const explanation = `The model made 3 of the 100 predictions differently from the revealed ones ${IMG}.`;
  const exception = "java.lang.IllegalStateException: ai.onnxruntime.OrtException: Error code - ORT_RUNTIME_EXCEPTION";
  const rejection = new TextEncoder().encode(JSON.stringify({ bountyId: "0x" + "b0".repeat(32), verifier: new Wallet(KEYS.rogueVerifier).address,
    acceptBest: false, candidates: [
      { trainer: rejectedExplained, verdict: "rejected", explanation, result: { status: "MISMATCH", failure: null, rows: 100, rowsMatched: 97,
        correct: 90, confusion: null, inferenceMillis: 12 } },
      { trainer: rejectedUnexplained, verdict: "rejected", result: { status: "FAILED", failure: exception, rows: 100, rowsMatched: 0, correct: 0,
        confusion: null, inferenceMillis: 3 } },
    ] }));
  const rejectionCid = CID.create(1, raw.code, await sha256.digest(rejection)).toString();
  writeFileSync(path.join(stack.store, "blocks", rejectionCid), rejection);
  const c = await playWithRogueVerifier(stack, market, published, reportCid, later);
  assert.ok(await indexed(c, "Completed"), "bounty C is indexed");

  // Every page that shows them, in a browser under the CSP.
  const browser = await launchBrowser();
  const wallet = await walletPage(browser, stack);
  const { page } = wallet;
  const b = "0x" + "b0".repeat(32);
  const verifierProblem = `the verifier could not run the model of ${IMG}: its sandbox worker did not start; retrying`;
  await serveHostileCids(wallet, stack, b, [`bafy${SCRIPT}`, `Qm${IMG}`, `../../api/models?${ATTRIBUTE}`], `${JS_URL}${IMG}`,
    { verifierProblem, rejectionCid, rejected: [rejectedExplained, rejectedUnexplained] });
  const visit = async (hash: string, ready: () => Promise<unknown>, name: string) => {
    if (hash) {
      await page.goto("about:blank");
      await page.goto(`${site}/${hash}`);
    }
    await ready();
    await page.waitForTimeout(300); // let images, handlers and refreshes fire, if any were there
    await screenshot(page, `xss-${name}`);
    const injected = await page.locator("img, script:not([src]), svg, iframe, object, embed, [onerror], [onload], [onfocus], [autofocus], a[href^='javascript:']").count();
    assert.equal(injected, 0, `${name}: no element or handler from a payload`);
    for (const href of await page.locator("a[href*='ipfs']").evaluateAll((links) => links.map((link) => link.getAttribute("href")!))) {
      assert.ok(parseCid(href.replace(/^\/ipfs\//, "")) !== null, `${name}: a link to ${href}, which is not a CID`);
    }
    assertClean(wallet, `on ${name}`);
  };

  await connectAs(wallet, site, "requester", "989 MDC");
  await page.goto(`${site}/#/new`);
  await page.getByLabel("Labelled dataset (CSV with a header row)").setInputFiles({ name: "hostile.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByLabel("Label column").selectOption(labelColumn);
  await page.getByLabel("Title").fill(fields.title);
  await page.getByRole("button", { name: "Split and seal in this browser" }).click();
  await visit("", () => page.locator("#prepared").waitFor({ timeout: 60_000 }), "create");
  assert.deepEqual(await page.locator("#balance-table th[scope=row]").allTextContents(), [...classes].sort(), "the class names show as text");

  await visit("#/", () => page.locator(`a[href='#/bounty/${b}']`).waitFor(), "list");
  await visit(`#/bounty/${a}`, () => page.locator(".verdict", { hasText: "Reproduced" }).waitFor({ timeout: 30_000 }), "bounty-a");
  assert.equal(await page.locator("h1").textContent(), fields.title);
  assert.equal(await page.locator("main > p").nth(1).textContent(), fields.description);
  assert.ok((await page.locator(".downloads").textContent())!.includes(`label column ${labelColumn}, classes ${[...classes].sort().join(", ")}`));
  assert.deepEqual(await page.locator("table.matrix thead th").allTextContents(), ["", ...[...classes].sort()]);

  await visit(`#/bounty/${b}`, () => page.locator(".verdict").first().waitFor({ timeout: 30_000 }), "bounty-b");
  assert.equal(await page.locator(".downloads .invalid-cid").count(), 3, "the three CIDs show as invalid");
  assert.equal(await page.locator("#report .invalid-cid").count(), 1, "the report CID shows as invalid");
  assert.equal(await page.locator(`main a[href*='ipfs']:not([href='/ipfs/${rejectionCid}'])`).count(), 0, "no link to an invalid CID");
  assert.ok((await page.locator("#metadata-problem").textContent())!.includes("not a valid CID"));
  assert.equal(await page.locator("#verifier-problem").textContent(), verifierProblem, "the verifier's problem is said, as text");
  // A rejection is a sentence; its run's details (an exception, for one) wait behind a toggle.
  const rejected = (trainer: string) => page.locator(".candidate", { has: page.locator(`code[title="${trainer}"]`) });
  await rejected(rejectedExplained).locator(".explanation").waitFor({ timeout: 30_000 });
  assert.equal(await rejected(rejectedExplained).locator(".explanation").textContent(), explanation, "the report's explanation, as text");
  assert.equal(await rejected(rejectedUnexplained).locator(".explanation").textContent(),
    "The verifier could not run the model to the end; the details say why.", "a report without an explanation gets a sentence, not the exception");
  const details = rejected(rejectedUnexplained).locator("details");
  assert.ok((await details.textContent())!.includes(exception), "the exception is in the details");
  assert.equal(await details.getByText(exception, { exact: false }).isVisible(), false, "the details are closed at first");
  await details.locator("summary").click();
  assert.equal(await details.getByText(exception, { exact: false }).isVisible(), true, "the toggle opens them");

  await visit(`#/bounty/${c}`, () => page.locator(".run").waitFor({ timeout: 30_000 }), "bounty-c");
  const reportText = (await page.locator(".run").textContent())!;
  assert.ok(reportText.includes(`${IMG} ${ATTRIBUTE}`), "the report's failure shows as text");
  assert.ok(reportText.includes("on the ? test inputs"), "a report field that is not a number shows as ?");

  await visit("#/models", () => page.getByRole("link", { name: fields.title }).waitFor(), "registry");
  await visit(`#/models/${models[0].id}`, () => page.locator("h1", { hasText: "Hostile" }).waitFor(), "model");
  assert.equal(await page.locator("h1").textContent(), fields.title);
  assert.ok((await page.locator(".facts").textContent())!.includes([...classes].sort().join(", ")));

  const hostile = wallet.sent.filter((request) => request.kind === "http").map((request) => request.target)
    .filter((url) => url.includes("/ipfs/") ? parseCid(decodeURIComponent(new URL(url).pathname.slice(6))) === null : /\/x$|javascript:|__xss/.test(url));
  assert.deepEqual(hostile, [], "no request to a URL built from a payload");
  assertClean(wallet, "on every page");
  return `passed: payloads in the requester's page, bounties ${a.slice(0, 10)}… (metadata), ${b.slice(0, 10)}… (CIDs, served by the test) and `
    + `${c.slice(0, 10)}… (report) stayed text on 7 pages, no CSP violation`;
}

/** A bounty on bounty A's files whose verifier, played by the test, attests with `reportCid`; its trainer predicts the labels. */
async function playWithRogueVerifier(stack: Stack, market: Contract, files: { trainingCid: string; sealedTestInputsCid: string; metadataCid: string },
    reportCid: string, later: (seconds: number) => Promise<void>): Promise<string> {
  const [requester, trainer, verifier] = (["requester", "trainerB", "rogueVerifier"] as Who[]).map((who) => new Wallet(KEYS[who], stack.chain));
  const as = (who: Wallet) => market.connect(who) as Contract;
  const mined = async (sent: Promise<ContractTransactionResponse>) => (await sent).wait();
  const coin = new Contract(stack.coinAddress, abi("ModelCoin"), requester);
  const nonce = (await market.requesterNonce(requester.address)) as bigint;
  const id = (await market.nextBountyId(requester.address)) as string;
  const labels = Uint8Array.from({ length: 100 }, (_, i) => i % 3);
  const [salt, key, predictionsSalt, modelSalt] = [0, 1, 2, 3].map(() => hexlify(randomBytes(32)));
  const reward = 10n ** 18n;
  await mined(coin.approve(stack.marketAddress, reward));
  await mined(as(requester).createBounty({
    ...files, groundTruthCommitment: groundTruthCommitment(id, labels, salt), sealingKeyCommitment: sealingKeyCommitment(id, key),
    reward, trainerStake: 0, modelDeadline: (await stack.chain.getBlock("latest"))!.timestamp + HOUR + 60, responseWindow: HOUR,
    testSize: labels.length, numClasses: 3, maxSubmissions: 10, metric: 0, maxError: 0, minScore: 1, verifier: verifier.address, nonce,
  }, { value: await market.arbitrationCost() })); // the fee bond
  await mined(as(trainer).commitModel(id, modelCommitment(id, trainer.address, reportCid, modelSalt)));
  await later(HOUR + 61);
  await mined(as(requester).releaseKey(id, key));
  await mined(as(trainer).commitPredictions(id, predictionsCommitment(id, trainer.address, labels, predictionsSalt)));
  await later(HOUR + 1);
  await mined(as(requester).revealGroundTruth(id, labels, salt));
  await mined(as(trainer).claimScore(id, labels.length));
  await later(HOUR + 1);
  await mined(as(trainer).revealSubmission(id, labels, predictionsSalt, reportCid, modelSalt, labels, await market.rankHint(id, trainer.address, labels.length)));
  await later(HOUR + 1);
  await mined(as(verifier).attestVerification(id, [], true, reportCid));
  return id;
}

/**
 * Serves a bounty whose CIDs are not CIDs, as the API would if a server ever indexed one (the contract refuses them),
 * with a problem of its verifier's, and two models rejected by the report `rejectionCid`.
 */
async function serveHostileCids(wallet: WalletPage, stack: Stack, id: string, cids: string[], reportCid: string,
    { verifierProblem, rejectionCid, rejected }: { verifierProblem: string; rejectionCid: string; rejected: string[] }): Promise<void> {
  const requester = new Wallet(KEYS.requester).address.toLowerCase();
  const trainer = new Wallet(KEYS.trainerB).address.toLowerCase();
  const verifier = new Wallet(KEYS.rogueVerifier).address.toLowerCase();
  const bounty = {
    id, requester, verifier, reward: "1000000000000000000", trainerStake: "0", modelDeadline: 0, responseWindow: HOUR, testSize: 100,
    numClasses: 2, maxSubmissions: 10, metric: "Accuracy", maxError: 0, minScore: 1, maxScore: 100, trainingCid: cids[0], sealedTestInputsCid: cids[1],
    metadataCid: cids[2], cidProblem: null, sealingKey: null, phase: "Completed", phaseDeadline: 0, storedPhase: "Completed", now: 0,
    liveSubmissions: 1, predicted: 1, contenders: 1, candidates: 1, winner: trainer, winningScore: 100,
  };
  const timeline = [
    { block: 1, txHash: "0x" + "11".repeat(32), name: "BountyCreated", payload: JSON.stringify(bounty), invalidCids: [] },
    { block: 2, txHash: "0x" + "22".repeat(32), name: "VerificationAttested", payload: JSON.stringify({ trainer, reproduced: true, reportCid }), invalidCids: [] },
    ...rejected.map((loser) => ({ block: 2, txHash: "0x" + "33".repeat(32), name: "VerificationAttested",
      payload: JSON.stringify({ trainer: loser, reproduced: false, reportCid: rejectionCid }), invalidCids: [] })),
  ];
  // Disputes as a server that indexed hostile strings would serve them: evidence URIs that are no /ipfs/<CID>, a proposal
  // and a disputer that are payloads. None may become a link or markup.
  const proposal = { winner: `0x${IMG}`, source: "verifier" };
  const disputes = [{ disputeId: `1${SCRIPT}`, kind: `Verification${SVG}`, disputer: trainer, fee: "100000000000000000", deposit: "0",
    raisedBlock: 3, ruling: `2${IMG}`, overturned: true, ruledBlock: 4 }];
  const evidence = [`${JS_URL}${IMG}`, `/ipfs/${JS_URL}`, `/ipfs/bafy${SCRIPT}`].map((uri, logIndex) => ({ block: 3, logIndex, party: trainer, uri }));
  await wallet.context.route(`${stack.site}/api/bounties/${id}`, (route) => route.fulfill({ json: { bounty, timeline, verifierProblem, proposal,
    disputes, evidence } }));
  await wallet.context.route(`${stack.site}/api/bounties/${id}/leaderboard`, (route) => route.fulfill({ json: [] }));
  await wallet.context.route(`${stack.site}/api/bounties/${id}/activity`, (route) => route.fulfill({ json: [] }));
  await wallet.context.route(new RegExp(`${stack.site}/api/bounties(\\?.*)?$`), async (route) => {
    const response = await route.fetch();
    route.fulfill({ response, json: [...((await response.json()) as unknown[]), bounty] });
  });
}

await run("xss", main);
