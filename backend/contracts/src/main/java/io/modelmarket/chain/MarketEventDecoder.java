package io.modelmarket.chain;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.modelmarket.contracts.BountyMarketV2;
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
 * Turns a BountyMarketV2 log into a {@link MarketEvent}: its name and the event's fields as JSON (bytes as
 * {@code 0x}-hex, integers as decimal strings, a struct as an object), using the generated wrapper's decoders.
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
        register(BountyMarketV2.BOUNTYCREATED_EVENT, "BountyCreated", BountyMarketV2::getBountyCreatedEventFromLog);
        register(BountyMarketV2.PHASECHANGED_EVENT, "PhaseChanged", BountyMarketV2::getPhaseChangedEventFromLog);
        register(BountyMarketV2.MODELCOMMITTED_EVENT, "ModelCommitted", BountyMarketV2::getModelCommittedEventFromLog);
        register(BountyMarketV2.KEYRELEASED_EVENT, "KeyReleased", BountyMarketV2::getKeyReleasedEventFromLog);
        register(BountyMarketV2.PREDICTIONSCOMMITTED_EVENT, "PredictionsCommitted", BountyMarketV2::getPredictionsCommittedEventFromLog);
        register(BountyMarketV2.GROUNDTRUTHREVEALED_EVENT, "GroundTruthRevealed", BountyMarketV2::getGroundTruthRevealedEventFromLog);
        register(BountyMarketV2.SCORECLAIMED_EVENT, "ScoreClaimed", BountyMarketV2::getScoreClaimedEventFromLog);
        register(BountyMarketV2.SUBMISSIONREVEALED_EVENT, "SubmissionRevealed", BountyMarketV2::getSubmissionRevealedEventFromLog);
        register(BountyMarketV2.VERIFICATIONATTESTED_EVENT, "VerificationAttested", BountyMarketV2::getVerificationAttestedEventFromLog);
        register(BountyMarketV2.SUBMISSIONSLASHED_EVENT, "SubmissionSlashed", BountyMarketV2::getSubmissionSlashedEventFromLog);
        register(BountyMarketV2.BOUNTYCOMPLETED_EVENT, "BountyCompleted", BountyMarketV2::getBountyCompletedEventFromLog);
        register(BountyMarketV2.SUBMISSIONSETTLED_EVENT, "SubmissionSettled", BountyMarketV2::getSubmissionSettledEventFromLog);
        register(BountyMarketV2.CREDITED_EVENT, "Credited", BountyMarketV2::getCreditedEventFromLog);
        register(BountyMarketV2.WITHDRAWN_EVENT, "Withdrawn", BountyMarketV2::getWithdrawnEventFromLog);
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
        return read(log).map(event -> new DecodedEvent(event.name(), event.fields().has("bountyId") ? event.text("bountyId") : null,
                event.fields().toString()));
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
