package io.modelmarket.dataset;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The ordered class names of a bounty: class {@code i} is {@code names().get(i)}, and labels and predictions
 * carry {@code i} as one byte. Derived from the labels when the requester gives none: when every label is a
 * non-negative integer the classes are {@code "0"} to the largest one (so numeric labels keep their value),
 * otherwise the distinct labels in sorted (code point) order.
 */
public final class ClassList {
    public static final int MAX_CLASSES = 256;

    private final List<String> names;
    private final Map<String, Integer> indices = new HashMap<>();

    public ClassList(List<String> names) {
        if (names.size() < 2 || names.size() > MAX_CLASSES) {
            throw new IllegalArgumentException("a bounty needs 2 to " + MAX_CLASSES + " classes, got " + names.size());
        }
        this.names = List.copyOf(names);
        for (int i = 0; i < names.size(); i++) {
            if (indices.putIfAbsent(names.get(i), i) != null) {
                throw new IllegalArgumentException("class '" + names.get(i) + "' is listed twice");
            }
        }
    }

    /** The class list for these distinct labels, as described above. */
    static ClassList derive(Collection<String> distinctLabels) throws DatasetException {
        boolean numeric = distinctLabels.stream().allMatch(label -> label.matches("0|[1-9][0-9]{0,2}"));
        List<String> names = new ArrayList<>();
        if (numeric) {
            int largest = distinctLabels.stream().mapToInt(Integer::parseInt).max().orElse(0);
            if (largest >= MAX_CLASSES) {
                throw new DatasetException("label " + largest + " is too large: at most " + MAX_CLASSES + " classes (0 to 255)");
            }
            for (int i = 0; i <= largest; i++) {
                names.add(Integer.toString(i));
            }
        } else {
            names.addAll(new TreeSet<>(distinctLabels));
        }
        if (names.size() > MAX_CLASSES) {
            throw new DatasetException("the labels hold " + names.size() + " distinct classes; at most " + MAX_CLASSES + " are supported");
        }
        if (names.size() < 2) {
            throw new DatasetException("the labels hold only one class (" + names + "); a bounty needs at least two");
        }
        return new ClassList(names);
    }

    public List<String> names() {
        return names;
    }

    public int size() {
        return names.size();
    }

    /** The index of {@code label}, or -1 when it is not a class. */
    public int indexOf(String label) {
        return indices.getOrDefault(label, -1);
    }
}
