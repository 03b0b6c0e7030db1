// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IArbitrator} from "@kleros/erc-792/contracts/IArbitrator.sol";
import {PackedLabels} from "../PackedLabels.sol";
import {CandidateRanking} from "./CandidateRanking.sol";
import {CidFormat} from "./CidFormat.sol";
import {Commitments} from "./Commitments.sol";
import {EscrowPayments} from "./EscrowPayments.sol";
import {Scoring} from "./Scoring.sol";

/**
 * @title BountyMarket
 * @notice Machine-learning bounties where every model is fixed before anyone sees the test inputs
 * (docs/protocol.md, "The market").
 *
 * The requester publishes the test inputs sealed and commits to the sealing key and to the labels.
 * Trainers commit to a model and stake. After the model deadline the requester releases the key; each
 * trainer runs its committed model and commits to the predictions; the requester reveals the labels;
 * trainers claim their score; the best claim must, and every other claim of at least `minScore` may, reveal
 * its predictions and model in one window, rescored on-chain; the verifier re-runs the revealed models, best
 * first, in one window, and proposes the best one that reproduces (ties: the earliest commit), or none; anyone
 * may dispute the proposal for one more window before the market's ERC-792 arbitrator, whose ruling is final
 * (docs/protocol.md, "Disputes").
 *
 * Slashed and forfeited stakes are burned (credited to {BURN_ADDRESS}, which nobody can withdraw), never
 * paid to the requester or the verifier, who could cause them. Tokens only leave through {withdraw} and ether
 * through {withdrawFees}; the token balance of this contract always equals the sum of every bounty's `escrow`
 * and every account's `credits` (the burn address included), and its ether balance the fee bonds of the
 * bounties not ended plus every account's `feeCredits`.
 */
