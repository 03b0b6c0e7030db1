package io.modelmarket.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * Progress on standard error: a bar for transfers of known size, elapsed time for work of unknown length.
 * The bar redraws in place only on a terminal; elsewhere (CI, pipes) each step prints one line when it ends.
 */
final class Progress {
    private static final PrintStream ERR = System.err;
    private static final boolean TERMINAL = System.console() != null;
    private static final int WIDTH = 30;

    private Progress() {}

    /** {@code content} of {@code total} bytes (or -1: unknown), drawing a bar labelled {@code label} as it is read. */
    static InputStream transfer(String label, InputStream content, long total) {
        return new FilterInputStream(content) {
            private long done;
            private long lastDraw;
            private boolean ended;

            @Override
            public int read() throws IOException {
                int b = super.read();
                advance(b < 0 ? 0 : 1, b < 0);
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                advance(Math.max(n, 0), n < 0);
                return n;
            }

            private void advance(int n, boolean end) {
                done += n;
                ended |= end;
                long now = System.nanoTime();
                if (TERMINAL && (now - lastDraw > 100_000_000L || end)) {
                    lastDraw = now;
                    if (total <= 0) { // size unknown (a download by CID): bytes so far
                        ERR.printf("\r  %-24s %s", label, bytes(done));
                        return;
                    }
                    double share = Math.min(1, (double) done / total);
                    int filled = (int) Math.round(share * WIDTH);
                    ERR.printf("\r  %-24s [%s%s] %3d%% %s", label, "#".repeat(filled), ".".repeat(WIDTH - filled), Math.round(share * 100),
                            bytes(done));
                }
            }

            @Override
            public void close() throws IOException {
                super.close();
                if (!ended) { // stopped by an error, which the command reports
                    ERR.print(TERMINAL ? System.lineSeparator() : "");
                    return;
                }
                ERR.printf(TERMINAL ? "\r  %-24s done, %s%s%n" : "  %-24s done, %s%s%n", label, bytes(done), " ".repeat(TERMINAL ? WIDTH : 0));
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
