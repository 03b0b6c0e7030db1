// "Dispute this decision" in a real browser against the server jar and a Hardhat node with the development arbitrator
// (the stack of the xss test). Two trainers reveal on a bounty whose verifier, played by the test, rejects the better
// model and proposes the other: the bounty page shows Challenging with its deadline and the proposal, and offers the
// rejected trainer the dispute with its cost (the arbitrator's fee in ether, the deposit in MDC) before the wallet opens.
// The trainer adds a reason and an evidence file, which the page publishes through the server (an ERC-1497 evidence
// document naming the file), approves the deposit and sends the dispute with the fee. The page shows Disputed, the
// dispute and the evidence; the arbitrator's owner rules for the rejected trainer, and the page shows the ruling: the
// decision overturned, the trainer the winner. Accessible (axe) at each step, and no CSP violation.
//
//   npx tsx frontend/tests/dispute.test.ts          (needs Debian's chromium and the built server jar)
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { Contract, Wallet, hexlify, type ContractTransactionResponse } from "ethers";
import { groundTruthCommitment, modelCommitment, predictionsCommitment, sealingKeyCommitment } from "../src/protocol/commitments";
import { cidOf } from "../src/ipfs/unixfs";
import { KEYS, abi, apiFetch, assertAccessible, assertClean, bountySteps, connectAs, launchBrowser, run, screenshot, startStack, walletPage,
  type Who } from "./harness";

const HOUR = 3600;
const MDC = 10n ** 18n;
const REWARD = 10n * MDC;
const STAKE = MDC;

