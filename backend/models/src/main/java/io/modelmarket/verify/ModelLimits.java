package io.modelmarket.verify;

import java.time.Duration;
import java.util.Set;

/**
 * What an untrusted model may be and use.
 *
 * @param maxModelBytes the largest model file accepted
 * @param maxTensorElements the most elements any declared tensor may have (initializers and shapes)
 * @param allowedDomains operator domains a model may use ({@code ""} and {@code ai.onnx} are the standard set)
 * @param timeout wall-clock limit of one verification run in the worker
 * @param memoryMiB address-space limit of the worker process
 * @param threads ONNX Runtime's intra-op threads in the worker
 * @param batchSize rows per inference call
 */
public record ModelLimits(
        long maxModelBytes, long maxTensorElements, Set<String> allowedDomains, Duration timeout, int memoryMiB, int threads, int batchSize) {

    public static ModelLimits defaults() {
        return new ModelLimits(200L << 20, 100_000_000L, Set.of("", "ai.onnx", "ai.onnx.ml"), Duration.ofSeconds(120), 4096, 2, 1024);
    }

    public ModelLimits withTimeout(Duration newTimeout) {
        return new ModelLimits(maxModelBytes, maxTensorElements, allowedDomains, newTimeout, memoryMiB, threads, batchSize);
    }
}
