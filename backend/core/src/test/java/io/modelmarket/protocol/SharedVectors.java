package io.modelmarket.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The byte-compatibility vectors in test/vectors/, which Solidity, TypeScript and Java must all reproduce. */
public final class SharedVectors {
    private SharedVectors() {}

    /** The whole of test/vectors/{@code name}. */
    public static JsonNode file(String name) {
        Path file = Path.of(System.getProperty("modelmarket.root", "../.."), "test", "vectors", name);
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the vectors " + file, e);
        }
    }

    /** The {@code vectors} array of test/vectors/{@code name}, one argument per vector. */
    public static List<JsonNode> vectors(String name) {
        List<JsonNode> vectors = new ArrayList<>();
        file(name).get("vectors").forEach(vectors::add);
        return vectors;
    }

    public static byte[] hex(JsonNode vector, String field) {
        return Hex.decode(vector.get(field).asText(), field);
    }

    public static Bytes32 bytes32(JsonNode vector, String field) {
        return Bytes32.fromHex(vector.get(field).asText());
    }

    public static EthAddress address(JsonNode vector, String field) {
        return EthAddress.fromHex(vector.get(field).asText());
    }
}
