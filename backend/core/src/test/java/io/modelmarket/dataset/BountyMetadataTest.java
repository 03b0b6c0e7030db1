package io.modelmarket.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelmarket.protocol.Bytes32;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BountyMetadataTest {
    private static BountyMetadata sample() {
        SplitOptions options = new SplitOptions("label", 0.2, Bytes32.randomSalt(), true, null);
        SplitResult result = new SplitResult(List.of(new BountyMetadata.Feature("pixel0", "float32"), new BountyMetadata.Feature("pixel1", "float32")), new ClassList(List.of("shirt", "shoe")), 80, new byte[20]);
        return BountyMetadata.forSplit("Shoes or shirts", "Tell them apart.", "CC-BY-4.0", "Fashion-MNIST (Zalando)", "label", options, result);
    }

    @Test
    void roundTripsThroughCanonicalJson() throws Exception {
        BountyMetadata metadata = sample();
        byte[] json = metadata.toJson();
        assertThat(BountyMetadata.parse(new ByteArrayInputStream(json))).isEqualTo(metadata);
        assertThat(sample().toJson()).isEqualTo(json);
        assertThat(new String(json, StandardCharsets.UTF_8))
                .startsWith("{\"schema\":\"modelmarket/bounty-metadata\",\"schemaVersion\":2,\"title\":\"Shoes or shirts\"")
                .contains("\"split\":{\"testFraction\":0.2,\"stratified\":true}")
                .doesNotContain("seed")
                .doesNotContain("outputName");
    }

    @Test
    void namesTheFieldThatIsWrong() {
        String json = new String(sample().toJson(), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parse(json.replace("\"classes\":[\"shirt\",\"shoe\"]", "\"classes\":[\"shirt\"]")))
                .hasMessage("invalid bounty metadata: metadata.classes must list 2 to 256 classes");
        assertThatThrownBy(() -> parse(json.replace("\"schemaVersion\":2", "\"schemaVersion\":3")))
                .hasMessage("invalid bounty metadata: metadata.schemaVersion must be 2, got 3");
        assertThatThrownBy(() -> parse(json.replace("\"schemaVersion\":2", "\"schemaVersion\":1")))
                .hasMessageContaining("version 1 published the split seed");
        assertThatThrownBy(() -> parse(json.replace("\"split\":{", "\"split\":{\"seed\":42,")))
                .hasMessageContaining("Unrecognized field \"seed\"");
        assertThatThrownBy(() -> parse(json.replace("\"task\":\"classification\"", "\"task\":\"regression\"")))
                .hasMessage("invalid bounty metadata: metadata.classes must be absent for a regression bounty");
        assertThatThrownBy(() -> parse(json.replace("{\"schema\"", "{\"surprise\":1,\"schema\"")))
                .hasMessageContaining("Unrecognized field \"surprise\"");
        assertThatThrownBy(() -> parse("{not json")).hasMessageStartingWith("invalid bounty metadata:");
    }

    private static BountyMetadata parse(String json) throws Exception {
        return BountyMetadata.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
