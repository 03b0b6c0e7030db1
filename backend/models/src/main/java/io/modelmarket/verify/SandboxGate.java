package io.modelmarket.verify;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds how many sandboxed model runs (inspection and worker JVM) happen at once, whoever asks: submission
 * checks, predictions and verification share one gate. A caller beyond {@code concurrent} waits in a queue
 * of at most {@code queue} places for at most {@code maxWait}; beyond that it is refused at once with a
 * {@link BusyException} that says when to retry. A background caller ({@link #enterWaiting()}) waits as long as
 * it takes without taking a queue place. A thread already inside the gate enters again for free, so a caller
 * may hold the gate around a whole check whose parts also enter it.
 */
public final class SandboxGate {
    /** The sandbox is busy: every run slot taken and the queue full (or the wait too long). */
    public static final class BusyException extends RuntimeException {
        private final Duration retryAfter;

        BusyException(String message, Duration retryAfter) {
            super(message);
            this.retryAfter = retryAfter;
        }

        /** When a retry is likely to find a slot. */
        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** A place inside the gate; closing it lets the next caller in. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private final int concurrent;
    private final int queue;
    private final Duration maxWait;
    private final Duration retryAfter;
    private final Semaphore running;
    private final AtomicInteger waiting = new AtomicInteger();
    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

    /**
     * @param concurrent runs at once
     * @param queue callers that may wait for a run slot
     * @param maxWait how long a waiting caller waits before it is refused
     * @param retryAfter what a refused caller is told to wait
     */
    public SandboxGate(int concurrent, int queue, Duration maxWait, Duration retryAfter) {
        if (concurrent < 1 || queue < 0) {
            throw new IllegalArgumentException("a sandbox gate needs at least one run slot and a queue of zero or more");
        }
        this.concurrent = concurrent;
        this.queue = queue;
        this.maxWait = maxWait;
        this.retryAfter = retryAfter;
        this.running = new Semaphore(concurrent, true);
    }

    /** A gate that never refuses (a command-line tool runs one model at a time anyway). */
    public static SandboxGate unlimited() {
        return new SandboxGate(Integer.MAX_VALUE, 0, Duration.ZERO, Duration.ZERO);
    }

    /** Enters for a request: a free slot, or a place in the queue, or a {@link BusyException} at once. */
    public Permit enter() {
        if (depth.get()[0] > 0) {
            return nested();
        }
        try {
            if (running.tryAcquire(0, TimeUnit.MILLISECONDS)) {
                return held();
            }
            if (waiting.incrementAndGet() > queue) {
                waiting.decrementAndGet();
                throw busy();
            }
            try {
                if (!running.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw busy();
                }
            } finally {
                waiting.decrementAndGet();
            }
            return held();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        }
    }

    /** Enters for background work (verification): waits for a slot as long as it takes, outside the queue. */
    public Permit enterWaiting() throws InterruptedException {
        if (depth.get()[0] > 0) {
            return nested();
        }
        running.acquire();
        return held();
    }

    /** Runs now in the sandbox. */
    public int running() {
        return concurrent == Integer.MAX_VALUE ? 0 : concurrent - running.availablePermits();
    }

    /** Callers waiting for a run slot. */
    public int waiting() {
        return waiting.get();
    }

    private BusyException busy() {
        return new BusyException("the model sandbox is busy (" + concurrent + " runs at once, " + queue
                + " waiting); try again in " + Math.max(1, retryAfter.toSeconds()) + " s", retryAfter);
    }

    private Permit held() {
        int[] count = depth.get();
        count[0] = 1;
        boolean[] closed = {false};
        return () -> {
            if (!closed[0]) {
                closed[0] = true;
                count[0] = 0;
                running.release();
            }
        };
    }

    private Permit nested() {
        int[] count = depth.get();
        count[0]++;
        boolean[] closed = {false};
        return () -> {
            if (!closed[0]) {
                closed[0] = true;
                count[0]--;
            }
        };
    }
}
