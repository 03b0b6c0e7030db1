// The web UI plays a whole bounty in a real browser against scripts/dev as a user starts it, every
// secret step in the browser: the requester splits and seals its labelled CSV in the page and posts; two trainers
// enter with an ONNX file and nothing else (the model is hashed and committed, not uploaded); the requester releases
// the key; each trainer's page unseals the test inputs and runs its model, and commits the predictions; the requester
// reveals the labels; the trainers claim the score their page counted; the best one reveals (the model is uploaded
// only then); the server's verifier re-runs it and attests; the page shows the verdict, anyone settles the other
// submission, and the winner withdraws. The wallet is an injected EIP-1193 provider that signs with Hardhat's test
// accounts, and every page runs under the UI's Content-Security-Policy (frontend/tests/harness.ts).
//
// The test records every request the page sends, its HTTP requests (URL and body) and every call it makes to the
// wallet (the JSON-RPC that goes to the chain), and fails if any of them carries the labels, their salt, the sealing
// key, a trainer's predictions, its salts or its model's bytes before the transaction that reveals it: as raw bytes,
// as hex (either case, with or without 0x) or as base64. A transaction starts with the first request that carries
// its call data (the wallet's gas estimate).
//
// The recorder sees every body (it installs its own route: Playwright shows no upload body without one), and the test
// checks that it saw the three public uploads whole before it trusts the scan.
//
// The reward (2^64 + 1 wei) and the stake (10^30 + 7 wei) have more digits than a double holds: the API's JSON,
// the figures on the pages, the permits the wallet signs and the payout stay exact to the wei.
//
// A newcomer is never lost: every action's result is said beside the form that was used, in view, focused and announced
// (role status or alert); the wallet connected once is connected again on the next visit without a prompt; the label
// column is guessed from the CSV (a named column, else one that is not numbers, else the last); the columns' types and the
// split's refusal of a label column of many numbers are shown before anything is sealed; "Before you post" states
// every term and why the model deadline moved; after posting the page says what comes next; the kits are named by step
// and the wrong one refused in words; the list shows titles; long hex is short with a copy button; the chart reads with
// one trainer; and axe-core finds no WCAG 2.1 A/AA violation on the pages a newcomer goes through.
//
// Screenshots of the main pages go to .run/ui-screenshots/; the ended bounty's page, the README's picture, to
// docs/bounty-page.png.
//
//   npx tsx frontend/tests/e2e.test.ts          (needs Debian's chromium; scripts/dev builds the server)
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Contract, NonceManager, Wallet, getBytes, hexlify } from "ethers";
import { unsealTestInputs } from "../src/protocol/seal";
import { KEYS, abi, apiFetch, assertAccessible, assertBodiesSeen, assertClean, assertNotSentBefore, assertSecretsKept, bestClaimant, bountySteps, previewColumns,
  connectAs, launchBrowser, root, run, screenshot, screenshots, startDev, vectorsData, walletPage, type TrainerKitFile, type Who } from "./harness";

const MDC = 10n ** 18n;
const REWARD = 2n ** 64n + 1n; // 18.446744073709551617 MDC
const STAKE = 10n ** 30n + 7n; // 1,000,000,000,000.000000000000000007 MDC
const HOUR = 3600;
const TRAINERS: Who[] = ["trainerA", "trainerB"];
const VECTORS = path.join(root, "test", "vectors", "inference");
/** Each trainer's model: Tribuo baselines the Java side exported (test/vectors/inference), made for this dataset's columns. */
const MODELS: Record<string, string> = { trainerA: "logistic-regression.onnx", trainerB: "factorization-machine.onnx" };
const CLASSES = ["a-low", "b-middle", "c-high"];

