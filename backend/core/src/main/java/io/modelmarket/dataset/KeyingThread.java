package io.modelmarket.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hashes the rows of the split's first pass and offers their selection keys to each bucket's {@link Candidates} on a
 * thread of its own, so that reading and checking the file and hashing its rows share two cores. The reader hands
 * over rows in batches, each row as its hashed line (docs/datasets.md, "Split") and its bucket; a few batches
 * circulate, so memory stays bounded whatever the reader's lead.
 */
final class KeyingThread implements AutoCloseable {
    private static final int BATCH_ROWS = 4096;
    private static final int BATCHES = 4;

    /** Rows on their way to the hashing thread: row {@code firstRow + r} is {@code lines[ends[r - 1], ends[r])} of bucket {@code buckets[r]}. */
    private static final class Batch {
        final LineBuilder lines = new LineBuilder();
        final int[] ends = new int[BATCH_ROWS];
        final int[] buckets = new int[BATCH_ROWS];
        int rows;
        int firstRow;
    }

    private static final Batch END = new Batch();

    private final SplitSeed seed;
    private final Candidates.Pruning pruning;
    private final List<Candidates> candidates = new ArrayList<>();
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES + 1);
    private final Thread thread;
    private volatile Throwable failure;
    private Batch filling;
    private int nextRow;

    KeyingThread(SplitSeed seed, Candidates.Pruning pruning) {
        this.seed = seed;
        this.pruning = pruning;
        for (int i = 0; i < BATCHES; i++) {
            free.add(new Batch());
        }
        thread = Thread.ofPlatform().daemon().name("split-keys").start(this::run);
    }

    /** The line builder the next row's hashed line goes into: append exactly one line, then call {@link #add(int)}. */
    LineBuilder line() throws InterruptedException {
        if (filling == null) {
            filling = free.take();
            filling.rows = 0;
            filling.firstRow = nextRow;
            filling.lines.truncate(0);
        }
        return filling.lines;
    }

    /** Adds the row whose line was just appended to {@link #line()}, of bucket {@code bucket}. */
    void add(int bucket) throws InterruptedException {
        filling.ends[filling.rows] = filling.lines.length();
        filling.buckets[filling.rows++] = bucket;
        nextRow++;
        if (filling.rows == BATCH_ROWS) {
            full.put(filling);
            filling = null;
        }
    }

    /** Waits until every row added is hashed and returns the candidates of each bucket, in bucket order. */
    List<Candidates> finish() throws InterruptedException {
        if (filling != null) {
            full.put(filling);
            filling = null;
        }
        full.put(END);
        thread.join();
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return candidates;
    }

    /** Stops the thread (when the reader failed; after {@link #finish()} it has stopped already). */
    @Override
    public void close() {
        thread.interrupt();
    }

    /** Keys every batch; after a failure only hands batches back, so that the reader never waits for one forever. */
    private void run() {
        try {
            for (Batch batch; (batch = full.take()) != END; ) {
                if (failure == null) {
                    try {
                        key(batch);
                    } catch (RuntimeException | Error e) {
                        failure = e;
                    }
                }
                free.put(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void key(Batch batch) {
        int start = 0;
        for (int r = 0; r < batch.rows; r++) {
            seed.hash(batch.lines.bytes(), start, batch.ends[r] - start);
            start = batch.ends[r];
            while (candidates.size() <= batch.buckets[r]) {
                candidates.add(new Candidates());
            }
            candidates.get(batch.buckets[r]).offer(seed.selection(), batch.firstRow + r, pruning);
        }
    }
}
