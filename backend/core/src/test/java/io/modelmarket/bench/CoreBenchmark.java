package io.modelmarket.bench;

import io.modelmarket.dataset.BountyMetadata;
import io.modelmarket.dataset.DatasetSplitter;
import io.modelmarket.dataset.SplitOptions;
import io.modelmarket.dataset.SplitResult;
import io.modelmarket.ipfs.BlockSink;
import io.modelmarket.ipfs.UnixFsImporter;
import io.modelmarket.protocol.Bytes32;
import io.modelmarket.seal.TestInputsSeal;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Throughput of the core library, run by scripts/bench-core (results in docs/benchmarks.md):
 * 1. CID computation (UnixFS import, blocks discarded) against the JVM's raw SHA-256 on the same bytes;
 * 2. a CSV split of a generated file, with the peak heap it needed, all numeric and then with mixed columns;
 * 3. sealing that file (AES-256-GCM) and opening it again, with the peak heap of each.
 * Arguments: [csv size in MiB, default 1024].
 */
public final class CoreBenchmark {
    private static final int RUNS = 5;
    private static final int PASSES = 8; // each run hashes the 32 MiB buffer this many times

    public static void main(String[] args) throws Exception {
        long csvMiB = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        System.out.printf("JVM %s, max heap %d MiB, %d cores%n", Runtime.version(),
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        benchmarkCid();
        Path folder = Files.createTempDirectory("modelmarket-bench-");
        Path csv = folder.resolve("large.csv");
        try {
            long rows = writeCsv(csv, csvMiB << 20, false);
            benchmarkSplit(csv, rows, "");
            benchmarkSeal(csv, folder);
            rows = writeCsv(csv, csvMiB << 20, true);
            benchmarkSplit(csv, rows, ", mixed columns");
        } finally {
            Files.deleteIfExists(csv);
            Files.deleteIfExists(folder);
        }
    }

    private static void benchmarkCid() throws Exception {
        byte[] data = new byte[32 << 20]; // small enough for the 64 MiB heap the split is measured under
        new SplittableRandom(1).nextBytes(data);
        double[] sha = new double[RUNS];
        double[] cid = new double[RUNS];
        for (int warmup = 0; warmup < 2; warmup++) {
            rawSha256(data);
            UnixFsImporter.importStream(new ByteArrayInputStream(data), BlockSink.DISCARD);
        }
        for (int run = 0; run < RUNS; run++) {
            long start = System.nanoTime();
            for (int pass = 0; pass < PASSES; pass++) {
                rawSha256(data);
            }
            sha[run] = mibPerSecond((long) PASSES * data.length, System.nanoTime() - start);
            start = System.nanoTime();
            for (int pass = 0; pass < PASSES; pass++) {
                UnixFsImporter.importStream(new ByteArrayInputStream(data), BlockSink.DISCARD);
            }
            cid[run] = mibPerSecond((long) PASSES * data.length, System.nanoTime() - start);
        }
        double shaMedian = median(sha);
        double cidMedian = median(cid);
        System.out.printf("raw SHA-256 (256 KiB updates)  %8.1f MiB/s (median of %d runs of 256 MiB, in memory)%n", shaMedian, RUNS);
        System.out.printf("CID (UnixFS import, no store)  %8.1f MiB/s (median of %d runs of 256 MiB, from a stream)%n", cidMedian, RUNS);
        System.out.printf("CID / raw SHA-256              %8.1f %%%n", 100 * cidMedian / shaMedian);
    }

    private static void rawSha256(byte[] data) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (int offset = 0; offset < data.length; offset += UnixFsImporter.CHUNK_SIZE) {
            digest.update(data, offset, Math.min(UnixFsImporter.CHUNK_SIZE, data.length - offset));
            digest.digest();
        }
    }

