package io.modelmarket.audit;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One verdict of an audit.
 *
 * @param name what was checked, stable for scripts, e.g. {@code groundTruth.commitment} or
 *     {@code model.reproduces[0x7099…]}
 * @param status {@code PASS} (it holds), {@code FAIL} (it does not), or {@code INCONCLUSIVE} (the audit could not
 *     make the check, e.g. its re-run of a model: nothing follows either way)
 * @param detail what was found, in words
 */
public record Check(String name, Status status, String detail) {
    public enum Status { PASS, FAIL, INCONCLUSIVE }

    /** Whether it holds; {@code passed} in the JSON report, as before checks could be inconclusive. */
    @JsonProperty("passed")
    public boolean passed() {
        return status == Status.PASS;
    }

    static Check pass(String name, String detail) {
        return new Check(name, Status.PASS, detail);
    }

    static Check fail(String name, String detail) {
        return new Check(name, Status.FAIL, detail);
    }

    static Check inconclusive(String name, String detail) {
        return new Check(name, Status.INCONCLUSIVE, detail);
    }

    static Check of(String name, boolean passed, String ifPassed, String ifFailed) {
        return passed ? pass(name, ifPassed) : fail(name, ifFailed);
    }
}
