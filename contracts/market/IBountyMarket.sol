// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IArbitrable} from "@kleros/erc-792/contracts/IArbitrable.sol";
import {IEvidence} from "@kleros/erc-792/contracts/erc-1497/IEvidence.sol";
import {Scoring} from "./Scoring.sol";

/**
 * @title IBountyMarketTypes
 * @notice The types of {BountyMarket}: phases, submission states and what a requester fixes at creation.
 */
interface IBountyMarketTypes {
    /// @notice The life cycle of a bounty (docs/protocol.md, "Life cycle", has the diagram).
    enum Phase {
        None,
        Open,
        KeyRelease,
        Predicting,
        AwaitingGroundTruth,
        Claiming,
        Revealing,
        Verifying,
        Challenging,
        Disputed,
        Completed,
        NoWinner,
        Cancelled,
        RequesterSlashed,
        Refunded
    }

    /// @notice Where one trainer's submission to one bounty stands.
    enum SubmissionStatus {
        None,
        Committed,
        Predicted,
        Claimed,
        Revealed,
        Slashed,
        Won,
        Settled
    }

    /// @notice Why a submission's stake was burned: its reveal did not score its claim (on the spot), or its model
    /// ranks before the final winner, so it was found not to reproduce (when it is settled).
    enum SlashReason {
        ScoreMismatch,
        NotReproduced
    }

    /// @notice What a dispute is about; its value is also the dispute's ERC-1497 meta-evidence id.
    enum DisputeKind {
        None,
        /// @dev The sealed test inputs do not open under the released key into `testSize` rows of the metadata's
        /// columns. Choices: 1 the requester is at fault, 2 the inputs open.
        TestInputs,
        /// @dev Which revealed candidate is the best whose model reproduces its predictions, or none. Choices:
        /// 1 to `commitCount` the candidate with that commit sequence, `commitCount + 1` none.
        Verification
    }

    /// @notice A dispute the market raised with its arbitrator, by the arbitrator's dispute id.
    struct BountyDispute {
        bytes32 bountyId;
        DisputeKind kind;
        /// @dev Whether the arbitrator ruled; the ruling is in {DisputeRuled}.
        bool ruled;
        address disputer;
        /// @dev TestInputs: what was left of Predicting when the dispute froze its clock.
        uint64 frozenRemaining;
        /// @dev The arbitration fee the disputer paid, in wei.
        uint256 fee;
    }

    /// @notice What a requester fixes when creating a bounty.
    struct BountyParams {
        string trainingCid;
        /// @dev The test inputs CSV sealed with AES-256-GCM under the key of `sealingKeyCommitment`.
        string sealedTestInputsCid;
        string metadataCid;
        bytes32 groundTruthCommitment;
        bytes32 sealingKeyCommitment;
        uint256 reward;
        uint256 trainerStake;
        uint64 modelDeadline;
        uint64 responseWindow;
        uint32 testSize;
        uint16 numClasses;
        uint32 maxSubmissions;
        Scoring.Metric metric;
        /// @dev MeanAbsoluteError: the error at which an item scores 0, in the target's fixed-point unit (1 to
        /// `type(uint32).max / testSize`); Accuracy: 0.
        uint32 maxError;
        /// @dev The least score that can win, in the metric's unit; claims below it need not reveal.
        uint32 minScore;
        /// @dev Proposes the winner during Verifying; its proposal can be disputed (docs/protocol.md, "Disputes").
        address verifier;
        /// @dev Must equal `requesterNonce` of the caller: the bounty id (and every commitment) depends on it.
        uint256 nonce;
    }
}

/**
 * @title IBountyMarketEvents
 * @notice Every state change of {BountyMarket} emits one of these, with what an indexer needs to rebuild
 * the bounty without calling a view function.
 */