contract BountyMarket is EscrowPayments {
    using CandidateRanking for CandidateRanking.List;

    /// @notice A bounty as stored; its CIDs are in its {BountyCreated} event. `bestClaim` and
    /// `bestClaimSequence` are the best claim of at least `minScore` (ties: the earliest commit), the one
    /// contender that must reveal.
    struct Bounty {
        address requester;
        uint64 modelDeadline;
        uint32 testSize;
        address verifier;
        /// @dev At most MAX_RESPONSE_WINDOW, so 32 bits hold it and `maxError` shares the slot.
        uint32 responseWindow;
        uint16 numClasses;
        Phase phase;
        Scoring.Metric metric;
        uint32 maxError;
        uint64 phaseDeadline;
        uint32 maxSubmissions;
        uint32 liveSubmissions;
        uint32 commitCount;
        uint32 predicted;
        uint32 contenders;
        uint32 minScore;
        /// @dev The proposal during Challenging and Disputed, the winner once Completed.
        address winner;
        bool keyReleased;
        bool testInputsDisputed;
        bool verificationDisputed;
        /// @dev The verifier bond went to a disputer who overturned a decision.
        bool bondPaidOut;
        uint32 bestClaim;
        uint32 bestClaimSequence;
        uint256 reward;
        uint256 trainerStake;
        uint256 escrow;
        bytes32 groundTruthCommitment;
        bytes32 sealingKeyCommitment;
        bytes32 labelsHash;
        /// @dev Wei the requester deposited at creation (the arbitration cost then): it repays the arbitration fee
        /// of a dispute that overturns a decision of the requester's side, and goes back to the requester otherwise.
        uint96 feeBond;
        /// @dev Revealed candidates (each ranked once; rejections do not lower it).
        uint32 candidates;
    }

    /// @notice One trainer's submission to one bounty.
    struct Submission {
        bytes32 modelCommitment;
        bytes32 predictionsCommitment;
        uint32 sequence;
        uint32 claimed;
        SubmissionStatus status;
    }

    /// @notice Fewest test items: below it, random models cover the labellings that reach `minScore` too cheaply.
    uint32 public constant MIN_TEST_SIZE = 100;
    /// @notice Most test items of an Accuracy bounty: the largest reveal (2 bytes per item of calldata) then stays
    /// under 3/4 of the 16,777,216-gas transaction cap of EIP-7825 at EIP-7623 floor prices (docs/protocol.md).
    uint32 public constant MAX_TEST_SIZE = 150_000;
    /// @notice Most test items of a MeanAbsoluteError bounty: 8 bytes per item in the largest reveal, the same
    /// 300,000 bytes of calldata as MAX_TEST_SIZE, so the same margin under the cap (docs/protocol.md).
    uint32 public constant MAX_REGRESSION_TEST_SIZE = 37_500;
    /// @notice Upper bound on `maxSubmissions`; bounds a stale hint's walk and the hedging of a sybil swarm.
    uint32 public constant MAX_SUBMISSIONS = 1000;
    /// @notice Shortest response window: every party gets at least an hour for every step.
    uint64 public constant MIN_RESPONSE_WINDOW = 1 hours;
    /// @notice Longest response window.
    uint64 public constant MAX_RESPONSE_WINDOW = 30 days;
    /// @notice Upper bound on how far in the future `modelDeadline` may lie.
    uint64 public constant MAX_MODEL_PERIOD = 365 days;

    /// @notice The nonce the next bounty of `requester` must be created with.
    mapping(address requester => uint256) public requesterNonce;

    mapping(bytes32 bountyId => Bounty) private _bounties;
    mapping(bytes32 bountyId => mapping(address trainer => Submission)) private _submissions;
    mapping(bytes32 bountyId => CandidateRanking.List) private _rankings;

    /// @notice The ERC-792 arbitrator of every dispute, fixed at deployment: no requester picks it.
    IArbitrator public immutable arbitrator;
    /// @notice The extra data passed to the arbitrator (a Kleros court and juror count, for example).
    bytes public arbitratorExtraData;

    mapping(uint256 disputeId => BountyDispute) private _disputes;
    /// @dev Who made each commit, so that a ruling can name a candidate by its commit sequence.
    mapping(bytes32 bountyId => mapping(uint32 sequence => address trainer)) private _committers;

    /// @param token_ The ERC-20 of rewards and stakes (ModelCoin).
    /// @param arbitrator_ The ERC-792 arbitrator of disputes.
    /// @param arbitratorExtraData_ The extra data of its disputes.
    /// @param metaEvidenceTestInputs ERC-1497 meta-evidence URI of TestInputs disputes (id 1).
    /// @param metaEvidenceVerification ERC-1497 meta-evidence URI of Verification disputes (id 2).
    constructor(
        IERC20 token_,
        IArbitrator arbitrator_,
        bytes memory arbitratorExtraData_,
        string memory metaEvidenceTestInputs,
        string memory metaEvidenceVerification
    ) EscrowPayments(token_) {
        arbitrator = arbitrator_;
        arbitratorExtraData = arbitratorExtraData_;
        emit MetaEvidence(uint256(DisputeKind.TestInputs), metaEvidenceTestInputs);
        emit MetaEvidence(uint256(DisputeKind.Verification), metaEvidenceVerification);
    }

    // ---------------------------------------------------------------- requester

    /**
     * @notice Creates a bounty and escrows its reward and a verifier bond of `trainerStake`, taken from the caller
     * with `transferFrom`, and a fee bond of exactly {arbitrationCost} wei sent with the call.
     * @dev The caller must have approved `params.reward + params.trainerStake`. The bonds answer for decisions of
     * the requester's side that a dispute overturns, and go back to the requester at the end otherwise. The bounty id is
     * `computeBountyId(msg.sender, params.nonce)`; the ground-truth and sealing-key commitments and the
     * sealed test inputs must have been made for it.
     * @return bountyId The new bounty's id.
     */
    function createBounty(BountyParams calldata params) external payable nonReentrant returns (bytes32 bountyId) {
        return _createBounty(params);
    }

    /**
     * @notice {createBounty} in one transaction: an EIP-2612 permit for `params.reward + params.trainerStake` is
     * used first.
     * @dev A permit that fails (for example because someone front-ran it) is ignored; the transfer then
     * succeeds if the allowance is in place anyway.
     */
    function createBountyWithPermit(
        BountyParams calldata params,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external payable nonReentrant returns (bytes32 bountyId) {
        _tryPermit(params.reward + params.trainerStake, permitDeadline, v, r, s);
        return _createBounty(params);
    }

    /**
     * @notice Cancels an Open bounty that has no submission; the reward and the bonds are credited back.
     * @dev Only the requester. Once a model is committed the bounty runs to its end: a commit sent just
     * before the cancel makes the cancel fail, and it cannot win anything it did not earn.
     */
    function cancelBounty(bytes32 bountyId) external nonReentrant {
        Bounty storage bounty = _existingBounty(bountyId);
        _requirePhase(bountyId, Phase.Open);
        _requireRequester(bountyId, bounty);
        if (bounty.liveSubmissions != 0) revert HasSubmissions(bountyId, bounty.liveSubmissions);
        _end(bountyId, bounty, Phase.Cancelled, bounty.requester);
    }

    /**
     * @notice Releases the key that opens the sealed test inputs; Predicting starts and lasts one window.
     * @dev Only the requester, during KeyRelease (the window after the model deadline). The key must hash
     * to the sealing-key commitment. A bounty without submissions is Refunded instead (see {advance}).
     */
    function releaseKey(bytes32 bountyId, bytes32 key) external nonReentrant {
        Bounty storage bounty = _existingBounty(bountyId);
        _requirePhase(bountyId, Phase.KeyRelease);
        _requireRequester(bountyId, bounty);
        if (Commitments.sealingKey(bountyId, key) != bounty.sealingKeyCommitment) revert SealingKeyMismatch(bountyId);
        bounty.keyReleased = true;
        emit KeyReleased(bountyId, key);
        _setPhase(bountyId, bounty, Phase.Predicting, uint64(block.timestamp) + bounty.responseWindow);
    }

    /**
     * @notice Reveals the test labels (one class index per byte, or one big-endian int32 per 4 bytes for
     * MeanAbsoluteError) and the salt of the ground-truth commitment.
     * @dev Only the requester, during AwaitingGroundTruth. The labels must hash to the commitment and, for
     * Accuracy, each must be below `numClasses`. Claiming starts and lasts one window.
     */
    function revealGroundTruth(bytes32 bountyId, bytes calldata labels, bytes32 salt) external nonReentrant {
        Bounty storage bounty = _existingBounty(bountyId);
        _requirePhase(bountyId, Phase.AwaitingGroundTruth);
        _requireRequester(bountyId, bounty);
        uint256 expectedLength = _vectorLength(bounty);
        if (labels.length != expectedLength) revert WrongLabelCount(expectedLength, labels.length);
        if (Commitments.groundTruth(bountyId, labels, salt) != bounty.groundTruthCommitment) {
            revert GroundTruthMismatch(bountyId);
        }
        if (bounty.metric == Scoring.Metric.Accuracy) {
            uint256 index = PackedLabels.firstOutOfRange(labels, bounty.numClasses);
            if (index != PackedLabels.ALL_IN_RANGE) {
                revert LabelOutOfRange(index, uint8(labels[index]), bounty.numClasses);
            }
        }

        bytes32 labelsHash = keccak256(labels);
        bounty.labelsHash = labelsHash;
        emit GroundTruthRevealed(bountyId, labels, salt, labelsHash);
        _setPhase(bountyId, bounty, Phase.Claiming, uint64(block.timestamp) + bounty.responseWindow);
    }

    // ---------------------------------------------------------------- trainer

    /**
     * @notice Commits to a model, `modelCommitment(bountyId, msg.sender, modelCid, salt)`, and stakes
     * `trainerStake`, taken with `transferFrom`. Committing again replaces the commitment (no new stake) and
     * takes a new place in the commit order.
     * @dev Only while Open; never the requester or the verifier. A submission cannot be withdrawn: a slot,
     * once taken, stays taken and its stake stays escrowed until the bounty ends.
     */
    function commitModel(bytes32 bountyId, bytes32 modelCommitment_) external nonReentrant {
        _commitModel(bountyId, modelCommitment_);
    }

    /**
     * @notice {commitModel} in one transaction: an EIP-2612 permit for the stake is used first.
     * @dev A failing permit is ignored, as in {createBountyWithPermit}.
     */
    function commitModelWithPermit(
        bytes32 bountyId,
        bytes32 modelCommitment_,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        _tryPermit(_existingBounty(bountyId).trainerStake, permitDeadline, v, r, s);
        _commitModel(bountyId, modelCommitment_);
    }

    /**
     * @notice Commits to the predictions the caller's committed model makes on the released test inputs,
     * `predictionsCommitment(bountyId, msg.sender, predictions, salt)`.
     * @dev Only a trainer with a committed model, once, during Predicting. A submission without predictions
     * when Predicting ends is out, and its stake is burned when it is settled.
     */
    function commitPredictions(bytes32 bountyId, bytes32 predictionsCommitment_) external nonReentrant {
        Bounty storage bounty = _existingBounty(bountyId);
        _requirePhase(bountyId, Phase.Predicting);
        Submission storage submission = _submissions[bountyId][msg.sender];
        _requireStatus(bountyId, msg.sender, submission, SubmissionStatus.Committed);
        if (predictionsCommitment_ == bytes32(0)) revert ZeroCommitment();
        submission.predictionsCommitment = predictionsCommitment_;
        submission.status = SubmissionStatus.Predicted;
        ++bounty.predicted;
        emit PredictionsCommitted(bountyId, msg.sender, predictionsCommitment_);
    }

    /**
     * @notice Claims the score of the caller's predictions against the revealed labels.
     * @dev Only a trainer with committed predictions, once, during Claiming. A claim of at least `minScore`
     * makes the trainer a contender, who may reveal during Revealing; a lower claim keeps its stake and
     * reveals nothing. The best claim (ties: the earliest commit) is recorded: it must reveal, every other
     * contender may stay silent. A submission that does not claim forfeits its stake (burned).
     */
    function claimScore(bytes32 bountyId, uint32 score) external nonReentrant {
        Bounty storage bounty = _existingBounty(bountyId);
        _requirePhase(bountyId, Phase.Claiming);
        Submission storage submission = _submissions[bountyId][msg.sender];
        _requireStatus(bountyId, msg.sender, submission, SubmissionStatus.Predicted);
        uint32 maxScore = Scoring.maxScore(bounty.metric, bounty.maxError, bounty.testSize);
        if (score > maxScore) revert ScoreTooHigh(score, maxScore);

        submission.claimed = score;
        submission.status = SubmissionStatus.Claimed;
        bool contender = score >= bounty.minScore;
        if (contender) {
            ++bounty.contenders;
            if (CandidateRanking.ranksBefore(score, submission.sequence, bounty.bestClaim, bounty.bestClaimSequence)) {
                bounty.bestClaim = score;
                bounty.bestClaimSequence = submission.sequence;
            }
        }
        emit ScoreClaimed(bountyId, msg.sender, score, contender);
    }

    /**
     * @notice A contender reveals its predictions and model; the contract scores the predictions against
     * the revealed `labels` (passed again, checked against their stored hash) and ranks the contender.
     * @dev Only a contender, once, during Revealing. The predictions and model CID must open the commitments
     * and the CID must have the form of a CID (otherwise the call reverts and may be retried). A score that
     * differs from the claim burns the stake. `hint` is a revealed candidate ranking before the caller, or
     * zero ({rankHint} computes it).
     */
    function revealSubmission(
        bytes32 bountyId,
        bytes calldata predictions,
        bytes32 predictionsSalt,
        string calldata modelCid,
        bytes32 modelSalt,
        bytes calldata labels,
        address hint
    ) external nonReentrant {
        Bounty storage bounty = _existingBounty(bountyId);
        _requirePhase(bountyId, Phase.Revealing);
        Submission storage submission = _submissions[bountyId][msg.sender];
        _requireStatus(bountyId, msg.sender, submission, SubmissionStatus.Claimed);
        if (submission.claimed < bounty.minScore) {
            revert NotContender(bountyId, msg.sender, submission.claimed, bounty.minScore);
        }
        uint256 expectedLength = _vectorLength(bounty);
        if (predictions.length != expectedLength) revert WrongPredictionCount(expectedLength, predictions.length);
        if (Commitments.predictions(bountyId, msg.sender, predictions, predictionsSalt) != submission.predictionsCommitment) {
            revert PredictionsCommitmentMismatch(bountyId, msg.sender);
        }
        if (Commitments.model(bountyId, msg.sender, modelCid, modelSalt) != submission.modelCommitment) {
            revert ModelCommitmentMismatch(bountyId, msg.sender);
        }
        _requireCid(modelCid, "modelCid");
        if (keccak256(labels) != bounty.labelsHash) revert LabelsHashMismatch(bountyId);

        uint32 score = Scoring.score(bounty.metric, bounty.maxError, labels, predictions);
        emit SubmissionRevealed(bountyId, msg.sender, predictions, predictionsSalt, modelCid, modelSalt, score);
        if (score != submission.claimed) {
            _slash(bountyId, bounty, msg.sender, SlashReason.ScoreMismatch);
        } else {
            submission.status = SubmissionStatus.Revealed;
            ++bounty.candidates;
            _rankings[bountyId].insert(msg.sender, score, submission.sequence, hint);
        }
    }

    // ---------------------------------------------------------------- verifier

    /**
     * @notice The verifier attests, best candidate first, that the models of `rejected` do not reproduce
     * their revealed predictions, and, with `acceptBest`, that the next best one does; `reportCid` points to
     * its report.
     * @dev Only the bounty's verifier, during Verifying; any number of calls within the window. Nothing is paid or
     * burned here: the round ends with a proposal (accepting, or rejecting the last candidate: none), final at
     * once when a single candidate revealed and is accepted, otherwise open to dispute during Challenging (one
     * window; see {disputeVerification}). Naming more candidates than are left reverts ({NoCandidateLeft}). A
     * verifier that stays silent proposes the best candidate left when its window ends.
     */
    function attestVerification(bytes32 bountyId, address[] calldata rejected, bool acceptBest, string calldata reportCid)
        external
        nonReentrant
    {
        Bounty storage bounty = _existingBounty(bountyId);
        _requirePhase(bountyId, Phase.Verifying);
        if (msg.sender != bounty.verifier) revert NotVerifier(bountyId, msg.sender);
        _requireCid(reportCid, "reportCid");

        CandidateRanking.List storage ranking = _rankings[bountyId];
        for (uint256 i = 0; i < rejected.length; ++i) {
            address best = ranking.pop();
            // An empty list pops zero, which a zero entry would match: burning a stake no candidate holds.
            if (best == address(0)) revert NoCandidateLeft(bountyId);
            if (rejected[i] != best) revert NotBestCandidate(bountyId, rejected[i], best);
            emit VerificationAttested(bountyId, msg.sender, best, false, reportCid);
        }
        address next = ranking.head;
        if (acceptBest) {
            if (next == address(0)) revert NoCandidateLeft(bountyId);
            emit VerificationAttested(bountyId, msg.sender, next, true, reportCid);
            if (bounty.candidates == 1) _complete(bountyId, bounty, next); // nobody else revealed: nobody harmed
            else _propose(bountyId, bounty, next);
        } else if (next == address(0)) {
            _propose(bountyId, bounty, address(0));
        }
    }

    // ---------------------------------------------------------------- disputes

    /**
     * @notice Disputes that the sealed test inputs open under the released key into `testSize` rows of the
     * metadata's columns; `evidence` is an ERC-1497 evidence URI (may be empty). The caller pays exactly
     * {arbitrationCost} wei and deposits `trainerStake` tokens, taken with `transferFrom`.
     * @dev Anyone, during Predicting, once per bounty. Predicting's clock stops until the ruling ({rule}): ruling 1
     * (the inputs do not open) treats the requester as never having released the key; otherwise Predicting goes on
     * for the time it had left, and the deposit compensates the requester for the delay.
     * @return disputeId The arbitrator's id of the dispute.
     */
    function disputeTestInputs(bytes32 bountyId, string calldata evidence)
        external
        payable
        nonReentrant
        returns (uint256 disputeId)
    {
        Bounty storage bounty = _existingBounty(bountyId);
        _requirePhase(bountyId, Phase.Predicting);
        if (bounty.testInputsDisputed) revert AlreadyDisputed(bountyId, DisputeKind.TestInputs);
        bounty.testInputsDisputed = true;
        uint64 remaining = bounty.phaseDeadline - uint64(block.timestamp);
        disputeId = _raiseDispute(bountyId, bounty, DisputeKind.TestInputs, evidence, remaining);
    }

    /**
     * @notice Disputes the verification's proposal (the verifier's, or a silent verifier's default): the arbitrator
     * names the best revealed candidate whose model reproduces its predictions, or none. The caller pays exactly
     * {arbitrationCost} wei and deposits `trainerStake` tokens, as for {disputeTestInputs}.
     * @dev Anyone, during Challenging, once per bounty: every other party adds evidence ({submitEvidence}) to the
     * one dispute, whose choices cover every candidate, so that settlement takes a bounded number of windows.
     * @return disputeId The arbitrator's id of the dispute.
     */
    function disputeVerification(bytes32 bountyId, string calldata evidence)
        external
        payable
        nonReentrant
        returns (uint256 disputeId)
    {
        Bounty storage bounty = _existingBounty(bountyId);
        // Once per bounty with no check of its own: a dispute moves Challenging to Disputed, a ruling to an end.
        _requirePhase(bountyId, Phase.Challenging);
        bounty.verificationDisputed = true;
        if (bounty.phase != Phase.Challenging) {
            // A silent verifier's default, which no transaction recorded yet.
            bounty.winner = _rankings[bountyId].head;
            emit WinnerProposed(bountyId, bounty.winner);
        }
        disputeId = _raiseDispute(bountyId, bounty, DisputeKind.Verification, evidence, 0);
    }

    /// @notice Adds ERC-1497 evidence (a URI such as `/ipfs/<cid>`) to the bounty's disputes; anyone, any time.
    function submitEvidence(bytes32 bountyId, string calldata evidence) external {
        _existingBounty(bountyId);
        emit Evidence(arbitrator, uint256(bountyId), msg.sender, evidence);
    }

    /**
     * @notice Applies the arbitrator's final `ruling` on `disputeId` (ERC-792; the choices are in {DisputeKind}).
     * @dev Only the arbitrator, once per dispute. 0 (refused to arbitrate), and a commit sequence that is no
     * revealed candidate, keep the disputed decision. A ruling that overturns it pays the disputer its deposit,
     * the verifier bond and its fee (up to the fee bond); one that keeps it pays the deposit to the party the
     * dispute delayed.
     */
    function rule(uint256 disputeId, uint256 ruling) external nonReentrant {
        if (msg.sender != address(arbitrator)) revert NotArbitrator(msg.sender);
        BountyDispute storage dispute = _disputes[disputeId];
        if (dispute.kind == DisputeKind.None || dispute.ruled) revert UnknownDispute(disputeId);
        bytes32 bountyId = dispute.bountyId;
        uint256 choices = disputeChoices(bountyId, dispute.kind);
        if (ruling > choices) revert InvalidRuling(disputeId, ruling, choices);
        dispute.ruled = true;
        emit Ruling(arbitrator, disputeId, ruling);
        if (dispute.kind == DisputeKind.TestInputs) _applyTestInputsRuling(bountyId, dispute, disputeId, ruling);
        else _applyVerificationRuling(bountyId, dispute, disputeId, ruling, choices);
    }

    // ---------------------------------------------------------------- anyone

    /**
     * @notice Records the end a missed deadline has already decided; anyone may call it (keepers).
     * @dev Refunded: nobody committed a model, nobody committed predictions, nobody claimed at least
     * `minScore`, or no contender revealed; the reward goes back to the requester. RequesterSlashed: the
     * requester missed the key release or the ground-truth window; the reward is burned and every trainer
     * that did its part gets its stake back. Completed: Challenging ended undisputed and the proposal wins, or
     * a silent verifier's window ended with a single candidate, which wins. NoWinner: Challenging ended
     * undisputed on a proposal of none; the reward is burned. The bonds go back to the requester at every end.
     * Reverts with {NothingToAdvance} when the effective phase is not an end that still needs recording.
     */
    function advance(bytes32 bountyId) external nonReentrant {
        Bounty storage bounty = _existingBounty(bountyId);
        Phase effective = phaseOf(bountyId);
        if (effective == bounty.phase || effective < Phase.Completed) revert NothingToAdvance(bountyId, effective);
        if (effective == Phase.Refunded) {
            _end(bountyId, bounty, Phase.Refunded, bounty.requester);
        } else if (effective == Phase.RequesterSlashed) {
            _end(bountyId, bounty, Phase.RequesterSlashed, BURN_ADDRESS);
        } else if (effective == Phase.NoWinner) {
            _end(bountyId, bounty, Phase.NoWinner, BURN_ADDRESS);
        } else {
            // Completed: the proposal stood through Challenging, or a silent verifier's single candidate.
            _complete(bountyId, bounty, bounty.phase == Phase.Challenging ? bounty.winner : _rankings[bountyId].head);
        }
    }

    /**
     * @notice Settles `trainer`'s submission once the bounty has ended; anyone may call it.
     * @dev Refunded to the trainer: a revealed candidate ranking after the winner, a claim below
     * `minScore`, a contender that stayed silent while another contender claimed better (its model may stay
     * private), any submission of a bounty whose requester was slashed that had done its part so far.
     * Burned: a submission that never committed predictions after the key was released, never claimed, or
     * made the best claim and stayed silent; a revealed candidate ranking before the winner, or of a bounty
     * without winner (slashed: its model was found not to reproduce, by the verifier unopposed or by the
     * arbitrator). The winner and submissions slashed at reveal were settled already.
     */
    function settleSubmission(bytes32 bountyId, address trainer) external nonReentrant {
        Bounty storage bounty = _existingBounty(bountyId);
        Submission storage submission = _submissions[bountyId][trainer];
        Phase phase = bounty.phase;
        SubmissionStatus status = submission.status;
        if (phase < Phase.Completed) revert NothingToSettle(bountyId, trainer);

        bool refund;
        if (status == SubmissionStatus.Committed) refund = !bounty.keyReleased;
        else if (status == SubmissionStatus.Predicted) refund = phase == Phase.RequesterSlashed;
        else if (status == SubmissionStatus.Claimed) refund = _excusedFromReveal(bounty, submission);
        else if (status == SubmissionStatus.Revealed) {
            if (!_ranksAfterWinner(bountyId, bounty, submission)) {
                _slash(bountyId, bounty, trainer, SlashReason.NotReproduced);
                return;
            }
            refund = true;
        } else revert NothingToSettle(bountyId, trainer);

        uint256 stake = bounty.trainerStake;
        submission.status = SubmissionStatus.Settled;
        emit SubmissionSettled(bountyId, trainer, refund ? stake : 0, refund ? 0 : stake);
        _credit(bountyId, bounty, refund ? trainer : BURN_ADDRESS, stake);
    }

    // ---------------------------------------------------------------- views

    /// @notice What raising a dispute costs now, in wei (the arbitrator's cost with {arbitratorExtraData}).
    function arbitrationCost() public view override returns (uint256) {
        return arbitrator.arbitrationCost(arbitratorExtraData);
    }

    /// @notice The dispute the market raised as the arbitrator's `disputeId`.
    function getDispute(uint256 disputeId) external view returns (BountyDispute memory) {
        return _disputes[disputeId];
    }

    /// @notice The number of choices of the bounty's dispute of `kind` (ERC-792 `_choices`).
    function disputeChoices(bytes32 bountyId, DisputeKind kind) public view returns (uint256) {
        return kind == DisputeKind.TestInputs ? 2 : uint256(_bounties[bountyId].commitCount) + 1;
    }

    /**
     * @notice The id of the bounty `requester` creates with `nonce`:
     * `keccak256(abi.encode(chainId, market, requester, nonce))`.
     */
    function computeBountyId(address requester, uint256 nonce) public view returns (bytes32) {
        return keccak256(abi.encode(block.chainid, address(this), requester, nonce));
    }

    /// @notice The id the next bounty of `requester` will have.
    function nextBountyId(address requester) external view returns (bytes32) {
        return computeBountyId(requester, requesterNonce[requester]);
    }

    /// @notice `sha256(abi.encodePacked(TAG_GROUND_TRUTH, bountyId, labels, salt))`.
    function groundTruthCommitment(bytes32 bountyId, bytes calldata labels, bytes32 salt)
        external
        pure
        returns (bytes32)
    {
        return Commitments.groundTruth(bountyId, labels, salt);
    }

    /// @notice `sha256(abi.encodePacked(TAG_SEALING_KEY, bountyId, key))`.
    function sealingKeyCommitment(bytes32 bountyId, bytes32 key) external pure returns (bytes32) {
        return Commitments.sealingKey(bountyId, key);
    }

    /// @notice `sha256(abi.encodePacked(TAG_MODEL, bountyId, trainer, bytes(modelCid), salt))`.
    function modelCommitment(bytes32 bountyId, address trainer, string calldata modelCid, bytes32 salt)
        external
        pure
        returns (bytes32)
    {
        return Commitments.model(bountyId, trainer, modelCid, salt);
    }

    /// @notice `sha256(abi.encodePacked(TAG_PREDICTIONS, bountyId, trainer, predictions, salt))`.
    function predictionsCommitment(bytes32 bountyId, address trainer, bytes calldata predictions, bytes32 salt)
        external
        pure
        returns (bytes32)
    {
        return Commitments.predictions(bountyId, trainer, predictions, salt);
    }

    /// @notice Whether `cid` has the form the market accepts (CIDv1 in base32, or CIDv0).
    function isValidCid(string calldata cid) external pure returns (bool) {
        return CidFormat.isValid(cid);
    }

    /// @notice The stored bounty; its `phase` is the stored one (see {phaseOf} for the effective phase).
    function getBounty(bytes32 bountyId) external view returns (Bounty memory) {
        return _bounties[bountyId];
    }

    /// @notice The submission of `trainer` to `bountyId`.
    function getSubmission(bytes32 bountyId, address trainer) external view returns (Submission memory) {
        return _submissions[bountyId][trainer];
    }

    /**
     * @notice The phase the bounty is in at the current block's time, before any transaction records it:
     * Open turns into KeyRelease at the model deadline, Predicting into AwaitingGroundTruth, Claiming into
     * Revealing and then Verifying, one window each; a missed window of the requester makes it
     * RequesterSlashed, a step nobody can take any more (no submission, no predictions, no contender, no
     * revealed candidate) Refunded; the end of Verifying is Completed with a single candidate, else Challenging
     * for one window on the silent verifier's default; the end of Challenging is Completed, or NoWinner on a
     * proposal of none. Disputed waits for the arbitrator, with no clock.
     */
    function phaseOf(bytes32 bountyId) public view returns (Phase) {
        Bounty storage bounty = _bounties[bountyId];
        Phase phase = bounty.phase;
        uint256 deadline = bounty.phaseDeadline;
        uint256 window = bounty.responseWindow;
        if (block.timestamp < deadline) return phase;
        if (phase == Phase.Open) {
            if (bounty.liveSubmissions == 0) return Phase.Refunded;
            return block.timestamp < deadline + window ? Phase.KeyRelease : Phase.RequesterSlashed;
        }
        if (phase == Phase.Predicting) {
            if (bounty.predicted == 0) return Phase.Refunded;
            return block.timestamp < deadline + window ? Phase.AwaitingGroundTruth : Phase.RequesterSlashed;
        }
        if (phase == Phase.Claiming) {
            if (bounty.contenders == 0) return Phase.Refunded;
            if (block.timestamp < deadline + window) return Phase.Revealing;
            if (_rankings[bountyId].head == address(0)) return Phase.Refunded;
            if (block.timestamp < deadline + 2 * window) return Phase.Verifying;
            if (bounty.candidates == 1) return Phase.Completed; // nobody else revealed: nobody to dispute it
            return block.timestamp < deadline + 3 * window ? Phase.Challenging : Phase.Completed;
        }
        if (phase == Phase.Challenging) return bounty.winner == address(0) ? Phase.NoWinner : Phase.Completed;
        return phase;
    }

    /**
     * @notice The phase the bounty is in now ({phaseOf}) and when it ends: the time from which {phaseOf} answers
     * another phase unless a transaction moves the bounty first; 0 for a phase that no clock ends. Clients show
     * this instead of re-deriving the windows.
     */
    function currentPhase(bytes32 bountyId) external view returns (Phase phase, uint64 deadline) {
        Bounty storage bounty = _bounties[bountyId];
        phase = phaseOf(bountyId);
        if (phase == bounty.phase) return (phase, bounty.phaseDeadline);
        if (phase == Phase.KeyRelease || phase == Phase.AwaitingGroundTruth || phase == Phase.Revealing) {
            return (phase, bounty.phaseDeadline + bounty.responseWindow);
        }
        if (phase == Phase.Verifying) return (phase, bounty.phaseDeadline + 2 * bounty.responseWindow);
        if (phase == Phase.Challenging) return (phase, bounty.phaseDeadline + 3 * bounty.responseWindow);
        return (phase, 0); // a final phase the clock reached: RequesterSlashed, Refunded, Completed, NoWinner
    }

    /// @notice The `hint` for {revealSubmission}: the last candidate ranking before (`score`, `trainer`'s commit).
    function rankHint(bytes32 bountyId, address trainer, uint32 score) external view returns (address) {
        return _rankings[bountyId].hintFor(score, _submissions[bountyId][trainer].sequence);
    }

    /// @notice Up to `limit` revealed candidates not yet rejected, best first, with their scores.
    function rankedCandidates(bytes32 bountyId, uint256 limit)
        external
        view
        returns (address[] memory trainers, uint32[] memory scores)
    {
        return _rankings[bountyId].top(limit);
    }

    // ---------------------------------------------------------------- internal

    function _createBounty(BountyParams calldata params) private returns (bytes32 bountyId) {
        _validateParams(params);
        uint256 expectedNonce = requesterNonce[msg.sender];
        if (params.nonce != expectedNonce) revert StaleNonce(expectedNonce, params.nonce);
        requesterNonce[msg.sender] = expectedNonce + 1;
        bountyId = computeBountyId(msg.sender, expectedNonce);

        Bounty storage bounty = _bounties[bountyId];
        bounty.requester = msg.sender;
        bounty.modelDeadline = params.modelDeadline;
        bounty.testSize = params.testSize;
        bounty.verifier = params.verifier;
        bounty.responseWindow = uint32(params.responseWindow); // at most MAX_RESPONSE_WINDOW
        bounty.numClasses = params.numClasses;
        bounty.metric = params.metric;
        bounty.maxError = params.maxError;
        bounty.maxSubmissions = params.maxSubmissions;
        bounty.minScore = params.minScore;
        bounty.reward = params.reward;
        bounty.trainerStake = params.trainerStake;
        bounty.escrow = params.reward + params.trainerStake;
        bounty.groundTruthCommitment = params.groundTruthCommitment;
        bounty.sealingKeyCommitment = params.sealingKeyCommitment;
        bounty.feeBond = uint96(_requireArbitrationFee()); // no fee reaches 2^96 wei: more ether than exists

        emit BountyCreated(bountyId, msg.sender, params.verifier, params);
        _setPhase(bountyId, bounty, Phase.Open, params.modelDeadline);
        _pullTokens(params.reward + params.trainerStake);
    }

    function _commitModel(bytes32 bountyId, bytes32 modelCommitment_) private {
        Bounty storage bounty = _existingBounty(bountyId);
        _requirePhase(bountyId, Phase.Open);
        if (msg.sender == bounty.requester) revert RequesterCannotSubmit(bountyId);
        if (msg.sender == bounty.verifier) revert VerifierCannotSubmit(bountyId);
        if (modelCommitment_ == bytes32(0)) revert ZeroCommitment();
        Submission storage submission = _submissions[bountyId][msg.sender];
        bool replacing = submission.status == SubmissionStatus.Committed;
        if (!replacing && bounty.liveSubmissions >= bounty.maxSubmissions) {
            revert SubmissionsFull(bountyId, bounty.maxSubmissions);
        }

        uint32 sequence = ++bounty.commitCount;
        _committers[bountyId][sequence] = msg.sender;
        submission.modelCommitment = modelCommitment_;
        submission.sequence = sequence;
        uint256 stake = replacing ? 0 : bounty.trainerStake;
        if (!replacing) {
            submission.status = SubmissionStatus.Committed;
            ++bounty.liveSubmissions;
            bounty.escrow += stake;
        }
        emit ModelCommitted(bountyId, msg.sender, sequence, modelCommitment_, stake);
        _pullTokens(stake);
    }

    /// @dev Burns the stake of `trainer`, whose reveal did not match its claim or whose model was rejected.
    function _slash(bytes32 bountyId, Bounty storage bounty, address trainer, SlashReason reason) private {
        _submissions[bountyId][trainer].status = SubmissionStatus.Slashed;
        uint256 stake = bounty.trainerStake;
        emit SubmissionSlashed(bountyId, trainer, reason, stake);
        _credit(bountyId, bounty, BURN_ADDRESS, stake);
    }

    function _complete(bytes32 bountyId, Bounty storage bounty, address winner) private {
        Submission storage submission = _submissions[bountyId][winner];
        submission.status = SubmissionStatus.Won;
        bounty.winner = winner;
        emit BountyCompleted(bountyId, winner, submission.claimed);
        _end(bountyId, bounty, Phase.Completed, winner);
        _credit(bountyId, bounty, winner, bounty.trainerStake);
    }

    /// @dev Records the end `phase`, credits the reward to `rewardTo` and returns what is left of the bonds.
    function _end(bytes32 bountyId, Bounty storage bounty, Phase phase, address rewardTo) private {
        _setPhase(bountyId, bounty, phase, 0);
        _credit(bountyId, bounty, rewardTo, bounty.reward);
        if (!bounty.bondPaidOut) _credit(bountyId, bounty, bounty.requester, bounty.trainerStake);
        _creditFee(bountyId, bounty.requester, bounty.feeBond);
        bounty.feeBond = 0;
    }

    /// @dev Ends Verifying with a proposal, open to dispute for one window.
    function _propose(bytes32 bountyId, Bounty storage bounty, address winner) private {
        bounty.winner = winner;
        emit WinnerProposed(bountyId, winner);
        _setPhase(bountyId, bounty, Phase.Challenging, uint64(block.timestamp) + bounty.responseWindow);
    }

    /// @dev Takes the fee and the deposit of a dispute of `kind`, raises it with the arbitrator, and stops the clock.
    function _raiseDispute(
        bytes32 bountyId,
        Bounty storage bounty,
        DisputeKind kind,
        string calldata evidence,
        uint64 frozenRemaining
    ) private returns (uint256 disputeId) {
        uint256 fee = _requireArbitrationFee();
        uint256 deposit = bounty.trainerStake;
        bounty.escrow += deposit;
        _setPhase(bountyId, bounty, Phase.Disputed, 0);
        // The arbitrator is fixed at deployment and trusted; every entry point is nonReentrant besides.
        disputeId = arbitrator.createDispute{value: fee}(disputeChoices(bountyId, kind), arbitratorExtraData);
        _disputes[disputeId] = BountyDispute(bountyId, kind, false, msg.sender, frozenRemaining, fee);
        emit DisputeRaised(bountyId, disputeId, kind, msg.sender, fee, deposit);
        emit Dispute(arbitrator, disputeId, uint256(kind), uint256(bountyId));
        if (bytes(evidence).length != 0) emit Evidence(arbitrator, uint256(bountyId), msg.sender, evidence);
        _pullTokens(deposit);
    }

    /// @dev Ruling 1: the inputs do not open, as if the key was never released. Otherwise Predicting goes on.
    function _applyTestInputsRuling(bytes32 bountyId, BountyDispute storage dispute, uint256 disputeId, uint256 ruling)
        private
    {
        Bounty storage bounty = _bounties[bountyId];
        bool overturned = ruling == 1;
        emit DisputeRuled(bountyId, disputeId, ruling, overturned);
        if (overturned) {
            _payDisputer(bountyId, bounty, dispute);
            bounty.keyReleased = false;
            _end(bountyId, bounty, Phase.RequesterSlashed, BURN_ADDRESS);
        } else {
            _credit(bountyId, bounty, bounty.requester, bounty.trainerStake); // the deposit, for the delay
            _setPhase(bountyId, bounty, Phase.Predicting, uint64(block.timestamp) + dispute.frozenRemaining);
        }
    }

    /// @dev The ruled winner (see {DisputeKind}) wins, or nobody; the proposal stands on 0 or a non-candidate.
    function _applyVerificationRuling(
        bytes32 bountyId,
        BountyDispute storage dispute,
        uint256 disputeId,
        uint256 ruling,
        uint256 choices
    ) private {
        Bounty storage bounty = _bounties[bountyId];
        address proposed = bounty.winner;
        address ruled = proposed;
        if (ruling == choices) {
            ruled = address(0);
        } else if (ruling != 0) {
            address trainer = _committers[bountyId][uint32(ruling)];
            Submission storage submission = _submissions[bountyId][trainer];
            if (submission.sequence == ruling && submission.status == SubmissionStatus.Revealed) ruled = trainer;
        }
        bool overturned = ruled != proposed;
        emit DisputeRuled(bountyId, disputeId, ruling, overturned);
        if (overturned) _payDisputer(bountyId, bounty, dispute);
        else _credit(bountyId, bounty, proposed == address(0) ? BURN_ADDRESS : proposed, bounty.trainerStake);
        if (ruled == address(0)) {
            bounty.winner = address(0); // an overturned proposal is no winner
            _end(bountyId, bounty, Phase.NoWinner, BURN_ADDRESS);
        } else {
            _complete(bountyId, bounty, ruled);
        }
    }

    /// @dev An overturning disputer gets its deposit back, the verifier bond, and its fee up to the fee bond.
    function _payDisputer(bytes32 bountyId, Bounty storage bounty, BountyDispute storage dispute) private {
        bounty.bondPaidOut = true;
        _credit(bountyId, bounty, dispute.disputer, 2 * bounty.trainerStake);
        uint96 refund = dispute.fee < bounty.feeBond ? uint96(dispute.fee) : bounty.feeBond;
        bounty.feeBond -= refund;
        _creditFee(bountyId, dispute.disputer, refund);
    }

    /// @dev Whether the revealed `submission` ranks after the bounty's winner (false without a winner).
    function _ranksAfterWinner(bytes32 bountyId, Bounty storage bounty, Submission storage submission)
        private
        view
        returns (bool)
    {
        if (bounty.phase != Phase.Completed) return false;
        Submission storage winner = _submissions[bountyId][bounty.winner];
        return CandidateRanking.ranksBefore(winner.claimed, winner.sequence, submission.claimed, submission.sequence);
    }

    /// @dev Whether a claim that never revealed keeps its stake: it was below `minScore`, or it was not the
    /// best claim. Only the best claim's silence is a bluff that nobody else could call: excusing the others
    /// whatever the best one does means no contender has to reveal for fear that a better claim (a
    /// requester's sybil, say) stays silent, or to learn in time that it revealed in the window's last second.
    function _excusedFromReveal(Bounty storage bounty, Submission storage submission) private view returns (bool) {
        if (submission.claimed < bounty.minScore) return true;
        return CandidateRanking.ranksBefore(
            bounty.bestClaim, bounty.bestClaimSequence, submission.claimed, submission.sequence
        );
    }

    /// @dev Moves `amount` of the bounty's escrow to `account`'s credits.
    function _credit(bytes32 bountyId, Bounty storage bounty, address account, uint256 amount) private {
        if (amount == 0) return;
        bounty.escrow -= amount;
        credits[account] += amount;
        emit Credited(bountyId, account, amount);
    }

    /// @dev Bytes of the bounty's label and prediction vectors.
    function _vectorLength(Bounty storage bounty) private view returns (uint256) {
        return uint256(bounty.testSize) * Scoring.itemWidth(bounty.metric);
    }

    function _validateParams(BountyParams calldata params) private view {
        _validateMetricParams(params);
        if (params.reward == 0) revert ZeroReward();
        if (
            params.modelDeadline < block.timestamp + MIN_RESPONSE_WINDOW
                || params.modelDeadline > block.timestamp + MAX_MODEL_PERIOD
        ) revert InvalidModelDeadline(params.modelDeadline, block.timestamp);
        if (params.responseWindow < MIN_RESPONSE_WINDOW || params.responseWindow > MAX_RESPONSE_WINDOW) {
            revert InvalidResponseWindow(params.responseWindow, MIN_RESPONSE_WINDOW, MAX_RESPONSE_WINDOW);
        }
        if (params.maxSubmissions == 0 || params.maxSubmissions > MAX_SUBMISSIONS) {
            revert InvalidMaxSubmissions(params.maxSubmissions, MAX_SUBMISSIONS);
        }
        uint32 maxScore = Scoring.maxScore(params.metric, params.maxError, params.testSize);
        if (params.minScore == 0 || params.minScore > maxScore) revert InvalidMinScore(params.minScore, maxScore);
        if (params.verifier == address(0) || params.verifier == msg.sender) revert InvalidVerifier(params.verifier);
        if (params.groundTruthCommitment == bytes32(0) || params.sealingKeyCommitment == bytes32(0)) {
            revert ZeroCommitment();
        }
        _requireCid(params.trainingCid, "trainingCid");
        _requireCid(params.sealedTestInputsCid, "sealedTestInputsCid");
        _requireCid(params.metadataCid, "metadataCid");
    }

    /// @dev The test size, class count and `maxError` each metric allows; `maxScore` then fits uint32.
    function _validateMetricParams(BountyParams calldata params) private pure {
        uint32 testSize = params.testSize;
        if (params.metric == Scoring.Metric.Accuracy) {
            if (testSize < MIN_TEST_SIZE || testSize > MAX_TEST_SIZE) {
                revert InvalidTestSize(testSize, MIN_TEST_SIZE, MAX_TEST_SIZE);
            }
            if (params.numClasses < 2 || params.numClasses > 256) revert InvalidNumClasses(params.numClasses);
            if (params.maxError != 0) revert InvalidMaxError(params.metric, params.maxError, 0, 0);
        } else {
            if (testSize < MIN_TEST_SIZE || testSize > MAX_REGRESSION_TEST_SIZE) {
                revert InvalidTestSize(testSize, MIN_TEST_SIZE, MAX_REGRESSION_TEST_SIZE);
            }
            if (params.numClasses != 0) revert NumClassesNotZero(params.numClasses);
            uint32 largest = type(uint32).max / testSize; // maxError * testSize must fit uint32
            if (params.maxError == 0 || params.maxError > largest) {
                revert InvalidMaxError(params.metric, params.maxError, 1, largest);
            }
        }
    }

    function _setPhase(bytes32 bountyId, Bounty storage bounty, Phase phase, uint64 deadline) private {
        bounty.phase = phase;
        bounty.phaseDeadline = deadline;
        emit PhaseChanged(bountyId, phase, deadline);
    }

    function _existingBounty(bytes32 bountyId) private view returns (Bounty storage bounty) {
        bounty = _bounties[bountyId];
        if (bounty.phase == Phase.None) revert BountyNotFound(bountyId);
    }

    function _requirePhase(bytes32 bountyId, Phase expected) private view {
        Phase actual = phaseOf(bountyId);
        if (actual != expected) revert WrongPhase(bountyId, expected, actual);
    }

    function _requireRequester(bytes32 bountyId, Bounty storage bounty) private view {
        if (msg.sender != bounty.requester) revert NotRequester(bountyId, msg.sender);
    }

    function _requireStatus(
        bytes32 bountyId,
        address trainer,
        Submission storage submission,
        SubmissionStatus expected
    ) private view {
        if (submission.status != expected) revert WrongSubmissionStatus(bountyId, trainer, expected, submission.status);
    }

    function _requireCid(string calldata cid, string memory field) private pure {
        if (!CidFormat.isValid(cid)) revert InvalidCid(field);
    }
}