async function main(): Promise<string> {
  const stack = await startStack("dispute");
  const { chain, site } = stack;
  const signer = (who: Who) => new Wallet(KEYS[who], chain);
  const address = (who: Who) => signer(who).address;
  const market = new Contract(stack.marketAddress, abi("market/BountyMarket"), chain);
  const as = (who: Who) => market.connect(signer(who)) as Contract;
  const coinAs = (who: Who) => new Contract(stack.coinAddress, abi("ModelCoin"), signer(who));
  const record = JSON.parse(readFileSync(stack.deployment, "utf8")) as { arbitrator: string };
  const arbitrator = new Contract(record.arbitrator, abi("dispute/DevelopmentArbitrator"), signer("owner"));
  const mined = async (sent: Promise<ContractTransactionResponse>) => (await sent).wait();
  const api = async <T>(pathAndQuery: string): Promise<T> => (await (await apiFetch(stack, pathAndQuery)).json()) as T;
  const cid = async (text: string) => cidOf(new TextEncoder().encode(text));

  // A bounty of 100 test rows, 10 MDC, stakes of 1 MDC, the rogue verifier (the test's); the requester escrows the
  // reward and the verifier bond and sends the fee bond.
  const cost = (await market.arbitrationCost()) as bigint;
  for (const who of ["requester", "trainerA", "trainerB"] as Who[]) await mined(coinAs(who).claimAirdrop());
  await mined(coinAs("requester").approve(stack.marketAddress, REWARD + STAKE));
  const requester = address("requester");
  const id = (await market.nextBountyId(requester)) as string;
  const labels = Uint8Array.from({ length: 100 }, (_, i) => i % 3);
  const [salt, key, reportSalt] = [0, 1, 2].map(() => hexlify(randomBytes(32)));
  await mined(as("requester").createBounty({
    trainingCid: await cid("training"), sealedTestInputsCid: await cid("sealed"), metadataCid: await cid("metadata"),
    groundTruthCommitment: groundTruthCommitment(id, labels, salt), sealingKeyCommitment: sealingKeyCommitment(id, key),
    reward: REWARD, trainerStake: STAKE, modelDeadline: (await chain.getBlock("latest"))!.timestamp + HOUR + 60, responseWindow: HOUR,
    testSize: labels.length, numClasses: 3, maxSubmissions: 10, metric: 0, maxError: 0, minScore: 1, verifier: address("rogueVerifier"),
    nonce: await market.requesterNonce(requester),
  }, { value: cost }));

  // Trainer A predicts every label, trainer B ten fewer; both reveal.
  const later = async (seconds: number) => {
    await chain.send("evm_increaseTime", [seconds]);
    await chain.send("evm_mine", []);
  };
  const entries = await Promise.all((["trainerA", "trainerB"] as Who[]).map(async (who, i) => ({
    who, modelCid: await cid(`model of ${who}`), modelSalt: hexlify(randomBytes(32)), predictionsSalt: hexlify(randomBytes(32)),
    predictions: labels.map((label, row) => (i === 1 && row < 10 ? (label + 1) % 3 : label)),
  })));
  for (const e of entries) {
    await mined(coinAs(e.who).approve(stack.marketAddress, STAKE));
    await mined(as(e.who).commitModel(id, modelCommitment(id, address(e.who), e.modelCid, e.modelSalt)));
  }
  await later(HOUR + 61);
  await mined(as("requester").releaseKey(id, key));
  for (const e of entries) await mined(as(e.who).commitPredictions(id, predictionsCommitment(id, address(e.who), e.predictions, e.predictionsSalt)));
  await later(HOUR + 1);
  await mined(as("requester").revealGroundTruth(id, labels, salt));
  const score = (e: (typeof entries)[number]) => e.predictions.filter((p, row) => p === labels[row]).length;
  for (const e of entries) await mined(as(e.who).claimScore(id, score(e)));
  await later(HOUR + 1);
  for (const e of entries) {
    await mined(as(e.who).revealSubmission(id, e.predictions, e.predictionsSalt, e.modelCid, e.modelSalt, labels,
      await market.rankHint(id, address(e.who), score(e))));
  }
  // The verifier rejects the better model and proposes the other.
  await later(HOUR + 1);
  await mined(as("rogueVerifier").attestVerification(id, [address("trainerA")], true, await cid(`report ${reportSalt}`)));

  const browser = await launchBrowser();
  const wallet = await walletPage(browser, stack);
  const { page } = wallet;
  const { open, said } = bountySteps(wallet, stack);
  await connectAs(wallet, site, "trainerA");
  await open(id, "Challenging");
  await page.locator("#countdown", { hasText: /^in (59|60) min|^in 1 h$/ }).waitFor();
  await page.locator("#proposal", { hasText: "The verifier proposes" }).waitFor({ timeout: 30_000 }); // once the server indexed it
  const proposal = (await page.locator("#proposal").textContent())!.replace(/\s+/g, " ");
  const proposed = address("trainerB").toLowerCase();
  assert.ok(proposal.includes(`The verifier proposes that ${proposed.slice(0, 6)}…${proposed.slice(-4)}`), `the proposal is said: ${proposal}`);
  assert.ok(proposal.includes("Anyone may dispute it until this step ends"), proposal);
  await page.locator("#dispute-cost").waitFor();
  const costText = (await page.locator("#dispute-cost").textContent())!.replace(/\s+/g, " ");
  assert.ok(costText.includes("It costs 0.1 ETH") && costText.includes("a deposit of 1 MDC"), `the cost is said before the wallet opens: ${costText}`);
  await assertAccessible(page, "a bounty in Challenging, with the dispute form");
  await screenshot(page, "dispute-1-challenging");

  // The trainer disputes, with a reason and an evidence file.
  const evidenceFile = Buffer.from("the model reproduces: run it on the opened test inputs\n");
  await page.getByLabel("Why (optional: published as evidence with the file)").fill("My model reproduces all 100 predictions.");
  await page.getByLabel(/^Evidence file/).setInputFiles({ name: "rerun.txt", mimeType: "text/plain", buffer: evidenceFile });
  const sentBefore = wallet.sent.length;
  await page.getByRole("button", { name: "Dispute this decision" }).click();
  await said("#action-result", "Disputed: the arbitrator rules next", 60_000);
  const uploads = wallet.sent.slice(sentBefore).filter((request) => request.kind === "http" && request.target.includes("/api/files/evidence"));
  assert.equal(uploads.length, 2, "the evidence file and its ERC-1497 document go through the server's upload");
  await page.locator("#phase", { hasText: "Disputed" }).waitFor({ timeout: 30_000 });
  type Detail = { disputes: { disputeId: string; fee: string; deposit: string; disputer: string }[]; evidence: { uri: string }[] };
  let detail = await api<Detail>(`/api/bounties/${id}`);
  for (let attempt = 0; detail.disputes.length === 0 || detail.evidence.length === 0; attempt++) { // the server indexes a block or two behind
    assert.ok(attempt < 120, "the server indexes the dispute and its evidence");
    await new Promise((resolve) => setTimeout(resolve, 250));
    detail = await api<Detail>(`/api/bounties/${id}`);
  }
  const [dispute] = detail.disputes;
  assert.deepEqual([dispute.fee, dispute.deposit, dispute.disputer], [cost.toString(), STAKE.toString(), address("trainerA").toLowerCase()]);
  const evidence = await api<{ name: string; description: string; fileURI: string }>(detail.evidence[0].uri);
  assert.equal(evidence.description, "My model reproduces all 100 predictions.");
  assert.deepEqual(Buffer.from(await (await apiFetch(stack, evidence.fileURI)).arrayBuffer()), evidenceFile, "the evidence file is on IPFS");
  await page.locator(`#disputes a[href="${detail.evidence[0].uri}"]`).waitFor({ timeout: 30_000 });
  await page.locator(".ruling", { hasText: "Awaiting the arbitrator's ruling." }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Dispute this decision" }).count(), 0, "one dispute per bounty");
  await assertAccessible(page, "a disputed bounty");

  // The arbitrator names trainer A (its commit sequence, 1): the rejection is overturned and A wins.
  await mined(arbitrator.rule(dispute.disputeId, 1));
  await page.locator(".ruling", { hasText: /Ruled 1: the winner is 0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4} \(commit 1\); the decision was overturned/ })
    .waitFor({ timeout: 30_000 });
  await page.locator("#phase", { hasText: "Completed" }).waitFor({ timeout: 30_000 });
  await screenshot(page, "dispute-2-ruled");
  await assertAccessible(page, "a bounty whose dispute was ruled");
  assert.equal(await market.feeCredits(address("trainerA")), cost, "the overturning disputer's fee comes back");
  assertClean(wallet, "on the dispute's pages");
  return `passed (bounty ${id}: disputed from the page with evidence, ruled, overturned; no CSP violation)`;
}

await run("dispute", main);