    private static void benchmarkSplit(Path csv, long rows, String kind) throws IOException {
        long bytes = Files.size(csv);
        resetPeakHeap();
        long start = System.nanoTime();
        SplitResult result = DatasetSplitter.split(csv, new SplitOptions("label", 0.1, Bytes32.fromHex("00".repeat(31) + "2a"), true, null),
                OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
        long elapsed = System.nanoTime() - start;
        long categorical = result.features().stream().filter(BountyMetadata.Feature::isCategorical).count();
        System.out.printf("CSV split%s: %d MiB, %d rows x 21 columns (%d categorical) -> %d test rows%n", kind, bytes >> 20, rows, categorical,
                result.testRows());
        System.out.printf("CSV split (two passes)         %8.1f MiB/s of input%n", mibPerSecond(bytes, elapsed));
        System.out.printf("peak heap during the split     %8d MiB (sum of the heap pools' peaks)%n", peakHeap() >> 20);
    }

    /** Seals the CSV to a file and opens it again to another, as `bounty create` and `bounty fetch` do. */
    private static void benchmarkSeal(Path csv, Path folder) throws IOException {
        long bytes = Files.size(csv);
        Bytes32 bountyId = Bytes32.randomSalt();
        Bytes32 key = TestInputsSeal.newKey();
        Path sealed = folder.resolve("large.sealed");
        Path opened = folder.resolve("large.opened");
        try {
            resetPeakHeap();
            long start = System.nanoTime();
            try (InputStream sealing = TestInputsSeal.seal(bountyId, key, Files.newInputStream(csv)); OutputStream out = Files.newOutputStream(sealed)) {
                sealing.transferTo(out);
            }
            long sealNanos = System.nanoTime() - start;
            long sealHeap = peakHeap();
            resetPeakHeap();
            start = System.nanoTime();
            TestInputsSeal.unseal(bountyId, key, sealed, opened);
            long unsealNanos = System.nanoTime() - start;
            if (Files.mismatch(csv, opened) != -1) {
                throw new IllegalStateException("the opened file differs from the sealed one");
            }
            System.out.printf("seal (AES-256-GCM, streamed)   %8.1f MiB/s, peak heap %d MiB%n", mibPerSecond(bytes, sealNanos), sealHeap >> 20);
            System.out.printf("unseal (mapped files)          %8.1f MiB/s, peak heap %d MiB%n", mibPerSecond(bytes, unsealNanos), peakHeap() >> 20);
        } finally {
            Files.deleteIfExists(sealed);
            Files.deleteIfExists(opened);
        }
    }

    private static void resetPeakHeap() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    /** The sum of the heap pools' peaks since {@link #resetPeakHeap}. */
    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed())
                .sum();
    }

    /**
     * 20 features and a label of 10 classes per row, until the file reaches {@code bytes}: all numeric, or ({@code mixed})
     * 16 numeric ones with a missing cell in 1 of 20 and 4 categorical ones (a colour of 8, a city of 1,000, a word of
     * 3 letters with a missing cell in 1 of 20, and an id distinct in every row).
     */
    private static long writeCsv(Path file, long bytes, boolean mixed) throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        String[] colours = {"red", "green", "blue", "black", "white", "grey", "\"navy, dark\"", "teal"};
        long rows = 0;
        long written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            StringBuilder header = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                header.append("f").append(i).append(',');
            }
            out.write(header.append("label\n").toString());
            StringBuilder row = new StringBuilder(256);
            while (written < bytes) {
                row.setLength(0);
                int numeric = mixed ? 16 : 20;
                for (int i = 0; i < numeric; i++) {
                    if (!mixed || random.nextInt(20) != 0) {
                        row.append(random.nextInt(1000) / 10.0);
                    }
                    row.append(',');
                }
                if (mixed) {
                    row.append(colours[random.nextInt(colours.length)]).append(',').append("city").append(random.nextInt(1000)).append(',');
                    if (random.nextInt(20) != 0) {
                        for (int letter = 0; letter < 3; letter++) {
                            row.append((char) ('a' + random.nextInt(26)));
                        }
                    }
                    row.append(',').append("id-").append(rows).append(',');
                }
                row.append(random.nextInt(10)).append('\n');
                out.write(row.toString());
                written += row.length();
                rows++;
            }
        }
        return rows;
    }

    private static double mibPerSecond(long bytes, long nanos) {
        return bytes / (1024.0 * 1024.0) / (nanos / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
