package io.modelmarket.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times of the chain's clock (block timestamps, deadlines) for people: {@code 2026-12-03 19:04:05 UTC}, and how far
 * from the chain's now ({@code in 41 min}, {@code 2 h 5 min ago}). A development chain's clock may run ahead of the
 * wall clock, so the distance is counted from the latest block, as the contract counts it.
 */
final class ChainTime {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private ChainTime() {}

    static String at(long epochSeconds) {
        return FORMAT.format(Instant.ofEpochSecond(epochSeconds));
    }

    /** {@code in …} or {@code … ago}, from {@code now} to {@code when} (both unix seconds). */
    static String relative(long when, long now) {
        long seconds = Math.abs(when - now);
        String span;
        if (seconds < 60) {
            span = seconds + " s";
        } else if (seconds < 3600) {
            span = seconds / 60 + " min";
        } else if (seconds < 86_400) {
            span = seconds / 3600 + " h" + (seconds % 3600 / 60 == 0 ? "" : " " + seconds % 3600 / 60 + " min");
        } else {
            span = seconds / 86_400 + " d" + (seconds % 86_400 / 3600 == 0 ? "" : " " + seconds % 86_400 / 3600 + " h");
        }
        return when >= now ? "in " + span : span + " ago";
    }
}
