// Every phase transition of BountyMarket (docs/protocol.md, "Life cycle"), with the money each one moves.
import { expect } from "chai";
import { network } from "hardhat";
import { bountyId } from "../frontend/src/protocol/commitments.js";
import {
  BURN,
  MarketWorld,
  Phase,
  SlashReason,
  Status,
  WINDOW,
  ZERO_ADDRESS,
  cid,
  signPermit,
  useMarketWorld,
  type Bounty,
  type Entry,
} from "./helpers/market.js";

const { ethers, networkHelpers } = await network.create();

describe("BountyMarket lifecycle", function () {
  let world: MarketWorld;
  let signers: MarketWorld["signers"];
  useMarketWorld(ethers, networkHelpers, (w) => {
    world = w;
    signers = w.signers;
  });

  describe("create and cancel", function () {
    it("escrows the reward, derives the id from chain, market, requester and nonce, and emits every parameter", async function () {
      const requester = signers[1];
      const { params, bounty } = await world.bountyParams();
      const chainId = (await ethers.provider.getNetwork()).chainId;
      expect(bounty.id).to.equal(bountyId(chainId, await world.market.getAddress(), requester.address, 0n));
      expect(await world.market.nextBountyId(requester.address)).to.equal(bounty.id);
      world.bountyIds.add(bounty.id);
      const tx = world.createWith(requester, params);
      await expect(tx).to.emit(world.market, "BountyCreated");
      await expect(tx).to.emit(world.market, "PhaseChanged").withArgs(bounty.id, Phase.Open, params.modelDeadline);
      await world.checkInvariant();
      const receipt = await (await tx).wait();
      const event = world.market.interface.parseLog(receipt!.logs.find((log: { address: string }) => log.address === world.market.target)!)!;
      expect(event.name).to.equal("BountyCreated");
      expect(event.args.params.sealedTestInputsCid).to.equal(params.sealedTestInputsCid);
      expect(event.args.params.sealingKeyCommitment).to.equal(params.sealingKeyCommitment);
      expect(event.args.params.minScore).to.equal(params.minScore);

      const stored = await world.market.getBounty(bounty.id);
      expect(stored.requester).to.equal(requester.address);
      expect(stored.verifier).to.equal(params.verifier);
      expect(stored.escrow).to.equal(params.reward + params.trainerStake); // the reward and the verifier bond
      expect(stored.feeBond).to.equal(world.fee);
      expect(stored.sealingKeyCommitment).to.equal(params.sealingKeyCommitment);
      expect(await world.market.requesterNonce(requester.address)).to.equal(1n);
      expect(await world.phase(bounty)).to.equal(Phase.Open);
    });

    /** Signs a permit for a new bounty's reward and verifier bond, with the allowance set to zero first. */
    async function permittedBounty(frontRun: boolean) {
      const requester = signers[1];
      await world.step((world.token.connect(requester) as typeof world.token).approve(world.market, 0n));
      const { params, bounty } = await world.bountyParams();
      world.bountyIds.add(bounty.id);
      const deadline = (await world.now()) + 3600n;
      const market = await world.market.getAddress();
      const amount = params.reward + params.trainerStake;
      const { v, r, s } = await signPermit(world.token, requester, market, amount, deadline);
      if (frontRun) await world.token.permit(requester.address, market, amount, deadline, v, r, s);
      await world.step(world.as(requester).createBountyWithPermit(params, deadline, v, r, s, { value: world.fee }));
      expect((await world.market.getBounty(bounty.id)).escrow).to.equal(amount);
    }

    it("creates in one transaction with an EIP-2612 permit", async function () {
      await permittedBounty(false);
    });

    it("still creates when someone front-ran the permit, because the allowance is in place", async function () {
      await permittedBounty(true);
    });

    it("cancel without submissions credits the whole reward, the verifier bond and the fee bond back", async function () {
      const bounty = await world.createBounty();
      await expect(world.as(bounty.requester).cancelBounty(bounty.id))
        .to.emit(world.market, "PhaseChanged")
        .withArgs(bounty.id, Phase.Cancelled, 0n)
        .and.to.emit(world.market, "Credited")
        .and.to.emit(world.market, "FeeCredited")
        .withArgs(bounty.id, bounty.requester.address, world.fee);
      await world.checkInvariant();
      expect(await world.phase(bounty)).to.equal(Phase.Cancelled);
      expect(await world.credits(bounty.requester.address)).to.equal(bounty.reward + bounty.stake);
      expect(await world.market.feeCredits(bounty.requester.address)).to.equal(world.fee);
      await world.withdrawAll();
    });
  });

  describe("models", function () {
    it("takes model commitments with stakes; committing again replaces the model and takes a new place", async function () {
      const bounty = await world.createBounty();
      const trainer = signers[3];
      await world.commitModel(bounty, trainer, 60);
      expect(await world.status(bounty, trainer.address)).to.equal(Status.Committed);
      expect((await world.market.getBounty(bounty.id)).escrow).to.equal(bounty.reward + 2n * bounty.stake); // + the bond
      await world.commitModel(bounty, signers[4], 60);

      const commitment = world.salt();
      await expect(world.as(trainer).commitModel(bounty.id, commitment))
        .to.emit(world.market, "ModelCommitted")
        .withArgs(bounty.id, trainer.address, 3n, commitment, 0n);
      await world.checkInvariant();
      const stored = await world.market.getBounty(bounty.id);
      expect(stored.escrow).to.equal(bounty.reward + 3n * bounty.stake);
      expect(stored.liveSubmissions).to.equal(2n);
      const submission = await world.market.getSubmission(bounty.id, trainer.address);
      expect(submission.modelCommitment).to.equal(commitment);
      expect(submission.sequence).to.equal(3n);
    });

    it("commits in one transaction with a permit for the stake", async function () {
      const bounty = await world.createBounty();
      const trainer = signers[3];
      await world.step((world.token.connect(trainer) as typeof world.token).approve(world.market, 0n));
      const deadline = (await world.now()) + 3600n;
      const signature = await signPermit(world.token, trainer, await world.market.getAddress(), bounty.stake, deadline);
      await world.step(
        world.as(trainer).commitModelWithPermit(bounty.id, world.salt(), deadline, signature.v, signature.r, signature.s),
      );
      expect(await world.status(bounty, trainer.address)).to.equal(Status.Committed);
    });
  });

  describe("a whole bounty", function () {
    let bounty: Bounty;
    let best: Entry;
    let second: Entry;
    let low: Entry;

    beforeEach(async function () {
      bounty = await world.createBounty({ minScore: 60 });
      best = await world.commitModel(bounty, signers[3], 90);
      second = await world.commitModel(bounty, signers[4], 80);
      low = await world.commitModel(bounty, signers[5], 40);
    });

    it("goes Open -> KeyRelease -> Predicting -> AwaitingGroundTruth -> Claiming -> Revealing -> Verifying -> Challenging -> Completed", async function () {
      await networkHelpers.time.increaseTo(bounty.deadline);
      expect(await world.phase(bounty)).to.equal(Phase.KeyRelease);
      await expect(world.as(bounty.requester).releaseKey(bounty.id, bounty.key))
        .to.emit(world.market, "KeyReleased")
        .withArgs(bounty.id, bounty.key);
      await world.checkInvariant();
      expect(await world.phase(bounty)).to.equal(Phase.Predicting);
      for (const entry of [best, second, low]) await world.commitPredictions(bounty, entry);
      expect(await world.status(bounty, best.trainer.address)).to.equal(Status.Predicted);
      await world.endOfPhase(bounty);
      expect(await world.phase(bounty)).to.equal(Phase.AwaitingGroundTruth);
      await expect(world.as(bounty.requester).revealGroundTruth(bounty.id, bounty.labels, bounty.salt))
        .to.emit(world.market, "GroundTruthRevealed")
        .withArgs(bounty.id, bounty.labels, bounty.salt, ethers.keccak256(bounty.labels));
      await world.checkInvariant();
      expect(await world.phase(bounty)).to.equal(Phase.Claiming);

      await expect(world.as(low.trainer).claimScore(bounty.id, 40))
        .to.emit(world.market, "ScoreClaimed")
        .withArgs(bounty.id, low.trainer.address, 40n, false);
      await world.claim(bounty, second);
      await world.claim(bounty, best);
      expect((await world.market.getBounty(bounty.id)).contenders).to.equal(2n);
      await world.endOfPhase(bounty);
      expect(await world.phase(bounty)).to.equal(Phase.Revealing);

      // Reveals in any order; the ranking sorts them.
      await world.reveal(bounty, second);
      await expect(world.reveal(bounty, best))
        .to.emit(world.market, "SubmissionRevealed")
        .withArgs(bounty.id, best.trainer.address, best.predictions, best.predictionsSalt, best.modelCid, best.modelSalt, 90n);
      const [ranked, scores] = await world.market.rankedCandidates(bounty.id, 10);
      expect(ranked).to.deep.equal([best.trainer.address, second.trainer.address]);
      expect(scores).to.deep.equal([90n, 80n]);
      expect((await world.market.rankedCandidates(bounty.id, 1))[0]).to.deep.equal([best.trainer.address]);
      await world.endOfPhase(bounty);
      expect(await world.phase(bounty)).to.equal(Phase.Verifying);

      // Two candidates revealed: the acceptance is a proposal that anyone may dispute for one window.
      await expect(world.attest(bounty, [], true))
        .to.emit(world.market, "VerificationAttested")
        .withArgs(bounty.id, bounty.verifier.address, best.trainer.address, true, cid("report"))
        .and.to.emit(world.market, "WinnerProposed")
        .withArgs(bounty.id, best.trainer.address)
        .and.not.to.emit(world.market, "BountyCompleted");
      const proposed = await world.now();
      expect(await world.phase(bounty)).to.equal(Phase.Challenging);
      expect(await world.market.currentPhase(bounty.id)).to.deep.equal([BigInt(Phase.Challenging), proposed + WINDOW]);
      expect((await world.market.getBounty(bounty.id)).winner).to.equal(best.trainer.address);
      expect(await world.credits(best.trainer.address)).to.equal(0n);
      await world.expectRevert(world.as(signers[11]).advance(bounty.id), "NothingToAdvance", bounty.id, Phase.Challenging);
      await world.endOfPhase(bounty);
      await expect(world.advance(bounty)).to.emit(world.market, "BountyCompleted").withArgs(bounty.id, best.trainer.address, 90n);
      expect(await world.phase(bounty)).to.equal(Phase.Completed);
      expect(await world.credits(best.trainer.address)).to.equal(bounty.reward + bounty.stake);
      expect(await world.credits(bounty.requester.address), "the verifier bond back").to.equal(bounty.stake);
      expect(await world.market.feeCredits(bounty.requester.address), "the fee bond back").to.equal(world.fee);

      await world.settle(bounty, second.trainer.address);
      await world.settle(bounty, low.trainer.address);
      expect(await world.credits(second.trainer.address)).to.equal(bounty.stake);
      expect(await world.credits(low.trainer.address)).to.equal(bounty.stake);
      expect(await world.credits(BURN)).to.equal(0n);
      expect((await world.market.getBounty(bounty.id)).escrow).to.equal(0n);
      await world.withdrawAll();
      expect(await world.token.balanceOf(world.market)).to.equal(0n);
    });

    it("the verifier rejects the best in a batch and proposes the next best; the rejected stake is burned only when it is settled", async function () {
      await world.toClaiming(bounty, [best, second, low]);
      await world.claimAndReveal(bounty, [best, second, low]);
      await expect(world.attest(bounty, [best], true))
        .to.emit(world.market, "WinnerProposed")
        .withArgs(bounty.id, second.trainer.address)
        .and.not.to.emit(world.market, "SubmissionSlashed");
      expect((await world.market.getBounty(bounty.id)).winner).to.equal(second.trainer.address);
      expect(await world.status(bounty, best.trainer.address)).to.equal(Status.Revealed);
      expect(await world.credits(BURN)).to.equal(0n);
      await world.endOfPhase(bounty);
      await world.advance(bounty);
      expect(await world.status(bounty, second.trainer.address)).to.equal(Status.Won);
      await world.settle(bounty, best.trainer.address); // ranks before the winner: found not to reproduce
      await world.settle(bounty, low.trainer.address);
      expect(await world.credits(BURN)).to.equal(bounty.stake);
      expect(await world.credits(best.trainer.address)).to.equal(0n);
      expect(await world.credits(low.trainer.address)).to.equal(bounty.stake);
      expect(await world.credits(bounty.requester.address)).to.equal(bounty.stake); // the verifier bond
    });

    it("rejections may come in several calls; rejecting every candidate proposes none, and NoWinner burns the reward and every candidate", async function () {
      await world.toClaiming(bounty, [best, second, low]);
      await world.claimAndReveal(bounty, [best, second, low]);
      await world.attest(bounty, [best], false);
      expect(await world.phase(bounty)).to.equal(Phase.Verifying);
      await expect(world.attest(bounty, [second], false)).to.emit(world.market, "WinnerProposed").withArgs(bounty.id, ZERO_ADDRESS);
      expect(await world.phase(bounty)).to.equal(Phase.Challenging);
      expect(await world.credits(BURN)).to.equal(0n);
      await world.endOfPhase(bounty);
      expect(await world.phase(bounty)).to.equal(Phase.NoWinner);
      await world.advance(bounty);
      await world.settleAll(bounty, [best, second, low]);
      expect(await world.credits(BURN)).to.equal(bounty.reward + 2n * bounty.stake);
      expect(await world.credits(bounty.requester.address)).to.equal(bounty.stake); // the verifier bond only
      expect(await world.credits(low.trainer.address)).to.equal(bounty.stake);
    });

    it("a silent verifier's default, the best candidate, can be challenged for one more window, then wins", async function () {
      await world.toClaiming(bounty, [best, second]);
      await world.claimAndReveal(bounty, [best, second]);
      await world.endOfPhase(bounty);
      expect(await world.phase(bounty)).to.equal(Phase.Challenging);
      await world.endOfPhase(bounty);
      expect(await world.phase(bounty)).to.equal(Phase.Completed);
      await world.advance(bounty);
      expect((await world.market.getBounty(bounty.id)).winner).to.equal(best.trainer.address);
      await world.settle(bounty, second.trainer.address);
      await world.settle(bounty, low.trainer.address); // never committed predictions: burned
      expect(await world.credits(BURN)).to.equal(bounty.stake);
    });

    it("ties go to the earliest commit, whatever the order of the reveals", async function () {
      const twin = await world.commitModel(bounty, signers[6], 90);
      await world.toClaiming(bounty, [best, twin]);
      await world.claim(bounty, twin);
      await world.claim(bounty, best);
      await world.endOfPhase(bounty);
      await world.reveal(bounty, twin);
      await world.reveal(bounty, best);
      expect((await world.market.rankedCandidates(bounty.id, 2))[0]).to.deep.equal([
        best.trainer.address,
        twin.trainer.address,
      ]);
    });

    it("a hint that went stale while others revealed still works: the insertion walks past them", async function () {
      await world.toClaiming(bounty, [best, second]);
      await world.claim(bounty, best);
      await world.claim(bounty, second);
      await world.endOfPhase(bounty);
      const staleHint = await world.market.rankHint(bounty.id, second.trainer.address, 80);
      expect(staleHint).to.equal(ethers.ZeroAddress);
      await world.reveal(bounty, best);
      await world.step(world.sendReveal(bounty, second, bounty.labels, staleHint));
      expect((await world.market.rankedCandidates(bounty.id, 2))[0]).to.deep.equal([
        best.trainer.address,
        second.trainer.address,
      ]);
    });

    it("a reveal whose score differs from the claim burns the stake on the spot", async function () {
      await world.toClaiming(bounty, [best, second]);
      await world.claim(bounty, best, 95);
      await world.claim(bounty, second);
      await world.endOfPhase(bounty);
      await expect(world.reveal(bounty, best))
        .to.emit(world.market, "SubmissionSlashed")
        .withArgs(bounty.id, best.trainer.address, SlashReason.ScoreMismatch, bounty.stake);
      await world.reveal(bounty, second);
      await world.endOfPhase(bounty);
      await world.attest(bounty, [], true);
      expect((await world.market.getBounty(bounty.id)).winner).to.equal(second.trainer.address);
      expect(await world.credits(BURN)).to.equal(bounty.stake);
    });

    it("settles each kind of submission: a silent contender below a better claim keeps its stake, the silent best claim loses it", async function () {
      const beaten = await world.commitModel(bounty, signers[6], 70);
      const unclaimed = await world.commitModel(bounty, signers[7], 70);
      const bluffer = await world.commitModel(bounty, signers[8], 70);
      const tiedLater = await world.commitModel(bounty, signers[9], 90);
      await world.toClaiming(bounty, [best, beaten, unclaimed, low, bluffer, tiedLater]);
      await world.claim(bounty, bluffer, 95);
      await world.claimAndReveal(bounty, [best, beaten, low, tiedLater], [best]);
      await world.attest(bounty, [], true);
      for (const entry of [beaten, unclaimed, low, second, bluffer, tiedLater]) await world.settle(bounty, entry.trainer.address);
      expect(await world.credits(low.trainer.address)).to.equal(bounty.stake); // below minScore
      expect(await world.credits(beaten.trainer.address)).to.equal(bounty.stake); // 70 < 95: a better claim
      expect(await world.credits(tiedLater.trainer.address)).to.equal(bounty.stake); // 90 < 95 (and = 90, committed later)
      expect(await world.credits(bluffer.trainer.address)).to.equal(0n); // 95: the best claim, silent
      expect(await world.credits(BURN)).to.equal(3n * bounty.stake); // bluffer, unclaimed, second (no predictions)
      expect(await world.status(bounty, low.trainer.address)).to.equal(Status.Settled);
    });
  });

  describe("ends without a winner", function () {
    it("no model by the deadline: Refunded without waiting for the key window", async function () {
      const bounty = await world.createBounty();
      await networkHelpers.time.increaseTo(bounty.deadline);
      expect(await world.phase(bounty)).to.equal(Phase.Refunded);
      await world.advance(bounty);
      expect(await world.credits(bounty.requester.address)).to.equal(bounty.reward + bounty.stake);
    });

    it("the key is not released in time: RequesterSlashed, the reward is burned and every stake refunded", async function () {
      const bounty = await world.createBounty();
      const entry = await world.commitModel(bounty, signers[3], 80);
      await networkHelpers.time.increaseTo(bounty.deadline);
      await world.endOfPhase(bounty);
      expect(await world.phase(bounty)).to.equal(Phase.RequesterSlashed);
      await world.advance(bounty);
      await world.settle(bounty, entry.trainer.address);
      expect(await world.credits(entry.trainer.address)).to.equal(bounty.stake);
      expect(await world.credits(BURN)).to.equal(bounty.reward);
      expect(await world.credits(bounty.requester.address)).to.equal(bounty.stake); // the verifier bond comes back
    });

    it("the labels are not revealed in time: RequesterSlashed; predictions refunded, a missing one burned", async function () {
      const bounty = await world.createBounty();
      const predicted = await world.commitModel(bounty, signers[3], 80);
      const idle = await world.commitModel(bounty, signers[4], 80);
      await world.releaseKey(bounty);
      await world.commitPredictions(bounty, predicted);
      await world.endOfPhase(bounty);
      await world.endOfPhase(bounty);
      expect(await world.phase(bounty)).to.equal(Phase.RequesterSlashed);
      await world.advance(bounty);
      await world.settle(bounty, predicted.trainer.address);
      await world.settle(bounty, idle.trainer.address);
      expect(await world.credits(predicted.trainer.address)).to.equal(bounty.stake);
      expect(await world.credits(BURN)).to.equal(bounty.reward + bounty.stake);
    });

    it("no predictions committed: Refunded, the idle stakes burned", async function () {
      const bounty = await world.createBounty();
      const idle = await world.commitModel(bounty, signers[3], 80);
      await world.releaseKey(bounty);
      await world.endOfPhase(bounty);
      expect(await world.phase(bounty)).to.equal(Phase.Refunded);
      await world.advance(bounty);
      await world.settle(bounty, idle.trainer.address);
      expect(await world.credits(bounty.requester.address)).to.equal(bounty.reward + bounty.stake);
      expect(await world.credits(BURN)).to.equal(bounty.stake);
    });

    it("no claim reaches minScore: Refunded when Claiming ends, low claims refunded", async function () {
      const bounty = await world.createBounty({ minScore: 90 });
      const entry = await world.commitModel(bounty, signers[3], 50);
      await world.toClaiming(bounty, [entry]);
      await world.claim(bounty, entry);
      await world.endOfPhase(bounty);
      expect(await world.phase(bounty)).to.equal(Phase.Refunded);
      await world.advance(bounty);
      await world.settle(bounty, entry.trainer.address);
      expect(await world.credits(entry.trainer.address)).to.equal(bounty.stake);
      expect(await world.credits(bounty.requester.address)).to.equal(bounty.reward + bounty.stake);
    });

    it("no contender reveals: Refunded when Revealing ends, the silent contenders burned", async function () {
      const bounty = await world.createBounty();
      const entry = await world.commitModel(bounty, signers[3], 80);
      await world.toClaiming(bounty, [entry]);
      await world.claim(bounty, entry);
      await world.endOfPhase(bounty);
      expect(await world.phase(bounty)).to.equal(Phase.Revealing);
      await world.endOfPhase(bounty);
      expect(await world.phase(bounty)).to.equal(Phase.Refunded);
      await world.advance(bounty);
      await world.settle(bounty, entry.trainer.address);
      expect(await world.credits(BURN)).to.equal(bounty.stake);
      expect(await world.credits(bounty.requester.address)).to.equal(bounty.reward + bounty.stake);
    });
  });

  it("a bounty without stakes moves no money for submissions", async function () {
    const bounty = await world.createBounty({ stake: 0n });
    const entry = await world.commitModel(bounty, signers[3], 80);
    await world.toClaiming(bounty, [entry]);
    await world.endOfPhase(bounty);
    await world.advance(bounty); // nobody claimed: Refunded
    await world.settle(bounty, entry.trainer.address);
    expect(await world.credits(BURN)).to.equal(0n);
    expect(await world.credits(bounty.requester.address)).to.equal(bounty.reward);
  });

  it("exposes every window as a phase of its own, each one response window long", async function () {
    const bounty = await world.createBounty({ window: 2n * WINDOW });
    const entry = await world.commitModel(bounty, signers[3], 80);
    await networkHelpers.time.increaseTo(bounty.deadline + 2n * WINDOW - 2n); // the release is mined one second later, the last second of the window
    expect(await world.phase(bounty)).to.equal(Phase.KeyRelease);
    await world.releaseKey(bounty);
    const released = await world.now();
    expect((await world.market.getBounty(bounty.id)).phaseDeadline).to.equal(released + 2n * WINDOW);
    await world.commitPredictions(bounty, entry);
    await world.revealGroundTruth(bounty);
    const revealed = await world.now();
    expect((await world.market.getBounty(bounty.id)).phaseDeadline).to.equal(revealed + 2n * WINDOW);
  });

  it("currentPhase answers each phase with the time it ends, and 0 once no clock ends it", async function () {
    const ends = async (bounty: Bounty) => {
      const [phase, deadline] = await world.market.currentPhase(bounty.id);
      return [Number(phase), deadline];
    };
    const bounty = await world.createBounty();
    const entry = await world.commitModel(bounty, signers[3], 90);
    expect(await ends(bounty)).to.deep.equal([Phase.Open, bounty.deadline]);
    await networkHelpers.time.increaseTo(bounty.deadline);
    expect(await ends(bounty)).to.deep.equal([Phase.KeyRelease, bounty.deadline + WINDOW]);
    await world.releaseKey(bounty);
    const released = await world.now();
    expect(await ends(bounty)).to.deep.equal([Phase.Predicting, released + WINDOW]);
    await world.commitPredictions(bounty, entry);
    await world.endOfPhase(bounty);
    expect(await ends(bounty)).to.deep.equal([Phase.AwaitingGroundTruth, released + 2n * WINDOW]);
    await world.revealGroundTruth(bounty);
    const revealed = await world.now();
    expect(await ends(bounty)).to.deep.equal([Phase.Claiming, revealed + WINDOW]);
    await world.claim(bounty, entry);
    await world.endOfPhase(bounty);
    expect(await ends(bounty)).to.deep.equal([Phase.Revealing, revealed + 2n * WINDOW]);
    await world.reveal(bounty, entry);
    await world.endOfPhase(bounty);
    expect(await ends(bounty)).to.deep.equal([Phase.Verifying, revealed + 3n * WINDOW]);
    await world.endOfPhase(bounty);
    expect(await ends(bounty)).to.deep.equal([Phase.Completed, 0n]); // the silent verifier's default, by the clock
    await world.advance(bounty);
    expect(await ends(bounty)).to.deep.equal([Phase.Completed, 0n]);

    // Two candidates and a silent verifier: Challenging follows Verifying, one window more.
    const two = await world.createBounty({ seed: 3 });
    const first = await world.commitModel(two, signers[3], 90);
    const other = await world.commitModel(two, signers[4], 80);
    await world.toClaiming(two, [first, other]);
    const labelled = await world.now();
    await world.claimAndReveal(two, [first, other]);
    expect(await ends(two)).to.deep.equal([Phase.Verifying, labelled + 3n * WINDOW]);
    await world.endOfPhase(two);
    expect(await ends(two)).to.deep.equal([Phase.Challenging, labelled + 4n * WINDOW]);
    await world.endOfPhase(two);
    expect(await ends(two)).to.deep.equal([Phase.Completed, 0n]);

    const slashed = await world.createBounty();
    await world.commitModel(slashed, signers[4], 80);
    await networkHelpers.time.increaseTo(slashed.deadline + WINDOW);
    expect(await ends(slashed)).to.deep.equal([Phase.RequesterSlashed, 0n]);
    const unknown = ethers.ZeroHash;
    expect(await ends({ id: unknown } as Bounty)).to.deep.equal([Phase.None, 0n]);
  });
});
