// Gas of every step of a whole bounty, at several test sizes and submission counts, beside the
// calldata floor of the data-heavy steps, for BountyMarket: Accuracy bounties, then MeanAbsoluteError (regression)
// bounties on the default hardfork and on Cancun (no EIP-7623 floor, so the gas is calldata plus execution), then
// every dispute step (before the development arbitrator) by the number of submissions.
// Prints a Markdown report (docs/benchmarks.md holds the last one).
//
//   npm run bench:gas            # N = 100 ... 100000 x 1, 10, 100 submissions; regression N = 100 ... 37500 x 1, 10;
//                                # disputes with 2, 10, 100 submissions (N = 100)
//   BENCH_SIZES=100 BENCH_SUBMISSIONS=1,10 BENCH_REGRESSION_SIZES=10000 BENCH_REGRESSION_SUBMISSIONS=1 npm run bench:gas
//   BENCH_SIZES= BENCH_REGRESSION_SIZES= npm run bench:gas          # the dispute table only
import { network } from "hardhat";
import type { BaseContract, ContractTransactionResponse, TransactionReceipt } from "ethers";
import { bountyId, groundTruthCommitment, modelCommitment, predictionsCommitment, sealingKeyCommitment } from "../frontend/src/protocol/commitments.js";
import { Metric } from "../frontend/src/protocol/constants.js";
import { encodeInt32, predictionsScoring, randomTargets } from "../test/helpers/fixedPoint.js";
import { predictionsWithErrors, prng, randomLabels } from "../test/helpers/random.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyContract = BaseContract & Record<string, any>;

const list = (value: string) => value.split(",").filter((v) => v !== "").map(Number);
const testSizes = list(process.env.BENCH_SIZES ?? "100,1000,10000,100000");
const submissionCounts = list(process.env.BENCH_SUBMISSIONS ?? "1,10,100");
const regressionSizes = list(process.env.BENCH_REGRESSION_SIZES ?? "100,1000,10000,37500");
const regressionSubmissions = list(process.env.BENCH_REGRESSION_SUBMISSIONS ?? "1,10");
const disputeSubmissions = list(process.env.BENCH_DISPUTE_SUBMISSIONS ?? "2,10,100");
const NUM_CLASSES = 10;
/** The regression bounties' clipping bound: 1000 units (e.g. 1.000 at 3 decimals); 37,500 x 1000 fits uint32. */
const MAX_ERROR = 1000;
const WINDOW = 3600n;
const MDC = 10n ** 18n;

type Connection = Awaited<ReturnType<typeof network.create>>;
const defaultChain = await network.create();
const { ethers } = defaultChain;

interface StepGas {
  step: string;
  count: number;
  min: bigint;
  max: bigint;
  mean: bigint;
  calldataBytes?: number;
  floor?: bigint;
  calldataCost?: bigint;
}

/**
 * The two floors of a transaction's calldata. EIP-7623 (`floor`): it pays at least 21000 + 10 gas per calldata token
 * (zero byte 1 token, other 4). EIP-2028 (`calldataCost`): 21000 + 16 gas per non-zero byte + 4 per zero byte, what
 * the calldata costs before any execution.
 */
function calldataFloor(data: string): { bytes: number; floor: bigint; calldataCost: bigint } {
  const bytes = ethers.getBytes(data);
  let tokens = 0n;
  for (const b of bytes) tokens += b === 0 ? 1n : 4n;
  return { bytes: bytes.length, floor: 21000n + 10n * tokens, calldataCost: 21000n + 4n * tokens };
}

class GasLog {
  private readonly receipts = new Map<string, { receipt: TransactionReceipt; data: string }[]>();

  async record(step: string, send: Promise<ContractTransactionResponse>): Promise<void> {
    const tx = await send;
    this.add(step, (await tx.wait())!, tx.data);
  }

  add(step: string, receipt: TransactionReceipt, data: string): void {
    const list = this.receipts.get(step) ?? [];
    list.push({ receipt, data });
    this.receipts.set(step, list);
  }

