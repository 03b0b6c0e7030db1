// Eleven attacks on the market's rules by the party that would profit, each performed against BountyMarket and shown
// refused or not paying (balances before and after), plus re-entrancy through a hostile token. docs/protocol.md,
// "Attacks and why they fail", has the numbers.
import { expect } from "chai";
import { network } from "hardhat";
import * as protocol from "../frontend/src/protocol/commitments.js";
import { countMatches } from "../frontend/src/protocol/scoring.js";
import {
  BURN,
  MDC,
  MarketWorld,
  Phase,
  Status,
  WINDOW,
  ZERO_ADDRESS,
  cid,
  prng,
  randomLabels,
  useMarketWorld,
  type Entry,
} from "./helpers/market.js";

const { ethers, networkHelpers } = await network.create();

describe("BountyMarket under attack", function () {
  let world: MarketWorld;
  let signers: MarketWorld["signers"];
  useMarketWorld(ethers, networkHelpers, (w) => {
    world = w;
    signers = w.signers;
  });

  // Undisputed here; the disputes that undo it are in BountyMarket.disputes.test.ts (N10).
  it("attack 1: requester as its own verifier is refused; a friendly verifier that rejects every candidate gets the requester nothing back", async function () {
    const { params } = await world.bountyParams({ requester: signers[1] });
    await world.expectRevert(
      world.createWith(signers[1], { ...params, verifier: signers[1].address }),
      "InvalidVerifier",
      signers[1].address,
    );

    const friend = signers[2];
    const accounts = [signers[1].address, friend.address, signers[3].address, signers[4].address];
    const before = await world.balances(accounts);
    const bounty = await world.createBounty({ verifier: friend });
    const honest = await world.commitModel(bounty, signers[3], 90);
    const other = await world.commitModel(bounty, signers[4], 80);
    await world.toClaiming(bounty, [honest, other]);
    await world.claimAndReveal(bounty, [honest, other]);
    await world.attest(bounty, [honest, other], false); // "not reproduced", twice, falsely
    expect(await world.phase(bounty)).to.equal(Phase.Challenging); // nobody disputes the proposal "none"
    await world.endOfPhase(bounty);
    expect(await world.phase(bounty)).to.equal(Phase.NoWinner);
    await world.advance(bounty);
    await world.settleAll(bounty, [honest, other]);
    await world.withdrawAll();
    const after = await world.balances(accounts);
    expect(after[0] - before[0], "requester").to.equal(-bounty.reward); // the reward never comes back (the bond does)
    expect(after[1] - before[1], "verifier").to.equal(0n); // nothing for the friend either
    expect(await world.credits(BURN)).to.equal(bounty.reward + 2n * bounty.stake);
  });

  it("attack 2: the requester cannot enter; its sybil's silence or loss hands nothing back, and a contender it beats keeps its model private", async function () {
    const requester = signers[1];
    const sybil = signers[6];
    const before = await world.balances([requester.address, sybil.address]);
    const bounty = await world.createBounty({ requester });
    await world.expectRevert(world.as(requester).commitModel(bounty.id, world.salt()), "RequesterCannotSubmit", bounty.id);

    const honest = await world.commitModel(bounty, signers[3], 85);
    // The sybil knows every label, but its model was fixed before the key was released; it claims the
    // perfect score it cannot reveal with the model it committed, or stays silent.
    const lookup = await world.commitModel(bounty, sybil, 100);
    await world.toClaiming(bounty, [honest, lookup]);
    await world.claim(bounty, lookup);
    await world.claimAndReveal(bounty, [honest]);
    await world.attest(bounty, [], true);
    await world.settle(bounty, sybil.address);
    await world.withdrawAll();
    const after = await world.balances([requester.address, sybil.address]);
    expect(after[0] + after[1] - before[0] - before[1], "requester and sybil together").to.equal(
      -bounty.reward - bounty.stake,
    );
    expect((await world.market.getBounty(bounty.id)).winner).to.equal(honest.trainer.address);

    // A sybil whose memorising model the verifier accepts wins the requester's own reward back, but a
    // contender it beats may stay silent: it keeps its stake, and its model is never disclosed.
    const second = await world.createBounty({ requester, seed: 12 });
    const contender = await world.commitModel(second, signers[3], 85);
    const memoriser = await world.commitModel(second, sybil, 100);
    await world.toClaiming(second, [contender, memoriser]);
    await world.claim(second, contender);
    await world.claimAndReveal(second, [memoriser]);
    await world.attest(second, [], true);
    await world.settle(second, contender.trainer.address);
    expect(await world.credits(contender.trainer.address)).to.equal(second.stake);
    const revealed = await world.market.queryFilter(world.market.filters.SubmissionRevealed(second.id));
    expect(revealed.map((e) => (e as unknown as { args: { trainer: string } }).args.trainer)).to.deep.equal([sybil.address]);
  });

  it("attack 3: the verifier cannot submit, so it cannot reject a better candidate in favour of its own", async function () {
    const bounty = await world.createBounty();
    await world.expectRevert(world.as(bounty.verifier).commitModel(bounty.id, world.salt()), "VerifierCannotSubmit", bounty.id);
    await world.expectRevert(
      world.as(bounty.verifier).commitModelWithPermit(bounty.id, world.salt(), 0, 27, world.salt(), world.salt()),
      "VerifierCannotSubmit",
      bounty.id,
    );
  });

  it("attack 4: a junk commit sniping a cancel earns nothing, and sybils recover nothing of a slashed requester", async function () {
    const sniper = signers[7];
    const before = await world.balances([sniper.address, signers[1].address]);
    const bounty = await world.createBounty();
    const junk = await world.commitModel(bounty, sniper, 0);
    await world.expectRevert(world.as(bounty.requester).cancelBounty(bounty.id), "HasSubmissions", bounty.id, 1n);
    await world.toClaiming(bounty, [junk]);
    await world.claim(bounty, junk); // 0 correct: below minScore, nothing to reveal
    await world.endOfPhase(bounty);
    await world.advance(bounty);
    expect(await world.phase(bounty)).to.equal(Phase.Refunded);
    await world.settle(bounty, sniper.address);
    await world.withdrawAll();
    const after = await world.balances([sniper.address, signers[1].address]);
    expect(after[0] - before[0], "sniper").to.equal(0n);
    expect(after[1] - before[1], "requester").to.equal(0n);

    // Nine sybils of a requester that then lets itself be slashed recover none of the reward.
    const slashed = await world.createBounty({ requester: signers[1] });
    const sybils = signers.slice(3, 12).filter((s) => s.address !== slashed.verifier.address);
    for (const sybil of sybils) await world.commitModel(slashed, sybil, 100);
    const sybilsBefore = await world.balances(sybils.map((s) => s.address));
    await networkHelpers.time.increaseTo(slashed.deadline);
    await world.endOfPhase(slashed);
    await world.advance(slashed);
    expect(await world.phase(slashed)).to.equal(Phase.RequesterSlashed);
    for (const sybil of sybils) await world.settle(slashed, sybil.address);
    await world.withdrawAll();
    const sybilsAfter = await world.balances(sybils.map((s) => s.address));
    const recovered = sybilsAfter.reduce((a, b) => a + b) - sybilsBefore.reduce((a, b) => a + b);
    expect(recovered, "what the sybils got beyond their stakes").to.equal(BigInt(sybils.length) * slashed.stake);
    expect(await world.credits(BURN)).to.equal(slashed.reward);
  });

  it("attack 5: k lying top claims cannot delay the honest winner: it is paid three windows after Claiming, whatever k", async function () {
    const bounty = await world.createBounty();
    const honest = await world.commitModel(bounty, signers[3], 80);
    const silentLiars: Entry[] = [];
    for (const signer of signers.slice(4, 7)) silentLiars.push(await world.commitModel(bounty, signer, 20));
    const countLiar = await world.commitModel(bounty, signers[7], 30);
    // A hand labeller: its predictions are perfect but its committed model cannot produce them.
    const handLabeller = await world.commitModel(bounty, signers[8], 100);
    const all = [honest, ...silentLiars, countLiar, handLabeller];
    await world.toClaiming(bounty, all);
    const before = await world.balances(all.map((e) => e.trainer.address));
    for (const liar of [...silentLiars, countLiar]) await world.claim(bounty, liar, 100);
    await world.claim(bounty, handLabeller);
    await world.claim(bounty, honest);
    const claimingEnds: bigint = (await world.market.getBounty(bounty.id)).phaseDeadline;
    await world.endOfPhase(bounty);
    await world.reveal(bounty, countLiar); // recounted: 30, not 100: burned on the spot
    await world.reveal(bounty, handLabeller);
    await world.reveal(bounty, honest);
    await world.endOfPhase(bounty);
    await world.attest(bounty, [handLabeller], true); // one call, then one window to challenge the proposal
    await world.endOfPhase(bounty);
    await world.advance(bounty);
    expect(await world.now()).to.be.lessThan(claimingEnds + 3n * bounty.window);
    expect((await world.market.getBounty(bounty.id)).winner).to.equal(honest.trainer.address);
    await world.settleAll(bounty, all); // the hand labeller ranks before the winner: burned
    await world.withdrawAll();
    const after = await world.balances(all.map((e) => e.trainer.address));
    expect(after[0] - before[0], "honest").to.equal(bounty.reward + bounty.stake);
    // Stakes were already in. The best claim (the earliest 100) and every liar that revealed are burned; a
    // silent liar below the best claim changed nothing and is excused like any contender a better claim beats.
    const refunded = new Set([silentLiars[1], silentLiars[2]]);
    for (let i = 1; i < all.length; i++) {
      expect(after[i] - before[i], `liar ${i}`).to.equal(refunded.has(all[i]) ? bounty.stake : 0n);
    }
    expect(await world.credits(BURN)).to.equal(3n * bounty.stake);
  });

  it("attack 6: a 1-second window is refused, and a last-second reveal still leaves every claimer a full window", async function () {
    const { params } = await world.bountyParams();
    await world.expectRevert(world.createWith(signers[1], { ...params, responseWindow: 1n }), "InvalidResponseWindow", 1n, WINDOW, 30n * 86400n);
    const bounty = await world.createBounty();
    const entry = await world.commitModel(bounty, signers[3], 90);
    await world.releaseKey(bounty);
    await world.commitPredictions(bounty, entry);
    const predictingEnds: bigint = (await world.market.getBounty(bounty.id)).phaseDeadline;
    await networkHelpers.time.increaseTo(predictingEnds + bounty.window - 2n);
    await world.step(world.as(bounty.requester).revealGroundTruth(bounty.id, bounty.labels, bounty.salt));
    expect((await world.market.getBounty(bounty.id)).phaseDeadline).to.equal((await world.now()) + WINDOW);
    await networkHelpers.time.increase(WINDOW - 10n);
    await world.claim(bounty, entry);
    expect(await world.status(bounty, entry.trainer.address)).to.equal(Status.Claimed);
  });

  it("attack 7: slot squatting: a taken slot cannot be freed, and a squatter that does nothing loses its stake", async function () {
    const bounty = await world.createBounty({ maxSubmissions: 2 });
    expect(world.market.interface.getFunction("withdrawSubmission")).to.equal(null);
    const squatters = [signers[6], signers[7]];
    const before = await world.balances(squatters.map((s) => s.address));
    for (const squatter of squatters) await world.commitModel(bounty, squatter, 0);
    await world.expectRevert(world.as(signers[3]).commitModel(bounty.id, world.salt()), "SubmissionsFull", bounty.id, 2n);
    await world.releaseKey(bounty);
    await world.endOfPhase(bounty);
    await world.advance(bounty);
    for (const squatter of squatters) await world.settle(bounty, squatter.address);
    await world.withdrawAll();
    const after = await world.balances(squatters.map((s) => s.address));
    for (let i = 0; i < squatters.length; i++) expect(after[i] - before[i]).to.equal(-bounty.stake);
    expect(await world.credits(BURN)).to.equal(2n * bounty.stake);
  });

  it("attack 8: a test set too large to reveal under the gas cap is refused; 100,000 labels reveal well under it", async function () {
    this.timeout(300_000);
    const { params } = await world.bountyParams();
    await world.expectRevert(world.createWith(signers[1], { ...params, testSize: 210_000 }), "InvalidTestSize", 210_000n, 100n, 150_000n);
    const cap = 16_777_216n;
    const bounty = await world.createBounty({ testSize: 100_000, seed: 8 });
    const entry = await world.commitModel(bounty, signers[3], 99_000);
    await world.releaseKey(bounty);
    await world.commitPredictions(bounty, entry);
    await world.endOfPhase(bounty);
    const groundTruth = await world.step(world.as(bounty.requester).revealGroundTruth(bounty.id, bounty.labels, bounty.salt));
    await world.claim(bounty, entry);
    await world.endOfPhase(bounty);
    const reveal = await world.reveal(bounty, entry);
    for (const tx of [groundTruth, reveal]) expect((await tx.wait())!.gasUsed).to.be.lessThan(cap);
    expect((await reveal.wait())!.gasUsed).to.be.lessThan((cap * 3n) / 4n);
  });

  it("attack 9: a 0%-correct submission with an empty model CID cannot win", async function () {
    const { params } = await world.bountyParams();
    await world.expectRevert(world.createWith(signers[1], { ...params, minScore: 0 }), "InvalidMinScore", 0n, 100n);
    const bounty = await world.createBounty({ minScore: 1 });
    const zero: Entry = {
      trainer: signers[3],
      predictions: bounty.labels.map((l) => (l + 1) % bounty.numClasses),
      predictionsSalt: world.salt(),
      modelCid: "",
      modelSalt: world.salt(),
    };
    await world.step(world.as(signers[3]).commitModel(bounty.id, protocol.modelCommitment(bounty.id, signers[3].address, "", zero.modelSalt)));
    await world.toClaiming(bounty, [zero]);
    await world.claim(bounty, zero, 0);
    await world.endOfPhase(bounty);
    // A claim of 0 is no contender: with no contender the bounty is over, Refunded, with nothing to reveal.
    await world.expectRevert(world.sendReveal(bounty, zero), "WrongPhase", bounty.id, Phase.Revealing, Phase.Refunded);

    // Claiming a score it has to reach the floor does not help: the empty CID cannot be revealed.
    const second = await world.createBounty({ minScore: 1, seed: 9 });
    const liar: Entry = { ...zero, predictions: second.labels.map((l) => (l + 1) % second.numClasses) };
    await world.step(world.as(signers[3]).commitModel(second.id, protocol.modelCommitment(second.id, signers[3].address, "", liar.modelSalt)));
    await world.toClaiming(second, [liar]);
    await world.claim(second, liar, 1);
    await world.endOfPhase(second);
    await world.expectRevert(world.sendReveal(second, liar), "InvalidCid", "modelCid");
  });

  it("attack 10: hedging with sybils on the smallest test set: random models committed blind do not reach a 75% floor", async function () {
    const numClasses = 2;
    const { params } = await world.bountyParams({ testSize: 99, numClasses });
    await world.expectRevert(world.createWith(signers[1], params), "InvalidTestSize", 99n, 100n, 150_000n);
    const bounty = await world.createBounty({ testSize: 100, numClasses, minScore: 75, seed: 10 });
    const hedgers = signers.slice(3, 12).filter((s) => s.address !== bounty.verifier.address);
    const before = await world.balances(hedgers.map((s) => s.address));
    // Each hedger commits a model before the inputs are known: at best a random labelling.
    const entries: Entry[] = [];
    for (const [i, hedger] of hedgers.entries()) {
      entries.push(await world.commitModel(bounty, hedger, 0, randomLabels(prng(1000 + i), 100, numClasses)));
    }
    await world.toClaiming(bounty, entries);
    for (const entry of entries) {
      expect(countMatches(entry.predictions, bounty.labels)).to.be.lessThan(75);
      await world.claim(bounty, entry);
    }
    await world.endOfPhase(bounty);
    await world.advance(bounty);
    expect(await world.phase(bounty)).to.equal(Phase.Refunded);
    for (const hedger of hedgers) await world.settle(bounty, hedger.address);
    await world.withdrawAll();
    const after = await world.balances(hedgers.map((s) => s.address));
    for (let i = 0; i < hedgers.length; i++) expect(after[i] - before[i], `hedger ${i}`).to.equal(0n);
  });

  it("attack 11: a domain tag in every commitment: no preimage opens a commitment of another kind", async function () {
    const bounty = await world.createBounty();
    const trainer = signers[3];
    const modelCid = cid("model");
    const salt = world.salt();
    const asBytes = ethers.toUtf8Bytes(modelCid);
    const kinds = [
      protocol.modelCommitment(bounty.id, trainer.address, modelCid, salt),
      protocol.predictionsCommitment(bounty.id, trainer.address, asBytes, salt),
    ];
    expect(new Set(kinds).size).to.equal(2);

    // A predictions-format commitment used as the model commitment does not open as a model, and vice versa.
    const entry: Entry = { trainer, predictions: bounty.labels, predictionsSalt: salt, modelCid, modelSalt: salt };
    await world.step(world.as(trainer).commitModel(bounty.id, kinds[1]));
    await world.releaseKey(bounty);
    await world.step(
      world.as(trainer).commitPredictions(bounty.id, protocol.modelCommitment(bounty.id, trainer.address, modelCid, salt)),
    );
    await world.revealGroundTruth(bounty);
    await world.claim(bounty, entry);
    await world.endOfPhase(bounty);
    await world.expectRevert(world.sendReveal(bounty, entry), "PredictionsCommitmentMismatch", bounty.id, trainer.address);
  });

  describe("re-entrancy through a hostile token", function () {
    it("cannot re-enter withdraw while being paid", async function () {
      const hookToken = await ethers.deployContract("HookToken");
      const hookWorld = await MarketWorld.deploy(ethers, networkHelpers, hookToken);
      const attacker = await ethers.deployContract("ReentrantTrainer", [await hookWorld.market.getAddress()]);
      const attackerAddress = await attacker.getAddress();
      await hookToken.mint(attackerAddress, 1000n * MDC);
      hookWorld.otherAccounts.add(attackerAddress);
      const market = hookWorld.market;
      const bounty = await hookWorld.createBounty();
      await hookWorld.step(attacker.execute(market.interface.encodeFunctionData("commitModel", [bounty.id, hookWorld.salt()])));
      await networkHelpers.time.increaseTo(bounty.deadline);
      await hookWorld.endOfPhase(bounty);
      await hookWorld.advance(bounty); // the requester never released the key: the stake comes back
      await hookWorld.settle(bounty, attackerAddress);
      expect(await market.credits(attackerAddress)).to.equal(bounty.stake);

      await attacker.setReentryCall(market.interface.encodeFunctionData("withdraw"));
      await expect(attacker.execute(market.interface.encodeFunctionData("withdraw"))).to.be.revertedWithCustomError(
        market,
        "ReentrancyGuardReentrantCall",
      );
      await hookWorld.checkInvariant();
      await attacker.setReentryCall("0x");
      await hookWorld.step(attacker.execute(market.interface.encodeFunctionData("withdraw")));
      expect(await market.credits(attackerAddress)).to.equal(0n);
      expect(ZERO_ADDRESS).to.not.equal(attackerAddress);
    });
  });
});
