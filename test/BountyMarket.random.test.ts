// Randomized whole-bounty scenarios for BountyMarket (property tests). Each seed plays a bounty (every third one a
// regression bounty, scored by clipped absolute error) with
// random trainers and attackers (score liars, silent contenders, idle submissions, hand labellers whose
// model cannot reproduce their predictions, replaced commits), a requester that may miss its windows, and
// an honest, silent or rogue verifier, and a watcher that may dispute the sealed test inputs or the verification's
// proposal, ruled by the arbitrator (truthfully, or refusing with ruling 0). The token and ether invariants are checked
// after every step; at the end every account's balance change and the burned amount must equal what a reference model
// of the rules in docs/protocol.md predicts, with the market left holding only the burn and no ether.
import { expect } from "chai";
import { network } from "hardhat";
import {
  BURN,
  MarketWorld,
  Metric,
  Phase,
  Status,
  predictionsWithErrors,
  prng,
  scoreOf,
  type Bounty,
  type Entry,
} from "./helpers/market.js";
import { encodeInt32, predictionsScoring, randomTargets } from "./helpers/fixedPoint.js";

const { ethers, networkHelpers } = await network.create();
const SCENARIOS = Number(process.env.RANDOM_SCENARIOS ?? 40);

type Role = "honest" | "liar" | "silent" | "idle" | "unclaimed" | "handLabeller";
type VerifierMode = "honest" | "silent" | "rogue";

/** Who disputes, when a scenario disputes (a funded signer that never trains). */
const WATCHER = 11;

/** How often each dispute outcome was played, so that the default run is shown to cover them all. */
const played = { inputsSlashed: 0, inputsResumed: 0, overturned: 0, upheld: 0, undisputed: 0 };

interface Trainer {
  entry: Entry;
  role: Role;
  sequence: number;
  /** The true score of its predictions (correct items, or the clipped-error score). */
  correct: number;
  claimed?: number;
}

/** Expected balance changes, per account, and the expected burn. */
class ReferenceModel {
  readonly expected = new Map<string, bigint>();
  add(account: string, amount: bigint) {
    this.expected.set(account, (this.expected.get(account) ?? 0n) + amount);
  }
}

describe("BountyMarket random scenarios", function () {
  async function deployMarket() {
    return MarketWorld.deploy(ethers, networkHelpers);
  }

  after(function () {
    if (SCENARIOS < 40) return;
    for (const [outcome, count] of Object.entries(played)) expect(count, `scenarios with ${outcome}`).to.be.greaterThan(0);
  });

  for (let seed = 1; seed <= SCENARIOS; seed++) {
    it(`seed ${seed}: invariant after every step, payouts and burns match the rules`, async function () {
      const world = await networkHelpers.loadFixture(deployMarket);
      world.reset();
      await playScenario(world, seed);
    });
  }
});