  summary(withFloor: Set<string>): StepGas[] {
    return [...this.receipts.entries()].map(([step, list]) => {
      const gas = list.map((r) => r.receipt.gasUsed);
      const total = gas.reduce((a, b) => a + b, 0n);
      const row: StepGas = {
        step,
        count: list.length,
        min: gas.reduce((a, b) => (a < b ? a : b)),
        max: gas.reduce((a, b) => (a > b ? a : b)),
        mean: total / BigInt(list.length),
      };
      if (withFloor.has(step)) {
        const { bytes, floor, calldataCost } = calldataFloor(list[0].data);
        row.calldataBytes = bytes;
        row.floor = floor;
        row.calldataCost = calldataCost;
      }
      return row;
    });
  }
}

/**
 * Deploys ModelCoin, the development arbitrator (ruled by the deployer) and BountyMarket, funds a requester and
 * `submissions` fresh trainers, and draws the labels and the first bounty's id and salt.
 */
async function setUp(chain: Connection, testSize: number, submissions: number) {
  const { ethers } = chain;
  const signers = await ethers.getSigners();
  const [deployer, requester, verifier] = signers;
  const trainers = Array.from({ length: submissions }, () => ethers.Wallet.createRandom().connect(ethers.provider));
  const token = (await ethers.deployContract("ModelCoin", [deployer.address, 0n])) as AnyContract;
  const arbitrator = (await ethers.deployContract("DevelopmentArbitrator")) as AnyContract;
  const market = (await ethers.deployContract("BountyMarket", [
    await token.getAddress(),
    await arbitrator.getAddress(),
    "0x",
    "/ipfs/" + CIDS.metadata,
    "/ipfs/" + CIDS.metadata,
  ])) as AnyContract;
  const marketAddress = await market.getAddress();
  const as = (signer: unknown) => market.connect(signer as never) as AnyContract;

  await token.mint(requester.address, 1000n * MDC);
  await (token.connect(requester) as AnyContract).approve(marketAddress, ethers.MaxUint256);
  for (const trainer of trainers) {
    await deployer.sendTransaction({ to: trainer.address, value: 10n ** 18n });
    await token.mint(trainer.address, 100n * MDC);
    await (token.connect(trainer) as AnyContract).approve(marketAddress, ethers.MaxUint256);
  }

  const random = prng(testSize + submissions);
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const id = bountyId(chainId, marketAddress, requester.address, 0n);
  const salt = ethers.hexlify(ethers.randomBytes(32));
  const fee: bigint = await market.arbitrationCost();
  return { deployer, requester, verifier, trainers, arbitrator, market, as, log: new GasLog(), random, id, salt, fee };
}

const CIDS = {
  training: "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
  sealed: "bafybeihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
  metadata: "bafkreidvbhs33ighmljlvr7zbv2ywwzcmp5adtf4kqvlly67cy56bdtmve",
  model: "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
};

/** What a bounty is scored with: the labels, each trainer's predictions and their true scores. */
interface Scored {
  metric: Metric;
  maxError: number;
  numClasses: number;
  labels: Uint8Array;
  /** The predictions of trainer `i` of `submissions`, and their score. */
  predictions(i: number, submissions: number): { predictions: Uint8Array; score: number };
}

/** Random labels over 10 classes; trainer `i` gets the first few items wrong. */
function accuracy(random: () => number, testSize: number): Scored {
  const labels = randomLabels(random, testSize, NUM_CLASSES);
  return {
    metric: Metric.Accuracy, maxError: 0, numClasses: NUM_CLASSES, labels,
    predictions(i, submissions) {
      const wrong = Math.min(testSize - 1, Math.floor((i * testSize) / (2 * submissions)) + 1);
      return { predictions: predictionsWithErrors(labels, wrong, NUM_CLASSES), score: testSize - wrong };
    },
  };
}

/**
 * Targets drawn over the whole int32 range (almost every calldata byte non-zero: the most expensive case);
 * trainer `i`'s predictions lose a growing share of the best score.
 */
