package io.modelmarket.cli;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A transaction the chain refuses, in a sentence: the contracts' custom errors as {@code RevertReasons} decodes
 * them ({@code WrongSubmissionStatus(bountyId=0x…, trainer=0x…, expected=Committed, actual=Predicted)}) become what
 * happened and what to do, with the decoded error kept after it for the details. Errors without a sentence here
 * stay as decoded.
 */
final class Refusals {
    private static final Pattern CUSTOM_ERROR = Pattern.compile("^(\\w+)\\((.*)\\)$", Pattern.DOTALL);
    private static final Pattern ARGUMENT = Pattern.compile("(\\w+)=([^,]*)(?:, |$)");

    private Refusals() {}

    /** {@code reason} (a decoded revert) in words, followed by the decoded error in parentheses when a sentence was found. */
    static String explain(String reason) {
        Matcher error = CUSTOM_ERROR.matcher(reason.strip());
        if (!error.matches()) {
            return reason;
        }
        Map<String, String> arguments = new LinkedHashMap<>();
        Matcher argument = ARGUMENT.matcher(error.group(2));
        while (argument.find()) {
            arguments.put(argument.group(1), argument.group(2));
        }
        String sentence = sentence(error.group(1), arguments);
        return sentence == null ? reason : sentence + " (" + reason + ")";
    }

    private static String sentence(String error, Map<String, String> a) {
        return switch (error) {
            case "RequesterCannotSubmit" -> "the requester cannot enter its own bounty: commit with a trainer's key";
            case "VerifierCannotSubmit" -> "the bounty's verifier cannot enter it: commit with another key";
            case "NotRequester" -> "only the bounty's requester can do this, and the key is " + a.get("caller") + "'s";
            case "NotVerifier" -> "only the bounty's verifier can attest, and the key is " + a.get("caller") + "'s";
            case "SubmissionsFull" -> "the bounty has all its " + a.get("maxSubmissions") + " submissions already";
            case "HasSubmissions" -> "a bounty with submissions cannot be cancelled";
            case "WrongSubmissionStatus" -> submissionStatus(a.get("expected"), a.get("actual"));
            case "NotContender" -> "the claim " + a.get("claimed") + " is below the bounty's min score " + a.get("minScore")
                    + ": not a contender, nothing to reveal (the stake comes back when the bounty ends)";
            case "ScoreTooHigh" -> "a score of " + a.get("score") + " is more than the bounty's best score " + a.get("maxScore");
            case "InvalidVerifier" -> a.get("verifier") + " cannot be the verifier: it must be an account, and not the requester";
            case "StaleNonce" -> "another bounty of this requester was created meanwhile: run the command again";
            case "NothingToWithdraw" -> "no credits to withdraw";
            case "NoFeesToWithdraw" -> "no fee credits (ether) to withdraw";
            case "WrongArbitrationFee" -> "the call must send exactly the arbitration cost of " + ether(a.get("expected")) + ", not "
                    + ether(a.get("sent")) + " (the arbitrator's cost changed: run the command again)";
            case "AlreadyDisputed" -> "the bounty's " + a.get("kind") + " decision is disputed already (one dispute per bounty and kind): add"
                    + " evidence to it with 'modelmarket evidence'";
            case "NotArbitrator" -> "only the market's arbitrator rules, and " + a.get("caller") + " is not it";
            case "UnknownDispute" -> "the market has no dispute " + a.get("disputeId") + " awaiting a ruling (never raised, or ruled already)";
            case "InvalidRuling" -> "ruling " + a.get("ruling") + " is above the dispute's " + a.get("choices") + " choices";
            case "NotOwner" -> "only the arbitrator's owner rules its disputes, and the key is not the owner's";
            case "InvalidStatus" -> "the arbitrator has ruled this dispute already";
            case "FaucetDisabled" -> "this network's ModelCoin has no faucet";
            case "AirdropAlreadyClaimed" -> a.get("account") + " has had its airdrop from the faucet already";
            case "ERC20InsufficientBalance" -> a.get("sender") + " holds " + amount(a.get("balance")) + " but this needs "
                    + amount(a.get("needed")) + " (on a dev chain: modelmarket faucet)";
            default -> null;
        };
    }

    /** A submission in status {@code actual} where a step needs {@code expected}: what that means, and what comes next. */
    static String submissionStatus(String expected, String actual) {
        return switch (actual) {
            case "None" -> "this account has no submission in the bounty (a model is committed while the bounty is Open)";
            case "Predicted" -> "predictions already committed; next: 'claim' once the requester has revealed the labels";
            case "Claimed" -> "already claimed; next: 'reveal' while Revealing, if the claim made a contender";
            case "Revealed" -> "already revealed; next: the verifier re-runs the model while Verifying";
            case "Slashed" -> "the submission was slashed: its stake is burned, nothing more to do";
            case "Won", "Settled" -> "the submission is " + actual + ": the bounty is over for it ('withdraw' pays out its credits)";
            case "Committed" -> "Predicted".equals(expected)
                    ? "no predictions were committed ('predict' and 'commit-predictions' while Predicting)"
                    : "the submission has a model committed but no predictions yet";
            default -> "the submission is " + actual + "; this needs " + expected;
        };
    }

    private static String ether(String wei) {
        try {
            return Amounts.ether(new BigInteger(wei));
        } catch (RuntimeException e) {
            return wei + " wei";
        }
    }

    private static String amount(String wei) {
        try {
            return Amounts.format(new BigInteger(wei));
        } catch (RuntimeException e) {
            return wei + " wei";
        }
    }
}
