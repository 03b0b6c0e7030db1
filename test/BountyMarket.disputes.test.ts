// Disputes before the ERC-792 arbitrator (docs/protocol.md, "Disputes"): every path of a verification dispute and of a
// test-inputs dispute, the fee bond and fee credits, ERC-1497 evidence, and the attacks of the issue that introduced
// them (C3, C4, N3, N9, N10, slot squatting), each performed and shown refused or not paying, with balances before and
// after. The token and ether invariants are checked after every step.
import { expect } from "chai";
import { network } from "hardhat";
import {
  BURN,
  DisputeKind,
  MDC,
  META_EVIDENCE_TEST_INPUTS,
  META_EVIDENCE_VERIFICATION,
  MarketWorld,
  Phase,
  Status,
  WINDOW,
  ZERO_ADDRESS,
  cid,
  useMarketWorld,
  type AnyContract,
  type Bounty,
  type Entry,
} from "./helpers/market.js";

const { ethers, networkHelpers } = await network.create();

const EVIDENCE = "/ipfs/" + cid("re-run report");

describe("BountyMarket disputes", function () {
  let world: MarketWorld;
  let signers: MarketWorld["signers"];
  useMarketWorld(ethers, networkHelpers, (w) => {
    world = w;
    signers = w.signers;
  });

  /**
   * A bounty of `on` (default: the test's world) whose three candidates revealed (90, 80 and 70 correct) and whose
   * verifier has not attested yet.
   */
  async function threeCandidates(options: Parameters<MarketWorld["createBounty"]>[0] = {}, on = world) {
    const bounty = await on.createBounty({ minScore: 60, ...options });
    const best = await on.commitModel(bounty, signers[3], 90);
    const second = await on.commitModel(bounty, signers[4], 80);
    const third = await on.commitModel(bounty, signers[5], 70);
    const entries = [best, second, third];
    await on.toClaiming(bounty, entries);
    await on.claimAndReveal(bounty, entries);
    expect(await on.phase(bounty)).to.equal(Phase.Verifying);
    return { bounty, best, second, third, entries };
  }

  const uintId = (bounty: Bounty) => BigInt(bounty.id);

  describe("the market as an ERC-792 arbitrable", function () {
    it("is bound to its arbitrator, emits both meta-evidence URIs at deployment, and answers the dispute views", async function () {
      expect(await world.market.arbitrator()).to.equal(await world.arbitrator.getAddress());
      expect(await world.market.arbitratorExtraData()).to.equal("0x");
      expect(await world.market.arbitrationCost()).to.equal(10n ** 17n);
      const meta = await world.market.queryFilter(world.market.filters.MetaEvidence());
      const uris = meta.map((e) => (e as unknown as { args: [bigint, string] }).args);
      expect(uris.map(([id, uri]) => [id, uri])).to.deep.equal([
        [BigInt(DisputeKind.TestInputs), META_EVIDENCE_TEST_INPUTS],
        [BigInt(DisputeKind.Verification), META_EVIDENCE_VERIFICATION],
      ]);
      const bounty = await world.createBounty();
      expect((await world.market.getBounty(bounty.id)).feeBond).to.equal(world.fee);
      expect(await world.market.disputeChoices(bounty.id, DisputeKind.TestInputs)).to.equal(2n);
      expect(await world.market.disputeChoices(bounty.id, DisputeKind.Verification)).to.equal(1n); // no commit yet: none
      await world.commitModel(bounty, signers[3], 60);
      await world.commitModel(bounty, signers[4], 60);
      await world.commitModel(bounty, signers[3], 60); // a replaced commit takes a new sequence: one more choice
      expect(await world.market.disputeChoices(bounty.id, DisputeKind.Verification)).to.equal(4n);
    });

    it("anyone adds evidence to a bounty at any time (ERC-1497 Evidence, grouped by bounty)", async function () {
      const bounty = await world.createBounty();
      await expect(world.as(signers[7]).submitEvidence(bounty.id, EVIDENCE))
        .to.emit(world.market, "Evidence")
        .withArgs(await world.arbitrator.getAddress(), uintId(bounty), signers[7].address, EVIDENCE);
      await world.checkInvariant();
      await world.step(world.as(bounty.requester).cancelBounty(bounty.id));
      await world.step(world.as(signers[8]).submitEvidence(bounty.id, EVIDENCE)); // ended: still accepted
    });
  });

  describe("verification disputes", function () {
    it("overturned to another candidate: the verifier wrongly rejected the best; the disputer gets its deposit, the verifier bond and its fee back", async function () {
      const { bounty, best, second, third, entries } = await threeCandidates();
      await world.attest(bounty, [best], true); // "best does not reproduce": wrong
      expect(await world.phase(bounty)).to.equal(Phase.Challenging);
      const arbitrator = await world.arbitrator.getAddress();
      const disputer = best.trainer;
      const tokensBefore = await world.token.balanceOf(disputer.address);
      const tx = world.as(disputer).disputeVerification(bounty.id, EVIDENCE, { value: world.fee });
      await expect(tx)
        .to.emit(world.market, "DisputeRaised")
        .withArgs(bounty.id, 0n, DisputeKind.Verification, disputer.address, world.fee, bounty.stake)
        .and.to.emit(world.market, "Dispute")
        .withArgs(arbitrator, 0n, BigInt(DisputeKind.Verification), uintId(bounty))
        .and.to.emit(world.market, "Evidence")
        .withArgs(arbitrator, uintId(bounty), disputer.address, EVIDENCE)
        .and.to.emit(world.market, "PhaseChanged")
        .withArgs(bounty.id, Phase.Disputed, 0n)
        .and.to.emit(world.arbitrator, "DisputeCreation");
      await world.checkInvariant();
      expect(await world.token.balanceOf(disputer.address), "the deposit").to.equal(tokensBefore - bounty.stake);
      expect(await world.market.currentPhase(bounty.id)).to.deep.equal([BigInt(Phase.Disputed), 0n]);
      const dispute = await world.market.getDispute(0n);
      expect(dispute.bountyId).to.equal(bounty.id);
      expect(dispute.kind).to.equal(BigInt(DisputeKind.Verification));
      expect(dispute.ruled).to.equal(false);
      expect(dispute.disputer).to.equal(disputer.address);
      expect(dispute.fee).to.equal(world.fee);
      expect((await world.market.getBounty(bounty.id)).verificationDisputed).to.equal(true);
      expect((await world.arbitrator.disputes(0n)).choices).to.equal(4n); // 3 commits + none

      // Nothing moves while the arbitrator thinks, however long: no clock ends Disputed.
      await networkHelpers.time.increase(30n * 86400n);
      expect(await world.phase(bounty)).to.equal(Phase.Disputed);
      await world.expectRevert(world.as(signers[11]).advance(bounty.id), "NothingToAdvance", bounty.id, Phase.Disputed);
      await world.expectRevert(world.as(signers[11]).settleSubmission(bounty.id, second.trainer.address), "NothingToSettle", bounty.id, second.trainer.address);

      const ruling = await world.rulingFor(bounty, best);
      await expect(world.rule(0n, ruling))
        .to.emit(world.market, "Ruling")
        .withArgs(arbitrator, 0n, ruling)
        .and.to.emit(world.market, "DisputeRuled")
        .withArgs(bounty.id, 0n, ruling, true)
        .and.to.emit(world.market, "BountyCompleted")
        .withArgs(bounty.id, best.trainer.address, 90n)
        .and.to.emit(world.market, "FeeCredited")
        .withArgs(bounty.id, disputer.address, world.fee);
      expect((await world.market.getDispute(0n)).ruled).to.equal(true);
      expect(await world.phase(bounty)).to.equal(Phase.Completed);
      await world.settleAll(bounty, entries);
      // The winner's reward and stake, its deposit back and the verifier bond.
      expect(await world.credits(disputer.address)).to.equal(bounty.reward + 3n * bounty.stake);
      expect(await world.market.feeCredits(disputer.address)).to.equal(world.fee);
      expect(await world.credits(second.trainer.address)).to.equal(bounty.stake); // ranks after the winner
      expect(await world.credits(third.trainer.address)).to.equal(bounty.stake);
      expect(await world.credits(bounty.requester.address), "the verifier bond is lost").to.equal(0n);
      expect(await world.market.feeCredits(bounty.requester.address), "the fee bond repaid the disputer").to.equal(0n);
      expect(await world.credits(BURN)).to.equal(0n);
      await expect(world.rule(0n, ruling)).to.be.revertedWithCustomError(world.arbitrator, "InvalidStatus"); // ruled once
    });

    it("overturned to none: the verifier accepted a hand labeller; NoWinner burns the reward and every candidate, the watcher is repaid", async function () {
      const { bounty, best, entries } = await threeCandidates();
      await world.attest(bounty, [], true); // proposes best
      const watcher = signers[9];
      const { disputeId } = await world.disputeVerification(bounty, watcher);
      await expect(world.rule(disputeId, await world.rulingFor(bounty, null)))
        .to.emit(world.market, "DisputeRuled")
        .withArgs(bounty.id, disputeId, 4n, true)
        .and.to.emit(world.market, "PhaseChanged")
        .withArgs(bounty.id, Phase.NoWinner, 0n);
      expect(await world.phase(bounty)).to.equal(Phase.NoWinner);
      expect((await world.market.getBounty(bounty.id)).winner).to.equal(ZERO_ADDRESS);
      await world.settleAll(bounty, entries);
      expect(await world.credits(watcher.address)).to.equal(2n * bounty.stake); // deposit + verifier bond
      expect(await world.market.feeCredits(watcher.address)).to.equal(world.fee);
      expect(await world.credits(best.trainer.address)).to.equal(0n);
      expect(await world.credits(BURN)).to.equal(bounty.reward + 3n * bounty.stake);
      await world.withdrawAll();
    });

    it("upheld: the deposit goes to the proposed winner, the bond and the fee bond back to the requester", async function () {
      const { bounty, best, second, entries } = await threeCandidates();
      await world.attest(bounty, [best], true); // best is a hand labeller, rightly rejected
      const { disputeId } = await world.disputeVerification(bounty, best.trainer); // it disputes anyway
      await expect(world.rule(disputeId, await world.rulingFor(bounty, second)))
        .to.emit(world.market, "DisputeRuled")
        .withArgs(bounty.id, disputeId, 2n, false);
      await world.settleAll(bounty, entries);
      expect(await world.credits(second.trainer.address), "reward, stake and the deposit").to.equal(bounty.reward + 2n * bounty.stake);
      expect(await world.credits(best.trainer.address)).to.equal(0n);
      expect(await world.market.feeCredits(best.trainer.address)).to.equal(0n);
      expect(await world.credits(bounty.requester.address)).to.equal(bounty.stake);
      expect(await world.market.feeCredits(bounty.requester.address)).to.equal(world.fee);
      expect(await world.credits(BURN), "best ranks before the winner").to.equal(bounty.stake);
    });

    it("refused (ruling 0): the proposal stands; a deposit against the proposal none is burned", async function () {
      const { bounty, entries } = await threeCandidates();
      await world.attest(bounty, entries, false); // proposes none
      const watcher = signers[9];
      const { disputeId } = await world.disputeVerification(bounty, watcher);
      await expect(world.rule(disputeId, 0n)).to.emit(world.market, "DisputeRuled").withArgs(bounty.id, disputeId, 0n, false);
      expect(await world.phase(bounty)).to.equal(Phase.NoWinner);
      await world.settleAll(bounty, entries);
      expect(await world.credits(watcher.address)).to.equal(0n);
      expect(await world.credits(BURN)).to.equal(bounty.reward + 4n * bounty.stake); // three candidates and the deposit
      expect(await world.credits(bounty.requester.address)).to.equal(bounty.stake);
    });

    it("a ruling naming no revealed candidate (a silent contender, a liar slashed at its reveal, a claim below minScore, a replaced commit) keeps the proposal", async function () {
      const bounty = await world.createBounty({ minScore: 60 });
      const best = await world.commitModel(bounty, signers[3], 90);
      await world.commitModel(bounty, signers[4], 80); // sequence 2, replaced below
      const second = await world.commitModel(bounty, signers[4], 80);
      const silent = await world.commitModel(bounty, signers[5], 70); // claims below the best: may stay silent
      const liar = await world.commitModel(bounty, signers[6], 65);
      const low = await world.commitModel(bounty, signers[7], 10);
      const all = [best, second, silent, liar, low];
      await world.toClaiming(bounty, all);
      await world.claim(bounty, liar, 99);
      for (const entry of [best, second, silent, low]) await world.claim(bounty, entry);
      await world.endOfPhase(bounty);
      for (const entry of [best, second, liar]) await world.reveal(bounty, entry);
      await world.endOfPhase(bounty);
      await world.attest(bounty, [], true); // proposes best
      const sequences = [...(await Promise.all([silent, liar, low].map((e) => world.rulingFor(bounty, e)))), 2n];
      for (const ruling of sequences) {
        const fresh = await networkHelpers.takeSnapshot();
        const { disputeId } = await world.disputeVerification(bounty, second.trainer);
        await expect(world.rule(disputeId, ruling)).to.emit(world.market, "DisputeRuled").withArgs(bounty.id, disputeId, ruling, false);
        expect((await world.market.getBounty(bounty.id)).winner).to.equal(best.trainer.address);
        await fresh.restore();
      }
    });

    it("the silent verifier's default (the ranking's head after its rejections) is recorded when disputed", async function () {
      const { bounty, best, second, third, entries } = await threeCandidates();
      await world.attest(bounty, [best], false); // one rejection, then silence
      await world.endOfPhase(bounty);
      expect(await world.phase(bounty)).to.equal(Phase.Challenging);
      expect((await world.market.getBounty(bounty.id)).phase).to.equal(BigInt(Phase.Claiming));
      const tx = world.as(third.trainer).disputeVerification(bounty.id, "", { value: world.fee });
      await expect(tx).to.emit(world.market, "WinnerProposed").withArgs(bounty.id, second.trainer.address).and.not.to.emit(world.market, "Evidence");
      await world.checkInvariant();
      const disputeId = await world.disputeIdOf(await tx);
      expect((await world.market.getBounty(bounty.id)).winner).to.equal(second.trainer.address);
      await world.rule(disputeId, await world.rulingFor(bounty, third)); // the arbitrator finds only third reproduces
      await world.settleAll(bounty, entries);
      expect(await world.credits(third.trainer.address)).to.equal(bounty.reward + 3n * bounty.stake);
      expect(await world.credits(BURN)).to.equal(2n * bounty.stake);
    });

    it("the fast path: one revealed candidate accepted completes at once, with nothing to dispute", async function () {
      const bounty = await world.createBounty({ minScore: 60 });
      const only = await world.commitModel(bounty, signers[3], 90);
      await world.toClaiming(bounty, [only]);
      await world.claimAndReveal(bounty, [only]);
      await expect(world.attest(bounty, [], true)).to.emit(world.market, "BountyCompleted").and.not.to.emit(world.market, "WinnerProposed");
      await world.expectRevert(
        world.as(signers[9]).disputeVerification(bounty.id, EVIDENCE, { value: world.fee }),
        "WrongPhase",
        bounty.id,
        Phase.Challenging,
        Phase.Completed,
      );
      expect(await world.market.feeCredits(bounty.requester.address)).to.equal(world.fee);
      expect(await world.credits(bounty.requester.address)).to.equal(bounty.stake);
    });

    it("one candidate rejected proposes none, which is disputable; the silent verifier of one candidate lets it win unchallenged", async function () {
      const bounty = await world.createBounty({ minScore: 60 });
      const only = await world.commitModel(bounty, signers[3], 90);
      await world.toClaiming(bounty, [only]);
      await world.claimAndReveal(bounty, [only]);
      await world.attest(bounty, [only], false);
      expect(await world.phase(bounty)).to.equal(Phase.Challenging);
      const { disputeId } = await world.disputeVerification(bounty, only.trainer);
      await world.rule(disputeId, await world.rulingFor(bounty, only));
      expect(await world.credits(only.trainer.address)).to.equal(bounty.reward + 3n * bounty.stake);
    });

    it("disputes outside Challenging, twice, or with another fee are refused; the end of Challenging is recorded by advance", async function () {
      const { bounty } = await threeCandidates();
      const dispute = (value = world.fee, who = signers[9]) => world.as(who).disputeVerification(bounty.id, EVIDENCE, { value });
      await world.expectRevert(dispute(), "WrongPhase", bounty.id, Phase.Challenging, Phase.Verifying);
      await world.attest(bounty, [], true);
      for (const value of [0n, world.fee - 1n, world.fee + 1n]) {
        await world.expectRevert(dispute(value), "WrongArbitrationFee", world.fee, value);
      }
      await world.disputeVerification(bounty, signers[9]);
      await world.expectRevert(dispute(), "WrongPhase", bounty.id, Phase.Challenging, Phase.Disputed); // one per bounty
      // The end of Challenging without a dispute: advance records it (the lifecycle tests cover that path).
      const other = await threeCandidates({ seed: 5 });
      await world.attest(other.bounty, [], true);
      await world.endOfPhase(other.bounty);
      await world.expectRevert(
        world.as(signers[9]).disputeVerification(other.bounty.id, EVIDENCE, { value: world.fee }),
        "WrongPhase",
        other.bounty.id,
        Phase.Challenging,
        Phase.Completed,
      );
      await world.advance(other.bounty);
      await world.settleAll(other.bounty, other.entries);
    });

    it("only the arbitrator rules; an unknown or already ruled dispute and a ruling above the choices are refused", async function () {
      await world.expectRevert(world.as(signers[0]).rule(0n, 1n), "NotArbitrator", signers[0].address);
      // A court that hands the market anything (MockArbitrator): the market checks for itself.
      const court = (await ethers.deployContract("MockArbitrator")) as AnyContract;
      const mocked = await MarketWorld.deploy(ethers, networkHelpers, world.token, court);
      const { bounty, best } = await threeCandidates({}, mocked);
      await mocked.attest(bounty, [], true);
      const marketAddress = await mocked.market.getAddress();
      await mocked.expectRevert(court.giveRuling(marketAddress, 7n, 1n), "UnknownDispute", 7n);
      const { disputeId } = await mocked.disputeVerification(bounty, signers[9]);
      await mocked.expectRevert(court.giveRuling(marketAddress, disputeId, 5n), "InvalidRuling", disputeId, 5n, 4n);
      await mocked.step(court.giveRuling(marketAddress, disputeId, await mocked.rulingFor(bounty, best)));
      await mocked.expectRevert(court.giveRuling(marketAddress, disputeId, 1n), "UnknownDispute", disputeId);
    });

    it("a court whose cost changed: the disputer is repaid at most the fee bond, the requester gets what is left", async function () {
      const court = (await ethers.deployContract("MockArbitrator")) as AnyContract;
      const mocked = await MarketWorld.deploy(ethers, networkHelpers, world.token, court);
      for (const [cost, repaid] of [
        [2n * mocked.fee, mocked.fee], // dearer: the fee bond is all there is
        [mocked.fee / 4n, mocked.fee / 4n], // cheaper: the fee paid, the rest to the requester
      ]) {
        await court.setCost(mocked.fee);
        const { bounty, best } = await threeCandidates({}, mocked);
        await mocked.attest(bounty, [best], true);
        await court.setCost(cost);
        const watcher = signers[9];
        const feesBefore = await mocked.market.feeCredits(watcher.address);
        const requesterBefore = await mocked.market.feeCredits(bounty.requester.address);
        const tx = await mocked.step(mocked.as(watcher).disputeVerification(bounty.id, EVIDENCE, { value: cost }));
        await mocked.step(court.giveRuling(await mocked.market.getAddress(), await mocked.disputeIdOf(tx), await mocked.rulingFor(bounty, best)));
        expect((await mocked.market.feeCredits(watcher.address)) - feesBefore).to.equal(repaid);
        expect((await mocked.market.feeCredits(bounty.requester.address)) - requesterBefore).to.equal(mocked.fee - repaid);
        await mocked.step(mocked.as(watcher).withdrawFees());
      }
    });
  });

  describe("test-inputs disputes", function () {
    /** A bounty in Predicting with two committed models, one of which already committed its predictions. */
    async function predicting() {
      const bounty = await world.createBounty({ minScore: 60 });
      const first = await world.commitModel(bounty, signers[3], 90);
      const second = await world.commitModel(bounty, signers[4], 80);
      await world.releaseKey(bounty);
      await world.commitPredictions(bounty, first);
      return { bounty, first, second };
    }

    it("ruled 1 (the inputs do not open): the requester is treated as never having released the key", async function () {
      const { bounty, first, second } = await predicting();
      const disputer = second.trainer;
      const tx = world.as(disputer).disputeTestInputs(bounty.id, EVIDENCE, { value: world.fee });
      await expect(tx)
        .to.emit(world.market, "DisputeRaised")
        .withArgs(bounty.id, 0n, DisputeKind.TestInputs, disputer.address, world.fee, bounty.stake)
        .and.to.emit(world.market, "Dispute")
        .withArgs(await world.arbitrator.getAddress(), 0n, BigInt(DisputeKind.TestInputs), uintId(bounty));
      await world.checkInvariant();
      expect((await world.arbitrator.disputes(0n)).choices).to.equal(2n);
      // The clock is frozen: however long the arbitrator takes, Predicting does not end.
      const frozen = (await world.market.getDispute(0n)).frozenRemaining;
      expect(frozen).to.be.greaterThan(0n);
      expect(frozen).to.be.at.most(WINDOW);
      await networkHelpers.time.increase(10n * WINDOW);
      expect(await world.phase(bounty)).to.equal(Phase.Disputed);
      await world.expectRevert(world.as(second.trainer).commitPredictions(bounty.id, world.salt()), "WrongPhase", bounty.id, Phase.Predicting, Phase.Disputed);
      await expect(world.rule(0n, 1n)).to.emit(world.market, "DisputeRuled").withArgs(bounty.id, 0n, 1n, true);
      expect(await world.phase(bounty)).to.equal(Phase.RequesterSlashed);
      expect((await world.market.getBounty(bounty.id)).keyReleased).to.equal(false);
      await world.settleAll(bounty, [first, second]);
      expect(await world.credits(first.trainer.address)).to.equal(bounty.stake);
      expect(await world.credits(disputer.address), "its stake, its deposit and the verifier bond").to.equal(3n * bounty.stake);
      expect(await world.market.feeCredits(disputer.address)).to.equal(world.fee);
      expect(await world.credits(bounty.requester.address)).to.equal(0n);
      expect(await world.credits(BURN)).to.equal(bounty.reward);
    });

    for (const ruling of [2n, 0n]) {
      it(`ruled ${ruling} (${ruling === 2n ? "the inputs open" : "refused"}): Predicting resumes with the time it had left; the deposit compensates the requester`, async function () {
        const { bounty, first, second } = await predicting();
        const { disputeId } = await world.disputeTestInputs(bounty, signers[9]);
        const frozen: bigint = (await world.market.getDispute(disputeId)).frozenRemaining;
        await networkHelpers.time.increase(5n * WINDOW);
        await expect(world.rule(disputeId, ruling)).to.emit(world.market, "DisputeRuled").withArgs(bounty.id, disputeId, ruling, false);
        const ruledAt = await world.now();
        expect(await world.market.currentPhase(bounty.id)).to.deep.equal([BigInt(Phase.Predicting), ruledAt + frozen]);
        expect(await world.credits(bounty.requester.address)).to.equal(bounty.stake);
        await world.commitPredictions(bounty, second); // still time to predict
        // One test-inputs dispute per bounty.
        await world.expectRevert(
          world.as(signers[9]).disputeTestInputs(bounty.id, EVIDENCE, { value: world.fee }),
          "AlreadyDisputed",
          bounty.id,
          DisputeKind.TestInputs,
        );
        await world.revealGroundTruth(bounty);
        await world.claimAndReveal(bounty, [first, second]);
        await world.attest(bounty, [], true);
        await world.endOfPhase(bounty);
        await world.advance(bounty);
        await world.settleAll(bounty, [first, second]);
        expect(await world.credits(bounty.requester.address), "the deposit and the bond").to.equal(2n * bounty.stake);
        expect(await world.market.feeCredits(bounty.requester.address)).to.equal(world.fee);
        expect(await world.market.feeCredits(signers[9].address)).to.equal(0n);
      });
    }

    it("only during Predicting, with the exact fee", async function () {
      const bounty = await world.createBounty();
      const dispute = (value = world.fee) => world.as(signers[9]).disputeTestInputs(bounty.id, EVIDENCE, { value });
      await world.expectRevert(dispute(), "WrongPhase", bounty.id, Phase.Predicting, Phase.Open);
      await world.commitModel(bounty, signers[3], 80);
      await world.releaseKey(bounty);
      await world.expectRevert(dispute(0n), "WrongArbitrationFee", world.fee, 0n);
      await world.endOfPhase(bounty);
      await world.expectRevert(dispute(), "WrongPhase", bounty.id, Phase.Predicting, Phase.Refunded);
    });
  });

  describe("fee credits", function () {
    it("withdrawFees sends the caller its wei, once", async function () {
      const bounty = await world.createBounty();
      await world.step(world.as(bounty.requester).cancelBounty(bounty.id));
      const [before] = await world.etherBalances([bounty.requester.address]);
      const tx = world.as(bounty.requester).withdrawFees();
      await expect(tx).to.emit(world.market, "FeesWithdrawn").withArgs(bounty.requester.address, world.fee);
      await world.checkInvariant();
      const [after] = await world.etherBalances([bounty.requester.address]);
      expect(after - before).to.equal(world.fee - (await world.gasCost(await tx)));
      await world.expectRevert(world.as(bounty.requester).withdrawFees(), "NoFeesToWithdraw", bounty.requester.address);
    });

    it("a receiver that rejects ether keeps its credits (FeeTransferFailed)", async function () {
      const refuser = (await ethers.deployContract("EtherRefuser")) as AnyContract;
      const address = await refuser.getAddress();
      world.otherAccounts.add(address);
      await world.token.mint(address, 1000n * MDC);
      await refuser.execute(world.token, world.token.interface.encodeFunctionData("approve", [await world.market.getAddress(), ethers.MaxUint256]));
      const { params, bounty } = await world.bountyParams({ requester: { address } as MarketWorld["signers"][number] });
      world.bountyIds.add(bounty.id);
      const call = (name: string, args: unknown[], value = 0n) =>
        refuser.execute(world.market, world.market.interface.encodeFunctionData(name, args), { value });
      await world.step(call("createBounty", [params], world.fee));
      await world.step(call("cancelBounty", [bounty.id]));
      expect(await world.market.feeCredits(address)).to.equal(world.fee);
      await world.expectRevert(call("withdrawFees", []), "FeeTransferFailed", address, world.fee);
      expect(await world.market.feeCredits(address)).to.equal(world.fee);
    });
  });

  // ------------------------------------------------------------------------------------------------------------------
  // The attacks of the issue that made verification optimistic, each performed end to end.
  describe("attacks", function () {
    it("C3: the requester's own verifier rejects the honest contenders and accepts the requester's sybil at minScore; an honest dispute makes it pay", async function () {
      // The requester (signer 1) names an address of its own (signer 2) as verifier and enters a sybil (signer 6)
      // claiming exactly minScore. The verifier rejects both honest contenders and accepts the sybil. Before disputes
      // the requester paid nothing (the reward went to its sybil), read every honest model and burned their stakes.
      const requester = signers[1];
      const ownVerifier = signers[2];
      const sybil = signers[6];
      const [honest1, honest2] = [signers[3], signers[4]];
      const group = [requester.address, ownVerifier.address, sybil.address];
      const accounts = [...group, honest1.address, honest2.address];
      const before = await world.balances(accounts);
      const bounty = await world.createBounty({ requester, verifier: ownVerifier, minScore: 60 });
      const a = await world.commitModel(bounty, honest1, 90);
      const b = await world.commitModel(bounty, honest2, 80);
      const s = await world.commitModel(bounty, sybil, 60);
      await world.toClaiming(bounty, [a, b, s]);
      await world.claimAndReveal(bounty, [a, b, s]);
      await world.attest(bounty, [a, b], true); // accepts the sybil
      expect((await world.market.getBounty(bounty.id)).winner).to.equal(sybil.address);
      const { disputeId } = await world.disputeVerification(bounty, honest1, EVIDENCE);
      await world.rule(disputeId, await world.rulingFor(bounty, a));
      await world.settleAll(bounty, [a, b, s]);
      await world.withdrawAll();
      const after = await world.balances(accounts);
      const delta = after.map((x, i) => x - before[i]);
      expect(delta[0] + delta[1] + delta[2], "requester, its verifier and its sybil").to.equal(-bounty.reward - bounty.stake);
      expect(delta[3], "the honest best: reward and the verifier bond").to.equal(bounty.reward + bounty.stake);
      expect(delta[4], "the honest second keeps its stake").to.equal(0n);
      expect(await world.credits(BURN)).to.equal(0n);
    });

    it("C4: the verifier's sybil trains; the verifier rejects a better honest model and accepts its sybil; the dispute pays the honest model", async function () {
      // The verifier (signer 2) may not enter, but its sybil (signer 6) may. The verifier rejects the honest best
      // model and accepts its sybil, which would take the reward. Disputed, the honest model wins; the sybil, ranking
      // after it, only gets its stake back, and the verifier bond of the requester that chose this verifier pays the
      // disputer.
      const verifier = signers[2];
      const sybil = signers[6];
      const honest = signers[3];
      const accounts = [verifier.address, sybil.address, honest.address, signers[1].address];
      const before = await world.balances(accounts);
      const bounty = await world.createBounty({ minScore: 60 });
      const h = await world.commitModel(bounty, honest, 95);
      const s = await world.commitModel(bounty, sybil, 85);
      await world.toClaiming(bounty, [h, s]);
      await world.claimAndReveal(bounty, [h, s]);
      await world.attest(bounty, [h], true);
      const { disputeId } = await world.disputeVerification(bounty, honest);
      await world.rule(disputeId, await world.rulingFor(bounty, h));
      await world.settleAll(bounty, [h, s]);
      await world.withdrawAll();
      const delta = (await world.balances(accounts)).map((x, i) => x - before[i]);
      expect(delta[0] + delta[1], "verifier and sybil").to.equal(0n);
      expect(delta[2], "honest").to.equal(bounty.reward + bounty.stake);
      expect(delta[3], "requester: the reward and the bond for its verifier's decision").to.equal(-bounty.reward - bounty.stake);
    });

    it("N3: sealed test inputs that do not open: a trainer's dispute slashes the requester and refunds every trainer", async function () {
      // The requester seals a file that does not open (or holds fewer rows than testSize), so no trainer can predict:
      // every stake would be burned and the reward would come back. A trainer disputes during Predicting.
      const requester = signers[1];
      const trainers = [signers[3], signers[4], signers[5]];
      const accounts = [requester.address, ...trainers.map((t) => t.address)];
      const before = await world.balances(accounts);
      const bounty = await world.createBounty({ requester });
      const entries: Entry[] = [];
      for (const trainer of trainers) entries.push(await world.commitModel(bounty, trainer, 80));
      await world.releaseKey(bounty);
      const { disputeId } = await world.disputeTestInputs(bounty, trainers[0]);
      await world.rule(disputeId, 1n);
      expect(await world.phase(bounty)).to.equal(Phase.RequesterSlashed);
      await world.settleAll(bounty, entries);
      await world.withdrawAll();
      const delta = (await world.balances(accounts)).map((x, i) => x - before[i]);
      expect(delta[0], "requester: reward burned, bond lost").to.equal(-bounty.reward - bounty.stake);
      expect(delta[1], "disputer: the verifier bond").to.equal(bounty.stake);
      expect(delta[2]).to.equal(0n);
      expect(delta[3]).to.equal(0n);
      expect(await world.credits(BURN)).to.equal(bounty.reward);
    });

    it("N9: a silent verifier lets a hand-labelled junk model beat an honest one; the honest trainer disputes the default", async function () {
      // The junk trainer labels the test inputs by hand and commits a model that cannot produce them; the verifier is
      // silent, so the best claim would win by default. P(silent) > S/(R+S) made it profitable; now the default is a
      // proposal the honest trainer disputes, and the junk stake burns (it ranks before the final winner).
      const junkTrainer = signers[6];
      const honestTrainer = signers[3];
      const accounts = [junkTrainer.address, honestTrainer.address];
      const before = await world.balances(accounts);
      const bounty = await world.createBounty({ minScore: 60 });
      const junk = await world.commitModel(bounty, junkTrainer, 100);
      const honest = await world.commitModel(bounty, honestTrainer, 85);
      await world.toClaiming(bounty, [junk, honest]);
      await world.claimAndReveal(bounty, [junk, honest]);
      await world.endOfPhase(bounty); // the verifier never speaks
      expect(await world.phase(bounty)).to.equal(Phase.Challenging);
      const { disputeId } = await world.disputeVerification(bounty, honestTrainer);
      await world.rule(disputeId, await world.rulingFor(bounty, honest));
      await world.settleAll(bounty, [junk, honest]);
      await world.withdrawAll();
      const delta = (await world.balances(accounts)).map((x, i) => x - before[i]);
      expect(delta[0], "junk").to.equal(-bounty.stake);
      expect(delta[1], "honest: reward and the verifier bond").to.equal(bounty.reward + bounty.stake);
    });

    it("N10: a requester-controlled verifier rejects everyone; the honest best disputes and is paid, nobody's stake burns", async function () {
      // The requester's verifier rejects every candidate: every honest stake burned and every revealed model obtained
      // for the reward. Disputed, the best honest model wins; the others rank after it and are refunded.
      const requester = signers[1];
      const accounts = [requester.address, signers[3].address, signers[4].address, signers[5].address];
      const before = await world.balances(accounts);
      const { bounty, best, entries } = await threeCandidates({ requester });
      await world.attest(bounty, entries, false);
      const { disputeId } = await world.disputeVerification(bounty, best.trainer);
      await world.rule(disputeId, await world.rulingFor(bounty, best));
      await world.settleAll(bounty, entries);
      await world.withdrawAll();
      const delta = (await world.balances(accounts)).map((x, i) => x - before[i]);
      expect(delta[0], "requester").to.equal(-bounty.reward - bounty.stake);
      expect(delta[1], "best").to.equal(bounty.reward + bounty.stake);
      expect(delta[2]).to.equal(0n);
      expect(delta[3]).to.equal(0n);
      expect(await world.credits(BURN)).to.equal(0n);
    });

    it("dispute squatting: the requester's sybil raises the one verification dispute first; the ruling still pays the honest best", async function () {
      // A bounty has one verification dispute, so the requester's side raises it first (a sybil, signer 7, "defending"
      // the proposal) to leave the honest contender none. The arbitrator answers the question whoever asked it, the
      // honest contender adds its evidence to the same dispute, and the ruling names it: the requester's side gets
      // back its own bond through its sybil, and still loses the reward.
      const requester = signers[1];
      const ownVerifier = signers[2];
      const [sybil, sybilDisputer, honestTrainer] = [signers[6], signers[7], signers[3]];
      const group = [requester.address, ownVerifier.address, sybil.address, sybilDisputer.address];
      const accounts = [...group, honestTrainer.address];
      const before = await world.balances(accounts);
      const bounty = await world.createBounty({ requester, verifier: ownVerifier, minScore: 60 });
      const honest = await world.commitModel(bounty, honestTrainer, 90);
      const s = await world.commitModel(bounty, sybil, 60);
      await world.toClaiming(bounty, [honest, s]);
      await world.claimAndReveal(bounty, [honest, s]);
      await world.attest(bounty, [honest], true);
      const { disputeId } = await world.disputeVerification(bounty, sybilDisputer);
      await world.expectRevert(
        world.as(honestTrainer).disputeVerification(bounty.id, EVIDENCE, { value: world.fee }),
        "WrongPhase",
        bounty.id,
        Phase.Challenging,
        Phase.Disputed,
      );
      await expect(world.as(honestTrainer).submitEvidence(bounty.id, EVIDENCE))
        .to.emit(world.market, "Evidence")
        .withArgs(await world.arbitrator.getAddress(), uintId(bounty), honestTrainer.address, EVIDENCE);
      await world.rule(disputeId, await world.rulingFor(bounty, honest));
      await world.settleAll(bounty, [honest, s]);
      await world.withdrawAll();
      const delta = (await world.balances(accounts)).map((x, i) => x - before[i]);
      expect(delta[0] + delta[1] + delta[2] + delta[3], "the requester's side").to.equal(-bounty.reward);
      expect(delta[4], "honest").to.equal(bounty.reward);
    });

    it("slot squatting: sybils filling maxSubmissions and playing along get their stakes back; what the slots cost in gas", async function () {
      // A rival fills every slot but its own with sybils before an honest, better trainer can commit; the sybils
      // commit predictions and claim below minScore (refunded), so the rival's weaker model wins uncontested. The
      // stakes all come back: the squat costs the gas of each sybil's five transactions and the stakes' lock-up.
      const slots = 4;
      const bounty = await world.createBounty({ maxSubmissions: slots, minScore: 60 });
      const rival = await world.commitModel(bounty, signers[3], 70);
      const squatters: Entry[] = [];
      const gas: bigint[] = [];
      const gasOf = async (tx: Promise<unknown>) => {
        const sent = (await tx) as Awaited<ReturnType<MarketWorld["step"]>>;
        gas.push((await sent.wait())!.gasUsed);
      };
      const sybils = signers.slice(4, 4 + slots - 1);
      const before = await world.balances(sybils.map((s) => s.address));
      for (const signer of sybils) squatters.push(await world.commitModel(bounty, signer, 10));
      await world.expectRevert(world.as(signers[9]).commitModel(bounty.id, world.salt()), "SubmissionsFull", bounty.id, BigInt(slots));
      await world.releaseKey(bounty);
      const sybil = squatters[0];
      await gasOf(world.step(world.as(sybil.trainer).commitPredictions(bounty.id, world.salt())));
      for (const entry of squatters.slice(1)) await world.commitPredictions(bounty, entry);
      await world.commitPredictions(bounty, rival);
      await world.revealGroundTruth(bounty);
      await gasOf(world.step(world.as(sybil.trainer).claimScore(bounty.id, 10)));
      for (const entry of squatters.slice(1)) await world.claim(bounty, entry);
      await world.claimAndReveal(bounty, [rival]);
      await world.attest(bounty, [], true);
      expect((await world.market.getBounty(bounty.id)).winner).to.equal(rival.trainer.address);
      await gasOf(world.step(world.as(signers[11]).settleSubmission(bounty.id, sybil.trainer.address)));
      await world.settleAll(bounty, squatters);
      await gasOf(world.step(world.as(sybil.trainer).withdraw()));
      await world.withdrawAll();
      const after = await world.balances(squatters.map((e) => e.trainer.address));
      for (let i = 0; i < squatters.length; i++) expect(after[i] - before[i], `squatter ${i}`).to.equal(0n);
      // docs/protocol.md, "Slot squatting, the numbers": the commit (130k, docs/benchmarks.md) and these four steps,
      // 204k when measured, are what one slot costs its sybil; the bound leaves room for coverage instrumentation.
      const later = gas.reduce((x, y) => x + y, 0n);
      expect(later, "gas of a squatter's predictions, claim, settlement and withdrawal").to.be.lessThan(250_000n);
    });
  });
});
