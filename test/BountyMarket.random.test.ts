// Randomized whole-bounty scenarios (property tests). Each seed plays a bounty with random trainers,
// claims, cheats, withdrawals, missed deadlines and verdicts; the invariant is checked after every step,
// and at the end every account's balance change must equal what a reference model of the rules in
// docs/protocol.md predicts, with the market left empty.
import { expect } from "chai";
import { network } from "hardhat";
import {
  MarketWorld,
  Phase,
  Status,
  countMatches,
  predictionsWithErrors,
  prng,
  type Commitment,
  type CreatedBounty,
} from "./helpers/market.js";

const { ethers, networkHelpers } = await network.create();
const SCENARIOS = Number(process.env.RANDOM_SCENARIOS ?? 50);

interface Trainer {
  commitment?: Commitment;
  live: boolean;
  correct: number;
  claimed?: number;
  slashed: boolean;
}

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

  for (let seed = 1; seed <= SCENARIOS; seed++) {
    it(`seed ${seed}: invariant after every step, payouts match the rules, money conserved`, async function () {
      const world = await networkHelpers.loadFixture(deployMarket);
      world.bountyIds.clear();
      await playScenario(world, seed);
    });
  }
});

async function playScenario(world: MarketWorld, seed: number): Promise<void> {
  const random = prng(seed * 7919);
  const chance = (p: number) => random() < p;
  const pick = (max: number) => Math.floor(random() * max);
  const signers = world.signers;
  const accounts = signers.slice(0, 12).map((s) => s.address);
  const balancesBefore = await Promise.all(accounts.map((a) => world.token.balanceOf(a)));
  const model = new ReferenceModel();

  const testSize = 1 + pick(80);
  const numClasses = 2 + pick(4);
  const hasVerifier = chance(0.5);
  const bounty = await world.createBounty({
    testSize,
    numClasses,
    reward: BigInt(1 + pick(1000)),
    stake: BigInt(pick(50)),
    verifier: hasVerifier ? signers[2].address : undefined,
    seed,
  });
  const requester = bounty.requester.address;
  model.add(requester, -bounty.reward);

  // Open: commits, withdrawals, re-commits.
  const trainers = new Map<string, Trainer>();
  const trainerSigners = signers.slice(3, 3 + pick(6));
  const commit = async (index: number) => {
    const signer = trainerSigners[index];
    const correct = pick(testSize + 1);
    const predictions = predictionsWithErrors(bounty.labels, testSize - correct, numClasses);
    const commitment = await world.commit(bounty, signer, correct, predictions);
    trainers.set(signer.address, { commitment, live: true, correct: countMatches(predictions, bounty.labels), slashed: false });
    model.add(signer.address, -bounty.stake);
  };
  for (let i = 0; i < trainerSigners.length; i++) {
    if (!chance(0.9)) continue;
    await commit(i);
    if (chance(0.15)) {
      await world.step(world.as(trainerSigners[i]).withdrawSubmission(bounty.id));
      trainers.get(trainerSigners[i].address)!.live = false;
      model.add(trainerSigners[i].address, bounty.stake);
      if (chance(0.3)) await commit(i);
    }
  }
  const live = [...trainers.entries()].filter(([, t]) => t.live);

  const splitReward = (endPhase: Phase) => {
    const share = live.length === 0 ? 0n : bounty.reward / BigInt(live.length);
    model.add(requester, bounty.reward - share * BigInt(live.length));
    for (const [address] of live) model.add(address, share + bounty.stake);
    return endPhase;
  };

  let endPhase: Phase;
  if (chance(0.1)) {
    await world.step(world.as(bounty.requester).cancelBounty(bounty.id));
    endPhase = splitReward(Phase.Cancelled);
  } else if (chance(0.15)) {
    await world.endOfWindow(bounty);
    await world.advance(bounty);
    endPhase = live.length === 0 ? (model.add(requester, bounty.reward), Phase.Refunded) : splitReward(Phase.RequesterSlashed);
  } else {
    await world.toGroundTruthPhase(bounty);
    await world.revealGroundTruth(bounty);
    if (live.length === 0) {
      model.add(requester, bounty.reward);
      endPhase = Phase.Refunded;
    } else {
      endPhase = await playClaimsAndCandidates(world, bounty, live, model, random, hasVerifier);
    }
  }

  expect(await world.market.phaseOf(bounty.id)).to.equal(BigInt(endPhase));
  for (const [address] of trainers) {
    const status = await world.status(bounty, address);
    if (status === Status.Withdrawn || status === Status.Won || status === Status.Slashed) {
      await world.expectNothingToSettle(bounty, address);
    } else {
      await world.settle(bounty, address);
    }
  }
  expect((await world.market.getBounty(bounty.id)).escrow).to.equal(0n);
  await world.withdrawAll();
  expect(await world.token.balanceOf(world.market)).to.equal(0n);

  const balancesAfter = await Promise.all(accounts.map((a) => world.token.balanceOf(a)));
  for (let i = 0; i < accounts.length; i++) {
    expect(balancesAfter[i] - balancesBefore[i], `balance change of account ${i}`).to.equal(
      model.expected.get(accounts[i]) ?? 0n,
    );
  }
}

