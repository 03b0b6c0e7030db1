package io.modelmarket.bounty;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelmarket.chain.MarketEvent;
import io.modelmarket.ipfs.Cid;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.protocol.Commitments;
import io.modelmarket.protocol.Hex;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * A bounty as its events tell it: the terms its creation fixed, its parties, the sealing key once released, the
 * labels and their salt once revealed, and each trainer's reveal. Every off-chain party reads a bounty through this
 * one record (the audit, the command line, the verifier); nothing here comes from a ModelMarket server.
 *
 * <p>The contract checks the form of every CID it stores, but a reader parses each before use all the same
 * ({@link #cid}) and refuses anything else.
 *
 * @param id the bounty id
 * @param terms the {@code params} of its {@code BountyCreated} (reward, trainerStake, testSize, CIDs, commitments, …)
 * @param requester the requester, lower-case
 * @param verifier the verifier, lower-case
 * @param events the bounty's events in chain order
 */
public record BountyRecord(Bytes32 id, JsonNode terms, String requester, String verifier, List<MarketEvent> events) {

    /**
     * The bounty {@code id} as {@code events} (its events, in chain order) tell it.
     *
     * @throws IllegalArgumentException when they hold no {@code BountyCreated}
     */
    public static BountyRecord of(Bytes32 id, List<MarketEvent> events) {
        MarketEvent created = events.stream().filter(e -> e.name().equals("BountyCreated") && e.fields().has("params")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no BountyCreated event for bounty " + id.toHex()
                        + ": another market's bounty, or its events were read from a block after its creation"));
        return new BountyRecord(id, created.fields().get("params"), created.address("requester"), created.address("verifier"), List.copyOf(events));
    }

    /** A number of the terms ({@code reward}, {@code trainerStake}, {@code minScore}, …); zero when absent. */
    public BigInteger number(String field) {
        return new BigInteger(terms.path(field).asText("0"));
    }

    /** A text of the terms (a CID or a commitment) as the chain holds it, unchecked. */
    public String text(String field) {
        return terms.path(field).asText();
    }

    public int testSize() {
        return number("testSize").intValueExact();
    }

    public int numClasses() {
        return number("numClasses").intValueExact();
    }

    public Cid trainingCid() {
        return cid("trainingCid", "training data");
    }

    public Cid sealedTestInputsCid() {
        return cid("sealedTestInputsCid", "sealed test inputs");
    }

    public Cid metadataCid() {
        return cid("metadataCid", "metadata");
    }

    /**
     * The CID in the terms' {@code field}, parsed.
     *
     * @throws IllegalArgumentException naming the bounty, the file ({@code what}) and what the chain holds instead
     */
    public Cid cid(String field, String what) {
        return parseCid(text(field), what, id);
    }

    /** {@code text}, the bounty {@code id}'s CID of {@code what}, parsed; or an error naming what the chain holds instead. */
    public static Cid parseCid(String text, String what, Bytes32 id) {
        try {
            return Cid.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bounty " + id.toHex() + " names " + Cid.printable(text) + " as its " + what
                    + ", which is not a CID (base32 CIDv1 'b...' or CIDv0 'Qm...'); refusing to use it");
        }
    }

    /** A CID from the chain for display: as it is when it parses, "invalid CID" and what it holds when not. */
    public static String display(String text) {
        try {
            return Cid.parse(text).toString();
        } catch (IllegalArgumentException e) {
            return "invalid CID " + Cid.printable(text);
        }
    }

    /** The first event called {@code name}. */
    public Optional<MarketEvent> first(String name) {
        return events.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** The sealing key the requester released, or null before its release. */
    public Bytes32 sealingKey() {
        return first("KeyReleased").map(e -> Bytes32.fromHex(e.text("key"))).orElse(null);
    }

    /** Whether {@code key} opens the sealing-key commitment made at creation. */
    public boolean opensSealingKeyCommitment(Bytes32 key) {
        return Commitments.sealingKey(id, key).toHex().equalsIgnoreCase(text("sealingKeyCommitment"));
    }

    /** The revealed labels, one class index per byte, or null before the ground truth's reveal. */
    public byte[] labels() {
        return first("GroundTruthRevealed").map(e -> Hex.decode(e.text("labels"), "labels")).orElse(null);
    }

    /** The revealed labels; an error saying they are not revealed yet before then. */
    public byte[] requireLabels() {
        byte[] labels = labels();
        if (labels == null) {
            throw new IllegalStateException("the labels of bounty " + id.toHex() + " are not revealed yet");
        }
        return labels;
    }

    /** The salt the labels were committed with, or null before their reveal. */
    public Bytes32 labelsSalt() {
        return first("GroundTruthRevealed").map(e -> Bytes32.fromHex(e.text("salt"))).orElse(null);
    }

    /** The {@code SubmissionRevealed} of {@code trainer} (any case), when it revealed. */
    public Optional<MarketEvent> reveal(String trainer) {
        return events.stream().filter(e -> e.name().equals("SubmissionRevealed") && e.address("trainer").equalsIgnoreCase(trainer)).findFirst();
    }
}
