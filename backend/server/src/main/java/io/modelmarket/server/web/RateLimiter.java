package io.modelmarket.server.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets per client: {@code perMinute} requests at once, refilled evenly over a minute. Idle full
 * buckets are forgotten, so the table stays small whatever the number of clients.
 */
final class RateLimiter {
    private static final int MAX_CLIENTS = 100_000;

    private final int perMinute;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }

    RateLimiter(int perMinute, LongSupplier nanoTime) {
        this.perMinute = perMinute;
        this.nanoTime = nanoTime;
    }

    /** Takes one token for {@code client}: empty when allowed, else how long until the next token. */
    java.util.Optional<Duration> take(String client) {
        long now = nanoTime.getAsLong();
        if (buckets.size() > MAX_CLIENTS) {
            buckets.values().removeIf(bucket -> refill(bucket, now) >= perMinute);
        }
        Bucket bucket = buckets.computeIfAbsent(client, key -> new Bucket(perMinute, now));
        synchronized (bucket) {
            refill(bucket, now);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return java.util.Optional.empty();
            }
            double nanosPerToken = 60e9 / perMinute;
            return java.util.Optional.of(Duration.ofNanos((long) Math.ceil((1 - bucket.tokens) * nanosPerToken)));
        }
    }

    private double refill(Bucket bucket, long now) {
        synchronized (bucket) {
            double earned = (now - bucket.updated) * perMinute / 60e9;
            bucket.tokens = Math.min(perMinute, bucket.tokens + earned);
            bucket.updated = now;
            return bucket.tokens;
        }
    }
}