async function playClaimsAndCandidates(
  world: MarketWorld,
  bounty: CreatedBounty,
  live: [string, Trainer][],
  model: ReferenceModel,
  random: () => number,
  hasVerifier: boolean,
): Promise<Phase> {
  const chance = (p: number) => random() < p;
  const requester = bounty.requester.address;
  const testSize = bounty.labels.length;

  // Claims in random order: honest, over, under, or none.
  const order = [...live].sort(() => random() - 0.5);
  for (const [, trainer] of order) {
    const roll = random();
    if (roll < 0.2) continue;
    let claimed = trainer.correct;
    if (roll < 0.35) claimed = Math.min(testSize, trainer.correct + 1 + Math.floor(random() * 5));
    else if (roll < 0.4 && trainer.correct > 0) claimed = trainer.correct - 1;
    trainer.claimed = claimed;
    await world.claim(bounty, trainer.commitment!, claimed);
  }
  const claimers = live.filter(([, t]) => t.claimed !== undefined);
  // The on-chain ranking holds every claim, by count descending, then by commit order.
  const [onChainOrder, onChainClaims] = await world.market.rankedClaims(bounty.id, 100);
  expect(onChainOrder).to.have.length(claimers.length);
  for (let i = 1; i < onChainOrder.length; i++) {
    const before = await world.market.getSubmission(bounty.id, onChainOrder[i - 1]);
    const after = await world.market.getSubmission(bounty.id, onChainOrder[i]);
    const ranked = onChainClaims[i - 1] > onChainClaims[i] || (onChainClaims[i - 1] === onChainClaims[i] && before.sequence < after.sequence);
    expect(ranked, `rank ${i}`).to.equal(true);
  }
  await world.endOfWindow(bounty);
  await world.advance(bounty);

  const byAddress = new Map(live);
  let winner: string | undefined;
  for (const address of onChainOrder as string[]) {
    expect((await world.market.getBounty(bounty.id)).candidate).to.equal(address);
    const trainer = byAddress.get(address)!;
    if (!chance(0.8)) {
      await world.endOfWindow(bounty);
      await world.advance(bounty);
    } else {
      await world.revealCandidate(bounty, trainer.commitment!);
      if (trainer.claimed === trainer.correct) {
        if (!hasVerifier) {
          winner = address;
          break;
        }
        const verdict = random();
        if (verdict < 0.7) {
          await world.step(world.as(world.signers[2]).attestVerification(bounty.id, true, "bafkreireport"));
          winner = address;
          break;
        }
        if (verdict < 0.8) {
          await world.endOfWindow(bounty);
          await world.advance(bounty);
          winner = address;
          break;
        }
        await world.step(world.as(world.signers[2]).attestVerification(bounty.id, false, "bafkreireport"));
      }
    }
    trainer.slashed = true;
    model.add(requester, bounty.stake);
  }

  if (winner) model.add(winner, bounty.reward + bounty.stake);
  else model.add(requester, bounty.reward);
  for (const [address, trainer] of live) {
    if (address === winner || trainer.slashed) continue;
    if (trainer.claimed !== undefined) model.add(address, bounty.stake);
    else model.add(requester, bounty.stake);
  }
  return winner ? Phase.Completed : Phase.Refunded;
}
