package io.modelmarket.server.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/** Waiting for a condition in tests that drive processes: no fixed sleeps, a generous limit that only catches a hang. */
public final class Waits {
    private Waits() {}

    /** Polls {@code condition} every 100 ms until it holds; fails with {@code what} after {@code limit}. Returns the time it took. */
    public static Duration until(String what, Duration limit, Callable<Boolean> condition) throws Exception {
        Instant start = Instant.now();
        Exception last = null;
        while (Duration.between(start, Instant.now()).compareTo(limit) < 0) {
            try {
                if (condition.call()) {
                    return Duration.between(start, Instant.now());
                }
            } catch (Exception e) {
                last = e;
            }
            pause(Duration.ofMillis(100));
        }
        throw new AssertionError("not within " + limit + ": " + what, last);
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
