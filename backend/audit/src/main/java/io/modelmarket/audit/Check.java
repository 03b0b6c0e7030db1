package io.modelmarket.audit;

/**
 * One verdict of an audit.
 *
 * @param name what was checked, stable for scripts, e.g. {@code groundTruth.commitment} or
 *     {@code model.reproduces[0x7099…]}
 * @param passed whether it holds
 * @param detail what was found, in words
 */
public record Check(String name, boolean passed, String detail) {
    static Check pass(String name, String detail) {
        return new Check(name, true, detail);
    }

    static Check fail(String name, String detail) {
        return new Check(name, false, detail);
    }

    static Check of(String name, boolean passed, String ifPassed, String ifFailed) {
        return new Check(name, passed, passed ? ifPassed : ifFailed);
    }
}
