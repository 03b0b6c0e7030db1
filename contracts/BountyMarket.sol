// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {PackedLabels} from "./PackedLabels.sol";

/**
 * @title BountyMarket
 * @notice Machine-learning bounties with committed predictions, as specified in docs/protocol.md.
 *
 * A requester escrows a reward and commits to hidden test labels. Trainers commit to their
 * predictions and model and stake collateral. After the deadline the requester reveals the labels,
 * trainers claim their accuracy, and the best claim must reveal predictions and model; the contract
 * recounts the matches on-chain, an optional verifier attests that the model reproduces the
 * predictions, and the winner is paid. Whoever misses a deadline is slashed; anyone may advance a
 * bounty past a missed deadline.
 *
 * Money only moves out through {withdraw}: every payout is first credited to a pull-payment balance.
 * The token balance of this contract always equals the sum of every bounty's `escrow` plus every
 * account's `credits`.
 *
 * Label vectors and predictions are packed one class index per byte and travel as calldata; storage
 * keeps only their hashes (and the CIDs of a bounty's data live in its {BountyCreated} event only), so no step's gas grows with the test size beyond hashing and counting,
 * and no step's gas grows with the number of submissions (the ranking is a sorted list with
 * insertion hints).
 */
contract BountyMarket is ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice The life cycle of a bounty; see docs/protocol.md for the diagram.
    enum Phase {
        None,
        Open,
        AwaitingGroundTruth,
        Claiming,
        CandidateReveal,
        Verifying,
        Completed,
        Cancelled,
        RequesterSlashed,
        Refunded
    }

    /// @notice Where one trainer's submission to one bounty stands.
    enum SubmissionStatus {
        None,
        Committed,
        Withdrawn,
        Claimed,
        Slashed,
        Won,
        Settled
    }

    /// @notice Why a candidate lost its stake.
    enum SlashReason {
        MissedReveal,
        CountMismatch,
        NotReproduced
    }

    /// @notice What a requester fixes when creating a bounty.
    struct BountyParams {
        string trainingCid;
        string testInputsCid;
        string metadataCid;
        bytes32 groundTruthCommitment;
        uint256 reward;
        uint256 trainerStake;
        uint64 submissionDeadline;
        uint64 responseWindow;
        uint32 testSize;
        uint16 numClasses;
        uint32 maxSubmissions;
        address verifier;
        /// @dev Must equal {requesterNonce} of the caller: the bounty id (and so the ground-truth
        /// commitment) was computed from it.
        uint256 nonce;
    }

    /// @notice A bounty as stored; its CIDs are in its {BountyCreated} event.
    struct Bounty {
        address requester;
        uint64 submissionDeadline;
        uint32 testSize;
        address verifier;
        uint64 responseWindow;
        uint16 numClasses;
        Phase phase;
        address candidate;
        uint64 phaseDeadline;
        uint32 maxSubmissions;
        address claimHead;
        uint32 liveSubmissions;
        uint32 commitCount;
        address winner;
        uint256 reward;
        uint256 trainerStake;
        uint256 escrow;
        uint256 payoutPerSubmission;
        bytes32 groundTruthCommitment;
        bytes32 labelsHash;
    }

    /// @notice One trainer's submission to one bounty.
    struct Submission {
        bytes32 predictionsCommitment;
        bytes32 modelCommitment;
        address nextClaim;
        uint32 sequence;
        uint32 claimed;
        SubmissionStatus status;
    }

    /// @notice Upper bound on `maxSubmissions`; bounds the worst case of a claim with a stale hint.
    uint32 public constant MAX_SUBMISSIONS = 1000;
    /// @notice Upper bound on how far in the future `submissionDeadline` may lie.
    uint64 public constant MAX_SUBMISSION_PERIOD = 365 days;
    /// @notice Upper bound on `responseWindow`.
    uint64 public constant MAX_RESPONSE_WINDOW = 30 days;
    /// @notice Upper bound on the length of a CID string.
    uint256 public constant MAX_CID_LENGTH = 128;

    /// @notice The token rewards and stakes are paid in.
    IERC20 public immutable token;

    /// @notice The nonce the next bounty of `requester` must be created with.
    mapping(address requester => uint256) public requesterNonce;
    /// @notice Tokens `account` can take out with {withdraw}.
    mapping(address account => uint256) public credits;

    mapping(bytes32 bountyId => Bounty) private _bounties;
    mapping(bytes32 bountyId => mapping(address trainer => Submission)) private _submissions;

    // ---------------------------------------------------------------- events

    /// @notice A bounty was created and its reward escrowed.
    event BountyCreated(
        bytes32 indexed bountyId,
        address indexed requester,
        address indexed verifier,
        uint256 nonce,
        uint256 reward,
        uint256 trainerStake,
        uint64 submissionDeadline,
        uint64 responseWindow,
        uint32 testSize,
        uint16 numClasses,
        uint32 maxSubmissions,
        bytes32 groundTruthCommitment,
        string trainingCid,
        string testInputsCid,
        string metadataCid
    );
    /// @notice The bounty entered `phase`; `deadline` is when the phase times out (0: it does not).
    event PhaseChanged(bytes32 indexed bountyId, Phase phase, uint64 deadline);
    /// @notice `trainer` committed (its `sequence`-th commit on this bounty) and staked `stake`.
    event SubmissionCommitted(
        bytes32 indexed bountyId,
        address indexed trainer,
        uint32 sequence,
        bytes32 predictionsCommitment,
        bytes32 modelCommitment,
        uint256 stake
    );
    /// @notice `trainer` withdrew its submission before the deadline.
    event SubmissionWithdrawn(bytes32 indexed bountyId, address indexed trainer);
    /// @notice The requester revealed the test labels (one class index per byte) and their salt.
    event GroundTruthRevealed(bytes32 indexed bountyId, bytes labels, bytes32 salt, bytes32 labelsHash);
    /// @notice `trainer` claimed `claimed` correct predictions.
    event AccuracyClaimed(bytes32 indexed bountyId, address indexed trainer, uint32 claimed);
    /// @notice `trainer` holds the best unresolved claim and must reveal by `deadline`.
    event CandidateSelected(bytes32 indexed bountyId, address indexed trainer, uint32 claimed, uint64 deadline);
    /// @notice The candidate revealed; `correct` is the on-chain count of matches with the labels.
    event CandidateRevealed(
        bytes32 indexed bountyId,
        address indexed trainer,
        bytes predictions,
        bytes32 predictionsSalt,
        string modelCid,
        bytes32 modelSalt,
        uint32 correct
    );
    /// @notice The verifier attested whether the candidate's model reproduces its predictions.
    event VerificationAttested(
        bytes32 indexed bountyId, address indexed verifier, address indexed trainer, bool reproduced, string reportCid
    );
    /// @notice The candidate lost its stake to the requester.
    event CandidateSlashed(bytes32 indexed bountyId, address indexed trainer, SlashReason reason, uint256 stake);
    /// @notice `winner` won the bounty with `correct` correct predictions.
    event BountyCompleted(bytes32 indexed bountyId, address indexed winner, uint32 correct);
    /// @notice The reward was split: each live submission is owed `payoutPerSubmission` plus its stake.
    event RewardSplit(bytes32 indexed bountyId, uint32 liveSubmissions, uint256 payoutPerSubmission);
    /// @notice `trainer`'s submission was settled after the bounty ended.
    event SubmissionSettled(
        bytes32 indexed bountyId, address indexed trainer, uint256 paidToTrainer, uint256 paidToRequester
    );
    /// @notice `amount` of the bounty's escrow was credited to `account`.
    event Credited(bytes32 indexed bountyId, address indexed account, uint256 amount);
    /// @notice `account` withdrew `amount` of its credits.
    event Withdrawn(address indexed account, uint256 amount);

    // ---------------------------------------------------------------- errors

    /// @notice No bounty has this id.
    error BountyNotFound(bytes32 bountyId);
    /// @notice The action needs phase `expected`; the bounty is in `actual`.
    error WrongPhase(bytes32 bountyId, Phase expected, Phase actual);
    /// @notice The window for this action closed at `deadline`.
    error DeadlinePassed(bytes32 bountyId, uint64 deadline);
    /// @notice No deadline has passed: nothing is due before `dueAt` (0: nothing ever is).
    error NothingToAdvance(bytes32 bountyId, Phase phase, uint64 dueAt);
    /// @notice `testSize` must be at least 1.
    error InvalidTestSize(uint32 testSize);
    /// @notice `numClasses` must be in [2, 256].
    error InvalidNumClasses(uint16 numClasses);
    /// @notice The reward must be positive.
    error ZeroReward();
    /// @notice `submissionDeadline` must be after the current block's time and within MAX_SUBMISSION_PERIOD of it.
    error InvalidSubmissionDeadline(uint64 submissionDeadline, uint256 currentTime);
    /// @notice `responseWindow` must be in [1, MAX_RESPONSE_WINDOW] seconds.
    error InvalidResponseWindow(uint64 responseWindow);
    /// @notice `maxSubmissions` must be in [1, MAX_SUBMISSIONS].
    error InvalidMaxSubmissions(uint32 maxSubmissions);
    /// @notice The CID in `field` is empty or longer than MAX_CID_LENGTH bytes.
    error InvalidCid(string field);
    /// @notice A commitment may not be zero.
    error ZeroCommitment();
    /// @notice The bounty must be created with the requester's current nonce `expected`.
    error StaleNonce(uint256 expected, uint256 given);
    /// @notice Only the bounty's requester may do this.
    error NotRequester(bytes32 bountyId, address caller);
    /// @notice The requester knows the labels and may not compete.
    error RequesterCannotSubmit(bytes32 bountyId);
    /// @notice The submission of `trainer` is in `actual`, not `expected`.
    error WrongSubmissionStatus(
        bytes32 bountyId, address trainer, SubmissionStatus expected, SubmissionStatus actual
    );
    /// @notice `trainer` already has a live submission to this bounty.
    error AlreadySubmitted(bytes32 bountyId, address trainer);
    /// @notice The bounty already holds `maxSubmissions` live submissions.
    error SubmissionsFull(bytes32 bountyId, uint32 maxSubmissions);
    /// @notice A label vector must hold exactly `expected` bytes.
    error WrongLabelCount(uint256 expected, uint256 actual);
    /// @notice A prediction vector must hold exactly `expected` bytes.
    error WrongPredictionCount(uint256 expected, uint256 actual);
    /// @notice The labels and salt do not hash to the bounty's ground-truth commitment.
    error GroundTruthMismatch(bytes32 bountyId);
    /// @notice Label `index` is `label`, not below `numClasses`.
    error LabelOutOfRange(uint256 index, uint8 label, uint16 numClasses);
    /// @notice The labels passed are not the ones the requester revealed.
    error LabelsHashMismatch(bytes32 bountyId);
    /// @notice A claim cannot exceed the test size.
    error ClaimExceedsTestSize(uint32 claimed, uint32 testSize);
    /// @notice `hint` is not a claim that ranks before the new one.
    error InvalidClaimHint(bytes32 bountyId, address hint);
    /// @notice Only the current candidate `candidate` may reveal.
    error NotCandidate(bytes32 bountyId, address caller, address candidate);
    /// @notice The predictions and salt do not match the commitment of `trainer`.
    error PredictionsCommitmentMismatch(bytes32 bountyId, address trainer);
    /// @notice The model CID and salt do not match the commitment of `trainer`.
    error ModelCommitmentMismatch(bytes32 bountyId, address trainer);
    /// @notice Only the bounty's verifier may attest.
    error NotVerifier(bytes32 bountyId, address caller);
    /// @notice Nothing is owed to or by the submission of `trainer`.
    error NothingToSettle(bytes32 bountyId, address trainer);
    /// @notice `account` has no credits.
    error NothingToWithdraw(address account);
    /// @notice The token moved `received` instead of `expected` (fee-on-transfer tokens are unsupported).
    error UnsupportedToken(uint256 expected, uint256 received);

    /// @param token_ The ERC-20 of rewards and stakes (ModelCoin).
    constructor(IERC20 token_) {
        token = token_;
    }

    // ---------------------------------------------------------------- requester

    /**
     * @notice Creates a bounty and escrows its reward, taken from the caller with `transferFrom`.
     * @dev The caller must have approved `params.reward`. The bounty id is
     * `computeBountyId(msg.sender, params.nonce)`; the ground-truth commitment must have been made for it.
     * @return bountyId The new bounty's id.
     */
    function createBounty(BountyParams calldata params) external nonReentrant returns (bytes32 bountyId) {
        return _createBounty(params);
    }

    /**
     * @notice {createBounty} in one transaction: an EIP-2612 permit for `params.reward` is used first.
     * @dev A permit that fails (for example because someone front-ran it) is ignored; the transfer then
     * succeeds if the allowance is in place anyway.
     */
    function createBountyWithPermit(
        BountyParams calldata params,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (bytes32 bountyId) {
        _tryPermit(params.reward, permitDeadline, v, r, s);
        return _createBounty(params);
    }

    /**
     * @notice Cancels an Open bounty. With no live submission the reward goes back to the requester;
     * otherwise it is split equally among the live submissions (each settles with {settleSubmission}),
     * the remainder of the division going back to the requester.
     * @dev Only the requester, only before the submission deadline.
     */
    function cancelBounty(bytes32 bountyId) external nonReentrant {
        Bounty storage bounty = _existingBounty(bountyId);
        _requirePhase(bountyId, Phase.Open);
        _requireRequester(bountyId, bounty);
        _endWithRewardSplit(bountyId, bounty, Phase.Cancelled);
    }

    /**
     * @notice Reveals the test labels, one class index per byte, and the salt of the ground-truth commitment.
     * @dev Only the requester, after the submission deadline and before `submissionDeadline + responseWindow`.
     * The labels must hash to the commitment and each must be below `numClasses`. With no live submission
     * the bounty ends Refunded; otherwise Claiming starts and lasts one response window.
     */
    function revealGroundTruth(bytes32 bountyId, bytes calldata labels, bytes32 salt) external nonReentrant {
        Bounty storage bounty = _existingBounty(bountyId);
        _requirePhase(bountyId, Phase.AwaitingGroundTruth);
        _requireRequester(bountyId, bounty);
        _requireBefore(bountyId, bounty.submissionDeadline + bounty.responseWindow);
        if (labels.length != bounty.testSize) revert WrongLabelCount(bounty.testSize, labels.length);
        if (groundTruthCommitment(bountyId, labels, salt) != bounty.groundTruthCommitment) {
            revert GroundTruthMismatch(bountyId);
        }
        _requireLabelsInRange(labels, bounty.numClasses);

        bytes32 labelsHash = keccak256(labels);
        bounty.labelsHash = labelsHash;
        emit GroundTruthRevealed(bountyId, labels, salt, labelsHash);

        if (bounty.liveSubmissions == 0) {
            _refund(bountyId, bounty);
        } else {
            _setPhase(bountyId, bounty, Phase.Claiming, uint64(block.timestamp) + bounty.responseWindow);
        }
    }

    // ---------------------------------------------------------------- trainer

    /**
     * @notice Commits to predictions and a model and stakes `trainerStake`, taken with `transferFrom`.
     * @dev Only while Open; one live submission per trainer; never the requester. The commitments are
     * `predictionsCommitment(...)` and `modelCommitment(...)` for this bounty and the caller.
     */
    function commit(bytes32 bountyId, bytes32 predictionsCommitment_, bytes32 modelCommitment_)
        external
        nonReentrant
    {
        _commit(bountyId, predictionsCommitment_, modelCommitment_);
    }

    /**
     * @notice {commit} in one transaction: an EIP-2612 permit for the stake is used first.
     * @dev A failing permit is ignored, as in {createBountyWithPermit}.
     */
    function commitWithPermit(
        bytes32 bountyId,
        bytes32 predictionsCommitment_,
        bytes32 modelCommitment_,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        _tryPermit(_existingBounty(bountyId).trainerStake, permitDeadline, v, r, s);
        _commit(bountyId, predictionsCommitment_, modelCommitment_);
    }

    /**
     * @notice Withdraws the caller's submission before the deadline; the stake is credited back.
     * @dev Only while Open. The trainer may commit again afterwards (it then ranks by its new commit).
     */
    function withdrawSubmission(bytes32 bountyId) external nonReentrant {
        Bounty storage bounty = _existingBounty(bountyId);
        _requirePhase(bountyId, Phase.Open);
        Submission storage submission = _submissions[bountyId][msg.sender];
        _requireStatus(bountyId, msg.sender, submission, SubmissionStatus.Committed);

        submission.status = SubmissionStatus.Withdrawn;
        --bounty.liveSubmissions;
        emit SubmissionWithdrawn(bountyId, msg.sender);
        _credit(bountyId, bounty, msg.sender, bounty.trainerStake);
    }

    /**
     * @notice Claims `correct` correct predictions against the revealed labels.
     * @dev Only the trainer of a live submission, once, during Claiming. `hint` is a trainer whose claim
     * ranks before this one (higher count, or equal count and earlier commit), or zero to search from the
     * best; {claimHint} computes it. A hint that has since been overtaken still works (the search walks
     * forward from it). Submissions that do not claim in time forfeit their stake.
     */
    function claimAccuracy(bytes32 bountyId, uint32 correct, address hint) external nonReentrant {
        Bounty storage bounty = _existingBounty(bountyId);
        _requirePhase(bountyId, Phase.Claiming);
        Submission storage submission = _submissions[bountyId][msg.sender];
        _requireStatus(bountyId, msg.sender, submission, SubmissionStatus.Committed);
        if (correct > bounty.testSize) revert ClaimExceedsTestSize(correct, bounty.testSize);

        submission.claimed = correct;
        submission.status = SubmissionStatus.Claimed;
        _insertClaim(bountyId, bounty, msg.sender, submission, hint);
        emit AccuracyClaimed(bountyId, msg.sender, correct);
    }

    /**
     * @notice The candidate reveals its predictions and model; the contract counts the matches with the
     * revealed `labels` (passed again, checked against their stored hash).
     * @dev Only the current candidate, before its reveal deadline. The predictions and model CID must match
     * the candidate's commitments (otherwise the call reverts and may be retried). If the count differs from
     * the claim the candidate is slashed and the next best claim becomes candidate. Otherwise the bounty
     * moves to Verifying, or straight to Completed when it has no verifier.
     */
    function revealCandidate(
        bytes32 bountyId,
        bytes calldata predictions,
        bytes32 predictionsSalt,
        string calldata modelCid,
        bytes32 modelSalt,
        bytes calldata labels
    ) external nonReentrant {
        Bounty storage bounty = _existingBounty(bountyId);
        _closeClaimingIfDue(bountyId, bounty);
        _requirePhase(bountyId, Phase.CandidateReveal);
        _requireBefore(bountyId, bounty.phaseDeadline);
        if (msg.sender != bounty.candidate) revert NotCandidate(bountyId, msg.sender, bounty.candidate);
        if (predictions.length != bounty.testSize) {
            revert WrongPredictionCount(bounty.testSize, predictions.length);
        }
        Submission storage submission = _submissions[bountyId][msg.sender];
        if (predictionsCommitment(bountyId, msg.sender, predictions, predictionsSalt) != submission.predictionsCommitment)
        {
            revert PredictionsCommitmentMismatch(bountyId, msg.sender);
        }
        if (modelCommitment(bountyId, msg.sender, modelCid, modelSalt) != submission.modelCommitment) {
            revert ModelCommitmentMismatch(bountyId, msg.sender);
        }
        if (keccak256(labels) != bounty.labelsHash) revert LabelsHashMismatch(bountyId);

        uint32 correct = uint32(PackedLabels.countMatches(predictions, labels));
        emit CandidateRevealed(bountyId, msg.sender, predictions, predictionsSalt, modelCid, modelSalt, correct);

        if (correct != submission.claimed) {
            _slashCandidate(bountyId, bounty, SlashReason.CountMismatch);
        } else if (bounty.verifier == address(0)) {
            _complete(bountyId, bounty);
        } else {
            _setPhase(bountyId, bounty, Phase.Verifying, uint64(block.timestamp) + bounty.responseWindow);
        }
    }

    // ---------------------------------------------------------------- verifier

    /**
     * @notice The verifier attests whether the candidate's model, run on the test inputs, reproduces the
     * revealed predictions; `reportCid` points to its report.
     * @dev Only the bounty's verifier, during Verifying and before its deadline. Reproduced: the candidate
     * wins. Not reproduced: it is slashed and the next best claim becomes candidate.
     */
    function attestVerification(bytes32 bountyId, bool reproduced, string calldata reportCid)
        external
        nonReentrant
    {
        Bounty storage bounty = _existingBounty(bountyId);
        _requirePhase(bountyId, Phase.Verifying);
        if (msg.sender != bounty.verifier) revert NotVerifier(bountyId, msg.sender);
        _requireBefore(bountyId, bounty.phaseDeadline);
        _requireCid(reportCid, "reportCid");

        emit VerificationAttested(bountyId, msg.sender, bounty.candidate, reproduced, reportCid);
        if (reproduced) {
            _complete(bountyId, bounty);
        } else {
            _slashCandidate(bountyId, bounty, SlashReason.NotReproduced);
        }
    }

    // ---------------------------------------------------------------- anyone

    /**
     * @notice Moves a bounty past a missed deadline; anyone may call it (keepers).
     * @dev Requester missed the ground-truth window: RequesterSlashed, the reward split among the live
     * submissions (Refunded if there are none). Claiming over: the best claim becomes candidate (Refunded
     * if nobody claimed). Candidate missed its reveal: slashed, next candidate. Verifier missed its window:
     * the candidate wins (the requester chose the verifier). Reverts with {NothingToAdvance} otherwise.
     */
    function advance(bytes32 bountyId) external nonReentrant {
        Bounty storage bounty = _existingBounty(bountyId);
        Phase stored = bounty.phase;
        uint64 dueAt = _storedPhaseDeadline(bounty);
        if (dueAt == 0 || block.timestamp < dueAt) revert NothingToAdvance(bountyId, phaseOf(bountyId), dueAt);

        if (stored == Phase.Open) {
            if (bounty.liveSubmissions == 0) _refund(bountyId, bounty);
            else _endWithRewardSplit(bountyId, bounty, Phase.RequesterSlashed);
        } else if (stored == Phase.Claiming) {
            _closeClaimingIfDue(bountyId, bounty);
        } else if (stored == Phase.CandidateReveal) {
            _slashCandidate(bountyId, bounty, SlashReason.MissedReveal);
        } else {
            _complete(bountyId, bounty); // Verifying: the verifier missed its window
        }
    }

    /**
     * @notice Settles `trainer`'s submission once the bounty has ended; anyone may call it.
     * @dev Cancelled or RequesterSlashed: the trainer gets its share of the reward and its stake. Completed
     * or Refunded: a trainer that claimed in time and was not slashed gets its stake back; one that never
     * claimed forfeits its stake to the requester. Winners and slashed candidates were settled already.
     */
    function settleSubmission(bytes32 bountyId, address trainer) external nonReentrant {
        Bounty storage bounty = _existingBounty(bountyId);
        Submission storage submission = _submissions[bountyId][trainer];
        Phase phase = bounty.phase;
        SubmissionStatus status = submission.status;

        uint256 toTrainer;
        uint256 toRequester;
        if ((phase == Phase.Cancelled || phase == Phase.RequesterSlashed) && status == SubmissionStatus.Committed) {
            toTrainer = bounty.payoutPerSubmission + bounty.trainerStake;
        } else if (phase == Phase.Completed || phase == Phase.Refunded) {
            if (status == SubmissionStatus.Claimed) toTrainer = bounty.trainerStake;
            else if (status == SubmissionStatus.Committed) toRequester = bounty.trainerStake;
            else revert NothingToSettle(bountyId, trainer);
        } else {
            revert NothingToSettle(bountyId, trainer);
        }

        submission.status = SubmissionStatus.Settled;
        emit SubmissionSettled(bountyId, trainer, toTrainer, toRequester);
        _credit(bountyId, bounty, trainer, toTrainer);
        _credit(bountyId, bounty, bounty.requester, toRequester);
    }

    /**
     * @notice Transfers all of the caller's credits to the caller.
     */
    function withdraw() external nonReentrant {
        uint256 amount = credits[msg.sender];
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        credits[msg.sender] = 0;
        emit Withdrawn(msg.sender, amount);
        token.safeTransfer(msg.sender, amount);
    }

    // ---------------------------------------------------------------- views

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

    /// @notice `sha256(abi.encodePacked(bountyId, labels, salt))`.
    function groundTruthCommitment(bytes32 bountyId, bytes calldata labels, bytes32 salt)
        public
        pure
        returns (bytes32)
    {
        return sha256(abi.encodePacked(bountyId, labels, salt));
    }

    /// @notice `sha256(abi.encodePacked(bountyId, trainer, predictions, salt))`.
    function predictionsCommitment(bytes32 bountyId, address trainer, bytes calldata predictions, bytes32 salt)
        public
        pure
        returns (bytes32)
    {
        return sha256(abi.encodePacked(bountyId, trainer, predictions, salt));
    }

    /// @notice `sha256(abi.encodePacked(bountyId, trainer, bytes(modelCid), salt))`.
    function modelCommitment(bytes32 bountyId, address trainer, string calldata modelCid, bytes32 salt)
        public
        pure
        returns (bytes32)
    {
        return sha256(abi.encodePacked(bountyId, trainer, modelCid, salt));
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
     * @notice The phase the bounty is in at the current block's time: an Open bounty past its deadline is
     * AwaitingGroundTruth, and a Claiming one past its window is CandidateReveal (Refunded if nobody claimed),
     * before any transaction records it.
     */
    function phaseOf(bytes32 bountyId) public view returns (Phase) {
        Bounty storage bounty = _bounties[bountyId];
        Phase phase = bounty.phase;
        if (phase == Phase.Open && block.timestamp >= bounty.submissionDeadline) return Phase.AwaitingGroundTruth;
        if (phase == Phase.Claiming && block.timestamp >= bounty.phaseDeadline) {
            return bounty.claimHead == address(0) ? Phase.Refunded : Phase.CandidateReveal;
        }
        return phase;
    }

    /**
     * @notice The `hint` for {claimAccuracy}: the last claim that ranks before a claim of `correct` by
     * `trainer`, or zero when it would rank first.
     */
    function claimHint(bytes32 bountyId, address trainer, uint32 correct) external view returns (address hint) {
        uint32 sequence = _submissions[bountyId][trainer].sequence;
        address next = _bounties[bountyId].claimHead;
        while (next != address(0)) {
            Submission storage other = _submissions[bountyId][next];
            if (!_ranksBefore(other.claimed, other.sequence, correct, sequence)) break;
            hint = next;
            next = other.nextClaim;
        }
    }

    /**
     * @notice Up to `limit` unresolved claims, best first, with their counts. During CandidateReveal and
     * Verifying the current candidate is not among them (see `getBounty(...).candidate`).
     */
    function rankedClaims(bytes32 bountyId, uint256 limit)
        external
        view
        returns (address[] memory trainers, uint32[] memory claimed)
    {
        trainers = new address[](limit);
        claimed = new uint32[](limit);
        uint256 count;
        for (address next = _bounties[bountyId].claimHead; next != address(0) && count < limit; ++count) {
            trainers[count] = next;
            claimed[count] = _submissions[bountyId][next].claimed;
            next = _submissions[bountyId][next].nextClaim;
        }
        assembly ("memory-safe") {
            mstore(trainers, count)
            mstore(claimed, count)
        }
    }

    // ---------------------------------------------------------------- internal: steps

    function _createBounty(BountyParams calldata params) private returns (bytes32 bountyId) {
        _validateParams(params);
        uint256 expectedNonce = requesterNonce[msg.sender];
        if (params.nonce != expectedNonce) revert StaleNonce(expectedNonce, params.nonce);
        requesterNonce[msg.sender] = expectedNonce + 1;
        bountyId = computeBountyId(msg.sender, expectedNonce);

        Bounty storage bounty = _bounties[bountyId];
        bounty.requester = msg.sender;
        bounty.submissionDeadline = params.submissionDeadline;
        bounty.testSize = params.testSize;
        bounty.verifier = params.verifier;
        bounty.responseWindow = params.responseWindow;
        bounty.numClasses = params.numClasses;
        bounty.maxSubmissions = params.maxSubmissions;
        bounty.reward = params.reward;
        bounty.trainerStake = params.trainerStake;
        bounty.escrow = params.reward;
        bounty.groundTruthCommitment = params.groundTruthCommitment;

        _emitBountyCreated(bountyId, params);
        _setPhase(bountyId, bounty, Phase.Open, params.submissionDeadline);
        _pullTokens(params.reward);
    }

    function _commit(bytes32 bountyId, bytes32 predictionsCommitment_, bytes32 modelCommitment_) private {
        Bounty storage bounty = _existingBounty(bountyId);
        _requirePhase(bountyId, Phase.Open);
        if (msg.sender == bounty.requester) revert RequesterCannotSubmit(bountyId);
        Submission storage submission = _submissions[bountyId][msg.sender];
        if (submission.status == SubmissionStatus.Committed) revert AlreadySubmitted(bountyId, msg.sender);
        if (bounty.liveSubmissions >= bounty.maxSubmissions) revert SubmissionsFull(bountyId, bounty.maxSubmissions);
        if (predictionsCommitment_ == bytes32(0) || modelCommitment_ == bytes32(0)) revert ZeroCommitment();

        uint32 sequence = ++bounty.commitCount;
        ++bounty.liveSubmissions;
        uint256 stake = bounty.trainerStake;
        bounty.escrow += stake;
        submission.predictionsCommitment = predictionsCommitment_;
        submission.modelCommitment = modelCommitment_;
        submission.sequence = sequence;
        submission.status = SubmissionStatus.Committed;

        emit SubmissionCommitted(bountyId, msg.sender, sequence, predictionsCommitment_, modelCommitment_, stake);
        _pullTokens(stake);
    }

    /// @dev Ends an Open bounty by splitting the reward equally among its live submissions.
    function _endWithRewardSplit(bytes32 bountyId, Bounty storage bounty, Phase endPhase) private {
        uint32 live = bounty.liveSubmissions;
        uint256 share = live == 0 ? 0 : bounty.reward / live;
        bounty.payoutPerSubmission = share;
        _setPhase(bountyId, bounty, endPhase, 0);
        if (live != 0) emit RewardSplit(bountyId, live, share);
        _credit(bountyId, bounty, bounty.requester, bounty.reward - share * live);
    }

    function _refund(bytes32 bountyId, Bounty storage bounty) private {
        _setPhase(bountyId, bounty, Phase.Refunded, 0);
        _credit(bountyId, bounty, bounty.requester, bounty.reward);
    }

    /// @dev If Claiming has ended, the best claim becomes candidate; the ranking is fixed from then on.
    function _closeClaimingIfDue(bytes32 bountyId, Bounty storage bounty) private {
        if (bounty.phase == Phase.Claiming && block.timestamp >= bounty.phaseDeadline) {
            _selectNextCandidate(bountyId, bounty, bounty.phaseDeadline + bounty.responseWindow);
        }
    }

    function _selectNextCandidate(bytes32 bountyId, Bounty storage bounty, uint64 revealDeadline) private {
        address best = bounty.claimHead;
        if (best == address(0)) {
            bounty.candidate = address(0);
            _refund(bountyId, bounty);
            return;
        }
        Submission storage submission = _submissions[bountyId][best];
        bounty.claimHead = submission.nextClaim;
        bounty.candidate = best;
        _setPhase(bountyId, bounty, Phase.CandidateReveal, revealDeadline);
        emit CandidateSelected(bountyId, best, submission.claimed, revealDeadline);
    }

    function _slashCandidate(bytes32 bountyId, Bounty storage bounty, SlashReason reason) private {
        address candidate = bounty.candidate;
        _submissions[bountyId][candidate].status = SubmissionStatus.Slashed;
        uint256 stake = bounty.trainerStake;
        emit CandidateSlashed(bountyId, candidate, reason, stake);
        _credit(bountyId, bounty, bounty.requester, stake);
        _selectNextCandidate(bountyId, bounty, uint64(block.timestamp) + bounty.responseWindow);
    }

    function _complete(bytes32 bountyId, Bounty storage bounty) private {
        address winner = bounty.candidate;
        Submission storage submission = _submissions[bountyId][winner];
        submission.status = SubmissionStatus.Won;
        bounty.winner = winner;
        _setPhase(bountyId, bounty, Phase.Completed, 0);
        emit BountyCompleted(bountyId, winner, submission.claimed);
        _credit(bountyId, bounty, winner, bounty.reward + bounty.trainerStake);
    }

    /// @dev Inserts a claim into the bounty's ranking (count descending, then commit order ascending).
    function _insertClaim(
        bytes32 bountyId,
        Bounty storage bounty,
        address trainer,
        Submission storage submission,
        address hint
    ) private {
        uint32 claimed = submission.claimed;
        uint32 sequence = submission.sequence;
        address previous = hint;
        address next;
        if (hint == address(0)) {
            next = bounty.claimHead;
        } else {
            Submission storage hinted = _submissions[bountyId][hint];
            if (
                hinted.status != SubmissionStatus.Claimed
                    || !_ranksBefore(hinted.claimed, hinted.sequence, claimed, sequence)
            ) revert InvalidClaimHint(bountyId, hint);
            next = hinted.nextClaim;
        }
        // Claims made since the hint was computed may sit between it and our place: walk past them.
        while (next != address(0)) {
            Submission storage other = _submissions[bountyId][next];
            if (!_ranksBefore(other.claimed, other.sequence, claimed, sequence)) break;
            previous = next;
            next = other.nextClaim;
        }
        submission.nextClaim = next;
        if (previous == address(0)) bounty.claimHead = trainer;
        else _submissions[bountyId][previous].nextClaim = trainer;
    }

    // ---------------------------------------------------------------- internal: money

    /// @dev Moves `amount` of the bounty's escrow to `account`'s credits.
    function _credit(bytes32 bountyId, Bounty storage bounty, address account, uint256 amount) private {
        if (amount == 0) return;
        bounty.escrow -= amount;
        credits[account] += amount;
        emit Credited(bountyId, account, amount);
    }

    /// @dev Takes `amount` from the caller and checks that exactly `amount` arrived.
    function _pullTokens(uint256 amount) private {
        if (amount == 0) return;
        uint256 balanceBefore = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - balanceBefore;
        if (received != amount) revert UnsupportedToken(amount, received);
    }

    function _tryPermit(uint256 amount, uint256 permitDeadline, uint8 v, bytes32 r, bytes32 s) private {
        // Ignore failures: a front-runner may have used the permit already (see OpenZeppelin's IERC20Permit).
        try IERC20Permit(address(token)).permit(msg.sender, address(this), amount, permitDeadline, v, r, s) {} catch {}
    }

    // ---------------------------------------------------------------- internal: checks and helpers

    function _validateParams(BountyParams calldata params) private view {
        if (params.testSize == 0) revert InvalidTestSize(params.testSize);
        if (params.numClasses < 2 || params.numClasses > 256) revert InvalidNumClasses(params.numClasses);
        if (params.reward == 0) revert ZeroReward();
        if (
            params.submissionDeadline <= block.timestamp
                || params.submissionDeadline > block.timestamp + MAX_SUBMISSION_PERIOD
        ) revert InvalidSubmissionDeadline(params.submissionDeadline, block.timestamp);
        if (params.responseWindow == 0 || params.responseWindow > MAX_RESPONSE_WINDOW) {
            revert InvalidResponseWindow(params.responseWindow);
        }
        if (params.maxSubmissions == 0 || params.maxSubmissions > MAX_SUBMISSIONS) {
            revert InvalidMaxSubmissions(params.maxSubmissions);
        }
        if (params.groundTruthCommitment == bytes32(0)) revert ZeroCommitment();
        _requireCid(params.trainingCid, "trainingCid");
        _requireCid(params.testInputsCid, "testInputsCid");
        _requireCid(params.metadataCid, "metadataCid");
    }

    function _emitBountyCreated(bytes32 bountyId, BountyParams calldata params) private {
        emit BountyCreated(
            bountyId,
            msg.sender,
            params.verifier,
            params.nonce,
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
            params.metadataCid
        );
    }

    function _setPhase(bytes32 bountyId, Bounty storage bounty, Phase phase, uint64 deadline) private {
        bounty.phase = phase;
        bounty.phaseDeadline = deadline;
        emit PhaseChanged(bountyId, phase, deadline);
    }

    /// @dev When the stored phase times out (0: never). Open times out at the end of the ground-truth window.
    function _storedPhaseDeadline(Bounty storage bounty) private view returns (uint64) {
        Phase phase = bounty.phase;
        if (phase == Phase.Open) return bounty.submissionDeadline + bounty.responseWindow;
        if (phase == Phase.Claiming || phase == Phase.CandidateReveal || phase == Phase.Verifying) {
            return bounty.phaseDeadline;
        }
        return 0;
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

    function _requireBefore(bytes32 bountyId, uint64 deadline) private view {
        if (block.timestamp >= deadline) revert DeadlinePassed(bountyId, deadline);
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
        uint256 length = bytes(cid).length;
        if (length == 0 || length > MAX_CID_LENGTH) revert InvalidCid(field);
    }

    function _requireLabelsInRange(bytes calldata labels, uint16 numClasses) private pure {
        uint256 index = PackedLabels.firstOutOfRange(labels, numClasses);
        if (index != PackedLabels.ALL_IN_RANGE) revert LabelOutOfRange(index, uint8(labels[index]), numClasses);
    }

    /// @dev Whether claim (claimedA, sequenceA) ranks before (claimedB, sequenceB).
    function _ranksBefore(uint32 claimedA, uint32 sequenceA, uint32 claimedB, uint32 sequenceB)
        private
        pure
        returns (bool)
    {
        return claimedA > claimedB || (claimedA == claimedB && sequenceA < sequenceB);
    }
}
