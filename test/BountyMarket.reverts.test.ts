// Every custom error of BountyMarket, each from the input that should cause it; the invariant is
// checked after every rejected call too.
import { network } from "hardhat";
import { expect } from "chai";
import { MarketWorld, useMarketWorld, MDC, Phase, Status, WINDOW, ZERO_ADDRESS, type CreatedBounty } from "./helpers/market.js";

const { ethers, networkHelpers } = await network.create();

describe("BountyMarket rejects", function () {
  let world: MarketWorld;
  let signers: MarketWorld["signers"];
  const unknownId = ethers.keccak256(ethers.toUtf8Bytes("no such bounty"));
  useMarketWorld(ethers, networkHelpers, (w) => {
    world = w;
    signers = w.signers;
  });

  describe("bad bounty parameters", function () {
    const cases: [string, Record<string, unknown>, string, (p: Record<string, unknown>) => unknown[]][] = [
      ["an empty test set", { testSize: 0 }, "InvalidTestSize", () => [0n]],
      ["one class", { numClasses: 1 }, "InvalidNumClasses", () => [1n]],
      ["257 classes", { numClasses: 257 }, "InvalidNumClasses", () => [257n]],
      ["a zero reward", { reward: 0n }, "ZeroReward", () => []],
      ["a zero response window", { responseWindow: 0n }, "InvalidResponseWindow", () => [0n]],
      ["a window over 30 days", { responseWindow: 30n * 86400n + 1n }, "InvalidResponseWindow", () => [2592001n]],
      ["zero max submissions", { maxSubmissions: 0 }, "InvalidMaxSubmissions", () => [0n]],
      ["over 1,000 max submissions", { maxSubmissions: 1001 }, "InvalidMaxSubmissions", () => [1001n]],
      ["a zero ground-truth commitment", { groundTruthCommitment: ethers.ZeroHash }, "ZeroCommitment", () => []],
      ["an empty training CID", { trainingCid: "" }, "InvalidCid", () => ["trainingCid"]],
      ["an empty test-inputs CID", { testInputsCid: "" }, "InvalidCid", () => ["testInputsCid"]],
      ["a metadata CID over 128 bytes", { metadataCid: "b".repeat(129) }, "InvalidCid", () => ["metadataCid"]],
      ["a stale nonce", { nonce: 5n }, "StaleNonce", () => [0n, 5n]],
    ];
    for (const [what, override, error, args] of cases) {
      it(`${what} (${error})`, async function () {
        const { params } = await world.bountyParams();
        const bad = { ...params, ...override };
        await world.expectRevert(world.as(signers[1]).createBounty(bad), error, ...args(bad));
      });
    }

    it("a deadline in the past or over a year ahead (InvalidSubmissionDeadline)", async function () {
      const { params } = await world.bountyParams();
      const now = await world.now();
      for (const deadline of [now, now + 366n * 86400n]) {
        const tx = world.as(signers[1]).createBounty({ ...params, submissionDeadline: deadline });
        await expect(tx).to.be.revertedWithCustomError(world.market, "InvalidSubmissionDeadline");
      }
    });

    it("a reward the requester has not approved", async function () {
      const { params } = await world.bountyParams({ requester: signers[15] });
      await expect(world.as(signers[15]).createBounty(params)).to.be.revertedWithCustomError(
        world.token,
        "ERC20InsufficientAllowance",
      );
    });
  });

  describe("unknown bounties (BountyNotFound)", function () {
    const calls: [string, (w: MarketWorld) => Promise<unknown>][] = [
      ["commit", (w) => w.as(signers[3]).commit(unknownId, w.salt(), w.salt())],
      ["commitWithPermit", (w) => w.as(signers[3]).commitWithPermit(unknownId, w.salt(), w.salt(), 0, 27, w.salt(), w.salt())],
      ["withdrawSubmission", (w) => w.as(signers[3]).withdrawSubmission(unknownId)],
      ["cancelBounty", (w) => w.as(signers[1]).cancelBounty(unknownId)],
      ["revealGroundTruth", (w) => w.as(signers[1]).revealGroundTruth(unknownId, "0x00", w.salt())],
      ["claimAccuracy", (w) => w.as(signers[3]).claimAccuracy(unknownId, 1, ZERO_ADDRESS)],
      ["revealCandidate", (w) => w.as(signers[3]).revealCandidate(unknownId, "0x00", w.salt(), "cid", w.salt(), "0x00")],
      ["attestVerification", (w) => w.as(signers[2]).attestVerification(unknownId, true, "cid")],
      ["advance", (w) => w.as(signers[9]).advance(unknownId)],
      ["settleSubmission", (w) => w.as(signers[9]).settleSubmission(unknownId, signers[3].address)],
    ];
    for (const [name, call] of calls) {
      it(name, async function () {
        await world.expectRevert(call(world), "BountyNotFound", unknownId);
      });
    }

    it("phaseOf an unknown id is None", async function () {
      expect(await world.market.phaseOf(unknownId)).to.equal(BigInt(Phase.None));
    });
  });

  describe("while Open", function () {
    let bounty: CreatedBounty;
    beforeEach(async function () {
      bounty = await world.createBounty();
    });

    it("a commit by the requester (RequesterCannotSubmit)", async function () {
      await world.expectRevert(
        world.as(bounty.requester).commit(bounty.id, world.salt(), world.salt()),
        "RequesterCannotSubmit",
        bounty.id,
      );
    });

    it("a second live commit by the same trainer (AlreadySubmitted)", async function () {
      await world.commit(bounty, signers[3], 5);
      await world.expectRevert(
        world.as(signers[3]).commit(bounty.id, world.salt(), world.salt()),
        "AlreadySubmitted",
        bounty.id,
        signers[3].address,
      );
    });

    it("zero commitments (ZeroCommitment)", async function () {
      await world.expectRevert(world.as(signers[3]).commit(bounty.id, ethers.ZeroHash, world.salt()), "ZeroCommitment");
      await world.expectRevert(world.as(signers[3]).commit(bounty.id, world.salt(), ethers.ZeroHash), "ZeroCommitment");
    });

    it("a commit beyond maxSubmissions (SubmissionsFull), but a withdrawal frees a place", async function () {
      const small = await world.createBounty({ maxSubmissions: 2 });
      await world.commit(small, signers[3], 5);
      await world.commit(small, signers[4], 5);
      await world.expectRevert(
        world.as(signers[5]).commit(small.id, world.salt(), world.salt()),
        "SubmissionsFull",
        small.id,
        2n,
      );
      await world.step(world.as(signers[4]).withdrawSubmission(small.id));
      await world.commit(small, signers[5], 5);
    });

    it("withdrawing a submission that does not exist or was withdrawn (WrongSubmissionStatus)", async function () {
      await world.expectRevert(
        world.as(signers[3]).withdrawSubmission(bounty.id),
        "WrongSubmissionStatus",
        bounty.id,
        signers[3].address,
        Status.Committed,
        Status.None,
      );
      await world.commit(bounty, signers[3], 5);
      await world.step(world.as(signers[3]).withdrawSubmission(bounty.id));
      await world.expectRevert(
        world.as(signers[3]).withdrawSubmission(bounty.id),
        "WrongSubmissionStatus",
        bounty.id,
        signers[3].address,
        Status.Committed,
        Status.Withdrawn,
      );
    });

    it("a cancel by someone else (NotRequester)", async function () {
      await world.expectRevert(world.as(signers[3]).cancelBounty(bounty.id), "NotRequester", bounty.id, signers[3].address);
    });

    it("revealing the ground truth or claiming early (WrongPhase)", async function () {
      await world.expectRevert(
        world.as(bounty.requester).revealGroundTruth(bounty.id, bounty.labels, bounty.salt),
        "WrongPhase",
        bounty.id,
        Phase.AwaitingGroundTruth,
        Phase.Open,
      );
      await world.commit(bounty, signers[3], 5);
      await world.expectRevert(
        world.as(signers[3]).claimAccuracy(bounty.id, 5, ZERO_ADDRESS),
        "WrongPhase",
        bounty.id,
        Phase.Claiming,
        Phase.Open,
      );
    });

    it("advancing before anything is due (NothingToAdvance)", async function () {
      await world.expectRevert(
        world.as(signers[9]).advance(bounty.id),
        "NothingToAdvance",
        bounty.id,
        Phase.Open,
        bounty.deadline + bounty.window,
      );
    });

    it("settling before the end (NothingToSettle)", async function () {
      await world.commit(bounty, signers[3], 5);
      await world.expectNothingToSettle(bounty, signers[3].address);
    });

    it("commits, withdrawals and cancels after the deadline (WrongPhase)", async function () {
      await world.commit(bounty, signers[3], 5);
      await world.toGroundTruthPhase(bounty);
      const args = [bounty.id, Phase.Open, Phase.AwaitingGroundTruth];
      await world.expectRevert(world.as(signers[4]).commit(bounty.id, world.salt(), world.salt()), "WrongPhase", ...args);
      await world.expectRevert(world.as(signers[3]).withdrawSubmission(bounty.id), "WrongPhase", ...args);
      await world.expectRevert(world.as(bounty.requester).cancelBounty(bounty.id), "WrongPhase", ...args);
    });
  });

  describe("at the ground-truth reveal", function () {
    let bounty: CreatedBounty;
    beforeEach(async function () {
      bounty = await world.createBounty({ testSize: 40, numClasses: 3 });
      await world.commit(bounty, signers[3], 20);
      await world.toGroundTruthPhase(bounty);
    });

    it("someone other than the requester (NotRequester)", async function () {
      await world.expectRevert(
        world.as(signers[3]).revealGroundTruth(bounty.id, bounty.labels, bounty.salt),
        "NotRequester",
        bounty.id,
        signers[3].address,
      );
    });

    it("too few or too many labels (WrongLabelCount)", async function () {
      const reveal = (labels: Uint8Array) => world.as(bounty.requester).revealGroundTruth(bounty.id, labels, bounty.salt);
      await world.expectRevert(reveal(bounty.labels.slice(1)), "WrongLabelCount", 40n, 39n);
      await world.expectRevert(reveal(new Uint8Array([...bounty.labels, 0])), "WrongLabelCount", 40n, 41n);
    });

    it("a wrong salt or a changed label (GroundTruthMismatch)", async function () {
      await world.expectRevert(
        world.as(bounty.requester).revealGroundTruth(bounty.id, bounty.labels, world.salt()),
        "GroundTruthMismatch",
        bounty.id,
      );
      const changed = Uint8Array.from(bounty.labels);
      changed[39] = (changed[39] + 1) % 3;
      await world.expectRevert(
        world.as(bounty.requester).revealGroundTruth(bounty.id, changed, bounty.salt),
        "GroundTruthMismatch",
        bounty.id,
      );
    });

    it("after the window (DeadlinePassed), and a later cancel (WrongPhase)", async function () {
      await world.endOfWindow(bounty);
      await world.expectRevert(
        world.as(bounty.requester).revealGroundTruth(bounty.id, bounty.labels, bounty.salt),
        "DeadlinePassed",
        bounty.id,
        bounty.deadline + bounty.window,
      );
    });
  });

  it("labels committed with a class >= numClasses (LabelOutOfRange), at the exact index", async function () {
    const labels = new Uint8Array(70).fill(1);
    labels[66] = 3;
    const bounty = await world.createBounty({ labels, numClasses: 3 });
    await world.toGroundTruthPhase(bounty);
    await world.expectRevert(
      world.as(bounty.requester).revealGroundTruth(bounty.id, labels, bounty.salt),
      "LabelOutOfRange",
      66n,
      3n,
      3n,
    );
  });

  describe("while Claiming", function () {
    let bounty: CreatedBounty;
    beforeEach(async function () {
      bounty = await world.createBounty({ testSize: 50 });
      await world.commit(bounty, signers[3], 40);
      await world.commit(bounty, signers[4], 30);
      await world.revealAfterDeadline(bounty);
    });

    it("a claim above the test size (ClaimExceedsTestSize)", async function () {
      await world.expectRevert(
        world.as(signers[3]).claimAccuracy(bounty.id, 51, ZERO_ADDRESS),
        "ClaimExceedsTestSize",
        51n,
        50n,
      );
    });

    it("a claim by someone without a submission, or a second claim (WrongSubmissionStatus)", async function () {
      await world.expectRevert(
        world.as(signers[5]).claimAccuracy(bounty.id, 10, ZERO_ADDRESS),
        "WrongSubmissionStatus",
        bounty.id,
        signers[5].address,
        Status.Committed,
        Status.None,
      );
      await world.step(world.as(signers[3]).claimAccuracy(bounty.id, 40, ZERO_ADDRESS));
      await world.expectRevert(
        world.as(signers[3]).claimAccuracy(bounty.id, 50, ZERO_ADDRESS),
        "WrongSubmissionStatus",
        bounty.id,
        signers[3].address,
        Status.Committed,
        Status.Claimed,
      );
    });

    it("a hint that ranks after the claim or never claimed (InvalidClaimHint)", async function () {
      await world.step(world.as(signers[4]).claimAccuracy(bounty.id, 30, ZERO_ADDRESS));
      await world.expectRevert(
        world.as(signers[3]).claimAccuracy(bounty.id, 40, signers[4].address),
        "InvalidClaimHint",
        bounty.id,
        signers[4].address,
      );
      await world.expectRevert(
        world.as(signers[3]).claimAccuracy(bounty.id, 40, signers[7].address),
        "InvalidClaimHint",
        bounty.id,
        signers[7].address,
      );
    });

    it("a cancel after the reveal, a second reveal, and a candidate reveal before Claiming ends (WrongPhase)", async function () {
      await world.expectRevert(
        world.as(bounty.requester).cancelBounty(bounty.id),
        "WrongPhase",
        bounty.id,
        Phase.Open,
        Phase.Claiming,
      );
      await world.expectRevert(
        world.as(bounty.requester).revealGroundTruth(bounty.id, bounty.labels, bounty.salt),
        "WrongPhase",
        bounty.id,
        Phase.AwaitingGroundTruth,
        Phase.Claiming,
      );
      await world.expectRevert(
        world.as(signers[3]).revealCandidate(bounty.id, bounty.labels, world.salt(), "cid", world.salt(), bounty.labels),
        "WrongPhase",
        bounty.id,
        Phase.CandidateReveal,
        Phase.Claiming,
      );
    });

    it("a claim after the window (WrongPhase) and an early advance (NothingToAdvance)", async function () {
      const end = (await world.market.getBounty(bounty.id)).phaseDeadline;
      await world.expectRevert(world.as(signers[9]).advance(bounty.id), "NothingToAdvance", bounty.id, Phase.Claiming, end);
      await world.step(world.as(signers[4]).claimAccuracy(bounty.id, 30, ZERO_ADDRESS));
      await world.endOfWindow(bounty);
      await world.expectRevert(
        world.as(signers[3]).claimAccuracy(bounty.id, 40, ZERO_ADDRESS),
        "WrongPhase",
        bounty.id,
        Phase.Claiming,
        Phase.CandidateReveal,
      );
    });
  });

  describe("at the candidate reveal", function () {
    let bounty: CreatedBounty;
    let candidate: Awaited<ReturnType<MarketWorld["commit"]>>;
    beforeEach(async function () {
      bounty = await world.createBounty({ testSize: 50, verifier: signers[2].address });
      candidate = await world.commit(bounty, signers[3], 40);
      const other = await world.commit(bounty, signers[4], 30);
      await world.revealAfterDeadline(bounty);
      await world.claim(bounty, candidate);
      await world.claim(bounty, other);
      await world.endOfWindow(bounty);
      await world.advance(bounty);
    });

    function reveal(overrides: Partial<typeof candidate> & { labels?: Uint8Array } = {}, from = candidate.trainer) {
      const c = { ...candidate, ...overrides };
      return world
        .as(from)
        .revealCandidate(bounty.id, c.predictions, c.predictionsSalt, c.modelCid, c.modelSalt, overrides.labels ?? bounty.labels);
    }

    it("anyone but the candidate (NotCandidate)", async function () {
      await world.expectRevert(reveal({}, signers[4]), "NotCandidate", bounty.id, signers[4].address, signers[3].address);
    });

    it("a prediction vector of the wrong length (WrongPredictionCount)", async function () {
      await world.expectRevert(reveal({ predictions: candidate.predictions.slice(1) }), "WrongPredictionCount", 50n, 49n);
    });

    it("predictions or model that do not match the commitments (…CommitmentMismatch)", async function () {
      const changed = Uint8Array.from(candidate.predictions);
      changed[0] ^= 1;
      await world.expectRevert(reveal({ predictions: changed }), "PredictionsCommitmentMismatch", bounty.id, signers[3].address);
      await world.expectRevert(reveal({ predictionsSalt: world.salt() }), "PredictionsCommitmentMismatch", bounty.id, signers[3].address);
      await world.expectRevert(reveal({ modelCid: "bafkreiother" }), "ModelCommitmentMismatch", bounty.id, signers[3].address);
      await world.expectRevert(reveal({ modelSalt: world.salt() }), "ModelCommitmentMismatch", bounty.id, signers[3].address);
    });

    it("labels other than the revealed ones (LabelsHashMismatch)", async function () {
      const forged = Uint8Array.from(candidate.predictions); // "labels" that would make the count perfect
      await world.expectRevert(reveal({ labels: forged }), "LabelsHashMismatch", bounty.id);
    });

    it("a reveal after the deadline (DeadlinePassed), and an early advance (NothingToAdvance)", async function () {
      const deadline = (await world.market.getBounty(bounty.id)).phaseDeadline;
      await world.expectRevert(world.as(signers[9]).advance(bounty.id), "NothingToAdvance", bounty.id, Phase.CandidateReveal, deadline);
      await world.endOfWindow(bounty);
      await world.expectRevert(reveal(), "DeadlinePassed", bounty.id, deadline);
    });

    it("attestations outside Verifying (WrongPhase), by others (NotVerifier), late (DeadlinePassed), without a report (InvalidCid)", async function () {
      await world.expectRevert(
        world.as(signers[2]).attestVerification(bounty.id, true, "bafkreireport"),
        "WrongPhase",
        bounty.id,
        Phase.Verifying,
        Phase.CandidateReveal,
      );
      await world.step(reveal());
      await world.expectRevert(
        world.as(signers[3]).attestVerification(bounty.id, true, "bafkreireport"),
        "NotVerifier",
        bounty.id,
        signers[3].address,
      );
      await world.expectRevert(world.as(signers[2]).attestVerification(bounty.id, true, ""), "InvalidCid", "reportCid");
      const deadline = (await world.market.getBounty(bounty.id)).phaseDeadline;
      await world.expectRevert(world.as(signers[9]).advance(bounty.id), "NothingToAdvance", bounty.id, Phase.Verifying, deadline);
      await world.endOfWindow(bounty);
      await world.expectRevert(
        world.as(signers[2]).attestVerification(bounty.id, true, "bafkreireport"),
        "DeadlinePassed",
        bounty.id,
        deadline,
      );
    });

    it("anything on a finished bounty: advance, settle twice, settle the winner", async function () {
      await world.step(reveal());
      await world.step(world.as(signers[2]).attestVerification(bounty.id, true, "bafkreireport"));
      await world.expectRevert(world.as(signers[9]).advance(bounty.id), "NothingToAdvance", bounty.id, Phase.Completed, 0n);
      await world.expectNothingToSettle(bounty, signers[3].address);
      await world.settle(bounty, signers[4].address);
      await world.expectNothingToSettle(bounty, signers[4].address);
      await world.expectNothingToSettle(bounty, signers[8].address);
    });
  });

  it("a token that takes a fee on transfer (UnsupportedToken)", async function () {
    const feeToken = await ethers.deployContract("FeeToken");
    const feeWorld = await MarketWorld.deploy(ethers, networkHelpers, feeToken);
    const { params } = await feeWorld.bountyParams();
    await feeWorld.expectRevert(feeWorld.as(signers[1]).createBounty(params), "UnsupportedToken", params.reward, (params.reward * 99n) / 100n);
  });

  it("the response window is measured from the reveal", async function () {
    const bounty = await world.createBounty({ window: 2n * WINDOW, reward: MDC });
    await world.commit(bounty, signers[3], 10);
    await world.revealAfterDeadline(bounty);
    expect((await world.market.getBounty(bounty.id)).phaseDeadline).to.equal((await world.now()) + 2n * WINDOW);
  });
});
