// Regression bounties (metric MeanAbsoluteError, docs/protocol.md "Scoring"): the word-at-a-time score against a
// reference on edge-case and random vectors, a whole bounty scored by clipped absolute error, the largest bounty
// allowed under the per-transaction gas cap, and every revert the metric adds. The invariant is checked after every
// step, rejected calls included.
import { expect } from "chai";
import { network } from "hardhat";
import {
  BURN,
  Metric,
  MarketWorld,
  Phase,
  SlashReason,
  Status,
  scoreOf,
  prng,
  useMarketWorld,
  type Bounty,
  type Entry,
} from "./helpers/market.js";
import {
  INT32_MAX,
  INT32_MIN,
  clippedErrorScore,
  decodeInt32,
  encodeInt32,
  predictionsScoring,
  randomTargets,
} from "./helpers/fixedPoint.js";
import { MAX_REGRESSION_TEST_SIZE, MAX_TEST_SIZE, MIN_TEST_SIZE } from "../frontend/src/protocol/constants.js";

const { ethers, networkHelpers } = await network.create();
const UINT32_MAX = 2 ** 32 - 1;
const GAS_CAP = 16_777_216n; // EIP-7825

/** Sum of min(|p - y|, cap) in exact integers: the contract's clippedAbsoluteErrors. */
function clippedErrors(labels: Uint8Array, predictions: Uint8Array, cap: bigint): bigint {
  const y = decodeInt32(labels);
  const p = decodeInt32(predictions);
  let sum = 0n;
  for (let i = 0; i < y.length; i++) {
    const error = BigInt(p[i]) - BigInt(y[i]);
    const absolute = error < 0n ? -error : error;
    sum += absolute < cap ? absolute : cap;
  }
  return sum;
}

