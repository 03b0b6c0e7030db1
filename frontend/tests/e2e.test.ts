// The web UI in a real browser against the real server and a Hardhat node: a requester posts a bounty,
// two trainers commit, time passes, the requester reveals, the trainers claim, the best one reveals, the
// server's verifier re-runs the model, and the page shows the winner and the verified report. The wallet is
// an injected EIP-1193 provider (announced through EIP-6963) that signs with Hardhat's test accounts, and every
// page runs under the UI's Content-Security-Policy: any violation fails the test (frontend/tests/harness.ts).
// The reward (2^64 + 1 wei) and the stake (10^30 + 7 wei) have more digits than a double holds: the API's JSON,
// the figures on the pages, the permits the wallet signs, the payout and the audit stay exact to the wei (issue 16).
// Screenshots of the main pages go to .run/ui-screenshots/.
//
//   npx tsx frontend/tests/e2e.test.ts          (needs Debian's chromium and the built server and CLI jars)
import assert from "node:assert/strict";
import path from "node:path";
import { Contract, NonceManager, Wallet } from "ethers";
import { KEYS, abi, apiFetch, assertClean, cli, connectAs, launchBrowser, run, screenshot, startStack, trainBaseline, walletPage, work,
  type Who } from "./harness";

const MDC = 10n ** 18n;
const REWARD = 2n ** 64n + 1n; // 18.446744073709551617 MDC
const STAKE = 10n ** 30n + 7n; // 1,000,000,000,000.000000000000000007 MDC
const TRAINERS: Who[] = ["trainerA", "trainerB"];

