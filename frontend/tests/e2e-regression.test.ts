// A regression bounty played whole in the web UI, in a real browser against scripts/dev, every secret step in the
// browser: the requester posts a numeric target from the create page (task "regression": the target's decimals, the
// largest error counted, the least share of the best score); two trainers enter with an ONNX regression model; the
// requester releases the key; each trainer's page unseals the test inputs, predicts a float per row made fixed-point
// at the target's decimals, and commits; the requester reveals the labels; each trainer claims the score its page
// counts; the best reveals; the server's verifier re-runs it and attests; the page shows the scores and the verdict in
// the target's unit, and the server's audit passes; anyone settles the other submission, and the winner withdraws.
//
// Every score the page shows equals the contract's (read from the chain: the claims, and the revealed score of the
// SubmissionRevealed event), and its mean error in the target's unit is the one counted here from the kits. As in
// e2e.test.ts, no request the page sends carries the labels, their salt, the sealing key, a trainer's predictions, its
// salts or its model's bytes before the transaction that reveals it.
//
//   npx tsx frontend/tests/e2e-regression.test.ts          (needs Debian's chromium; scripts/dev builds the server)
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Contract, Wallet, getBytes } from "ethers";
import { KEYS, abi, assertClean, assertSecretsKept, bestClaimant, bountySteps, connectAs, launchBrowser, root, run, screenshot, startDev,
  vectorsData, walletPage, type TrainerKitFile, type Who } from "./harness";

const MDC = 10n ** 18n;
const HOUR = 3600;
const TRAINERS: Who[] = ["trainerA", "trainerB"];
const VECTORS = path.join(root, "test", "vectors", "regression");
/** Each trainer's model, made for the vectors' four columns (test/vectors/regression, exported by the Java side). */
const MODELS: Record<string, string> = { trainerA: "linear-regression.onnx", trainerB: "hand-built.onnx" };
const ROWS = 600;
const DECIMALS = 2;
/** The largest error counted: 1.5 in the target's unit, 150 units of its last decimal. */
const MAX_ERROR = 150;