describe("Scoring: MeanAbsoluteError", function () {
  let harness: Awaited<ReturnType<typeof ethers.deployContract>>;
  const random = prng(22);

  before(async function () {
    harness = await ethers.deployContract("ScoringHarness");
  });

  async function expectScore(labels: number[], predictions: number[], maxError: number, expected: number) {
    const y = encodeInt32(labels);
    const p = encodeInt32(predictions);
    expect(clippedErrorScore(y, p, maxError), "reference").to.equal(expected);
    expect(await harness.score(Metric.MeanAbsoluteError, maxError, y, p)).to.equal(BigInt(expected));
  }

  it("scores maxError minus the absolute error per item, negative values included", async function () {
    await expectScore([0, 0], [0, 0], 10, 20);
    await expectScore([-5, 7], [-8, 2], 10, 7 + 5);
    await expectScore([-100, -1, 3], [-97, 1, -3], 10, 7 + 8 + 4);
    await expectScore([-2_000_000_000], [-2_000_000_003], 5, 2);
  });

  it("clips at exactly maxError: an error of maxError and any larger one score 0, maxError - 1 scores 1", async function () {
    await expectScore([10, 10, 10, 10], [20, 0, 21, 19], 10, 0 + 0 + 0 + 1);
    await expectScore([-10, -10], [0, -11], 10, 0 + 9);
  });

  it("takes int32 extremes without overflow: |INT32_MIN - INT32_MAX| = 2^32 - 1", async function () {
    const y = encodeInt32([INT32_MIN, INT32_MAX, INT32_MIN, 0]);
    const p = encodeInt32([INT32_MAX, INT32_MIN, INT32_MIN, INT32_MIN]);
    // Unclipped (no error exceeds a cap of 2^32 - 1), the exact distances come back.
    const expected = 2n * BigInt(UINT32_MAX) + 0n + 2n ** 31n;
    expect(await harness.clippedAbsoluteErrors(y, p, UINT32_MAX)).to.equal(expected);
    expect(clippedErrors(y, p, BigInt(UINT32_MAX))).to.equal(expected);
    expect(await harness.clippedAbsoluteErrors(y, p, UINT32_MAX - 1)).to.equal(expected - 2n);
    // Clipped at the largest maxError a 100-item bounty allows.
    const cap = Math.floor(UINT32_MAX / 100);
    await expectScore([INT32_MIN, INT32_MAX, INT32_MIN, 0], [INT32_MAX, INT32_MIN, INT32_MIN, INT32_MIN], cap, cap);
    await expectScore([INT32_MAX - 1, INT32_MIN + 1], [INT32_MAX, INT32_MIN], cap, 2 * (cap - 1));
  });

  it("reads a tail shorter than a word, and nothing past the end, at every length around word boundaries", async function () {
    for (const items of [0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 23, 24, 31, 100]) {
      const labels = encodeInt32(randomTargets(random, items, -1000, 1000));
      const predictions = encodeInt32(randomTargets(random, items, -1000, 1000));
      const score = BigInt(clippedErrorScore(labels, predictions, 500));
      expect(await harness.score(Metric.MeanAbsoluteError, 500, labels, predictions), `${items} items`).to.equal(score);
    }
    // The last item is exact; a longer `predictions` is not read beyond `labels`' length.
    const labels = encodeInt32([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const predictions = encodeInt32([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 99]);
    expect(await harness.clippedAbsoluteErrors(labels, predictions, 1000)).to.equal(0n);
    expect(await harness.clippedAbsoluteErrors(labels.slice(0, 36), predictions.slice(0, 36), 1000)).to.equal(0n);
  });

  it("agrees with the reference on random vectors over the whole int32 range and near targets", async function () {
    for (let round = 0; round < 20; round++) {
      const items = 1 + Math.floor(random() * 70);
      const labels = randomTargets(random, items);
      const near = labels.map((y) => Math.max(INT32_MIN, Math.min(INT32_MAX, y + Math.floor(random() * 2001) - 1000)));
      const far = randomTargets(random, items);
      // Small caps, and caps up to 2^32 - 1, where the clipping compares near the top of a 32-bit lane.
      const cap = round % 2 === 0 ? 1 + Math.floor(random() * 1500) : UINT32_MAX - Math.floor(random() * 2 ** 31);
      for (const predictions of [near, far]) {
        const y = encodeInt32(labels);
        const p = encodeInt32(predictions);
        expect(await harness.clippedAbsoluteErrors(y, p, cap)).to.equal(clippedErrors(y, p, BigInt(cap)));
        // The market keeps maxError x testSize within uint32, which the score needs.
        if (cap * items <= UINT32_MAX) {
          expect(await harness.score(Metric.MeanAbsoluteError, cap, y, p)).to.equal(BigInt(clippedErrorScore(y, p, cap)));
        }
      }
    }
  });

  it("leaves Accuracy as it was: matching bytes", async function () {
    expect(await harness.score(Metric.Accuracy, 0, Uint8Array.from([1, 2, 3]), Uint8Array.from([1, 0, 3]))).to.equal(2n);
  });
});

describe("BountyMarket regression bounties", function () {
  let world: MarketWorld;
  let signers: MarketWorld["signers"];
  useMarketWorld(ethers, networkHelpers, (w) => {
    world = w;
    signers = w.signers;
  });

  const MAX_ERROR = 1000;
  const regression = (labels = encodeInt32(randomTargets(prng(7), 100, -50_000, 50_000))) => ({
    labels,
    metric: Metric.MeanAbsoluteError,
    maxError: MAX_ERROR,
  });

  async function commitScoring(bounty: Bounty, trainer: MarketWorld["signers"][number], score: number): Promise<Entry> {
    return world.commitModel(bounty, trainer, 0, predictionsScoring(bounty.labels, bounty.maxError, score));
  }

  it("plays a whole bounty: the clipped score ranks, ties go to the earliest commit, minScore, a ScoreMismatch slash", async function () {
    const max = 100 * MAX_ERROR;
    const bounty = await world.createBounty({ ...regression(), minScore: 90_000 });
    const stored = await world.market.getBounty(bounty.id);
    expect(stored.metric).to.equal(BigInt(Metric.MeanAbsoluteError));
    expect(stored.maxError).to.equal(BigInt(MAX_ERROR));
    expect(stored.numClasses).to.equal(0n);
    expect(stored.responseWindow).to.equal(bounty.window);

    const tiedFirst = await commitScoring(bounty, signers[3], 95_500);
    const liar = await commitScoring(bounty, signers[4], 99_000);
    const tiedLater = await commitScoring(bounty, signers[5], 95_500);
    const low = await commitScoring(bounty, signers[6], 89_999);
    const entries = [tiedFirst, liar, tiedLater, low];
    for (const entry of entries) expect(scoreOf(bounty, entry.predictions) <= max).to.equal(true);
    await world.toClaiming(bounty, entries);
    // Labels of any int32 values are revealed: there is no class range to check.
    expect(await world.phase(bounty)).to.equal(Phase.Claiming);
    await world.expectRevert(world.as(signers[3]).claimScore(bounty.id, max + 1), "ScoreTooHigh", BigInt(max + 1), BigInt(max));

    for (const entry of [tiedFirst, tiedLater, low]) await world.claim(bounty, entry);
    await world.claim(bounty, liar, 99_500); // its predictions score 99,000
    await world.endOfPhase(bounty);
    // Below minScore: no contender, nothing to reveal.
    await world.expectRevert(world.sendReveal(bounty, low), "NotContender", bounty.id, low.trainer.address, 89_999n, 90_000n);

    const slash = world.reveal(bounty, liar);
    await expect(slash)
      .to.emit(world.market, "SubmissionSlashed")
      .withArgs(bounty.id, liar.trainer.address, SlashReason.ScoreMismatch, bounty.stake);
    await expect(slash).to.emit(world.market, "SubmissionRevealed");
    await world.reveal(bounty, tiedLater);
    await world.reveal(bounty, tiedFirst);
    const [ranked, scores] = await world.market.rankedCandidates(bounty.id, 10);
    expect(ranked).to.deep.equal([tiedFirst.trainer.address, tiedLater.trainer.address]);
    expect(scores).to.deep.equal([95_500n, 95_500n]);

    await world.endOfPhase(bounty);
    await world.attest(bounty, [], true);
    expect(await world.phase(bounty)).to.equal(Phase.Challenging); // two candidates: the proposal may be disputed
    await world.endOfPhase(bounty);
    await world.advance(bounty);
    expect(await world.phase(bounty)).to.equal(Phase.Completed);
    expect(await world.status(bounty, tiedFirst.trainer.address)).to.equal(Status.Won);
    expect(await world.status(bounty, liar.trainer.address)).to.equal(Status.Slashed);
    for (const entry of [tiedLater, low]) await world.settle(bounty, entry.trainer.address);
    expect(await world.credits(tiedFirst.trainer.address)).to.equal(bounty.reward + bounty.stake);
    expect(await world.credits(tiedLater.trainer.address)).to.equal(bounty.stake);
    expect(await world.credits(low.trainer.address)).to.equal(bounty.stake);
    expect(await world.credits(BURN)).to.equal(bounty.stake);
    expect((await world.market.getBounty(bounty.id)).escrow).to.equal(0n);
    await world.withdrawAll();
  });

  it("reveals labels with negative values and bytes that no class could hold, and scores the int32 extremes", async function () {
    const targets = Array.from({ length: 100 }, (_, i) => [INT32_MIN, INT32_MAX, -1, 0, 255][i % 5]);
    const bounty = await world.createBounty({ ...regression(encodeInt32(targets)), minScore: 1 });
    const opposite = await world.commitModel(bounty, signers[3], 0, encodeInt32(targets.map((y) => (y < 0 ? INT32_MAX : INT32_MIN))));
    await world.toClaiming(bounty, [opposite]);
    expect(scoreOf(bounty, opposite.predictions)).to.equal(0);
    await world.claim(bounty, opposite);
    expect((await world.market.getSubmission(bounty.id, opposite.trainer.address)).claimed).to.equal(0n);
  });

  describe("rejects", function () {
    const largestFor = (testSize: number) => Math.floor(UINT32_MAX / testSize);
    const cases: [string, Record<string, unknown>, string, unknown[]][] = [
      ["Accuracy with a maxError", { maxError: 1 }, "InvalidMaxError", [Metric.Accuracy, 1n, 0n, 0n]],
      [
        "MeanAbsoluteError with classes",
        { metric: Metric.MeanAbsoluteError, maxError: 10, numClasses: 2 },
        "NumClassesNotZero",
        [2n],
      ],
      [
        "MeanAbsoluteError with a zero maxError",
        { metric: Metric.MeanAbsoluteError, maxError: 0, numClasses: 0 },
        "InvalidMaxError",
        [Metric.MeanAbsoluteError, 0n, 1n, BigInt(largestFor(100))],
      ],
      [
        "MeanAbsoluteError with maxError x testSize over uint32",
        { metric: Metric.MeanAbsoluteError, maxError: largestFor(100) + 1, numClasses: 0 },
        "InvalidMaxError",
        [Metric.MeanAbsoluteError, BigInt(largestFor(100) + 1), 1n, BigInt(largestFor(100))],
      ],
      [
        "MeanAbsoluteError with 99 test items",
        { metric: Metric.MeanAbsoluteError, maxError: 10, numClasses: 0, testSize: 99 },
        "InvalidTestSize",
        [99n, BigInt(MIN_TEST_SIZE), BigInt(MAX_REGRESSION_TEST_SIZE)],
      ],
      [
        "MeanAbsoluteError with one item more than MAX_REGRESSION_TEST_SIZE (an Accuracy bounty may have them)",
        { metric: Metric.MeanAbsoluteError, maxError: 10, numClasses: 0, testSize: MAX_REGRESSION_TEST_SIZE + 1 },
        "InvalidTestSize",
        [BigInt(MAX_REGRESSION_TEST_SIZE + 1), BigInt(MIN_TEST_SIZE), BigInt(MAX_REGRESSION_TEST_SIZE)],
      ],
      [
        "a minScore above maxError x testSize",
        { metric: Metric.MeanAbsoluteError, maxError: 10, numClasses: 0, minScore: 1001 },
        "InvalidMinScore",
        [1001n, 1000n],
      ],
    ];
    for (const [what, override, error, args] of cases) {
      it(`${what} (${error})`, async function () {
        const { params } = await world.bountyParams();
        await world.expectRevert(world.createWith(signers[1], { ...params, ...override }), error, ...args);
      });
    }

    it("accepts the bounds themselves: the largest maxError, and Accuracy beyond MAX_REGRESSION_TEST_SIZE", async function () {
      expect(MAX_REGRESSION_TEST_SIZE).to.be.lessThan(MAX_TEST_SIZE);
      const largest = largestFor(100);
      const bounty = await world.createBounty({ ...regression(), maxError: largest, minScore: largest * 100 });
      expect(largest * 100).to.be.at.most(UINT32_MAX);
      expect((await world.market.getBounty(bounty.id)).maxError).to.equal(BigInt(largest));
      const accuracy = await world.createBounty({ testSize: MAX_REGRESSION_TEST_SIZE + 1, minScore: 1 });
      expect((await world.market.getBounty(accuracy.id)).testSize).to.equal(BigInt(MAX_REGRESSION_TEST_SIZE + 1));
    });

    it("label and prediction vectors of one byte per item (WrongLabelCount, WrongPredictionCount)", async function () {
      const bounty = await world.createBounty(regression());
      const entry = await commitScoring(bounty, signers[3], 99_000);
      await world.toGroundTruth(bounty, [entry]);
      const asAccuracy = bounty.labels.slice(0, 100);
      await world.expectRevert(world.as(bounty.requester).revealGroundTruth(bounty.id, asAccuracy, bounty.salt), "WrongLabelCount", 400n, 100n);
      await world.revealGroundTruth(bounty);
      await world.claim(bounty, entry);
      await world.endOfPhase(bounty);
      const short = { ...entry, predictions: entry.predictions.slice(0, 396) };
      await world.expectRevert(world.sendReveal(bounty, short), "WrongPredictionCount", 400n, 396n);
      await world.reveal(bounty, entry);
    });
  });

  it("the largest allowed bounty: every transaction under the 16,777,216-gas cap, with a quarter of it to spare", async function () {
    this.timeout(600_000);
    const testSize = MAX_REGRESSION_TEST_SIZE;
    const maxError = Math.floor(UINT32_MAX / testSize);
    // Targets over the whole int32 range: almost every calldata byte is non-zero, the most expensive case.
    const labels = encodeInt32(randomTargets(prng(37), testSize));
    const gas: [string, bigint][] = [];
    const record = async (step: string, send: Promise<import("ethers").ContractTransactionResponse>) => {
      const tx = await world.step(send);
      gas.push([step, (await tx.wait())!.gasUsed]);
    };

    const { params, bounty } = await world.bountyParams({ labels, metric: Metric.MeanAbsoluteError, maxError, minScore: 1 });
    world.bountyIds.add(bounty.id);
    await record("createBounty", world.createWith(bounty.requester, params));
    const best = await commitScoring(bounty, signers[3], maxError * testSize - 12_345);
    const other = await commitScoring(bounty, signers[4], 1);
    await networkHelpers.time.increaseTo(bounty.deadline);
    await record("releaseKey", world.as(bounty.requester).releaseKey(bounty.id, bounty.key));
    for (const entry of [best, other]) await world.commitPredictions(bounty, entry);
    await world.endOfPhase(bounty);
    await record("revealGroundTruth", world.as(bounty.requester).revealGroundTruth(bounty.id, bounty.labels, bounty.salt));
    for (const entry of [best, other]) await record("claimScore", world.as(entry.trainer).claimScore(bounty.id, scoreOf(bounty, entry.predictions)));
    await world.endOfPhase(bounty);
    await record("revealSubmission", world.sendReveal(bounty, other));
    await record("revealSubmission", world.sendReveal(bounty, best));
    await world.endOfPhase(bounty);
    await record("attestVerification", world.as(bounty.verifier).attestVerification(bounty.id, [], true, params.metadataCid));
    await world.endOfPhase(bounty);
    await record("advance", world.as(signers[11]).advance(bounty.id));
    await record("settleSubmission", world.as(signers[11]).settleSubmission(bounty.id, other.trainer.address));
    await record("withdraw", world.as(best.trainer).withdraw());
    expect(await world.status(bounty, best.trainer.address)).to.equal(Status.Won);
    for (const [step, used] of gas) expect(used, step).to.be.lessThan((GAS_CAP * 3n) / 4n);
  });
});