async function main(): Promise<string> {
  const stack = await startStack("e2e");
  const { chain, site } = stack;
  const market = new Contract(stack.marketAddress, abi("BountyMarket"), chain);
  const address = (who: Who) => new Wallet(KEYS[who]).address;
  // A stake no faucet gives: the owner mints it to each trainer (its nonces counted here, not asked of the node each time).
  const coin = new Contract(stack.coinAddress, abi("ModelCoin"), new NonceManager(new Wallet(KEYS.owner, chain)));
  for (const who of TRAINERS) await (await coin.mint(address(who), STAKE)).wait();
  const browser = await launchBrowser();
  const wallet = await walletPage(browser, stack);
  const { page } = wallet;
  // What the page shows once the faucet's 1,000 MDC came in: the trainers hold the minted stake too.
  const as = (who: Who) => connectAs(wallet, site, who, TRAINERS.includes(who) ? "1,000,000,001,000.000000000000000007 MDC" : "1,000 MDC");
  const shot = (name: string) => screenshot(page, name);
  const permitFor = (value: bigint) => ({ spender: stack.marketAddress.toLowerCase(), value: value.toString() });

  // The requester posts a bounty: one permit signature and one transaction; the reveal kit downloads.
  await as("requester");
  await page.goto(`${site}/#/new`);
  await page.getByLabel("Labelled dataset (CSV with a header row)").setInputFiles({ name: "points.csv", mimeType: "text/csv", buffer: dataset(300) });
  await page.getByLabel("Label column").selectOption("label");
  await page.getByLabel("Title").fill("Above or below the line");
  await page.getByLabel("Description").fill("Two coordinates; is the point above the line y = x?");
  await page.getByLabel("Submissions close in (minutes)").fill("10");
  await page.getByLabel("Response window (minutes)").fill("10");
  await page.getByLabel("Reward (MDC)").fill("18.446744073709551617");
  await page.getByLabel("Trainer stake (MDC)").fill("1000000000000.000000000000000007");
  await shot("1-post-a-bounty");
  wallet.rejectNextSignature(); // the requester changes its mind at the permit: nothing is sent, and it can try again
  await page.getByRole("button", { name: "Upload, sign and post" }).click();
  await page.locator("#notice", { hasText: "You rejected the request in your wallet; nothing was sent." }).waitFor();
  const revealKitDownload = page.waitForEvent("download");
  await page.getByRole("button", { name: "Upload, sign and post" }).click();
  const revealKit = path.join(work, "reveal-kit.json");
  await (await revealKitDownload).saveAs(revealKit);
  await page.waitForURL(/#\/bounty\/0x[0-9a-f]{64}/);
  const bountyId = page.url().split("/bounty/")[1];
  await page.locator("#phase", { hasText: "Open" }).waitFor();
  assert.deepEqual(wallet.permits, [permitFor(REWARD)], "the requester signed one permit (the rejected one is not signed), for the reward to the wei");
  // The API sends amounts as decimal strings, and the page shows them exact.
  const apiBounty = await (await apiFetch(stack, `/api/bounties/${bountyId}`)).text();
  assert.match(apiBounty, /"reward":"18446744073709551617"/);
  assert.match(apiBounty, /"trainerStake":"1000000000000000000000000000007"/);
  assert.equal((await (await apiFetch(stack, "/api/config")).json()).airdropAmount, (1000n * MDC).toString());
  const facts = await page.locator("dl.facts dd").allTextContents();
  assert.ok(facts.includes("18.446744073709551617 MDC"), `the reward is shown exact: ${facts}`);
  assert.ok(facts.includes("1,000,000,000,000.000000000000000007 MDC"), `the stake is shown exact: ${facts}`);
  await shot("2-bounty-open");

  // Two trainers train baselines with the CLI and commit through the UI (the server checks each model first).
  const kits: Record<string, string> = {};
  const training: Record<string, string[]> = { trainerA: ["--epochs", "10"], trainerB: ["--epochs", "1", "--learning-rate", "0.001"] };
  for (const who of TRAINERS) {
    const out = path.join(work, who);
    trainBaseline(stack, bountyId, out, training[who]);
    await as(who);
    await page.goto(`${site}/#/bounty/${bountyId}`);
    await page.getByLabel("Predictions (CSV with one column, or JSON)").setInputFiles(path.join(out, "predictions.csv"));
    await page.getByLabel("Model (ONNX)").setInputFiles(path.join(out, "model.onnx"));
    await page.locator("#submit-form", { hasText: "Committing stakes 1,000,000,000,000.000000000000000007 MDC." }).waitFor();
    const kitDownload = page.waitForEvent("download");
    await page.getByRole("button", { name: "Check, commit and stake" }).click();
    kits[who] = path.join(work, `${who}-kit.json`);
    await (await kitDownload).saveAs(kits[who]);
    await page.locator("#notice", { hasText: "Committed." }).waitFor({ timeout: 60_000 });
    // The permit is for the stake to the wei (through a double, 10^30 + 7 would be 1000000000000000019884624838656), and that is what left.
    assert.deepEqual(wallet.permits.at(-1), permitFor(STAKE), "the trainer's permit is the stake, to the wei");
    assert.equal(await coin.balanceOf(address(who)), 1000n * MDC, "the trainer keeps the faucet's 1,000 MDC, exactly");
  }

  // Time passes; the requester reveals with its kit; the trainers claim with theirs.
  await chain.send("evm_increaseTime", [601]);
  await chain.send("evm_mine", []);
  await as("requester");
  await page.goto(`${site}/#/bounty/${bountyId}`);
  await page.getByLabel("Reveal kit (the file you saved when posting)").setInputFiles(revealKit);
  await page.getByRole("button", { name: "Reveal the test labels" }).click();
  await page.locator("#notice", { hasText: "The labels are revealed" }).waitFor({ timeout: 60_000 });
  for (const who of TRAINERS) {
    await as(who);
    await page.goto(`${site}/#/bounty/${bountyId}`);
    await page.getByLabel("Trainer kit").setInputFiles(kits[who]);
    await page.getByRole("button", { name: "Claim my accuracy" }).click();
    await page.locator("#notice", { hasText: "Claimed." }).waitFor({ timeout: 60_000 });
  }
  // A second claim is refused by the contract, and the page says which custom error and why.
  await page.getByRole("button", { name: "Claim my accuracy" }).click();
  await page.locator("#notice", { hasText: "The contract refused: WrongSubmissionStatus(" }).waitFor({ timeout: 30_000 });
  await shot("3-bounty-claimed");

  // The claiming window ends; the best claim reveals; the server's verifier re-runs the model and attests.
  await chain.send("evm_increaseTime", [601]);
  await chain.send("evm_mine", []);
  // The best claim, as the contract ranks it (the head of its claim list), must reveal.
  const best = ((await market.getBounty(bountyId)).claimHead as string).toLowerCase();
  const winner = TRAINERS.find((who) => address(who).toLowerCase() === best)!;
  await as(winner);
  await page.goto(`${site}/#/bounty/${bountyId}`);
  await page.getByLabel("Trainer kit").setInputFiles(kits[winner]);
  await page.getByRole("button", { name: "Reveal my predictions and model" }).click();
  await page.locator("#winner", { hasText: best }).waitFor({ timeout: 120_000 });
  await page.locator("#verdict", { hasText: "Reproduced" }).waitFor({ timeout: 30_000 });
  await page.locator("table.matrix").waitFor();
  assert.equal(await page.locator("#phase").textContent(), "Completed");
  await shot("4-bounty-completed");
  // The payout, to the wei: the winner's reward and stake back as credits; the audit's JSON says the same in strings.
  assert.equal(await market.credits(best), REWARD + STAKE);
  const audit = JSON.parse(cli(stack, ["audit", bountyId, "--json"]));
  assert.equal(audit.passed, true);
  assert.deepEqual([audit.money.reward, audit.money.trainerStake, audit.money.credited[best], audit.money.escrow],
    [REWARD.toString(), STAKE.toString(), (REWARD + STAKE).toString(), STAKE.toString()], "the audit's amounts are exact decimal strings");

  // Everyone: the list, and the verified model in the registry with a prediction.
  await page.goto(`${site}/#/?phase=Completed`);
  await page.getByRole("link", { name: bountyId.slice(0, 6), exact: false }).first().waitFor();
  await page.locator("#list td", { hasText: "18.446744073709551617 MDC" }).first().waitFor();
  await shot("5-bounty-list");
  await page.goto(`${site}/#/models`);
  await page.getByRole("link", { name: "Above or below the line" }).click();
  await page.getByLabel(/Rows: one per line/).fill("1,9\n9,1");
  await page.getByRole("button", { name: "Predict" }).click();
  await page.locator("#predictions td", { hasText: /above|below/ }).first().waitFor();
  await shot("6-model");

  // A wrong network is named, with a way out.
  await page.evaluate(() => (window as unknown as { __switchChain: (id: string) => void }).__switchChain("0x1"));
  await page.locator(".warn", { hasText: "Wrong network" }).waitFor();
  assertClean(wallet, "during the bounty");
  assert.deepEqual(wallet.permits, [permitFor(REWARD), permitFor(STAKE), permitFor(STAKE)], "the only permits signed: the reward and two stakes");
  return `passed (bounty ${bountyId} won by ${best}, no CSP violation); screenshots in .run/ui-screenshots/`;
}

/** Two coordinates and whether the point lies above the line y = x, with a little noise. */
function dataset(rows: number): Buffer {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const lines = ["x,y,label"];
  for (let i = 0; i < rows; i++) {
    const x = random() * 10;
    const y = random() * 10;
    lines.push(`${x.toFixed(3)},${y.toFixed(3)},${(y > x) !== (random() < 0.05) ? "above" : "below"}`);
  }
  return Buffer.from(lines.join("\n") + "\n");
}

await run("e2e", main);