async function playScenario(world: MarketWorld, seed: number): Promise<void> {
  const random = prng(seed * 7919);
  const chance = (p: number) => random() < p;
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const signers = world.signers;
  const accounts = signers.slice(0, 12).map((s) => s.address);
  const balancesBefore = await world.balances(accounts);
  const model = new ReferenceModel();

  const testSize = 100 + Math.floor(random() * 60);
  const numClasses = 2 + Math.floor(random() * 4);
  const regression = seed % 3 === 0;
  const maxError = regression ? 1 + Math.floor(random() * 2000) : 0;
  const maxScore = regression ? maxError * testSize : testSize;
  const bounty = await world.createBounty({
    testSize,
    numClasses: regression ? 0 : numClasses,
    reward: BigInt(1 + Math.floor(random() * 1000)),
    stake: BigInt(Math.floor(random() * 50)),
    minScore: 1 + Math.floor(random() * maxScore),
    seed,
    ...(regression
      ? { metric: Metric.MeanAbsoluteError, maxError, labels: encodeInt32(randomTargets(random, testSize, -100_000, 100_000)) }
      : {}),
  });
  const predictionsWithScore = (score: number) =>
    regression
      ? predictionsScoring(bounty.labels, maxError, score)
      : predictionsWithErrors(bounty.labels, testSize - score, numClasses);
  const requester = bounty.requester.address;
  model.add(requester, -bounty.reward);
  const burn = (amount: bigint) => model.add(BURN, amount);
  const refund = (t: Trainer) => model.add(t.entry.trainer.address, bounty.stake);

  // Open: commits (a few scores repeat, so ties happen), some replaced later with a new place in line.
  const trainers = new Map<string, Trainer>();
  let sequence = 0;
  const roles: Role[] = ["honest", "honest", "honest", "liar", "silent", "idle", "unclaimed", "handLabeller"];
  for (const signer of signers.slice(3, 3 + Math.floor(random() * 8))) {
    if (!chance(0.85)) continue;
    const correct = Math.min(maxScore, pick([maxScore, maxScore - 1, maxScore - 5, Math.floor(maxScore / 2), 10]));
    const entry = await world.commitModel(bounty, signer, correct, predictionsWithScore(correct));
    trainers.set(signer.address, { entry, role: pick(roles), sequence: ++sequence, correct });
    model.add(signer.address, -bounty.stake);
  }
  for (const trainer of trainers.values()) {
    if (!chance(0.2)) continue;
    const replacement = await world.commitModel(bounty, trainer.entry.trainer, trainer.correct, trainer.entry.predictions);
    trainer.entry = replacement;
    trainer.sequence = ++sequence;
  }
  const all = [...trainers.values()];

  let endPhase: Phase;
  if (all.length === 0 && chance(0.5)) {
    await world.step(world.as(bounty.requester).cancelBounty(bounty.id));
    model.add(requester, bounty.reward);
    endPhase = Phase.Cancelled;
  } else if (all.length === 0) {
    await world.endOfPhase(bounty);
    await world.advance(bounty);
    model.add(requester, bounty.reward);
    endPhase = Phase.Refunded;
  } else if (chance(0.1)) {
    await world.expectRevert(world.as(bounty.requester).cancelBounty(bounty.id), "HasSubmissions", bounty.id, BigInt(all.length));
    await networkHelpers.time.increaseTo(bounty.deadline);
    await world.endOfPhase(bounty);
    await world.advance(bounty);
    burn(bounty.reward);
    all.forEach(refund);
    endPhase = Phase.RequesterSlashed;
  } else {
    endPhase = await playFromKeyRelease(world, bounty, all, model, random);
  }

  expect(await world.phase(bounty)).to.equal(endPhase);
  for (const trainer of all) {
    const status = await world.status(bounty, trainer.entry.trainer.address);
    if (status !== Status.Won && status !== Status.Slashed) await world.settle(bounty, trainer.entry.trainer.address);
  }
  expect((await world.market.getBounty(bounty.id)).escrow).to.equal(0n);
  await world.withdrawAll();
  expect(await world.token.balanceOf(world.market)).to.equal(await world.credits(BURN));
  expect(await ethers.provider.getBalance(world.market), "no ether left").to.equal(0n);
  expect(await world.credits(BURN), "burned").to.equal(model.expected.get(BURN) ?? 0n);

  const balancesAfter = await world.balances(accounts);
  for (let i = 0; i < accounts.length; i++) {
    expect(balancesAfter[i] - balancesBefore[i], `balance change of account ${i}`).to.equal(model.expected.get(accounts[i]) ?? 0n);
  }
}