function regression(random: () => number, testSize: number): Scored {
  const labels = encodeInt32(randomTargets(random, testSize));
  const best = MAX_ERROR * testSize;
  return {
    metric: Metric.MeanAbsoluteError, maxError: MAX_ERROR, numClasses: 0, labels,
    predictions(i, submissions) {
      const score = best - Math.floor((i * best) / (2 * submissions)) - 1;
      return { predictions: predictionsScoring(labels, MAX_ERROR, score), score };
    },
  };
}

type Setup = Awaited<ReturnType<typeof setUp>>;

/**
 * Creates a bounty in which every trainer is a contender (minScore 1) and commits every trainer's model; returns
 * what {@link toVerifying} needs.
 */
async function openBounty(chain: Connection, setup: Setup, testSize: number, scored: Scored) {
  const { ethers, networkHelpers } = chain;
  const { requester, verifier, trainers, as, log, id, salt, fee } = setup;
  const submissions = trainers.length;
  const labels = scored.labels;
  const key = ethers.hexlify(ethers.randomBytes(32));
  const deadline = BigInt(await networkHelpers.time.latest()) + 10_000n;
  await log.record(
    "createBounty",
    as(requester).createBounty({
      trainingCid: CIDS.training,
      sealedTestInputsCid: CIDS.sealed,
      metadataCid: CIDS.metadata,
      groundTruthCommitment: groundTruthCommitment(id, labels, salt),
      sealingKeyCommitment: sealingKeyCommitment(id, key),
      reward: 100n * MDC,
      trainerStake: 10n * MDC,
      modelDeadline: deadline,
      responseWindow: WINDOW,
      testSize,
      numClasses: scored.numClasses,
      maxSubmissions: Math.max(submissions, 1),
      metric: scored.metric,
      maxError: scored.maxError,
      minScore: 1,
      verifier: verifier.address,
      nonce: 0n,
    }, { value: fee }),
  );

  const committed = [];
  for (const [i, trainer] of trainers.entries()) {
    const { predictions, score } = scored.predictions(i, submissions);
    const predictionsSalt = ethers.hexlify(ethers.randomBytes(32));
    const modelSalt = ethers.hexlify(ethers.randomBytes(32));
    await log.record("commitModel", as(trainer).commitModel(id, modelCommitment(id, trainer.address, CIDS.model, modelSalt)));
    committed.push({ trainer, predictions, predictionsSalt, modelSalt, correct: score });
  }
  await networkHelpers.time.increaseTo(deadline);
  await log.record("releaseKey", as(requester).releaseKey(id, key));
  return committed;
}

/** From Predicting: every trainer predicts, claims its true score and reveals; the bounty is then Verifying. */
async function toVerifying(chain: Connection, setup: Setup, scored: Scored, committed: Awaited<ReturnType<typeof openBounty>>) {
  const { networkHelpers } = chain;
  const { requester, market, as, log, random, id, salt } = setup;
  const labels = scored.labels;
  for (const c of committed) {
    const commitment = predictionsCommitment(id, c.trainer.address, c.predictions, c.predictionsSalt);
    await log.record("commitPredictions", as(c.trainer).commitPredictions(id, commitment));
  }
  await networkHelpers.time.increase(Number(WINDOW));
  await log.record("revealGroundTruth", as(requester).revealGroundTruth(id, labels, salt));
  for (const c of committed) await log.record("claimScore", as(c.trainer).claimScore(id, c.correct));
  await networkHelpers.time.increase(Number(WINDOW));

  // Every contender reveals, in random order, each with the hint its client computed just before.
  for (const c of [...committed].sort(() => random() - 0.5)) {
    const hint = await market.rankHint(id, c.trainer.address, c.correct);
    await log.record(
      "revealSubmission",
      as(c.trainer).revealSubmission(id, c.predictions, c.predictionsSalt, CIDS.model, c.modelSalt, labels, hint),
    );
  }
  await networkHelpers.time.increase(Number(WINDOW));
}

/**
 * A whole bounty in which every trainer is a contender (minScore 1): the most reveals possible. The verifier accepts
 * the best; with two candidates or more its proposal is final at the end of Challenging, recorded by `advance`.
 */
