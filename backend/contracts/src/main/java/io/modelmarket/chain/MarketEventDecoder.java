package io.modelmarket.chain;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.modelmarket.contracts.BountyMarket;
import java.io.IOException;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.core.methods.response.BaseEventResponse;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * Turns a BountyMarket log into a {@link MarketEvent}: its name and the event's fields as JSON (bytes as
 * {@code 0x}-hex, integers as decimal strings, a struct as an object), using the generated wrapper's decoders.
 * The ERC-792 and ERC-1497 events the market emits ({@code Ruling}, {@code Dispute}, {@code Evidence},
 * {@code MetaEvidence}) keep their standard parameter names ({@code _disputeID}, {@code _evidenceGroupID}, …).
 */
public final class MarketEventDecoder {
    /** A decoded event: its name, the bounty it concerns (if any), and its fields as JSON. */
    public record DecodedEvent(String name, String bountyId, String payload) {}

    private record Decoder(String name, Function<Log, ? extends BaseEventResponse> decode) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .setVisibility(com.fasterxml.jackson.annotation.PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(com.fasterxml.jackson.annotation.PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY)
            .addMixIn(BaseEventResponse.class, WithoutLog.class)
            .registerModule(new SimpleModule()
                    .addSerializer(byte[].class, new HexSerializer())
                    .addSerializer(BigInteger.class, new StdSerializer<>(BigInteger.class) {
                        @Override
                        public void serialize(BigInteger value, JsonGenerator out, SerializerProvider provider) throws IOException {
                            out.writeString(value.toString());
                        }
                    }));

    private final Map<String, Decoder> byTopic = new HashMap<>();

    public MarketEventDecoder() {
        register(BountyMarket.BOUNTYCREATED_EVENT, "BountyCreated", BountyMarket::getBountyCreatedEventFromLog);
        register(BountyMarket.PHASECHANGED_EVENT, "PhaseChanged", BountyMarket::getPhaseChangedEventFromLog);
        register(BountyMarket.MODELCOMMITTED_EVENT, "ModelCommitted", BountyMarket::getModelCommittedEventFromLog);
        register(BountyMarket.KEYRELEASED_EVENT, "KeyReleased", BountyMarket::getKeyReleasedEventFromLog);
        register(BountyMarket.PREDICTIONSCOMMITTED_EVENT, "PredictionsCommitted", BountyMarket::getPredictionsCommittedEventFromLog);
        register(BountyMarket.GROUNDTRUTHREVEALED_EVENT, "GroundTruthRevealed", BountyMarket::getGroundTruthRevealedEventFromLog);
        register(BountyMarket.SCORECLAIMED_EVENT, "ScoreClaimed", BountyMarket::getScoreClaimedEventFromLog);
        register(BountyMarket.SUBMISSIONREVEALED_EVENT, "SubmissionRevealed", BountyMarket::getSubmissionRevealedEventFromLog);
        register(BountyMarket.VERIFICATIONATTESTED_EVENT, "VerificationAttested", BountyMarket::getVerificationAttestedEventFromLog);
        register(BountyMarket.SUBMISSIONSLASHED_EVENT, "SubmissionSlashed", BountyMarket::getSubmissionSlashedEventFromLog);
        register(BountyMarket.BOUNTYCOMPLETED_EVENT, "BountyCompleted", BountyMarket::getBountyCompletedEventFromLog);
        register(BountyMarket.SUBMISSIONSETTLED_EVENT, "SubmissionSettled", BountyMarket::getSubmissionSettledEventFromLog);
        register(BountyMarket.CREDITED_EVENT, "Credited", BountyMarket::getCreditedEventFromLog);
        register(BountyMarket.WITHDRAWN_EVENT, "Withdrawn", BountyMarket::getWithdrawnEventFromLog);
        register(BountyMarket.WINNERPROPOSED_EVENT, "WinnerProposed", BountyMarket::getWinnerProposedEventFromLog);
        register(BountyMarket.DISPUTERAISED_EVENT, "DisputeRaised", BountyMarket::getDisputeRaisedEventFromLog);
        register(BountyMarket.DISPUTERULED_EVENT, "DisputeRuled", BountyMarket::getDisputeRuledEventFromLog);
        register(BountyMarket.FEECREDITED_EVENT, "FeeCredited", BountyMarket::getFeeCreditedEventFromLog);
        register(BountyMarket.FEESWITHDRAWN_EVENT, "FeesWithdrawn", BountyMarket::getFeesWithdrawnEventFromLog);
        register(BountyMarket.RULING_EVENT, "Ruling", BountyMarket::getRulingEventFromLog);
        register(BountyMarket.DISPUTE_EVENT, "Dispute", BountyMarket::getDisputeEventFromLog);
        register(BountyMarket.EVIDENCE_EVENT, "Evidence", BountyMarket::getEvidenceEventFromLog);
        register(BountyMarket.METAEVIDENCE_EVENT, "MetaEvidence", BountyMarket::getMetaEvidenceEventFromLog);
    }

    /** The event of {@code log} with its fields as JSON, or empty for a log that is not one of the market's events. */
    public Optional<MarketEvent> read(Log log) {
        if (log.getTopics().isEmpty()) {
            return Optional.empty();
        }
        Decoder decoder = byTopic.get(log.getTopics().get(0));
        if (decoder == null) {
            return Optional.empty();
        }
        JsonNode fields = JSON.valueToTree(decoder.decode().apply(log));
        return Optional.of(new MarketEvent(decoder.name(), log.getBlockNumber().longValue(), log.getTransactionHash(),
                log.getLogIndex().longValue(), fields));
    }

    /** The decoded event with its fields as a JSON string (what the server's index stores), or empty as {@link #read}. */
    public Optional<DecodedEvent> decode(Log log) {
        return read(log).map(event -> new DecodedEvent(event.name(), event.bountyId().orElse(null), event.fields().toString()));
    }

    private void register(Event event, String name, Function<Log, ? extends BaseEventResponse> decode) {
        byTopic.put(EventEncoder.encode(event), new Decoder(name, decode));
    }

    @com.fasterxml.jackson.annotation.JsonIgnoreProperties({"log"})
    private abstract static class WithoutLog {}

    private static final class HexSerializer extends StdSerializer<byte[]> {
        HexSerializer() {
            super(byte[].class);
        }

        @Override
        public void serialize(byte[] value, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeString(Numeric.toHexString(value));
        }
    }
}