interface IBountyMarketEvents is IBountyMarketTypes {
    /// @notice A bounty was created and its reward escrowed; `params` holds the CIDs, which are not stored.
    event BountyCreated(
        bytes32 indexed bountyId, address indexed requester, address indexed verifier, BountyParams params
    );
    /// @notice The bounty's stored phase is now `phase`; `deadline` is when it times out (0: never).
    event PhaseChanged(bytes32 indexed bountyId, Phase phase, uint64 deadline);
    /// @notice `trainer` committed a model (its `sequence`-th commit on this bounty), paying `stake` (0 when it
    /// replaced an earlier commitment of its own).
    event ModelCommitted(
        bytes32 indexed bountyId, address indexed trainer, uint32 sequence, bytes32 modelCommitment, uint256 stake
    );
    /// @notice The requester released the key that opens the sealed test inputs.
    event KeyReleased(bytes32 indexed bountyId, bytes32 key);
    /// @notice `trainer` committed the predictions of its committed model.
    event PredictionsCommitted(bytes32 indexed bountyId, address indexed trainer, bytes32 predictionsCommitment);
    /// @notice The requester revealed the test labels (one class index per byte, or 4-byte int32s for
    /// MeanAbsoluteError) and their salt.
    event GroundTruthRevealed(bytes32 indexed bountyId, bytes labels, bytes32 salt, bytes32 labelsHash);
    /// @notice `trainer` claimed `score`; `contender`: it is at least `minScore`, so the trainer may reveal (the
    /// best claim must).
    event ScoreClaimed(bytes32 indexed bountyId, address indexed trainer, uint32 score, bool contender);
    /// @notice A contender revealed; `score` is the on-chain score of its predictions.
    event SubmissionRevealed(
        bytes32 indexed bountyId,
        address indexed trainer,
        bytes predictions,
        bytes32 predictionsSalt,
        string modelCid,
        bytes32 modelSalt,
        uint32 score
    );
    /// @notice The verifier attested whether `trainer`'s model reproduces its predictions.
    event VerificationAttested(
        bytes32 indexed bountyId, address indexed verifier, address indexed trainer, bool reproduced, string reportCid
    );
    /// @notice The verification's proposal is `winner` (zero: none reproduces); it becomes final at the end of
    /// Challenging unless disputed. Emitted when the verifier ends its round; a silent verifier's default (the best
    /// candidate) is emitted when the bounty leaves Verifying by a transaction.
    event WinnerProposed(bytes32 indexed bountyId, address indexed winner);
    /// @notice `disputer` raised dispute `disputeId` with the arbitrator, paying `fee` wei and depositing `deposit`
    /// tokens. The ERC-1497 {IEvidence-Dispute} event is emitted beside it.
    event DisputeRaised(
        bytes32 indexed bountyId, uint256 indexed disputeId, DisputeKind kind, address indexed disputer, uint256 fee, uint256 deposit
    );
    /// @notice The arbitrator's `ruling` on `disputeId` was applied; `overturned`: it changed the disputed decision.
    event DisputeRuled(bytes32 indexed bountyId, uint256 indexed disputeId, uint256 ruling, bool overturned);
    /// @notice `amount` wei of the bounty's fee bond was credited to `account` (see {withdrawFees}).
    event FeeCredited(bytes32 indexed bountyId, address indexed account, uint256 amount);
    /// @notice `account` withdrew `amount` wei of its fee credits.
    event FeesWithdrawn(address indexed account, uint256 amount);
    /// @notice `trainer`'s stake was burned for `reason`.
    event SubmissionSlashed(bytes32 indexed bountyId, address indexed trainer, SlashReason reason, uint256 stake);
    /// @notice `winner` won the bounty with `score`.
    event BountyCompleted(bytes32 indexed bountyId, address indexed winner, uint32 score);
    /// @notice `trainer`'s submission was settled: `refunded` went back to it and `burned` was burned.
    event SubmissionSettled(bytes32 indexed bountyId, address indexed trainer, uint256 refunded, uint256 burned);
    /// @notice `amount` of the bounty's escrow was credited to `account` (the burn address for burns).
    event Credited(bytes32 indexed bountyId, address indexed account, uint256 amount);
    /// @notice `account` withdrew `amount` of its credits.
    event Withdrawn(address indexed account, uint256 amount);
}

/**
 * @title IBountyMarketErrors
 * @notice The custom errors of {BountyMarket} and its libraries, each naming what is wrong.
 */
