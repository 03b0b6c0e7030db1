package io.modelmarket.server.registry;

import java.util.List;

/**
 * What the caller says about a model it registers; the rest comes from inspecting the model.
 *
 * @param author the author's address ({@code 0x} and 40 hex digits)
 * @param classNames the classes its indices stand for, in order (from the bounty metadata)
 */
public record ModelRegistration(
        String name, String description, String author, String bountyId, int featureCount, List<String> classNames, Double accuracy) {

    public ModelRegistration {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("a model needs a name of 1 to 200 characters");
        }
        if (author == null || !author.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("the author must be an address (0x and 40 hex digits), got " + author);
        }
        if (bountyId != null && !bountyId.matches("0x[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("a bounty id is 0x and 64 hex digits, got " + bountyId);
        }
        if (featureCount < 1) {
            throw new IllegalArgumentException("the feature count must be at least 1");
        }
        if (classNames == null || classNames.size() < 2 || classNames.size() > 256) {
            throw new IllegalArgumentException("a model needs 2 to 256 class names");
        }
        if (accuracy != null && !(accuracy >= 0 && accuracy <= 1)) {
            throw new IllegalArgumentException("accuracy is a share between 0 and 1, got " + accuracy);
        }
        author = author.toLowerCase();
        bountyId = bountyId == null ? null : bountyId.toLowerCase();
        classNames = List.copyOf(classNames);
    }
}