async function playBounty(
  chain: Connection,
  testSize: number,
  submissions: number,
  scoring: (random: () => number, testSize: number) => Scored,
): Promise<StepGas[]> {
  const { networkHelpers } = chain;
  const setup = await setUp(chain, testSize, submissions);
  const { verifier, as, log, random, id } = setup;
  const scored = scoring(random, testSize);
  const committed = await openBounty(chain, setup, testSize, scored);
  await toVerifying(chain, setup, scored, committed);
  await log.record("attestVerification", as(verifier).attestVerification(id, [], true, CIDS.model));
  if (submissions > 1) {
    await networkHelpers.time.increase(Number(WINDOW));
    await log.record("advance (end of Challenging)", as(verifier).advance(id));
  }
  for (const c of committed.slice(1)) await log.record("settleSubmission", as(verifier).settleSubmission(id, c.trainer.address));
  await log.record("withdraw", as(committed[0].trainer).withdraw());
  await log.record("withdrawFees", as(setup.requester).withdrawFees());
  return log.summary(new Set(["revealGroundTruth", "revealSubmission"]));
}

/**
 * Every dispute step, on Accuracy bounties of 100 items with `submissions` contenders (at least 2), three bounties:
 * (1) a test-inputs dispute ruled "they open", then the verifier rejects the best and proposes the next, the best
 * disputes, another party adds evidence, and the arbitrator rules for the best (overturned: the others rank after it);
 * (2) a silent verifier's default disputed, ruled "none" (every candidate burned when settled); (3) a test-inputs
 * dispute ruled "they do not open" (the requester slashed, every trainer refunded).
 */
async function playDisputes(chain: Connection, submissions: number): Promise<StepGas[]> {
  const { networkHelpers } = chain;
  const log = new GasLog();
  /** Records a dispute's transaction as `step` and returns the arbitrator's dispute id. */
  const raise = async (step: string, market: AnyContract, send: Promise<ContractTransactionResponse>) => {
    const tx = await send;
    const receipt = (await tx.wait())!;
    log.add(step, receipt, tx.data);
    for (const entry of receipt.logs) {
      const parsed = market.interface.parseLog(entry);
      if (parsed?.name === "DisputeRaised") return parsed.args.disputeId as bigint;
    }
    throw new Error("no DisputeRaised");
  };
  const evidence = "/ipfs/" + CIDS.metadata;
  for (const story of ["overturned", "none", "inputs"] as const) {
    const setup = await setUp(chain, 100, submissions);
    const { deployer, verifier, trainers, arbitrator, market, as, random, id, fee } = setup;
    const rule = (disputeId: bigint, ruling: bigint) => (arbitrator.connect(deployer) as AnyContract).rule(disputeId, ruling);
    const scored = accuracy(random, 100);
    const committed = await openBounty(chain, { ...setup, log: new GasLog() }, 100, scored); // steps without disputes: above
    const inputs = await raise("disputeTestInputs", market, as(trainers[0]).disputeTestInputs(id, evidence, { value: fee }));
    if (story === "inputs") {
      await log.record("rule (test inputs: they do not open)", rule(inputs, 1n));
      for (const c of committed) await log.record("settleSubmission (refund)", as(verifier).settleSubmission(id, c.trainer.address));
      await log.record("withdrawFees", as(trainers[0]).withdrawFees());
      continue;
    }
    await log.record("rule (test inputs: they open)", rule(inputs, 2n));
    await toVerifying(chain, { ...setup, log: new GasLog() }, scored, committed);
    const sequence = async (trainer: string) => BigInt((await market.getSubmission(id, trainer)).sequence);
    if (story === "overturned") {
      await log.record("attestVerification (reject best, propose next)", as(verifier).attestVerification(id, [committed[0].trainer.address], true, CIDS.model));
      const step = "disputeVerification (the verifier's proposal)";
      const disputeId = await raise(step, market, as(committed[0].trainer).disputeVerification(id, evidence, { value: fee }));
      await log.record("submitEvidence", as(trainers[1]).submitEvidence(id, evidence));
      await log.record("rule (verification: overturned to a candidate)", rule(disputeId, await sequence(committed[0].trainer.address)));
    } else {
      await networkHelpers.time.increase(Number(WINDOW));
      const step = "disputeVerification (a silent verifier's default)";
      const disputeId = await raise(step, market, as(trainers[1]).disputeVerification(id, evidence, { value: fee }));
      await log.record("rule (verification: none)", rule(disputeId, BigInt(submissions) + 1n));
    }
    const settle = story === "overturned" ? "settleSubmission (ranks after the winner: refund)" : "settleSubmission (no winner: burn)";
    for (const c of committed.slice(story === "overturned" ? 1 : 0)) await log.record(settle, as(verifier).settleSubmission(id, c.trainer.address));
    if (story === "overturned") await log.record("withdrawFees", as(committed[0].trainer).withdrawFees());
  }
  return log.summary(new Set());
}

