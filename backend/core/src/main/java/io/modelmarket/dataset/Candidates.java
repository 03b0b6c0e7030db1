package io.modelmarket.dataset;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The rows of one bucket that may be among its test rows, kept while the first pass of the split reads the file,
 * before the bucket's size, and so its quota, is known: every row whose selection key is below a threshold that only
 * falls. When the candidates fill their arrays, the threshold falls to keep about {@code 1.05 × testFraction × rows
 * seen + 1024} of them: the keys are SHA-256 output, so the rest of the bucket draws keys like the rows so far and
 * its quota stays well below that. Because every row below the final threshold is kept, the bucket's test rows (its
 * quota of smallest (key, row) pairs) are among the candidates whenever at least the quota of them are left; when
 * they are not (duplicate rows share a key and can crowd a bucket late), the splitter reads the file once more to
 * select. Memory: 12 bytes a candidate, about 1.05 to 1.6 times the test rows.
 */
final class Candidates {
    private static final int INITIAL_CAPACITY = 1 << 10;
    private static final int MARGIN = 1024;
    private static final int BINS = 1 << 16; // the pruning looks at a key's top 16 bits

    /** What the pruning of every bucket shares: the test fraction and a histogram to reuse. */
    static final class Pruning {
        private final double testFraction;
        private final int[] histogram = new int[BINS];

        Pruning(double testFraction) {
            this.testFraction = testFraction;
        }
    }

    private long[] keys = new long[INITIAL_CAPACITY];
    private int[] rows = new int[INITIAL_CAPACITY];
    private int size;
    private long threshold = -1L; // unsigned: a row with a key at or above it cannot be a test row
    private long seen;

    /** Considers row {@code row} (rows come in file order) with selection key {@code key}. */
    void offer(long key, int row, Pruning pruning) {
        seen++;
        if (Long.compareUnsigned(key, threshold) >= 0) {
            return;
        }
        if (size == keys.length) {
            prune(pruning);
            if (Long.compareUnsigned(key, threshold) >= 0) {
                return;
            }
        }
        keys[size] = key;
        rows[size++] = row;
    }

    private void prune(Pruning pruning) {
        long keep = (long) (1.05 * pruning.testFraction * seen) + MARGIN;
        if (keep < size) {
            int[] histogram = pruning.histogram;
            Arrays.fill(histogram, 0);
            for (int i = 0; i < size; i++) {
                histogram[(int) (keys[i] >>> 48)]++;
            }
            int bin = 0;
            for (long below = histogram[0]; below < keep; below += histogram[++bin]) {
                // the first bins that hold `keep` candidates
            }
            if (bin < BINS - 1) {
                long limit = (long) (bin + 1) << 48;
                if (Long.compareUnsigned(limit, threshold) < 0) {
                    threshold = limit;
                }
                int kept = 0;
                for (int i = 0; i < size; i++) {
                    if (Long.compareUnsigned(keys[i], threshold) < 0) {
                        keys[kept] = keys[i];
                        rows[kept++] = rows[i];
                    }
                }
                size = kept;
            }
        }
        if (size >= keys.length * 3 / 4) {
            keys = Arrays.copyOf(keys, keys.length * 3 / 2);
            rows = Arrays.copyOf(rows, rows.length * 3 / 2);
        }
    }

    /**
     * Marks in {@code testRows} the {@code quota} candidates with the smallest (key, row), and returns true; returns
     * false, marking nothing, when fewer than {@code quota} rows are candidates.
     */
    boolean selectInto(long quota, BitSet testRows, Pruning pruning) {
        if (size < quota) {
            return false;
        }
        // Every candidate in a bin below the one where the count reaches the quota is a test row; of that bin, the smallest.
        int[] histogram = pruning.histogram;
        Arrays.fill(histogram, 0);
        for (int i = 0; i < size; i++) {
            histogram[(int) (keys[i] >>> 48)]++;
        }
        int bin = 0;
        long below = 0;
        while (bin < BINS && below + histogram[bin] < quota) {
            below += histogram[bin++];
        }
        DatasetSplitter.Smallest last = new DatasetSplitter.Smallest((int) (quota - below));
        for (int i = 0; i < size; i++) {
            int keyBin = (int) (keys[i] >>> 48);
            if (keyBin < bin) {
                testRows.set(rows[i]);
            } else if (keyBin == bin) {
                last.offer(keys[i], rows[i]);
            }
        }
        for (int i = 0; i < last.size; i++) {
            testRows.set(last.rows[i]);
        }
        return true;
    }
}