async function main(): Promise<string> {
  const stack = await startDev();
  const { chain, site } = stack;
  const marketAbi = abi("market/BountyMarket");
  const market = new Contract(stack.marketAddress, marketAbi, chain);
  const address = (who: Who) => new Wallet(KEYS[who]).address;
  // A stake no faucet gives: the owner mints it to each trainer, and to the requester for its verifier bond (its nonces
  // counted here, not asked of the node each time).
  const coin = new Contract(stack.coinAddress, abi("ModelCoin"), new NonceManager(new Wallet(KEYS.owner, chain)));
  const staked: Who[] = [...TRAINERS, "requester"];
  for (const who of staked) await (await coin.mint(address(who), STAKE)).wait();
  const feeBond = (await market.arbitrationCost()) as bigint;
  const browser = await launchBrowser();
  const wallet = await walletPage(browser, stack);
  const { page } = wallet;
  const as = (who: Who) => connectAs(wallet, site, who, staked.includes(who) ? "1,000,000,001,000.000000000000000007 MDC" : "1,000 MDC");
  const shot = (name: string) => screenshot(page, name);
  const permitFor = (value: bigint) => ({ spender: stack.marketAddress.toLowerCase(), value: value.toString() });
  const { later, open, saved, said, withRevealKit, commitModel, predictAndCommit, revealAndVerify, settleAndWithdraw } = bountySteps(wallet, stack);
  /** The requester's page on the dataset, with `title` and models closing in an hour. */
  const newBounty = async (title: string) => {
    await page.goto(`${site}/#/new`);
    await page.getByLabel("Labelled dataset (CSV with a header row)").setInputFiles({ name: "points.csv", mimeType: "text/csv", buffer: dataset() });
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Models close in (minutes)").fill("60");
  };
  /** The rows of a chart's table for screen readers, as "name: values". */
  const chartRows = (table: string) => page.locator(`${table} tbody tr`).evaluateAll((rows) =>
    rows.map((row) => `${row.querySelector("th")!.textContent}: ${[...row.querySelectorAll("td")].map((cell) => cell.textContent).join(" ")}`));

  // The requester splits and seals in the page, sees the class balance, and posts: one permit, one transaction.
  await as("requester");
  // The wallet connected once is connected again on the next visit: no button to press, no prompt (eth_accounts only).
  const beforeReload = wallet.sent.length;
  await page.reload();
  await page.locator("#connect, #balance").first().waitFor();
  assert.equal(await page.locator("#connect").count(), 0, "the page reconnects the wallet the user connected before");
  const walletCalls = wallet.sent.slice(beforeReload).filter((request) => request.kind === "wallet").map((request) => request.target);
  assert.ok(walletCalls.includes("eth_accounts") && !walletCalls.includes("eth_requestAccounts"), `reconnected without a prompt: ${walletCalls}`);

  // The label column is asked for, with a guess: a column named like labels, else one that is not numbers, else the last.
  await page.goto(`${site}/#/new`);
  for (const [csv, guess] of [["f1,kind,f2\n1,cat,2\n3,dog,4\n", "kind"], ["a,Target,b\n1,0,2\n", "Target"], ["x,y2,z\n1,2,3\n", "z"]]) {
    await page.getByLabel("Labelled dataset (CSV with a header row)").setInputFiles({ name: "guess.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    const header = csv.split("\n")[0].split(",");
    await page.locator("select[name=labelColumn] option", { hasText: new RegExp(`^${header[0]}$`) }).waitFor({ state: "attached" });
    assert.deepEqual(await page.locator("select[name=labelColumn] option").allTextContents(), header, "the header's columns are offered");
    assert.equal(await page.getByLabel("Label column").inputValue(), guess, `the guessed label column of ${header}`);
  }
  // Before anything is sealed: each column's role, type (a numeric feature offers the choice of categorical) and missing
  // cells, and the split's refusal of a label column of many numbers,
  // which "These numbers are classes" lifts.
  const prices = "size,colour,price\n" + Array.from({ length: 150 }, (_, i) => `${i},red,${100 + i * 1.5}\n`).join("");
  await page.getByLabel("Labelled dataset (CSV with a header row)").setInputFiles({ name: "prices.csv", mimeType: "text/csv", buffer: Buffer.from(prices) });
  await page.locator("select[name=labelColumn] option", { hasText: /^price$/ }).waitFor({ state: "attached" });
  await page.getByLabel("Label column").selectOption("price");
  await page.locator("#preview-problem", { hasText: "prices.csv: label column 'price' has 150 distinct numeric values in 150 rows: it looks like a numeric target" }).waitFor();
  assert.deepEqual(await previewColumns(page), [
    "size | feature | numeric | 0", "colour | feature | categorical (text) | 0", "price | label (what models predict) | numbers | 0"]);
  // Taken as classes, each price is a class of one row, too few for a stratified split: named, until the split is not stratified.
  await page.getByLabel("These numbers are classes").check();
  await page.locator("#preview-problem", { hasText: "prices.csv: class '100' has 1 row; a stratified split at a test fraction of 0.2 needs at"
    + " least 3 rows of every class" }).waitFor();
  await page.getByLabel("Stratified split").uncheck();
  await page.locator("#preview-problem").waitFor({ state: "hidden" });
  await page.goto("about:blank"); // so that the form below starts afresh
  await newBounty("Low, middle or high");
  await page.getByLabel("Label column").selectOption("label");
  await page.getByLabel("Description").fill("Four measurements; which of three classes?");
  await page.getByLabel("Response window (minutes)").fill("60");
  await page.getByLabel("Least accuracy that wins (%)").fill("50");
  await page.getByLabel("Reward (MDC)").fill("18.446744073709551617");
  await page.getByLabel("Trainer stake (MDC)").fill("1000000000000.000000000000000007");
  const verifierField = page.getByLabel("Verifier (address; not yours)");
  assert.equal((await verifierField.inputValue()).toLowerCase(), address("verifier").toLowerCase(), "the server's verifier is proposed");
  await verifierField.fill(address("requester")); // the requester may not verify its own bounty
  await page.getByRole("button", { name: "Split and seal in this browser" }).click();
  await said("#create-result", "The verifier cannot be you, the requester");
  await verifierField.fill(address("verifier"));
  await page.getByRole("button", { name: "Split and seal in this browser" }).click();
  await page.locator("#prepared").waitFor();
  await said("#create-result", "Split and sealed");
  // "Before you post" states every term the transaction carries, and says why the model deadline moved.
  const terms = (await page.locator("#prepared-facts dt").evaluateAll((names) =>
    names.map((name) => `${name.textContent}: ${name.nextElementSibling!.textContent}`))).join("; ").replace(/\s+/g, " ");
  for (const term of ["Reward: 18.446744073709551617 MDC", "Trainer stake: 1,000,000,000,000.000000000000000007 MDC", "Models close: 65 min",
    "(you asked for 60 min: 60 → 65 min", "Each later step: 60 min", "Verifier: 0x9965…A4dc", "A winner needs: 250 of 500 test rows right",
    "Test rows (sealed): 500", "Submissions: at most 1000", "Verifier bond: 1,000,000,000,000.000000000000000007 MDC more, taken with the reward",
    "Fee bond: 0.1 ETH sent with the transaction"]) {
    assert.ok(terms.includes(term), `"Before you post" says "${term}": ${terms}`);
  }
  assert.equal((await page.locator("#prepared-facts button.copy").getAttribute("aria-label"))?.toLowerCase(),
    `copy the verifier ${address("verifier").toLowerCase()}`, "the verifier is named, in full for screen readers");
  await assertAccessible(page, "the requester's page, before posting");
  assert.equal(await page.locator("#test-size").textContent(), "500");
  assert.equal(await page.locator("#min-score").textContent(), "250 of 500 test rows right");
  assert.equal(await page.locator("#progress-hashing-share").textContent(), "100%", "the hashing progress bar ran to the end");
  assert.deepEqual(await page.locator("#balance-table th[scope=row]").allTextContents(), CLASSES, "the class balance covers every class");
  await shot("1-post-a-bounty");
  wallet.rejectNextSignature(); // the requester changes its mind at the permit: nothing is sent, and it can try again
  await page.getByRole("button", { name: "Upload, sign and post" }).click();
  await said("#post-result", "You rejected the request in your wallet; nothing was sent.");
  const revealKit = await saved(() => page.getByRole("button", { name: "Upload, sign and post" }).click(), "reveal-kit.json", /^reveal-kit-[0-9a-f]{8}\.json$/);
  await page.waitForURL(/#\/bounty\/0x[0-9a-f]{64}/, { timeout: 60_000 });
  const bountyId = page.url().split("/bounty/")[1];
  await page.locator("#phase", { hasText: "Open" }).waitFor();
  // After posting, the page says what comes next, where the user lands; cancelling is there, but not in the way.
  await said("#action-result", "Bounty posted with 500 sealed test rows");
  await page.screenshot({ path: path.join(screenshots, "2-just-posted-in-view.png") }); // what the requester sees
  const posted = (await (await apiFetch(stack, `/api/bounties/${bountyId}`)).json()) as { bounty: { modelDeadline: number; trainingCid: string;
    sealedTestInputsCid: string; metadataCid: string } };
  const nextSteps = (await page.locator("#next-steps").textContent())!.replace(/\s+/g, " ");
  const deadlineText = new Date(posted.bounty.modelDeadline * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
  for (const step of [`reveal-kit-${bountyId.slice(2, 10)}.json`, `When the models close, at ${deadlineText}, come back here and release the sealing key`,
    "reveal the test labels"]) {
    assert.ok(nextSteps.includes(step), `the next steps say "${step}": ${nextSteps}`);
  }
  assert.equal(await page.getByRole("button", { name: "Cancel the bounty" }).isVisible(), false, "no prominent Cancel button after posting");
  await assertAccessible(page, "the new bounty's page");
  // The recorder saw each public upload whole: its leak scan (below) reads the bodies, not empty buffers.
  const sizeOf = async (cid: string) => (await (await apiFetch(stack, `/ipfs/${cid}`)).arrayBuffer()).byteLength;
  assertBodiesSeen(wallet.sent, {
    "training CSV": { url: `${site}/api/files/training?`, size: await sizeOf(posted.bounty.trainingCid) },
    "sealed test inputs": { url: `${site}/api/files/sealed-test-inputs?`, size: await sizeOf(posted.bounty.sealedTestInputsCid) },
    metadata: { url: `${site}/api/files/metadata?`, size: await sizeOf(posted.bounty.metadataCid) },
  });
  // The list shows the bounty by its title.
  await page.goto(`${site}/#/`);
  await page.locator(`a[href='#/bounty/${bountyId}']`, { hasText: "Low, middle or high" }).waitFor();
  await assertAccessible(page, "the bounty list");
  await page.goto(`${site}/#/bounty/${bountyId}`);
  await page.locator("#phase", { hasText: "Open" }).waitFor();
  await page.locator("#countdown", { hasText: /^in 1 h( \d+ min)?$/ }).waitFor();
  assert.deepEqual(wallet.permits, [permitFor(REWARD + STAKE)],
    "the requester signed one permit (the rejected one is not signed), for the reward and the verifier bond to the wei");
  assert.equal(await chain.getBalance(stack.marketAddress), feeBond, "the market holds the bounty's fee bond");
  const apiBounty = await (await apiFetch(stack, `/api/bounties/${bountyId}`)).text();
  assert.match(apiBounty, /"reward":"18446744073709551617"/);
  assert.match(apiBounty, /"trainerStake":"1000000000000000000000000000007"/);
  const facts = await page.locator("dl.facts dd").allTextContents();
  assert.ok(facts.includes("18.446744073709551617 MDC"), `the reward is shown exact: ${facts}`);
  assert.ok(facts.includes("1,000,000,000,000.000000000000000007 MDC"), `the stake is shown exact: ${facts}`);
  await shot("2-bounty-open");
  const requesterKit = JSON.parse(readFileSync(revealKit, "utf8")) as { labels: string; salt: string; sealingKey: string; sealedTestInputsCid: string };
  // The plain test inputs, which nobody may see before the key release: opened here with the kit's key.
  const sealed = new Uint8Array(await (await apiFetch(stack, `/ipfs/${requesterKit.sealedTestInputsCid}`)).arrayBuffer());
  const testInputs = await unsealTestInputs(bountyId, getBytes(requesterKit.sealingKey), sealed);

  // Two trainers enter with a model file only: its CID's commitment goes on chain, the kit downloads, the model stays.
  const kits: Record<string, string> = {};
  const modelKits: Record<string, string> = {};
  const model = (who: Who) => path.join(VECTORS, MODELS[who]);
  const kitName = (step: string) => `trainer-kit-${step}-${bountyId.slice(2, 10)}.json`;
  for (const who of TRAINERS) {
    await as(who);
    await open(bountyId, "Open");
    await page.locator("#commit-model", { hasText: "Committing stakes 1,000,000,000,000.000000000000000007 MDC." }).waitFor();
    kits[who] = await commitModel(model(who), `${who}-model-kit.json`, new RegExp(`^${kitName("model")}$`));
    modelKits[who] = kits[who];
    await said("#action-result", `Committed. Your stake is escrowed until the bounty ends. Keep ${kitName("model")}`);
    if (who === "trainerA") {
      // With one trainer, the chart still says how far the submissions got: one model committed, nothing further yet.
      await page.locator("#steps-table tbody tr", { hasText: "Models committed" }).locator("td", { hasText: /^1$/ }).waitFor({ timeout: 30_000 });
      assert.deepEqual(await chartRows("#steps-table"), ["Models committed: 1", "Predictions committed: 0", "Scores claimed: 0", "Revealed: 0",
        "Verified: 0", "Rejected: 0"]);
      await assertAccessible(page, "a trainer's page after committing");
    }
    assert.deepEqual(wallet.permits.at(-1), permitFor(STAKE), "the trainer's permit is the stake, to the wei");
    assert.equal(await coin.balanceOf(address(who)), 1000n * MDC, "the trainer keeps the faucet's 1,000 MDC, exactly");
  }

  // The model deadline passes (an hour, and the page's five minutes of slack); the requester releases the key from its kit.
  await later(HOUR + 5 * 60 + 1);
  await as("requester");
  await open(bountyId, "KeyRelease");
  // A kit that is not the requester's, or whose labels were changed, is refused before anything is sent.
  await withRevealKit(bountyId, kits.trainerA, "Release the key", "not a reveal kit");
  const tampered = JSON.parse(readFileSync(revealKit, "utf8")) as { labels: string };
  tampered.labels = tampered.labels.slice(0, -1) + (tampered.labels.endsWith("0") ? "1" : "0");
  await withRevealKit(bountyId, { name: "tampered.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(tampered)) },
    "Release the key", "the kit's labels and salt do not open its groundTruthCommitment");
  await withRevealKit(bountyId, revealKit, "Release the key", "The key is released");

  // Each trainer's page unseals the test inputs, runs the committed model, and commits the predictions; it refuses
  // another trainer's kit, and a model other than the committed one (its predictions would not be reproduced).
  for (const who of TRAINERS) {
    await as(who);
    await open(bountyId, "Predicting");
    const other = TRAINERS.find((trainer) => trainer !== who)!;
    await page.getByLabel(`Trainer kit from your model commit (${kitName("model")})`).waitFor();
    await page.getByLabel("Trainer kit").setInputFiles(kits[other]);
    await page.getByLabel("Model (ONNX, the one you committed)").setInputFiles(model(other));
    await page.getByRole("button", { name: "Predict and commit" }).click();
    await said("#action-result", `This trainer kit is ${address(other).slice(0, 6).toLowerCase()}`);
    await page.getByLabel("Trainer kit").setInputFiles(kits[who]);
    await page.getByRole("button", { name: "Predict and commit" }).click();
    await said("#action-result", "this is not the model committed to");
    kits[who] = await predictAndCommit(kits[who], model(who), `${who}-kit.json`, new RegExp(`^${kitName("predictions")}$`));
  }
  await shot("3-predicting");

  // The requester reveals the labels; each trainer claims the score its page counts.
  await later(HOUR + 1);
  await as("requester");
  await open(bountyId, "AwaitingGroundTruth");
  await withRevealKit(bountyId, revealKit, "Reveal the test labels", "The labels are revealed");
  const trainerKits = Object.fromEntries(TRAINERS.map((who) => [who, JSON.parse(readFileSync(kits[who], "utf8")) as TrainerKitFile]));
  for (const who of TRAINERS) {
    await as(who);
    await open(bountyId, "Claiming");
    // The claim names the kit it needs, and refuses the other one in words.
    await page.getByLabel(`Trainer kit from your predictions (${kitName("predictions")})`).setInputFiles(modelKits[who]);
    await page.getByRole("button", { name: "Claim my score" }).click();
    await said("#action-result", `This is the trainer kit from your model commit (${kitName("model")}); this step needs the one saved when you `
      + `committed your predictions, ${kitName("predictions")}.`);
    await page.getByLabel("Trainer kit").setInputFiles(kits[who]);
    await page.getByRole("button", { name: "Claim my score" }).click();
    const expected = matches(requesterKit.labels, trainerKits[who].predictions);
    await said("#action-result", `Claimed ${expected} of 500.`, 60_000);
    assert.equal(Number((await market.getSubmission(bountyId, address(who))).claimed), expected, "the claim on chain is the page's count");
  }
  await page.locator("#counts", { hasText: "2 claims" }).waitFor({ timeout: 30_000 });
  await shot("4-claimed");

  // The best claim reveals (the model is uploaded after its reveal transaction); the server's verifier attests.
  await later(HOUR + 1);
  const best = await bestClaimant(market, bountyId, TRAINERS.map(address));
  const winner = TRAINERS.find((who) => address(who) === best)!;
  const loser = TRAINERS.find((who) => who !== winner)!;
  await as(winner);
  await revealAndVerify(bountyId, kits[winner], model(winner), best);
  // The server's audit replays the ended bounty from the chain and the published files.
  await page.locator("#audit-verdict", { hasText: "Passed" }).waitFor({ timeout: 180_000 });
  assert.ok((await page.locator("#audit td code").allTextContents()).includes("data.sealedInputs"), "the audit's checks are listed");
  await shot("5-bounty-completed");
  await assertAccessible(page, "the completed bounty's page");
  // Long hex is short, whole in its title, and copied by its button, which names it whole for screen readers.
  const copyWinner = page.locator("#winner button.copy");
  assert.equal((await copyWinner.getAttribute("aria-label"))?.toLowerCase(), `copy the winner ${best.toLowerCase()}`);
  await copyWinner.click();
  await page.locator("#winner button.copy", { hasText: /^(Copied|Press Ctrl\+C)$/ }).waitFor();
  assert.equal(await market.credits(best), REWARD + STAKE, "the winner's credits: the reward and its stake, to the wei");

  // Anyone settles the other submission; the winner withdraws.
  await settleAndWithdraw(address(loser));
  assert.equal(await coin.balanceOf(best), 1000n * MDC + REWARD + STAKE, "the winner holds the faucet's, the reward and its stake back, exactly");
  // The README's picture of the bounty page: the winner's view of the ended bounty, from the top to the verdicts.
  await page.goto("about:blank");
  await open(bountyId, "Completed");
  await page.locator(".verdict", { hasText: "Reproduced" }).first().waitFor({ timeout: 30_000 });
  await page.locator("#audit-verdict").waitFor({ timeout: 30_000 });
  const verdictsEnd = await page.locator("#report-section").evaluate((section) => section.getBoundingClientRect().bottom + window.scrollY);
  await page.screenshot({ path: path.join(root, "docs", "bounty-page.png"), fullPage: true,
    clip: { x: 0, y: 0, width: 1280, height: Math.ceil(verdictsEnd + 16) } });

  // A bounty nobody enters, posted with the chain's clock hours ahead of the browser's (the permit's deadline is
  // the chain's): once its model deadline has passed, anyone records its end (Refunded) from the page, and the
  // requester withdraws its reward and both verifier bonds, then both fee bonds.
  await as("requester");
  await newBounty("Nobody came");
  await page.getByLabel("Reward (MDC)").fill("1");
  await page.getByRole("button", { name: "Split and seal in this browser" }).click();
  await saved(() => page.getByRole("button", { name: "Upload, sign and post" }).click(), "second-reveal-kit.json");
  await page.waitForURL((url) => /#\/bounty\/0x[0-9a-f]{64}/.test(url.hash) && !url.hash.includes(bountyId), { timeout: 60_000 });
  const unentered = page.url().split("/bounty/")[1];
  await later(HOUR + 5 * 60 + 1);
  await open(unentered, "Refunded");
  await page.getByRole("button", { name: "Record the end (Refunded)" }).click();
  await said("#action-result", "The end is recorded.", 60_000);
  // The first bounty's verifier bond, the second's reward (1 MDC) and bond (its stake, 10 MDC).
  await page.getByRole("button", { name: "Withdraw 1,000,000,000,011.000000000000000007 MDC" }).click();
  await said("#action-result", "Withdrawn: the ModelCoin is in your wallet.", 60_000);
  assert.equal(await coin.balanceOf(address("requester")), 1000n * MDC + STAKE - REWARD, "the requester has its second reward and its bonds back, exactly");
  await page.getByRole("button", { name: "Withdraw 0.2 ETH" }).click();
  await said("#action-result", "Withdrawn: the ether is in your wallet.", 60_000);
  assert.equal(await market.feeCredits(address("requester")), 0n, "both fee bonds came back to the requester");

  // Nothing secret left the page before the transaction that reveals it.
  assertSecretsKept(wallet.sent, marketAbi, { requesterKit, unsealed: { "plain test inputs": hexlify(testInputs) },
    trainers: TRAINERS.map((who) => ({ name: who, address: address(who), kit: trainerKits[who], model: model(who), revealed: who === winner })) });
  // The check does see a secret where it is sent: the labels in their reveal transaction, the winner's model in its upload.
  assert.throws(() => assertNotSentBefore(wallet.sent, { labels: requesterKit.labels }, wallet.sent.length), /carries the labels as hex/);
  assert.throws(() => assertNotSentBefore(wallet.sent, { model: `0x${readFileSync(model(winner)).toString("hex")}` }, wallet.sent.length),
    /carries the model as raw bytes/);

  // A wrong network is named, with a way out.
  await page.evaluate(() => (window as unknown as { __switchChain: (id: string) => void }).__switchChain("0x1"));
  await page.locator(".warn", { hasText: "Wrong network" }).waitFor();
  assertClean(wallet, "during the bounty");
  assert.deepEqual(wallet.permits, [permitFor(REWARD + STAKE), permitFor(STAKE), permitFor(STAKE), permitFor(11n * MDC)],
    "the only permits signed: the reward with its bond, two stakes and the second bounty's reward with its bond");
  return `passed (bounty ${bountyId} won by ${best}; ${wallet.sent.length} requests, none with a secret before its reveal; no CSP violation); `
    + "screenshots in .run/ui-screenshots/";
}

/**
 * The vectors' 2,500 rows of four measurements, labelled with the logistic regression's own class for each, one in
 * ten moved to the next class: that model scores about 90%, the factorization machine a little less.
 */
function dataset(): Buffer {
  const { header, rows, predictions } = vectorsData("inference", MODELS.trainerA);
  const classOf = getBytes(predictions);
  const lines = rows.map((row, i) => `${row},${CLASSES[(classOf[i] + (i % 10 === 3 ? 1 : 0)) % CLASSES.length]}`);
  return Buffer.from([`${header},label`, ...lines].join("\n") + "\n");
}

function matches(labels: string, predictions: string): number {
  const [a, b] = [getBytes(labels), getBytes(predictions)];
  return a.reduce((count, label, i) => count + (label === b[i] ? 1 : 0), 0);
}

await run("e2e", main);
