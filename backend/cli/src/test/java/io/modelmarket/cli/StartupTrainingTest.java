package io.modelmarket.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class StartupTrainingTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void theUsageTrainingPrintsTheUsages() {
        var exits = StartupTraining.usage(new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(exits).containsExactly(0, 0);
        assertThat(out.toString()).contains("Usage: modelmarket [-hV] [COMMAND]", "Usage: modelmarket bounty");
    }

    @Test
    void theCommandsReadTheBountyFromTheStandInChain() throws Exception {
        var exits = StartupTraining.commands(new PrintWriter(out, true), new PrintWriter(err, true));

        // bounty show gets the bounty and stops at its events (the stand-in has none); bounty list lists none.
        assertThat(exits).containsExactly(1, 0);
        assertThat(err.toString()).contains("BountyCreated", StartupTraining.BOUNTY).doesNotContain("has no bounty", "cannot reach");
        assertThat(out.toString()).contains("requester");
    }
}
