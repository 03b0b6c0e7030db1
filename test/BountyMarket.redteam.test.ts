// A red-team pass over BountyMarket (beyond the eleven attacks of BountyMarket.attacks.test.ts): each test performs
// an attack found in review, or checks a rule that is easy to get wrong, and shows it refused or not paying.
// docs/protocol.md, "Found in review", has the numbers.
import { expect } from "chai";
import { network } from "hardhat";
import {
  BURN,
  MDC,
  MarketWorld,
  Phase,
  Status,
  ZERO_ADDRESS,
  cid,
  useMarketWorld,
  type AnyContract,
} from "./helpers/market.js";

const { ethers, networkHelpers } = await network.create();

describe("BountyMarket red team", function () {
  let world: MarketWorld;
  let signers: MarketWorld["signers"];
  useMarketWorld(ethers, networkHelpers, (w) => {
    world = w;
    signers = w.signers;
  });

  it("review 1: a rejection batch padded with the zero address cannot burn the stakes of trainers owed a refund", async function () {
    const bounty = await world.createBounty({ minScore: 50 });
    const best = await world.commitModel(bounty, signers[3], 90);
    const low = await world.commitModel(bounty, signers[4], 20); // below minScore: owed its stake back
    await world.toClaiming(bounty, [best, low]);
    await world.claimAndReveal(bounty, [best, low]);
    // After popping the last candidate the list is empty and `pop` returns zero, which "matched" a zero
    // entry; a duplicate is no second candidate either.
    for (const padding of [ZERO_ADDRESS, best.trainer.address]) {
      await world.expectRevert(
        world.as(bounty.verifier).attestVerification(bounty.id, [best.trainer.address, padding], false, cid("report")),
        "NoCandidateLeft",
        bounty.id,
      );
    }
    await world.attest(bounty, [best], false); // rejecting every real candidate is still allowed: it proposes none
    expect(await world.phase(bounty)).to.equal(Phase.Challenging);
    expect(await world.credits(BURN), "nothing burned before the proposal is final").to.equal(0n);
    await world.endOfPhase(bounty);
    expect(await world.phase(bounty)).to.equal(Phase.NoWinner);
    await world.advance(bounty);
    await world.settle(bounty, low.trainer.address);
    await world.settle(bounty, best.trainer.address);
    expect(await world.credits(low.trainer.address)).to.equal(bounty.stake);
    expect(await world.credits(BURN)).to.equal(bounty.reward + bounty.stake);
    expect((await world.market.getBounty(bounty.id)).escrow).to.equal(0n);
  });

  for (const sybilReveals of [false, true]) {
    it(`review 2: a requester's sybil with the best claim cannot force contenders to disclose their models (the sybil ${sybilReveals ? "reveals in the last second" : "stays silent"})`, async function () {
      // The sybil claims a perfect score. Under the first rule (a silent contender was excused only when the
      // winner ranked before it) the contender had to guess, before the window ended, whether the sybil would
      // reveal in its last second: silence burned its stake when the sybil stayed silent, and revealing handed
      // its model to the requester when the sybil revealed. A better claim now excuses it, whatever follows.
      const requester = signers[1];
      const sybil = signers[6];
      const honest = signers[3];
      const accounts = [requester.address, sybil.address, honest.address];
      const before = await world.balances(accounts);
      const bounty = await world.createBounty({ requester, seed: sybilReveals ? 22 : 21 });
      const contender = await world.commitModel(bounty, honest, 85);
      const memoriser = await world.commitModel(bounty, sybil, 100);
      await world.toClaiming(bounty, [contender, memoriser]);
      await world.claim(bounty, contender);
      await world.claim(bounty, memoriser);
      await world.endOfPhase(bounty);
      if (sybilReveals) {
        const revealingEnds = (await world.market.getBounty(bounty.id)).phaseDeadline + bounty.window;
        await networkHelpers.time.setNextBlockTimestamp(revealingEnds - 1n);
        await world.reveal(bounty, memoriser);
      }
      await world.endOfPhase(bounty);
      if (sybilReveals) await world.attest(bounty, [], true);
      else await world.advance(bounty);
      for (const trainer of [honest, sybil]) {
        if ((await world.status(bounty, trainer.address)) !== Status.Won) await world.settle(bounty, trainer.address);
      }
      await world.withdrawAll();
      const after = await world.balances(accounts);
      expect(after[2] - before[2], "the silent contender").to.equal(0n);
      expect(after[0] + after[1] - before[0] - before[1], "requester and sybil together").to.equal(
        sybilReveals ? 0n : -bounty.stake,
      );
      const revealed = await world.market.queryFilter(world.market.filters.SubmissionRevealed(bounty.id));
      expect(revealed.length, "models disclosed").to.equal(sybilReveals ? 1 : 0);
      expect(await world.phase(bounty)).to.equal(sybilReveals ? Phase.Completed : Phase.Refunded);
    });
  }

  it("review 3: an action sent for the exact second a window ends is refused, and the end it races is the one recorded", async function () {
    const bounty = await world.createBounty();
    const best = await world.commitModel(bounty, signers[3], 90);
    const late = await world.commitModel(bounty, signers[4], 80);
    const never = await world.commitModel(bounty, signers[5], 85);
    await world.toClaiming(bounty, [best, late, never]);
    await world.claim(bounty, best);
    await world.claim(bounty, late);
    const claimingEnds: bigint = (await world.market.getBounty(bounty.id)).phaseDeadline;
    await networkHelpers.time.setNextBlockTimestamp(claimingEnds);
    await world.expectRevert(world.as(never.trainer).claimScore(bounty.id, 85), "WrongPhase", bounty.id, Phase.Claiming, Phase.Revealing);
    await world.reveal(bounty, best);
    await networkHelpers.time.setNextBlockTimestamp(claimingEnds + bounty.window);
    await world.expectRevert(world.sendReveal(bounty, late), "WrongPhase", bounty.id, Phase.Revealing, Phase.Verifying);
    // The verifier's window ends at Claiming + 2W: a rejection sent for that second loses to advance.
    await networkHelpers.time.setNextBlockTimestamp(claimingEnds + 2n * bounty.window);
    await world.expectRevert(
      world.as(bounty.verifier).attestVerification(bounty.id, [best.trainer.address], false, cid("report")),
      "WrongPhase",
      bounty.id,
      Phase.Verifying,
      Phase.Completed,
    );
    await world.advance(bounty);
    expect((await world.market.getBounty(bounty.id)).winner).to.equal(best.trainer.address);
    for (const entry of [late, never]) await world.settle(bounty, entry.trainer.address);
    expect(await world.credits(late.trainer.address), "silent below the best claim").to.equal(bounty.stake);
    expect(await world.credits(never.trainer.address), "never claimed").to.equal(0n);
    expect(await world.credits(BURN)).to.equal(bounty.stake);
  });

  it("review 4: a copycat that copies a contender's commitments and front-runs its reveal cannot open them, and gains nothing", async function () {
    const bounty = await world.createBounty();
    const honest = await world.commitModel(bounty, signers[3], 90);
    const copycat = signers[4];
    const modelCommitted = (await world.market.getSubmission(bounty.id, honest.trainer.address)).modelCommitment;
    await world.step(world.as(copycat).commitModel(bounty.id, modelCommitted)); // the same bytes, from the event
    const copy = { ...honest, trainer: copycat };
    await world.releaseKey(bounty);
    await world.commitPredictions(bounty, honest);
    const predictionsCommitted = (await world.market.getSubmission(bounty.id, honest.trainer.address)).predictionsCommitment;
    await world.step(world.as(copycat).commitPredictions(bounty.id, predictionsCommitted));
    await world.revealGroundTruth(bounty);
    await world.claim(bounty, honest);
    await world.claim(bounty, copy, 90);
    await world.endOfPhase(bounty);
    // Every commitment binds the trainer's address: the honest reveal's preimages open nothing of the copycat's.
    await world.expectRevert(world.sendReveal(bounty, copy), "PredictionsCommitmentMismatch", bounty.id, copycat.address);
    await world.reveal(bounty, honest);
    await world.endOfPhase(bounty);
    await world.attest(bounty, [], true);
    await world.settle(bounty, copycat.address);
    // Its copy came later, so an equal claim is never the best one: it gets its stake back and nothing more.
    expect(await world.credits(copycat.address)).to.equal(bounty.stake);
    expect((await world.market.getBounty(bounty.id)).winner).to.equal(honest.trainer.address);
  });

  it("review 5: a stale or missing hint costs one storage read per candidate walked past, so MAX_SUBMISSIONS bounds the walk", async function () {
    const bounty = await world.createBounty({ minScore: 50 });
    const trainers = signers.slice(3, 20).filter((s) => s.address !== bounty.verifier.address);
    for (const trainer of trainers.slice(9)) {
      await world.token.mint(trainer.address, 1000n * MDC);
      await (world.token.connect(trainer) as AnyContract).approve(await world.market.getAddress(), bounty.stake);
    }
    const entries = [];
    for (const [i, trainer] of trainers.entries()) entries.push(await world.commitModel(bounty, trainer, 95 - i));
    await world.toClaiming(bounty, entries);
    for (const entry of entries) await world.claim(bounty, entry);
    await world.endOfPhase(bounty);
    const [exact, walker] = entries.slice(-2); // the two lowest scores
    const others = entries.slice(0, -2);
    for (const entry of others) await world.reveal(bounty, entry);
    const exactGas = (await (await world.reveal(bounty, exact)).wait())!.gasUsed; // hint: the candidate before it
    const walkGas = (await (await world.step(world.sendReveal(bounty, walker))).wait())!.gasUsed; // hint zero
    const walked = BigInt(others.length + 1);
    const perStep = (walkGas - exactGas) / walked;
    // One cold storage read (2,100) and the loop: about 2,400 gas, 3,300 under coverage instrumentation.
    expect(perStep, "gas per candidate walked past").to.be.lessThan(4_000n);
    // 1,000 steps add under 4M of execution to the 12.04M calldata floor of the largest reveal.
    expect(BigInt(await world.market.MAX_SUBMISSIONS()) * 4_000n).to.be.lessThan(16_777_216n - 12_040_000n);
    const [ranked] = await world.market.rankedCandidates(bounty.id, 100);
    expect(ranked).to.deep.equal(entries.map((e) => e.trainer.address));
  });
});
