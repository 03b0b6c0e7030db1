package io.modelmarket.cli;

import io.modelmarket.bounty.ContentFetcher;
import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * Progress on standard error: bytes so far for downloads, elapsed time for work of unknown length.
 * Progress redraws in place only on a terminal; elsewhere (CI, pipes) each step prints one line when it ends.
 */
final class Progress {
    private static final PrintStream ERR = System.err;
    private static final boolean TERMINAL = System.console() != null;
    /** Spaces that clear what a redrawn line showed before. */
    private static final int WIDTH = 30;

    private Progress() {}

    /** A download's progress: bytes so far, redrawn in place on a terminal; one line when it ends. */
    static ContentFetcher.Progress downloads() {
        return new ContentFetcher.Progress() {
            private long lastDraw;

            @Override
            public void transferred(String what, long bytes, boolean done) {
                long now = System.nanoTime();
                if (done) {
                    ERR.printf(TERMINAL ? "\r  %-24s done, %s%s%n" : "  %-24s done, %s%s%n", what, bytes(bytes), " ".repeat(TERMINAL ? WIDTH : 0));
                } else if (TERMINAL && now - lastDraw > 100_000_000L) {
                    lastDraw = now;
                    ERR.printf("\r  %-24s %s", what, bytes(bytes));
                }
            }

            @Override
            public void failed(String what, long bytes) { // the command reports the error
                ERR.print(TERMINAL ? System.lineSeparator() : "");
            }
        };
    }

    /** Runs {@code work}, reporting {@code label} and the time it took. */
    static <T> T step(String label, Callable<T> work) throws Exception {
        if (TERMINAL) {
            ERR.printf("  %-24s ...", label);
        }
        long start = System.nanoTime();
        T result = work.call();
        ERR.printf(TERMINAL ? "\r  %-24s done in %.1f s%n" : "  %-24s done in %.1f s%n", label, (System.nanoTime() - start) / 1e9);
        return result;
    }

    static String bytes(long n) {
        return n < 1024 * 1024 ? String.format("%,.1f KiB", n / 1024.0) : String.format("%,.1f MiB", n / (1024.0 * 1024));
    }
}