interface IBountyMarketErrors is IBountyMarketTypes {
    /// @notice No bounty has this id.
    error BountyNotFound(bytes32 bountyId);
    /// @notice The action needs phase `expected`; the bounty is in `actual`.
    error WrongPhase(bytes32 bountyId, Phase expected, Phase actual);
    /// @notice Nothing is due: the bounty's effective phase `phase` is its stored one, or not an end.
    error NothingToAdvance(bytes32 bountyId, Phase phase);
    /// @notice `testSize` must be in [`min`, `max`].
    error InvalidTestSize(uint32 testSize, uint32 min, uint32 max);
    /// @notice `numClasses` must be in [2, 256] (Accuracy).
    error InvalidNumClasses(uint16 numClasses);
    /// @notice A MeanAbsoluteError bounty has no classes: `numClasses` must be 0.
    error NumClassesNotZero(uint16 numClasses);
    /// @notice `maxError` must be in [`min`, `max`] for `metric` (0 for Accuracy; for MeanAbsoluteError at least 1
    /// and at most `type(uint32).max / testSize`, so that the best score fits uint32).
    error InvalidMaxError(Scoring.Metric metric, uint32 maxError, uint32 min, uint32 max);
    /// @notice The reward must be positive.
    error ZeroReward();
    /// @notice `modelDeadline` must be at least one minimal window after `currentTime` and within
    /// MAX_MODEL_PERIOD of it.
    error InvalidModelDeadline(uint64 modelDeadline, uint256 currentTime);
    /// @notice `responseWindow` must be in [`min`, `max`] seconds.
    error InvalidResponseWindow(uint64 responseWindow, uint64 min, uint64 max);
    /// @notice `maxSubmissions` must be in [1, `max`].
    error InvalidMaxSubmissions(uint32 maxSubmissions, uint32 max);
    /// @notice `minScore` must be in [1, `maxScore`].
    error InvalidMinScore(uint32 minScore, uint32 maxScore);
    /// @notice The verifier must be set and must not be the requester.
    error InvalidVerifier(address verifier);
    /// @notice The CID in `field` is not a CIDv1 in base32 nor a CIDv0.
    error InvalidCid(string field);
    /// @notice A commitment may not be zero.
    error ZeroCommitment();
    /// @notice The bounty must be created with the requester's current nonce `expected`.
    error StaleNonce(uint256 expected, uint256 given);
    /// @notice Only the bounty's requester may do this.
    error NotRequester(bytes32 bountyId, address caller);
    /// @notice Only the bounty's verifier may do this.
    error NotVerifier(bytes32 bountyId, address caller);
    /// @notice The requester knows the test set and its labels, and may not compete.
    error RequesterCannotSubmit(bytes32 bountyId);
    /// @notice The verifier judges the candidates, and may not compete.
    error VerifierCannotSubmit(bytes32 bountyId);
    /// @notice The bounty already holds `maxSubmissions` submissions.
    error SubmissionsFull(bytes32 bountyId, uint32 maxSubmissions);
    /// @notice A bounty with `liveSubmissions` submissions can no longer be cancelled.
    error HasSubmissions(bytes32 bountyId, uint32 liveSubmissions);
    /// @notice The submission of `trainer` is in `actual`, not `expected`.
    error WrongSubmissionStatus(bytes32 bountyId, address trainer, SubmissionStatus expected, SubmissionStatus actual);
    /// @notice The key does not hash to the bounty's sealing-key commitment.
    error SealingKeyMismatch(bytes32 bountyId);
    /// @notice A label vector must hold exactly `expected` bytes (`testSize` times the metric's item width).
    error WrongLabelCount(uint256 expected, uint256 actual);
    /// @notice A prediction vector must hold exactly `expected` bytes (`testSize` times the metric's item width).
    error WrongPredictionCount(uint256 expected, uint256 actual);
    /// @notice The labels and salt do not hash to the bounty's ground-truth commitment.
    error GroundTruthMismatch(bytes32 bountyId);
    /// @notice Label `index` is `label`, not below `numClasses`.
    error LabelOutOfRange(uint256 index, uint8 label, uint16 numClasses);
    /// @notice The labels passed are not the ones the requester revealed.
    error LabelsHashMismatch(bytes32 bountyId);
    /// @notice A claim cannot exceed the metric's best score `maxScore`.
    error ScoreTooHigh(uint32 score, uint32 maxScore);
    /// @notice `trainer` claimed `claimed`, below `minScore`: it has nothing to reveal.
    error NotContender(bytes32 bountyId, address trainer, uint32 claimed, uint32 minScore);
    /// @notice The predictions and salt do not open the predictions commitment of `trainer`.
    error PredictionsCommitmentMismatch(bytes32 bountyId, address trainer);
    /// @notice The model CID and salt do not open the model commitment of `trainer`.
    error ModelCommitmentMismatch(bytes32 bountyId, address trainer);
    /// @notice `hint` is not a candidate that ranks before the one being inserted.
    error InvalidRankHint(address hint);
    /// @notice Attestations go best first: `given` is not the best remaining candidate `best`.
    error NotBestCandidate(bytes32 bountyId, address given, address best);
    /// @notice No candidate is left to accept.
    error NoCandidateLeft(bytes32 bountyId);
    /// @notice Nothing is owed to or by the submission of `trainer`.
    error NothingToSettle(bytes32 bountyId, address trainer);
    /// @notice `account` has no credits.
    error NothingToWithdraw(address account);
    /// @notice The call must send exactly the arbitrator's current arbitration cost `expected`, in wei.
    error WrongArbitrationFee(uint256 expected, uint256 sent);
    /// @notice The bounty already had its one dispute of `kind`.
    error AlreadyDisputed(bytes32 bountyId, DisputeKind kind);
    /// @notice Only the market's arbitrator may rule.
    error NotArbitrator(address caller);
    /// @notice The market raised no dispute `disputeId`, or it was ruled already.
    error UnknownDispute(uint256 disputeId);
    /// @notice `ruling` is above the dispute's number of choices `choices`.
    error InvalidRuling(uint256 disputeId, uint256 ruling, uint256 choices);
    /// @notice `account` has no fee credits.
    error NoFeesToWithdraw(address account);
    /// @notice Sending `amount` wei to `account` failed.
    error FeeTransferFailed(address account, uint256 amount);
    /// @notice The token moved `received` instead of `expected` (fee-on-transfer tokens are unsupported).
    error UnsupportedToken(uint256 expected, uint256 received);
}

/// @title IBountyMarket
/// @notice Types, events and errors of {BountyMarket}, an ERC-792 arbitrable with ERC-1497 evidence.
interface IBountyMarket is IBountyMarketEvents, IBountyMarketErrors, IArbitrable, IEvidence {}