async function playFromKeyRelease(
  world: MarketWorld,
  bounty: Bounty,
  all: Trainer[],
  model: ReferenceModel,
  random: () => number,
): Promise<Phase> {
  const chance = (p: number) => random() < p;
  const burn = (amount: bigint) => model.add(BURN, amount);
  const refund = (t: Trainer) => model.add(t.entry.trainer.address, bounty.stake);
  const requester = bounty.requester.address;
  const maxScore = bounty.metric === Metric.Accuracy ? bounty.labels.length : (bounty.labels.length / 4) * bounty.maxError;

  await world.releaseKey(bounty);
  const watcher = world.signers[WATCHER];
  if (chance(0.25)) {
    // The watcher disputes the sealed test inputs; the arbitrator finds them broken (1), sound (2) or refuses (0).
    const { disputeId } = await world.disputeTestInputs(bounty, watcher);
    expect(await world.phase(bounty)).to.equal(Phase.Disputed);
    const ruling = pickRuling(random, [1, 2, 0]);
    await world.rule(disputeId, ruling);
    if (ruling === 1) {
      played.inputsSlashed++;
      // The requester is treated as never having released the key: every trainer refunded, the bond to the watcher.
      model.add(watcher.address, bounty.stake);
      model.add(requester, -bounty.stake);
      burn(bounty.reward);
      all.forEach(refund);
      return Phase.RequesterSlashed;
    }
    played.inputsResumed++;
    model.add(watcher.address, -bounty.stake); // the deposit compensates the requester for the delay
    model.add(requester, bounty.stake);
    expect(await world.phase(bounty)).to.equal(Phase.Predicting);
  }
  const predicted = all.filter((t) => t.role !== "idle");
  for (const trainer of predicted) await world.commitPredictions(bounty, trainer.entry);
  all.filter((t) => t.role === "idle").forEach(() => burn(bounty.stake));
  await world.endOfPhase(bounty);
  if (predicted.length === 0) {
    await world.advance(bounty);
    model.add(requester, bounty.reward);
    return Phase.Refunded;
  }
  if (chance(0.1)) {
    await world.endOfPhase(bounty);
    await world.advance(bounty);
    burn(bounty.reward);
    predicted.forEach(refund);
    return Phase.RequesterSlashed;
  }
  await world.step(world.as(bounty.requester).revealGroundTruth(bounty.id, bounty.labels, bounty.salt));

  // Claims in random order; liars overstate (or understate a perfect score).
  const claimers = predicted.filter((t) => t.role !== "unclaimed").sort(() => random() - 0.5);
  predicted.filter((t) => t.role === "unclaimed").forEach(() => burn(bounty.stake));
  for (const trainer of claimers) {
    trainer.claimed = trainer.role !== "liar" ? trainer.correct : trainer.correct === maxScore ? maxScore - 1 : trainer.correct + 1;
    await world.claim(bounty, trainer.entry, trainer.claimed);
  }
  const contenders = claimers.filter((t) => t.claimed! >= bounty.minScore);
  claimers.filter((t) => t.claimed! < bounty.minScore).forEach(refund);
  await world.endOfPhase(bounty);
  if (contenders.length === 0) {
    await world.advance(bounty);
    model.add(requester, bounty.reward);
    return Phase.Refunded;
  }

  // Revealing, in random order: the silent stay silent, liars are recounted and burned.
  const revealing = contenders.filter((t) => t.role !== "silent").sort(() => random() - 0.5);
  for (const trainer of revealing) {
    await world.reveal(bounty, trainer.entry);
    if (trainer.role === "liar") burn(bounty.stake);
  }
  const ranked = revealing
    .filter((t) => t.role !== "liar")
    .sort((a, b) => b.correct - a.correct || a.sequence - b.sequence);
  const [onChain] = await world.market.rankedCandidates(bounty.id, 100);
  expect(onChain).to.deep.equal(ranked.map((t) => t.entry.trainer.address));
  await world.endOfPhase(bounty);
  // A silent contender keeps its stake unless it made the best claim (ties: the earliest commit).
  const bestClaim = [...contenders].sort((a, b) => b.claimed! - a.claimed! || a.sequence - b.sequence)[0];
  for (const trainer of contenders.filter((t) => t.role === "silent")) {
    if (trainer === bestClaim) burn(bounty.stake);
    else refund(trainer);
  }
  if (ranked.length === 0) {
    await world.advance(bounty);
    model.add(requester, bounty.reward);
    return Phase.Refunded;
  }

  // Verifying: an honest verifier rejects the hand labellers ahead of the first reproducing model and proposes it; a
  // rogue one rejects the first k candidates (any k, all of them included) and proposes the next or none.
  const mode: VerifierMode = chance(0.5) ? "honest" : chance(0.5) ? "silent" : "rogue";
  const firstGood = ranked.findIndex((t) => t.role !== "handLabeller");
  const truth: Trainer | undefined = firstGood >= 0 ? ranked[firstGood] : undefined;
  let proposal: Trainer | undefined;
  if (mode === "silent") {
    await world.endOfPhase(bounty);
    proposal = ranked[0];
  } else {
    const k = mode === "honest" ? (truth ? firstGood : ranked.length) : Math.floor(random() * (ranked.length + 1));
    proposal = ranked[k];
    await world.attest(bounty, ranked.slice(0, k).map((t) => t.entry), proposal !== undefined);
  }
  let winner: Trainer | undefined = proposal;
  if (ranked.length === 1 && proposal !== undefined) {
    // The fast path: one revealed candidate, proposed: nobody else it harms.
    if (mode === "silent") await world.advance(bounty);
    expect(await world.phase(bounty)).to.equal(Phase.Completed);
  } else if (chance(0.5)) {
    // Challenging: the watcher disputes; the arbitrator names the truth, or refuses (0: the proposal stands).
    expect(await world.phase(bounty)).to.equal(Phase.Challenging);
    const watcher = world.signers[WATCHER];
    const { disputeId } = await world.disputeVerification(bounty, watcher);
    const refuse = chance(0.15);
    const ruling = refuse ? 0n : await world.rulingFor(bounty, truth?.entry ?? null);
    await world.rule(disputeId, ruling);
    if (!refuse) winner = truth;
    if (winner !== proposal) {
      played.overturned++;
      model.add(watcher.address, bounty.stake); // its deposit back and the verifier bond
      model.add(requester, -bounty.stake);
    } else {
      played.upheld++;
      model.add(watcher.address, -bounty.stake); // its deposit to the proposed winner, or burned
      if (proposal) model.add(proposal.entry.trainer.address, bounty.stake);
      else burn(bounty.stake);
    }
  } else {
    expect(await world.phase(bounty)).to.equal(Phase.Challenging);
    played.undisputed++;
    await world.endOfPhase(bounty);
    await world.advance(bounty);
  }
  // Settlement: candidates ranking before the winner are burned, those after it refunded; no winner burns all.
  const winnerAt = winner ? ranked.indexOf(winner) : ranked.length;
  ranked.forEach((trainer, i) => {
    if (i < winnerAt) burn(bounty.stake);
    else if (i === winnerAt) model.add(trainer.entry.trainer.address, bounty.reward + bounty.stake);
    else refund(trainer);
  });
  if (!winner) burn(bounty.reward);
  expect(scoreOf(bounty, ranked[0].entry.predictions)).to.equal(ranked[0].correct);
  return winner ? Phase.Completed : Phase.NoWinner;
}

/** One of `rulings`, at random. */
function pickRuling(random: () => number, rulings: number[]): number {
  return rulings[Math.floor(random() * rulings.length)];
}