const lines: string[] = [];
let overall = 0n;
if (testSizes.length > 0) {
  lines.push("### BountyMarket", "");
  lines.push("| N | submissions | step | txs | gas (mean) | gas (max) | calldata bytes | EIP-7623 floor | max / floor | gas per label |");
  lines.push("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|");
  for (const testSize of testSizes) {
    for (const submissions of submissionCounts) {
      for (const row of await playBounty(defaultChain, testSize, submissions, accuracy)) {
        overall = row.max > overall ? row.max : overall;
        const ratio = row.floor ? (Number(row.max) / Number(row.floor)).toFixed(2) : "";
        const perLabel = row.floor ? (Number(row.max) / testSize).toFixed(1) : "";
        lines.push(
          `| ${testSize} | ${submissions} | ${row.step} | ${row.count} | ${row.mean} | ${row.max} | ${row.calldataBytes ?? ""} | ${row.floor ?? ""} | ${ratio} | ${perLabel} |`,
        );
      }
    }
  }
  lines.push("", `Largest transaction: ${overall} gas (the EIP-7825 cap is 16777216).`, "");
}

if (regressionSizes.length > 0) {
  // Cancun charges calldata at EIP-2028 prices with no EIP-7623 floor: its gas is the calldata cost plus execution.
  const cancun = await network.create({ override: { hardfork: "cancun" } });
  const chains: [string, Connection][] = [[`default (${(defaultChain.networkConfig as { hardfork?: string }).hardfork})`, defaultChain], ["cancun", cancun]];
  let regressionOverall = 0n;
  lines.push("### BountyMarket, MeanAbsoluteError (4 bytes per item)", "");
  lines.push("| N | submissions | hardfork | step | txs | gas (mean) | gas (max) | calldata bytes | EIP-2028 floor | max / EIP-2028 floor | EIP-7623 floor | gas per item |");
  lines.push("|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const testSize of regressionSizes) {
    for (const submissions of regressionSubmissions) {
      for (const [name, chain] of chains) {
        for (const row of await playBounty(chain, testSize, submissions, regression)) {
          if (chain === defaultChain) regressionOverall = row.max > regressionOverall ? row.max : regressionOverall;
          const ratio = row.calldataCost ? (Number(row.max) / Number(row.calldataCost)).toFixed(2) : "";
          const perItem = row.floor ? (Number(row.max) / testSize).toFixed(1) : "";
          lines.push(
            `| ${testSize} | ${submissions} | ${name} | ${row.step} | ${row.count} | ${row.mean} | ${row.max} | ${row.calldataBytes ?? ""} | ${row.calldataCost ?? ""} | ${ratio} | ${row.floor ?? ""} | ${perItem} |`,
          );
        }
      }
    }
  }
  lines.push("", `Largest regression transaction on the default hardfork: ${regressionOverall} gas (the EIP-7825 cap is 16777216).`, "");
}
if (disputeSubmissions.length > 0) {
  lines.push("### BountyMarket, disputes (N = 100, development arbitrator)", "");
  lines.push("| submissions | step | txs | gas (mean) | gas (max) |");
  lines.push("|---:|---|---:|---:|---:|");
  for (const submissions of disputeSubmissions) {
    for (const row of await playDisputes(defaultChain, Math.max(submissions, 2))) {
      lines.push(`| ${submissions} | ${row.step} | ${row.count} | ${row.mean} | ${row.max} |`);
    }
  }
  lines.push("");
}
console.log(lines.join("\n"));
