// Attacks on the market: copied commitments, replayed commitments, re-entrancy through a hostile token.
import { expect } from "chai";
import { network } from "hardhat";
import { bountyId } from "../scripts/lib/protocol.js";
import { MarketWorld, useMarketWorld, MDC, Phase, Status, ZERO_ADDRESS } from "./helpers/market.js";

const { ethers, networkHelpers } = await network.create();

describe("BountyMarket under attack", function () {
  let world: MarketWorld;
  let signers: MarketWorld["signers"];
  useMarketWorld(ethers, networkHelpers, (w) => {
    world = w;
    signers = w.signers;
  });

  it("a copied commitment cannot be revealed by the copier, who is slashed; the original wins", async function () {
    const bounty = await world.createBounty({ testSize: 100 });
    const victim = await world.commit(bounty, signers[3], 90);
    const copier = signers[4];
    const stored = await world.market.getSubmission(bounty.id, victim.trainer.address);
    await world.step(world.as(copier).commit(bounty.id, stored.predictionsCommitment, stored.modelCommitment));
    await world.revealAfterDeadline(bounty);
    await world.step(world.as(copier).claimAccuracy(bounty.id, 100, ZERO_ADDRESS));
    await world.claim(bounty, victim);
    await world.endOfWindow(bounty);
    await world.advance(bounty);
    expect((await world.market.getBounty(bounty.id)).candidate).to.equal(copier.address);

    // Even the victim's own predictions and salts (public once the victim reveals) do not open it.
    await world.expectRevert(
      world
        .as(copier)
        .revealCandidate(bounty.id, victim.predictions, victim.predictionsSalt, victim.modelCid, victim.modelSalt, bounty.labels),
      "PredictionsCommitmentMismatch",
      bounty.id,
      copier.address,
    );
    await world.endOfWindow(bounty);
    await world.advance(bounty);
    expect(await world.status(bounty, copier.address)).to.equal(Status.Slashed);
    await world.revealCandidate(bounty, victim);
    expect((await world.market.getBounty(bounty.id)).winner).to.equal(victim.trainer.address);
  });

  it("a trainer's commitment from one bounty does not open on another", async function () {
    const first = await world.createBounty({ seed: 7 });
    const second = await world.createBounty({ seed: 7 }); // same labels, another id
    const trainer = signers[3];
    const commitment = await world.commit(first, trainer, 64);
    const stored = await world.market.getSubmission(first.id, trainer.address);
    await world.step(world.as(trainer).commit(second.id, stored.predictionsCommitment, stored.modelCommitment));
    await world.revealAfterDeadline(second);
    await world.claim(second, commitment);
    await world.endOfWindow(second);
    await world.advance(second);
    await world.expectRevert(
      world.revealCandidate(second, commitment),
      "PredictionsCommitmentMismatch",
      second.id,
      trainer.address,
    );
  });

  it("a ground truth committed for another bounty, market or chain does not open", async function () {
    const { params, bounty } = await world.bountyParams();
    const chainId = (await ethers.provider.getNetwork()).chainId;
    const market = await world.market.getAddress();
    const encode = (chain: bigint, at: string, nonce: bigint) => bountyId(chain, at, bounty.requester.address, nonce);
    const foreignIds = [encode(chainId + 1n, market, 0n), encode(chainId, signers[9].address, 0n), encode(chainId, market, 1n)];
    for (const foreignId of foreignIds) {
      const nonce: bigint = await world.market.requesterNonce(bounty.requester.address);
      const id: string = await world.market.computeBountyId(bounty.requester.address, nonce);
      world.bountyIds.add(id);
      const commitment = world.groundTruthCommitment(foreignId, bounty.labels, bounty.salt);
      await world.step(
        world.as(bounty.requester).createBounty({
          ...params,
          nonce,
          groundTruthCommitment: commitment,
          submissionDeadline: (await world.now()) + 100n,
        }),
      );
      await networkHelpers.time.increase(100);
      await world.expectRevert(
        world.as(bounty.requester).revealGroundTruth(id, bounty.labels, bounty.salt),
        "GroundTruthMismatch",
        id,
      );
    }
  });

  it("a requester that reveals wrong labels gets nowhere and is slashed to the trainers", async function () {
    const bounty = await world.createBounty({ reward: 90n * MDC });
    await world.commit(bounty, signers[3], 30);
    await world.commit(bounty, signers[4], 40);
    await world.toGroundTruthPhase(bounty);
    const wrong = bounty.labels.map((label) => (label + 1) % bounty.numClasses);
    await world.expectRevert(
      world.as(bounty.requester).revealGroundTruth(bounty.id, wrong, bounty.salt),
      "GroundTruthMismatch",
      bounty.id,
    );
    await world.endOfWindow(bounty);
    await world.advance(bounty);
    expect(await world.phase(bounty)).to.equal(Phase.RequesterSlashed);
    await world.settle(bounty, signers[3].address);
    await world.settle(bounty, signers[4].address);
    expect(await world.credits(signers[3].address)).to.equal(45n * MDC + bounty.stake);
  });

  describe("re-entrancy through a hostile token", function () {
    let hookWorld: MarketWorld;
    let attacker: Awaited<ReturnType<typeof ethers.deployContract>>;

    async function deployHostile() {
      const hookToken = await ethers.deployContract("HookToken");
      const w = await MarketWorld.deploy(ethers, networkHelpers, hookToken);
      const attackerContract = await ethers.deployContract("ReentrantTrainer", [await w.market.getAddress()]);
      await hookToken.mint(await attackerContract.getAddress(), 1000n * MDC);
      return { w, attackerContract };
    }

    beforeEach(async function () {
      const deployed = await networkHelpers.loadFixture(deployHostile);
      hookWorld = deployed.w;
      hookWorld.bountyIds.clear();
      attacker = deployed.attackerContract;
      hookWorld.otherAccounts.add(await attacker.getAddress());
    });

    afterEach(async function () {
      await hookWorld.checkInvariant();
    });

    it("cannot re-enter withdraw while being paid", async function () {
      const bounty = await hookWorld.createBounty();
      const market = hookWorld.market;
      await hookWorld.step(attacker.execute(market.interface.encodeFunctionData("commit", [bounty.id, hookWorld.salt(), hookWorld.salt()])));
      await hookWorld.step(attacker.execute(market.interface.encodeFunctionData("withdrawSubmission", [bounty.id])));
      const attackerAddress = await attacker.getAddress();
      expect(await market.credits(attackerAddress)).to.equal(bounty.stake);

      await attacker.setReentryCall(market.interface.encodeFunctionData("withdraw"));
      await expect(attacker.execute(market.interface.encodeFunctionData("withdraw"))).to.be.revertedWithCustomError(
        market,
        "ReentrancyGuardReentrantCall",
      );
      await hookWorld.checkInvariant();
      expect(await market.credits(attackerAddress)).to.equal(bounty.stake);

      await attacker.setReentryCall("0x");
      await hookWorld.step(attacker.execute(market.interface.encodeFunctionData("withdraw")));
      expect(await market.credits(attackerAddress)).to.equal(0n);
    });

    it("cannot re-enter while its stake is being pulled", async function () {
      const bounty = await hookWorld.createBounty();
      const market = hookWorld.market;
      await attacker.setReentryCall(market.interface.encodeFunctionData("withdrawSubmission", [bounty.id]));
      await expect(
        attacker.execute(market.interface.encodeFunctionData("commit", [bounty.id, hookWorld.salt(), hookWorld.salt()])),
      ).to.be.revertedWithCustomError(market, "ReentrancyGuardReentrantCall");
      expect((await market.getBounty(bounty.id)).escrow).to.equal(bounty.reward);
    });
  });

  it("money is conserved across a whole bounty: payouts equal reward plus stakes", async function () {
    const accounts = signers.slice(0, 12);
    const before = await Promise.all(accounts.map((a) => world.token.balanceOf(a.address)));
    const bounty = await world.createBounty({ testSize: 100 });
    const honest = await world.commit(bounty, signers[3], 80);
    const cheater = await world.commit(bounty, signers[4], 50);
    await world.commit(bounty, signers[5], 99); // never claims
    await world.revealAfterDeadline(bounty);
    await world.claim(bounty, honest);
    await world.claim(bounty, cheater, 95);
    await world.endOfWindow(bounty);
    await world.advance(bounty);
    await world.revealCandidate(bounty, cheater);
    await world.revealCandidate(bounty, honest);
    await world.settle(bounty, signers[5].address);
    await world.withdrawAll();
    const after = await Promise.all(accounts.map((a) => world.token.balanceOf(a.address)));
    const delta = (i: number) => after[i] - before[i];
    expect(delta(3)).to.equal(bounty.reward);
    expect(delta(4)).to.equal(-bounty.stake);
    expect(delta(5)).to.equal(-bounty.stake);
    expect(delta(1)).to.equal(2n * bounty.stake - bounty.reward);
    expect(after.reduce((a, b) => a + b)).to.equal(before.reduce((a, b) => a + b));
    expect(await world.token.balanceOf(world.market)).to.equal(0n);
  });
});