async function main(): Promise<string> {
  const stack = await startDev();
  const { chain, site } = stack;
  const marketAbi = abi("market/BountyMarket");
  const market = new Contract(stack.marketAddress, marketAbi, chain);
  const address = (who: Who) => new Wallet(KEYS[who]).address;
  const browser = await launchBrowser();
  const wallet = await walletPage(browser, stack);
  const { page } = wallet;
  const as = (who: Who) => connectAs(wallet, site, who);
  const { later, open, saved, said, withRevealKit, commitModel, predictAndCommit, revealAndVerify, settleAndWithdraw } = bountySteps(wallet, stack);

  // The requester posts the numeric target "y" as a regression bounty: 2 decimals, errors counted up to 1.5, half the best score wins.
  await as("requester");
  await page.goto(`${site}/#/new`);
  await page.getByLabel("Labelled dataset (CSV with a header row)").setInputFiles({ name: "measurements.csv", mimeType: "text/csv", buffer: dataset() });
  await page.locator("select[name=labelColumn] option", { hasText: /^y$/ }).waitFor({ state: "attached" });
  assert.equal(await page.getByLabel("Label column").inputValue(), "y", "the label column is guessed by its name");
  await page.getByLabel("Task (what kind of value the models predict)").selectOption("regression");
  await page.getByLabel("Title").fill("How far, to the hundredth?");
  await page.getByLabel("Models close in (minutes)").fill("60");
  await page.getByLabel("Response window (minutes)").fill("60");
  await page.getByLabel("Reward (MDC)").fill("50");
  await page.getByLabel("Trainer stake (MDC)").fill("10");
  await page.getByLabel("Decimals of the target").fill(String(DECIMALS));
  await page.getByLabel("Largest error counted (in the target's unit)").fill("1.5");
  await page.getByLabel("Least share of the best score that wins (%)").fill("50");
  await page.getByRole("button", { name: "Split and seal in this browser" }).click();
  await page.locator("#prepared").waitFor();
  await said("#create-result", "Split and sealed");
  const testSize = ROWS / 5;
  assert.equal(await page.locator("#test-size").textContent(), String(testSize));
  const revealKit = await saved(() => page.getByRole("button", { name: "Upload, sign and post" }).click(), "reveal-kit.json", /^reveal-kit-[0-9a-f]{8}\.json$/);
  await page.waitForURL(/#\/bounty\/0x[0-9a-f]{64}/, { timeout: 60_000 });
  const bountyId = page.url().split("/bounty/")[1];
  await page.locator("#phase", { hasText: "Open" }).waitFor();
  await said("#action-result", `Bounty posted with ${testSize} sealed test rows`);
  const onChain = await market.getBounty(bountyId);
  assert.equal(Number(onChain.metric), 1, "the bounty is scored by MeanAbsoluteError");
  assert.equal(Number(onChain.maxError), MAX_ERROR, "the largest error counted, in units of the last decimal");
  assert.equal(Number(onChain.numClasses), 0);
  assert.equal(Number(onChain.minScore), Math.ceil((MAX_ERROR * testSize) / 2), "half the best score wins");
  const requesterKit = JSON.parse(readFileSync(revealKit, "utf8")) as { labels: string; salt: string; sealingKey: string };

  // Two trainers enter with a model file only.
  const kits: Record<string, string> = {};
  const model = (who: Who) => path.join(VECTORS, MODELS[who]);
  const kitName = (step: string) => `trainer-kit-${step}-${bountyId.slice(2, 10)}.json`;
  for (const who of TRAINERS) {
    await as(who);
    await open(bountyId, "Open");
    kits[who] = await commitModel(model(who), `${who}-model-kit.json`, new RegExp(`^${kitName("model")}$`));
  }

  // The models close; the requester releases the key.
  await later(HOUR + 5 * 60 + 1);
  await as("requester");
  await open(bountyId, "KeyRelease");
  await withRevealKit(bountyId, revealKit, "Release the key", "The key is released");

  // Each trainer's page runs its model on the unsealed test inputs and commits the fixed-point predictions.
  for (const who of TRAINERS) {
    await as(who);
    await open(bountyId, "Predicting");
    kits[who] = await predictAndCommit(kits[who], model(who), `${who}-kit.json`, new RegExp(`^${kitName("predictions")}$`));
  }

  // The requester reveals the labels; each trainer claims the score its page counts, in the target's unit.
  await later(HOUR + 1);
  await as("requester");
  await open(bountyId, "AwaitingGroundTruth");
  await withRevealKit(bountyId, revealKit, "Reveal the test labels", "The labels are revealed");
  const trainerKits = Object.fromEntries(TRAINERS.map((who) => [who, JSON.parse(readFileSync(kits[who], "utf8")) as TrainerKitFile]));
  const expected = Object.fromEntries(TRAINERS.map((who) => [who, scored(requesterKit.labels, trainerKits[who].predictions)]));
  for (const who of TRAINERS) {
    await as(who);
    await open(bountyId, "Claiming");
    await page.getByLabel("Trainer kit").setInputFiles(kits[who]);
    await page.getByRole("button", { name: "Claim my score" }).click();
    const { score, meanError } = expected[who];
    await said("#action-result", `Claimed score ${grouped(score)} of ${grouped(MAX_ERROR * testSize)}: mean error ${meanError}.`, 60_000);
    assert.equal(Number((await market.getSubmission(bountyId, address(who))).claimed), score, "the claim on chain is the page's score");
  }
  await page.locator("#counts", { hasText: "2 claims" }).waitFor({ timeout: 30_000 });

  // The best claim reveals; the server's verifier re-runs the model and attests.
  await later(HOUR + 1);
  const best = await bestClaimant(market, bountyId, TRAINERS.map(address));
  const winner = TRAINERS.find((who) => address(who) === best)!;
  const loser = TRAINERS.find((who) => who !== winner)!;
  assert.equal(winner, "trainerA", "the linear regression, whose predictions the targets follow, has the best claim");
  await as(winner);
  await revealAndVerify(bountyId, kits[winner], model(winner), best);
  // The verifier's run, its tolerance in the target's unit.
  await page.locator(".run", { hasText: `${testSize} predictions matched the revealed ones within one unit (0.01) plus 1/65,536 of the value` })
    .waitFor({ timeout: 30_000 });

  // The leaderboard's scores are the contract's, each with its mean error in the target's unit.
  const [revealed] = await market.queryFilter(market.filters.SubmissionRevealed(bountyId, best));
  const revealedScore = Number((revealed as unknown as { args: { score: bigint } }).args.score);
  assert.equal(revealedScore, expected[winner].score, "the contract scores the revealed predictions as the page did");
  const cell = (who: Who) => `${grouped(expected[who].score)} (mean error ${expected[who].meanError})`;
  const rows = await page.locator("#leaderboard tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [...(tr as HTMLTableRowElement).cells].map((td) => td.textContent!.trim().replace(/\s+/g, " "))));
  const rowOf = (who: Who) => rows.find((row) => row[0].toLowerCase().startsWith(address(who).slice(0, 6).toLowerCase()));
  assert.deepEqual(rowOf(winner)!.slice(2, 4), [`${cell(winner)} (contender)`, cell(winner)], `the winner's row: ${JSON.stringify(rows)}`);
  assert.equal(rowOf(loser)![2], cell(loser), `the other trainer's claim: ${JSON.stringify(rows)}`);
  // The server's audit replays the regression bounty from the chain and the published files.
  await page.locator("#audit-verdict", { hasText: "Passed" }).waitFor({ timeout: 180_000 });
  await screenshot(page, "regression-completed");

  // Anyone settles the other submission; the winner withdraws the reward and its stake.
  await settleAndWithdraw(address(loser));
  const coin = new Contract(stack.coinAddress, abi("ModelCoin"), chain);
  assert.equal(await coin.balanceOf(best), 1000n * MDC + 50n * MDC, "the winner holds the faucet's 1,000 MDC and the reward (its stake back)");

  // Nothing secret left the page before the transaction that reveals it.
  assertSecretsKept(wallet.sent, marketAbi, { requesterKit,
    trainers: TRAINERS.map((who) => ({ name: who, address: address(who), kit: trainerKits[who], model: model(who), revealed: who === winner })) });
  assertClean(wallet, "during the bounty");
  return `passed (bounty ${bountyId}: ${TRAINERS.map((who) => `${MODELS[who]} scored ${cell(who)}`).join(", ")}; won by ${best}; `
    + `${wallet.sent.length} requests, none with a secret before its reveal; no CSP violation)`;
}

/**
 * The vectors' first 600 rows of four measurements, the target y the linear regression's own prediction at 2 decimals
 * plus a noise of up to ±0.05: that model scores close to the best score, the hand-built one (another linear
 * function) far less.
 */
function dataset(): Buffer {
  const { header, rows, predictions } = vectorsData("regression", MODELS.trainerA);
  const predicted = int32s(predictions); // at 3 decimals
  const lines = rows.slice(0, ROWS).map((row, i) => `${row},${((Math.round(predicted[i] / 10) + ((i * 7) % 11) - 5) / 100).toFixed(DECIMALS)}`);
  return Buffer.from([`${header},y`, ...lines].join("\n") + "\n");
}

function int32s(hex: string): number[] {
  const bytes = getBytes(hex);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.length / 4 }, (_, i) => view.getInt32(i * 4));
}

/** The score of `predictions` against `labels` (Σ maxError − min(|p − y|, maxError)), and the clipped mean error in the target's unit. */
function scored(labels: string, predictions: string): { score: number; meanError: string } {
  const [y, p] = [int32s(labels), int32s(predictions)];
  const errors = y.map((label, i) => Math.min(Math.abs(p[i] - label), MAX_ERROR));
  const sum = errors.reduce((a, b) => a + b, 0);
  const meanError = (sum / y.length / 10 ** DECIMALS).toFixed(DECIMALS + 2).replace(/0+$/, "").replace(/\.$/, "");
  return { score: MAX_ERROR * y.length - sum, meanError };
}

const grouped = (n: number) => n.toLocaleString("en-US");

await run("e2e-regression", main);
