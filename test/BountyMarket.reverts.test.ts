// Every custom error of BountyMarket, each from the input that should cause it; the invariant is checked
// after every rejected call too.
import { expect } from "chai";
import { network } from "hardhat";
import {
  MDC,
  MarketWorld,
  Phase,
  Status,
  WINDOW,
  ZERO_ADDRESS,
  cid,
  useMarketWorld,
  type Bounty,
  type Entry,
} from "./helpers/market.js";

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
    const day = 86400n;
    const cases: [string, Record<string, unknown>, string, (p: Record<string, unknown>) => unknown[]][] = [
      ["99 test items", { testSize: 99 }, "InvalidTestSize", () => [99n, 100n, 150000n]],
      ["150,001 test items", { testSize: 150001 }, "InvalidTestSize", () => [150001n, 100n, 150000n]],
      ["one class", { numClasses: 1 }, "InvalidNumClasses", () => [1n]],
      ["257 classes", { numClasses: 257 }, "InvalidNumClasses", () => [257n]],
      ["a zero reward", { reward: 0n }, "ZeroReward", () => []],
      ["a window under an hour", { responseWindow: 3599n }, "InvalidResponseWindow", () => [3599n, 3600n, 30n * day]],
      ["a window over 30 days", { responseWindow: 30n * day + 1n }, "InvalidResponseWindow", () => [30n * day + 1n, 3600n, 30n * day]],
      ["zero max submissions", { maxSubmissions: 0 }, "InvalidMaxSubmissions", () => [0n, 1000n]],
      ["over 1,000 max submissions", { maxSubmissions: 1001 }, "InvalidMaxSubmissions", () => [1001n, 1000n]],
      ["a zero minScore", { minScore: 0 }, "InvalidMinScore", () => [0n, 100n]],
      ["a minScore above the test size", { minScore: 101 }, "InvalidMinScore", () => [101n, 100n]],
      ["no verifier", { verifier: ZERO_ADDRESS }, "InvalidVerifier", () => [ZERO_ADDRESS]],
      ["a zero ground-truth commitment", { groundTruthCommitment: ethers.ZeroHash }, "ZeroCommitment", () => []],
      ["a zero sealing-key commitment", { sealingKeyCommitment: ethers.ZeroHash }, "ZeroCommitment", () => []],
      ["an empty training CID", { trainingCid: "" }, "InvalidCid", () => ["trainingCid"]],
      ["markup as sealed-inputs CID", { sealedTestInputsCid: `ba<script>${"a".repeat(60)}` }, "InvalidCid", () => ["sealedTestInputsCid"]],
      ["a metadata CID over 128 bytes", { metadataCid: `ba${"a".repeat(127)}` }, "InvalidCid", () => ["metadataCid"]],
      ["a stale nonce", { nonce: 5n }, "StaleNonce", () => [0n, 5n]],
    ];
    for (const [what, override, error, args] of cases) {
      it(`${what} (${error})`, async function () {
        const { params } = await world.bountyParams();
        const bad = { ...params, ...override };
        await world.expectRevert(world.createWith(signers[1], bad), error, ...args(bad));
      });
    }

    it("a model deadline less than an hour ahead or over a year ahead (InvalidModelDeadline)", async function () {
      const { params } = await world.bountyParams();
      const now = await world.now();
      for (const deadline of [now + WINDOW - 1n, now + 366n * day]) {
        await world.expectRevert(world.createWith(signers[1], { ...params, modelDeadline: deadline }), "InvalidModelDeadline");
      }
    });

    it("a token that takes a fee on transfer (UnsupportedToken)", async function () {
      const feeWorld = await MarketWorld.deploy(ethers, networkHelpers, await ethers.deployContract("FeeToken"));
      const { params } = await feeWorld.bountyParams();
      await feeWorld.expectRevert(
        feeWorld.createWith(signers[1], params),
        "UnsupportedToken",
        params.reward + params.trainerStake,
        ((params.reward + params.trainerStake) * 99n) / 100n,
      );
    });

    it("a fee bond other than the arbitration cost (WrongArbitrationFee)", async function () {
      const { params } = await world.bountyParams();
      for (const value of [0n, world.fee - 1n, world.fee + 1n]) {
        await world.expectRevert(world.createWith(signers[1], params, value), "WrongArbitrationFee", world.fee, value);
      }
    });
  });

  describe("unknown bounties (BountyNotFound)", function () {
    const calls: [string, (w: MarketWorld) => Promise<unknown>][] = [
      ["cancelBounty", (w) => w.as(signers[1]).cancelBounty(unknownId)],
      ["releaseKey", (w) => w.as(signers[1]).releaseKey(unknownId, w.salt())],
      ["revealGroundTruth", (w) => w.as(signers[1]).revealGroundTruth(unknownId, "0x00", w.salt())],
      ["commitModel", (w) => w.as(signers[3]).commitModel(unknownId, w.salt())],
      ["commitModelWithPermit", (w) => w.as(signers[3]).commitModelWithPermit(unknownId, w.salt(), 0, 27, w.salt(), w.salt())],
      ["commitPredictions", (w) => w.as(signers[3]).commitPredictions(unknownId, w.salt())],
      ["claimScore", (w) => w.as(signers[3]).claimScore(unknownId, 1)],
      ["revealSubmission", (w) => w.as(signers[3]).revealSubmission(unknownId, "0x00", w.salt(), cid("m"), w.salt(), "0x00", ZERO_ADDRESS)],
      ["attestVerification", (w) => w.as(signers[2]).attestVerification(unknownId, [], true, cid("r"))],
      ["advance", (w) => w.as(signers[3]).advance(unknownId)],
      ["settleSubmission", (w) => w.as(signers[3]).settleSubmission(unknownId, signers[3].address)],
      ["disputeTestInputs", (w) => w.as(signers[3]).disputeTestInputs(unknownId, "", { value: w.fee })],
      ["disputeVerification", (w) => w.as(signers[3]).disputeVerification(unknownId, "", { value: w.fee })],
      ["submitEvidence", (w) => w.as(signers[3]).submitEvidence(unknownId, "/ipfs/x")],
    ];
    for (const [name, call] of calls) {
      it(name, async function () {
        await world.expectRevert(call(world), "BountyNotFound", unknownId);
      });
    }

    it("phaseOf an unknown id is None, and withdrawing nothing is refused (NothingToWithdraw, NoFeesToWithdraw)", async function () {
      expect(await world.market.phaseOf(unknownId)).to.equal(BigInt(Phase.None));
      await world.expectRevert(world.as(signers[3]).withdraw(), "NothingToWithdraw", signers[3].address);
      await world.expectRevert(world.as(signers[3]).withdrawFees(), "NoFeesToWithdraw", signers[3].address);
    });
  });

  describe("while Open", function () {
    let bounty: Bounty;
    beforeEach(async function () {
      bounty = await world.createBounty({ maxSubmissions: 2 });
    });

    it("a commit by the requester or the verifier (RequesterCannotSubmit, VerifierCannotSubmit)", async function () {
      await world.expectRevert(world.as(bounty.requester).commitModel(bounty.id, world.salt()), "RequesterCannotSubmit", bounty.id);
      await world.expectRevert(world.as(bounty.verifier).commitModel(bounty.id, world.salt()), "VerifierCannotSubmit", bounty.id);
    });

    it("a zero commitment (ZeroCommitment)", async function () {
      await world.expectRevert(world.as(signers[3]).commitModel(bounty.id, ethers.ZeroHash), "ZeroCommitment");
    });

    it("a commit beyond maxSubmissions (SubmissionsFull); replacing one's own still works", async function () {
      await world.commitModel(bounty, signers[3], 60);
      await world.commitModel(bounty, signers[4], 60);
      await world.expectRevert(world.as(signers[5]).commitModel(bounty.id, world.salt()), "SubmissionsFull", bounty.id, 2n);
      await world.step(world.as(signers[4]).commitModel(bounty.id, world.salt()));
    });

    it("a cancel by someone else (NotRequester) or once a model is committed (HasSubmissions)", async function () {
      await world.expectRevert(world.as(signers[3]).cancelBounty(bounty.id), "NotRequester", bounty.id, signers[3].address);
      await world.commitModel(bounty, signers[3], 60);
      await world.expectRevert(world.as(bounty.requester).cancelBounty(bounty.id), "HasSubmissions", bounty.id, 1n);
    });

    it("every later step too early (WrongPhase), and nothing to advance or settle", async function () {
      await world.commitModel(bounty, signers[3], 60);
      const args = (expected: Phase) => [bounty.id, expected, Phase.Open];
      await world.expectRevert(world.as(bounty.requester).releaseKey(bounty.id, bounty.key), "WrongPhase", ...args(Phase.KeyRelease));
      await world.expectRevert(world.as(signers[3]).commitPredictions(bounty.id, world.salt()), "WrongPhase", ...args(Phase.Predicting));
      await world.expectRevert(
        world.as(bounty.requester).revealGroundTruth(bounty.id, bounty.labels, bounty.salt),
        "WrongPhase",
        ...args(Phase.AwaitingGroundTruth),
      );
      await world.expectRevert(world.as(signers[3]).claimScore(bounty.id, 1), "WrongPhase", ...args(Phase.Claiming));
      await world.expectRevert(
        world.as(bounty.verifier).attestVerification(bounty.id, [], true, cid("r")),
        "WrongPhase",
        ...args(Phase.Verifying),
      );
      await world.expectRevert(world.as(signers[3]).advance(bounty.id), "NothingToAdvance", bounty.id, Phase.Open);
      await world.expectRevert(world.as(signers[3]).settleSubmission(bounty.id, signers[3].address), "NothingToSettle", bounty.id, signers[3].address);
    });
  });

  describe("key release and predictions", function () {
    let bounty: Bounty;
    let entry: Entry;
    beforeEach(async function () {
      bounty = await world.createBounty();
      entry = await world.commitModel(bounty, signers[3], 60);
      await networkHelpers.time.increaseTo(bounty.deadline);
    });

    it("commits and cancels after the model deadline (WrongPhase)", async function () {
      const args = [bounty.id, Phase.Open, Phase.KeyRelease];
      await world.expectRevert(world.as(signers[4]).commitModel(bounty.id, world.salt()), "WrongPhase", ...args);
      await world.expectRevert(world.as(bounty.requester).cancelBounty(bounty.id), "WrongPhase", ...args);
    });

    it("a key release by someone else (NotRequester) or with the wrong key (SealingKeyMismatch)", async function () {
      await world.expectRevert(world.as(signers[3]).releaseKey(bounty.id, bounty.key), "NotRequester", bounty.id, signers[3].address);
      await world.expectRevert(world.as(bounty.requester).releaseKey(bounty.id, world.salt()), "SealingKeyMismatch", bounty.id);
    });

    it("predictions without a model, twice, or zero (WrongSubmissionStatus, ZeroCommitment)", async function () {
      await world.releaseKey(bounty);
      await world.expectRevert(
        world.as(signers[4]).commitPredictions(bounty.id, world.salt()),
        "WrongSubmissionStatus",
        bounty.id,
        signers[4].address,
        Status.Committed,
        Status.None,
      );
      await world.expectRevert(world.as(signers[3]).commitPredictions(bounty.id, ethers.ZeroHash), "ZeroCommitment");
      await world.commitPredictions(bounty, entry);
      await world.expectRevert(
        world.as(signers[3]).commitPredictions(bounty.id, world.salt()),
        "WrongSubmissionStatus",
        bounty.id,
        signers[3].address,
        Status.Committed,
        Status.Predicted,
      );
    });
  });

  describe("ground truth", function () {
    let bounty: Bounty;
    beforeEach(async function () {
      bounty = await world.createBounty({ numClasses: 4 });
      await world.toGroundTruth(bounty, [await world.commitModel(bounty, signers[3], 60)]);
    });

    it("someone other than the requester (NotRequester)", async function () {
      await world.expectRevert(
        world.as(signers[3]).revealGroundTruth(bounty.id, bounty.labels, bounty.salt),
        "NotRequester",
        bounty.id,
        signers[3].address,
      );
    });

    it("too few labels (WrongLabelCount) or other labels (GroundTruthMismatch)", async function () {
      const send = (labels: Uint8Array, salt = bounty.salt) => world.as(bounty.requester).revealGroundTruth(bounty.id, labels, salt);
      await world.expectRevert(send(bounty.labels.slice(1)), "WrongLabelCount", 100n, 99n);
      await world.expectRevert(send(bounty.labels, world.salt()), "GroundTruthMismatch", bounty.id);
    });

    it("labels committed with a class >= numClasses (LabelOutOfRange), at the exact index", async function () {
      const labels = Uint8Array.from(bounty.labels);
      labels[77] = 4;
      const { params, bounty: bad } = await world.bountyParams({ labels, numClasses: 4 });
      world.bountyIds.add(bad.id);
      await world.step(world.createWith(bad.requester, params));
      await world.toGroundTruth(bad, [await world.commitModel(bad, signers[4], 60)]);
      await world.expectRevert(
        world.as(bad.requester).revealGroundTruth(bad.id, labels, bad.salt),
        "LabelOutOfRange",
        77n,
        4n,
        4n,
      );
    });
  });

  describe("claims, reveals and verification", function () {
    let bounty: Bounty;
    let best: Entry;
    let second: Entry;
    let low: Entry;
    beforeEach(async function () {
      bounty = await world.createBounty({ minScore: 50 });
      best = await world.commitModel(bounty, signers[3], 90);
      second = await world.commitModel(bounty, signers[4], 70);
      low = await world.commitModel(bounty, signers[5], 30);
      await world.toClaiming(bounty, [best, second, low]);
    });

    it("a claim above the best score (ScoreTooHigh), without predictions, or twice (WrongSubmissionStatus)", async function () {
      await world.expectRevert(world.as(signers[3]).claimScore(bounty.id, 101), "ScoreTooHigh", 101n, 100n);
      await world.expectRevert(
        world.as(signers[6]).claimScore(bounty.id, 1),
        "WrongSubmissionStatus",
        bounty.id,
        signers[6].address,
        Status.Predicted,
        Status.None,
      );
      await world.claim(bounty, best);
      await world.expectRevert(
        world.as(signers[3]).claimScore(bounty.id, 1),
        "WrongSubmissionStatus",
        bounty.id,
        signers[3].address,
        Status.Predicted,
        Status.Claimed,
      );
    });

    it("reveals that do not open, are not a contender's, or carry other labels; hints that do not rank before", async function () {
      await world.claim(bounty, best);
      await world.claim(bounty, second);
      await world.claim(bounty, low);
      await world.expectRevert(world.sendReveal(bounty, best), "WrongPhase", bounty.id, Phase.Revealing, Phase.Claiming);
      await world.endOfPhase(bounty);
      await world.expectRevert(world.as(signers[3]).claimScore(bounty.id, 1), "WrongPhase", bounty.id, Phase.Claiming, Phase.Revealing);
      await world.expectRevert(world.as(signers[3]).advance(bounty.id), "NothingToAdvance", bounty.id, Phase.Revealing);

      await world.expectRevert(world.sendReveal(bounty, low), "NotContender", bounty.id, low.trainer.address, 30n, 50n);
      await world.expectRevert(
        world.sendReveal(bounty, { ...best, trainer: signers[6] }),
        "WrongSubmissionStatus",
        bounty.id,
        signers[6].address,
        Status.Claimed,
        Status.None,
      );
      await world.expectRevert(world.sendReveal(bounty, { ...best, predictions: best.predictions.slice(1) }), "WrongPredictionCount", 100n, 99n);
      await world.expectRevert(
        world.sendReveal(bounty, { ...best, predictionsSalt: world.salt() }),
        "PredictionsCommitmentMismatch",
        bounty.id,
        best.trainer.address,
      );
      await world.expectRevert(
        world.sendReveal(bounty, { ...best, modelSalt: world.salt() }),
        "ModelCommitmentMismatch",
        bounty.id,
        best.trainer.address,
      );
      const wrongLabels = Uint8Array.from(bounty.labels);
      wrongLabels[0] = (wrongLabels[0] + 1) % bounty.numClasses;
      await world.expectRevert(world.sendReveal(bounty, best, wrongLabels), "LabelsHashMismatch", bounty.id);

      await world.reveal(bounty, second);
      await world.expectRevert(world.sendReveal(bounty, best, bounty.labels, second.trainer.address), "InvalidRankHint", second.trainer.address);
      await world.expectRevert(world.sendReveal(bounty, best, bounty.labels, signers[9].address), "InvalidRankHint", signers[9].address);
      await world.expectRevert(world.sendReveal(bounty, second), "WrongSubmissionStatus", bounty.id, second.trainer.address, Status.Claimed, Status.Revealed);
    });

    it("a malformed model CID cannot be revealed, even when committed (InvalidCid)", async function () {
      const { params, bounty: other } = await world.bountyParams({ seed: 3 });
      world.bountyIds.add(other.id);
      await world.step(world.createWith(other.requester, params));
      const entry = await world.commitModel(other, signers[6], 90);
      const bad = { ...entry, modelCid: "" };
      const { modelCommitment } = await import("../frontend/src/protocol/commitments.js");
      await world.step(world.as(signers[6]).commitModel(other.id, modelCommitment(other.id, signers[6].address, "", bad.modelSalt)));
      await world.toClaiming(other, [bad]);
      await world.claim(other, bad);
      await world.endOfPhase(other);
      await world.expectRevert(world.sendReveal(other, bad), "InvalidCid", "modelCid");
    });

    it("attestations by others (NotVerifier), without a report (InvalidCid), out of order (NotBestCandidate), past the last (NoCandidateLeft)", async function () {
      await world.claimAndReveal(bounty, [best, second]);
      const attest = (who = bounty.verifier, rejected: string[] = [], accept = true, report = cid("r")) =>
        world.as(who).attestVerification(bounty.id, rejected, accept, report);
      await world.expectRevert(attest(bounty.requester), "NotVerifier", bounty.id, bounty.requester.address);
      await world.expectRevert(attest(bounty.verifier, [], true, "ipfs://x"), "InvalidCid", "reportCid");
      await world.expectRevert(
        attest(bounty.verifier, [second.trainer.address]),
        "NotBestCandidate",
        bounty.id,
        second.trainer.address,
        best.trainer.address,
      );
      await world.expectRevert(
        attest(bounty.verifier, [best.trainer.address, second.trainer.address, low.trainer.address]),
        "NoCandidateLeft",
        bounty.id,
      );
      await world.expectRevert(attest(bounty.verifier, [best.trainer.address, second.trainer.address], true), "NoCandidateLeft", bounty.id);
      await world.step(attest(bounty.verifier, [], false)); // an attestation of nothing changes nothing
      expect(await world.phase(bounty)).to.equal(Phase.Verifying);
    });

    it("anything on a finished bounty: advance, settle the winner or twice, attest again", async function () {
      await world.claimAndReveal(bounty, [best]);
      await world.attest(bounty, [], true);
      await world.expectRevert(world.as(signers[3]).advance(bounty.id), "NothingToAdvance", bounty.id, Phase.Completed);
      const settle = (trainer: string) => world.as(signers[3]).settleSubmission(bounty.id, trainer);
      await world.expectRevert(settle(best.trainer.address), "NothingToSettle", bounty.id, best.trainer.address);
      await world.settle(bounty, second.trainer.address);
      await world.expectRevert(settle(second.trainer.address), "NothingToSettle", bounty.id, second.trainer.address);
      await world.expectRevert(settle(signers[9].address), "NothingToSettle", bounty.id, signers[9].address);
      await world.expectRevert(
        world.as(bounty.verifier).attestVerification(bounty.id, [], true, cid("r")),
        "WrongPhase",
        bounty.id,
        Phase.Verifying,
        Phase.Completed,
      );
    });
  });

  describe("CID form", function () {
    const valid = [
      "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
      "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
      "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG",
      `ba${"a".repeat(126)}`,
    ];
    const invalid = [
      "",
      "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyk", // 58 characters
      `ba${"a".repeat(127)}`, // 129
      "BAFKREIHDWDCEFGH4DQKJV67UZCMW7OJEE6XEDZDETOJUZJEVTENXQUVYKU", // upper case
      "bbfkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", // not version 1
      "zafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku", // another multibase
      "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvy1u", // '1' is not base32
      "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvy\"u",
      "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbd0", // '0'
      "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdO", // 'O'
      "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdI", // 'I'
      "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdl", // 'l'
      "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbd<", // markup
      "QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbd", // 45 characters
    ];
    it("accepts CIDv1 in base32 and CIDv0, refuses everything else", async function () {
      for (const text of valid) expect(await world.market.isValidCid(text), text).to.equal(true);
      for (const text of invalid) expect(await world.market.isValidCid(text), text).to.equal(false);
    });
  });

  it("a reward the requester has not approved", async function () {
    const { params } = await world.bountyParams({ requester: signers[15] });
    await expect(world.createWith(signers[15], params)).to.be.revertedWithCustomError(world.token, "ERC20InsufficientAllowance");
  });

  it("amounts in whole MDC work as well as wei", async function () {
    const bounty = await world.createBounty({ reward: MDC, stake: 0n });
    await world.commitModel(bounty, signers[3], 60);
    expect((await world.market.getBounty(bounty.id)).escrow).to.equal(MDC);
  });
});
