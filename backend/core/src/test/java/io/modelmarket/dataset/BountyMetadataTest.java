package io.modelmarket.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BountyMetadataTest {
    private static BountyMetadata sample() {
        SplitOptions options = new SplitOptions("label", 0.2, 42, true, null);
        SplitResult result = new SplitResult(List.of("pixel0", "pixel1"), new ClassList(List.of("shirt", "shoe")), 80, new byte[20]);
        return BountyMetadata.forSplit("Shoes or shirts", "Tell them apart.", "CC-BY-4.0", "Fashion-MNIST (Zalando)", "label", options, result);
    }

    @Test
    void roundTripsThroughCanonicalJson() throws Exception {
        BountyMetadata metadata = sample();
        byte[] json = metadata.toJson();
        assertThat(BountyMetadata.parse(new ByteArrayInputStream(json))).isEqualTo(metadata);
        assertThat(sample().toJson()).isEqualTo(json);
        assertThat(new String(json, StandardCharsets.UTF_8))
                .startsWith("{\"schema\":\"modelmarket/bounty-metadata\",\"schemaVersion\":1,\"title\":\"Shoes or shirts\"")
                .contains("\"split\":{\"seed\":42,\"testFraction\":0.2,\"stratified\":true}")
                .doesNotContain("outputName");
    }

    @Test
    void namesTheFieldThatIsWrong() {
        String json = new String(sample().toJson(), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parse(json.replace("\"classes\":[\"shirt\",\"shoe\"]", "\"classes\":[\"shirt\"]")))
                .hasMessage("invalid bounty metadata: metadata.classes must list 2 to 256 classes");
        assertThatThrownBy(() -> parse(json.replace("\"schemaVersion\":1", "\"schemaVersion\":2")))
                .hasMessage("invalid bounty metadata: metadata.schemaVersion must be 1, got 2");
        assertThatThrownBy(() -> parse(json.replace("\"task\":\"classification\"", "\"task\":\"regression\"")))
                .hasMessage("invalid bounty metadata: metadata.task must be 'classification'");
        assertThatThrownBy(() -> parse(json.replace("{\"schema\"", "{\"surprise\":1,\"schema\"")))
                .hasMessageContaining("Unrecognized field \"surprise\"");
        assertThatThrownBy(() -> parse("{not json")).hasMessageStartingWith("invalid bounty metadata:");
    }

    private static BountyMetadata parse(String json) throws Exception {
        return BountyMetadata.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
