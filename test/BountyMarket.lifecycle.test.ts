// Every phase transition of docs/protocol.md, with the money each one moves.
import { expect } from "chai";
import { network } from "hardhat";
import { bountyId } from "../scripts/lib/protocol.js";
import { MarketWorld, signPermit, useMarketWorld, Phase, SlashReason, Status, WINDOW } from "./helpers/market.js";

const { ethers, networkHelpers } = await network.create();

describe("BountyMarket lifecycle", function () {
  let world: MarketWorld;
  let signers: MarketWorld["signers"];
  useMarketWorld(ethers, networkHelpers, (w) => {
    world = w;
    signers = w.signers;
  });

  describe("create", function () {
    it("escrows the reward, derives the id from chain, market, requester and nonce, and emits everything", async function () {
      const requester = signers[1];
      const { params, bounty } = await world.bountyParams({ verifier: signers[2].address });
      const chainId = (await ethers.provider.getNetwork()).chainId;
      const expectedId = bountyId(chainId, await world.market.getAddress(), requester.address, 0n);
      expect(bounty.id).to.equal(expectedId);
      expect(await world.market.nextBountyId(requester.address)).to.equal(expectedId);
      world.bountyIds.add(bounty.id);

      await expect(world.as(requester).createBounty(params))
        .to.emit(world.market, "BountyCreated")
        .withArgs(
          bounty.id,
          requester.address,
          signers[2].address,
          0n,
          params.reward,
          params.trainerStake,
          params.submissionDeadline,
          params.responseWindow,
          params.testSize,
          params.numClasses,
          params.maxSubmissions,
          params.groundTruthCommitment,
          params.trainingCid,
          params.testInputsCid,
          params.metadataCid,
        )
        .and.to.emit(world.market, "PhaseChanged")
        .withArgs(bounty.id, Phase.Open, params.submissionDeadline);
      await world.checkInvariant();

      const stored = await world.market.getBounty(bounty.id);
      expect(stored.requester).to.equal(requester.address);
      expect(stored.escrow).to.equal(params.reward);
      expect(stored.groundTruthCommitment).to.equal(params.groundTruthCommitment);
      expect(await world.market.requesterNonce(requester.address)).to.equal(1n);
      expect(await world.phase(bounty)).to.equal(Phase.Open);
    });

    /** Signs a permit for a new bounty's reward, with the allowance set to zero first. */
    async function permittedBounty(frontRun: boolean) {
      const requester = signers[1];
      await world.step((world.token.connect(requester) as typeof world.token).approve(world.market, 0n));
      const { params, bounty } = await world.bountyParams();
      world.bountyIds.add(bounty.id);
      const deadline = (await world.now()) + 3600n;
      const market = await world.market.getAddress();
      const { v, r, s } = await signPermit(world.token, requester, market, params.reward, deadline);
      if (frontRun) await world.token.permit(requester.address, market, params.reward, deadline, v, r, s);
      await world.step(world.as(requester).createBountyWithPermit(params, deadline, v, r, s));
      expect((await world.market.getBounty(bounty.id)).escrow).to.equal(params.reward);
    }

    it("works in one transaction with an EIP-2612 permit", async function () {
      await permittedBounty(false);
    });

    it("still works when someone front-ran the permit, because the allowance is in place", async function () {
      await permittedBounty(true);
    });
  });

  describe("open", function () {
    it("takes commits with stakes and lets a trainer withdraw and commit again", async function () {
      const bounty = await world.createBounty();
      const trainer = signers[3];
      await world.commit(bounty, trainer, 50);
      expect(await world.status(bounty, trainer.address)).to.equal(Status.Committed);
      expect((await world.market.getBounty(bounty.id)).escrow).to.equal(bounty.reward + bounty.stake);

      await expect(world.as(trainer).withdrawSubmission(bounty.id))
        .to.emit(world.market, "SubmissionWithdrawn")
        .withArgs(bounty.id, trainer.address)
        .and.to.emit(world.market, "Credited")
        .withArgs(bounty.id, trainer.address, bounty.stake);
      await world.checkInvariant();
      expect(await world.status(bounty, trainer.address)).to.equal(Status.Withdrawn);
      expect(await world.credits(trainer.address)).to.equal(bounty.stake);

      await world.commit(bounty, trainer, 60);
      const submission = await world.market.getSubmission(bounty.id, trainer.address);
      expect(submission.sequence).to.equal(2n);
      expect(submission.status).to.equal(BigInt(Status.Committed));
    });

    it("commits in one transaction with a permit for the stake", async function () {
      const bounty = await world.createBounty();
      const trainer = signers[3];
      await world.step((world.token.connect(trainer) as typeof world.token).approve(world.market, 0n));
      const deadline = (await world.now()) + 3600n;
      const signature = await signPermit(world.token, trainer, await world.market.getAddress(), bounty.stake, deadline);
      const salt = world.salt();
      await world.step(
        world
          .as(trainer)
          .commitWithPermit(
            bounty.id,
            world.predictionsCommitment(bounty.id, trainer.address, bounty.labels, salt),
            world.modelCommitment(bounty.id, trainer.address, "bafkreimodel", salt),
            deadline,
            signature.v,
            signature.r,
            signature.s,
          ),
      );
      expect(await world.status(bounty, trainer.address)).to.equal(Status.Committed);
    });

    it("cancel with no live submission refunds the whole reward", async function () {
      const bounty = await world.createBounty();
      await expect(world.as(bounty.requester).cancelBounty(bounty.id))
        .to.emit(world.market, "PhaseChanged")
        .withArgs(bounty.id, Phase.Cancelled, 0n)
        .and.to.emit(world.market, "Credited")
        .withArgs(bounty.id, bounty.requester.address, bounty.reward);
      await world.checkInvariant();
      expect(await world.phase(bounty)).to.equal(Phase.Cancelled);
      expect((await world.market.getBounty(bounty.id)).escrow).to.equal(0n);
    });

    it("cancel with live submissions splits the reward equally, remainder to the requester", async function () {
      const bounty = await world.createBounty({ reward: 100n });
      const trainers = [signers[3], signers[4], signers[5]];
      for (const trainer of trainers) await world.commit(bounty, trainer, 10);
      await world.step(world.as(signers[6]).commit(bounty.id, world.salt(), world.salt()));
      await world.step(world.as(signers[6]).withdrawSubmission(bounty.id));

      await expect(world.as(bounty.requester).cancelBounty(bounty.id))
        .to.emit(world.market, "RewardSplit")
        .withArgs(bounty.id, 3n, 33n)
        .and.to.emit(world.market, "Credited")
        .withArgs(bounty.id, bounty.requester.address, 1n);
      await world.checkInvariant();

      for (const trainer of trainers) {
        await expect(world.as(signers[11]).settleSubmission(bounty.id, trainer.address))
          .to.emit(world.market, "SubmissionSettled")
          .withArgs(bounty.id, trainer.address, 33n + bounty.stake, 0n);
        await world.checkInvariant();
        expect(await world.status(bounty, trainer.address)).to.equal(Status.Settled);
      }
      expect((await world.market.getBounty(bounty.id)).escrow).to.equal(0n);
      await world.withdrawAll();
    });
  });

  describe("ground truth", function () {
    it("is due after the deadline; phaseOf says so before any transaction", async function () {
      const bounty = await world.createBounty();
      await world.commit(bounty, signers[3], 10);
      await world.toGroundTruthPhase(bounty);
      expect(await world.phase(bounty)).to.equal(Phase.AwaitingGroundTruth);
      const tx = world.as(bounty.requester).revealGroundTruth(bounty.id, bounty.labels, bounty.salt);
      await expect(tx)
        .to.emit(world.market, "GroundTruthRevealed")
        .withArgs(bounty.id, ethers.hexlify(bounty.labels), bounty.salt, ethers.keccak256(bounty.labels));
      await world.checkInvariant();
      expect(await world.phase(bounty)).to.equal(Phase.Claiming);
      const stored = await world.market.getBounty(bounty.id);
      expect(stored.phaseDeadline).to.equal((await world.now()) + WINDOW);
    });

    it("with no live submission ends Refunded", async function () {
      const bounty = await world.createBounty();
      await world.commit(bounty, signers[3], 10);
      await world.step(world.as(signers[3]).withdrawSubmission(bounty.id));
      await world.revealAfterDeadline(bounty);
      expect(await world.phase(bounty)).to.equal(Phase.Refunded);
      expect(await world.credits(bounty.requester.address)).to.equal(bounty.reward);
    });

    it("missed by the requester: anyone slashes it and the reward goes to the live submissions", async function () {
      const bounty = await world.createBounty({ reward: 101n });
      await world.commit(bounty, signers[3], 10);
      await world.commit(bounty, signers[4], 20);
      await world.endOfWindow(bounty);
      await expect(world.as(signers[9]).advance(bounty.id))
        .to.emit(world.market, "PhaseChanged")
        .withArgs(bounty.id, Phase.RequesterSlashed, 0n)
        .and.to.emit(world.market, "RewardSplit")
        .withArgs(bounty.id, 2n, 50n);
      await world.checkInvariant();
      expect(await world.credits(bounty.requester.address)).to.equal(1n);
      await world.settle(bounty, signers[3].address);
      await world.settle(bounty, signers[4].address);
      expect(await world.credits(signers[3].address)).to.equal(50n + bounty.stake);
      expect((await world.market.getBounty(bounty.id)).escrow).to.equal(0n);
    });

    it("missed by the requester with no live submission: the reward is refunded", async function () {
      const bounty = await world.createBounty();
      await world.endOfWindow(bounty);
      await world.advance(bounty);
      expect(await world.phase(bounty)).to.equal(Phase.Refunded);
      expect(await world.credits(bounty.requester.address)).to.equal(bounty.reward);
    });
  });

  describe("claims and candidates", function () {
    it("ranks claims by count, then by commit order, whatever order they arrive in", async function () {
      const bounty = await world.createBounty({ testSize: 100 });
      const a = await world.commit(bounty, signers[3], 70);
      const b = await world.commit(bounty, signers[4], 90);
      const c = await world.commit(bounty, signers[5], 70);
      const d = await world.commit(bounty, signers[6], 95);
      await world.revealAfterDeadline(bounty);
      for (const commitment of [c, a, d, b]) await world.claim(bounty, commitment);

      const [trainers, claimed] = await world.market.rankedClaims(bounty.id, 10);
      expect(trainers).to.deep.equal([d, b, a, c].map((x) => x.trainer.address));
      expect(claimed).to.deep.equal([95n, 90n, 70n, 70n]);
      const [firstTwo] = await world.market.rankedClaims(bounty.id, 2);
      expect(firstTwo).to.have.length(2);
    });

    it("accepts a hint that was overtaken by later claims", async function () {
      const bounty = await world.createBounty({ testSize: 100 });
      const a = await world.commit(bounty, signers[3], 90);
      const b = await world.commit(bounty, signers[4], 80);
      const c = await world.commit(bounty, signers[5], 70);
      await world.revealAfterDeadline(bounty);
      await world.claim(bounty, a);
      const staleHint = await world.market.claimHint(bounty.id, c.trainer.address, 70);
      expect(staleHint).to.equal(a.trainer.address);
      await world.claim(bounty, b);
      await world.step(world.as(c.trainer).claimAccuracy(bounty.id, 70, staleHint));
      const [trainers] = await world.market.rankedClaims(bounty.id, 10);
      expect(trainers).to.deep.equal([a, b, c].map((x) => x.trainer.address));
    });

    it("the best claim reveals, the count matches, and without a verifier it wins at once", async function () {
      const bounty = await world.createBounty({ testSize: 100 });
      const best = await world.commit(bounty, signers[3], 91);
      const other = await world.commit(bounty, signers[4], 80);
      const silent = await world.commit(bounty, signers[5], 99);
      await world.revealAfterDeadline(bounty);
      await world.claim(bounty, other);
      await world.claim(bounty, best);
      await world.endOfWindow(bounty);
      expect(await world.phase(bounty)).to.equal(Phase.CandidateReveal);

      // The candidate reveals without anyone advancing first.
      const claimingEnd = (await world.market.getBounty(bounty.id)).phaseDeadline;
      const reveal = world.as(best.trainer).revealCandidate(
        bounty.id,
        best.predictions,
        best.predictionsSalt,
        best.modelCid,
        best.modelSalt,
        bounty.labels,
      );
      await expect(reveal)
        .to.emit(world.market, "CandidateSelected")
        .withArgs(bounty.id, best.trainer.address, 91n, claimingEnd + WINDOW)
        .and.to.emit(world.market, "CandidateRevealed")
        .withArgs(
          bounty.id,
          best.trainer.address,
          ethers.hexlify(best.predictions),
          best.predictionsSalt,
          best.modelCid,
          best.modelSalt,
          91n,
        )
        .and.to.emit(world.market, "BountyCompleted")
        .withArgs(bounty.id, best.trainer.address, 91n)
        .and.to.emit(world.market, "Credited")
        .withArgs(bounty.id, best.trainer.address, bounty.reward + bounty.stake);
      await world.checkInvariant();
      expect(await world.phase(bounty)).to.equal(Phase.Completed);
      expect((await world.market.getBounty(bounty.id)).winner).to.equal(best.trainer.address);

      // The other claimer gets its stake back; the silent one forfeits it to the requester.
      await world.settle(bounty, other.trainer.address);
      await expect(world.as(signers[11]).settleSubmission(bounty.id, silent.trainer.address))
        .to.emit(world.market, "SubmissionSettled")
        .withArgs(bounty.id, silent.trainer.address, 0n, bounty.stake);
      await world.checkInvariant();
      expect(await world.credits(other.trainer.address)).to.equal(bounty.stake);
      expect(await world.credits(bounty.requester.address)).to.equal(bounty.stake);
      expect((await world.market.getBounty(bounty.id)).escrow).to.equal(0n);

      await world.withdrawAll();
      expect(await world.token.balanceOf(world.market)).to.equal(0n);
    });

    it("a candidate that claimed more than it got is slashed and the next best wins", async function () {
      const bounty = await world.createBounty({ testSize: 100 });
      const cheater = await world.commit(bounty, signers[3], 60);
      const honest = await world.commit(bounty, signers[4], 80);
      await world.revealAfterDeadline(bounty);
      await world.claim(bounty, cheater, 95);
      await world.claim(bounty, honest);
      await world.endOfWindow(bounty);
      await world.advance(bounty);
      expect((await world.market.getBounty(bounty.id)).candidate).to.equal(cheater.trainer.address);

      await expect(
        world
          .as(cheater.trainer)
          .revealCandidate(
            bounty.id,
            cheater.predictions,
            cheater.predictionsSalt,
            cheater.modelCid,
            cheater.modelSalt,
            bounty.labels,
          ),
      )
        .to.emit(world.market, "CandidateSlashed")
        .withArgs(bounty.id, cheater.trainer.address, SlashReason.CountMismatch, bounty.stake)
        .and.to.emit(world.market, "CandidateSelected");
      await world.checkInvariant();
      expect(await world.status(bounty, cheater.trainer.address)).to.equal(Status.Slashed);
      expect(await world.credits(bounty.requester.address)).to.equal(bounty.stake);

      await world.revealCandidate(bounty, honest);
      expect((await world.market.getBounty(bounty.id)).winner).to.equal(honest.trainer.address);
      await world.expectNothingToSettle(bounty, cheater.trainer.address);
    });

    it("a candidate that never reveals is slashed by anyone; with nobody left the bounty is Refunded", async function () {
      const bounty = await world.createBounty();
      const only = await world.commit(bounty, signers[3], 50);
      await world.revealAfterDeadline(bounty);
      await world.claim(bounty, only);
      await world.endOfWindow(bounty);
      await world.advance(bounty); // selects the candidate
      await world.endOfWindow(bounty);
      await expect(world.as(signers[9]).advance(bounty.id))
        .to.emit(world.market, "CandidateSlashed")
        .withArgs(bounty.id, only.trainer.address, SlashReason.MissedReveal, bounty.stake)
        .and.to.emit(world.market, "PhaseChanged")
        .withArgs(bounty.id, Phase.Refunded, 0n);
      await world.checkInvariant();
      expect(await world.credits(bounty.requester.address)).to.equal(bounty.reward + bounty.stake);
    });

    it("nobody claims: the bounty is Refunded and unclaimed stakes go to the requester", async function () {
      const bounty = await world.createBounty();
      const lazy = await world.commit(bounty, signers[3], 50);
      await world.revealAfterDeadline(bounty);
      await world.endOfWindow(bounty);
      expect(await world.phase(bounty)).to.equal(Phase.Refunded);
      await world.advance(bounty);
      expect(await world.phase(bounty)).to.equal(Phase.Refunded);
      await world.settle(bounty, lazy.trainer.address);
      expect(await world.credits(bounty.requester.address)).to.equal(bounty.reward + bounty.stake);
    });

    it("a Refunded bounty returns the stakes of claimers that were never reached", async function () {
      const bounty = await world.createBounty({ testSize: 100 });
      const first = await world.commit(bounty, signers[3], 60);
      await world.revealAfterDeadline(bounty);
      await world.claim(bounty, first, 70);
      await world.endOfWindow(bounty);
      await world.advance(bounty);
      await world.revealCandidate(bounty, first); // count 60 != 70: slashed, nobody left
      expect(await world.phase(bounty)).to.equal(Phase.Refunded);
      expect(await world.credits(bounty.requester.address)).to.equal(bounty.reward + bounty.stake);
    });
  });

  describe("verification", function () {
    async function toVerifying() {
      const verifier = signers[2];
      const bounty = await world.createBounty({ testSize: 100, verifier: verifier.address });
      const first = await world.commit(bounty, signers[3], 90);
      const second = await world.commit(bounty, signers[4], 80);
      await world.revealAfterDeadline(bounty);
      await world.claim(bounty, first);
      await world.claim(bounty, second);
      await world.endOfWindow(bounty);
      await world.revealCandidate(bounty, first);
      expect(await world.phase(bounty)).to.equal(Phase.Verifying);
      return { bounty, verifier, first, second };
    }

    it("reproduced: the candidate wins", async function () {
      const { bounty, verifier, first } = await toVerifying();
      await expect(world.as(verifier).attestVerification(bounty.id, true, "bafkreireport"))
        .to.emit(world.market, "VerificationAttested")
        .withArgs(bounty.id, verifier.address, first.trainer.address, true, "bafkreireport")
        .and.to.emit(world.market, "BountyCompleted");
      await world.checkInvariant();
      expect((await world.market.getBounty(bounty.id)).winner).to.equal(first.trainer.address);
    });

    it("not reproduced: the candidate is slashed and the next one must reveal", async function () {
      const { bounty, verifier, first, second } = await toVerifying();
      await expect(world.as(verifier).attestVerification(bounty.id, false, "bafkreireport"))
        .to.emit(world.market, "CandidateSlashed")
        .withArgs(bounty.id, first.trainer.address, SlashReason.NotReproduced, bounty.stake);
      await world.checkInvariant();
      expect((await world.market.getBounty(bounty.id)).candidate).to.equal(second.trainer.address);
      await world.revealCandidate(bounty, second);
      await world.step(world.as(verifier).attestVerification(bounty.id, true, "bafkreireport2"));
      expect((await world.market.getBounty(bounty.id)).winner).to.equal(second.trainer.address);
    });

    it("a verifier that misses its window cannot block the payout", async function () {
      const { bounty, first } = await toVerifying();
      await world.endOfWindow(bounty);
      await world.advance(bounty);
      expect(await world.phase(bounty)).to.equal(Phase.Completed);
      expect((await world.market.getBounty(bounty.id)).winner).to.equal(first.trainer.address);
    });
  });

  describe("withdraw", function () {
    it("pays out all credits once", async function () {
      const bounty = await world.createBounty();
      await world.step(world.as(bounty.requester).cancelBounty(bounty.id));
      const before: bigint = await world.token.balanceOf(bounty.requester.address);
      await expect(world.as(bounty.requester).withdraw())
        .to.emit(world.market, "Withdrawn")
        .withArgs(bounty.requester.address, bounty.reward);
      await world.checkInvariant();
      expect(await world.token.balanceOf(bounty.requester.address)).to.equal(before + bounty.reward);
      await world.expectRevert(world.as(bounty.requester).withdraw(), "NothingToWithdraw", bounty.requester.address);
    });
  });
});
