package io.modelmarket.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelmarket.kit.Kits;
import io.modelmarket.kit.RevealKit;
import io.modelmarket.kit.TrainerKit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads the kit a command needs, and says which kit a file is when it is the other one: the two kits are named by
 * their {@code kind}, and the reveal kit given to a trainer's step (or the reverse) would otherwise fail on the first
 * field the other kit lacks.
 */
final class KitFiles {
    private record Kind(String id, String name, String writtenBy) {}

    private static final Map<Class<?>, Kind> KINDS = Map.of(
            RevealKit.class, new Kind(RevealKit.KIND, "a reveal kit", "'bounty create' writes it for the requester"),
            TrainerKit.class, new Kind(TrainerKit.KIND, "a trainer kit", "'commit' writes it for the trainer"));

    private KitFiles() {}

    /** The kit of {@code type} in {@code file}, which {@code command} (e.g. {@code modelmarket claim}) needs. */
    static <T> T read(Path file, Class<T> type, String command) throws IOException {
        Kind needed = KINDS.get(type);
        String kind = kindOf(file);
        if (kind != null && !kind.equals(needed.id())) {
            String is = KINDS.values().stream().filter(k -> k.id().equals(kind)).findFirst()
                    .map(k -> file + " is " + k.name() + " (" + k.id() + "; " + k.writtenBy() + ")")
                    .orElse(file + " is not " + needed.name() + ": its kind is '" + kind + "'");
            throw new IllegalArgumentException(is + ", but '" + command + "' needs " + needed.name() + " (" + needed.id() + "; "
                    + needed.writtenBy() + ")");
        }
        return Kits.read(file, type);
    }

    /** The kit's {@code kind}, or null when the file has none to read (Kits.read then says what is wrong). */
    private static String kindOf(Path file) {
        try {
            JsonNode kind = new ObjectMapper().readTree(file.toFile()).path("kind");
            return kind.isTextual() ? kind.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
