package io.modelmarket.server.registry;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits for running untrusted models (see {@link io.modelmarket.verify.ModelLimits} and
 * {@link io.modelmarket.verify.SandboxGate}).
 *
 * @param maxModelSize the largest model accepted
 * @param timeout wall-clock limit of one sandboxed run
 * @param memory address-space limit of the sandbox process
 * @param threads ONNX Runtime threads in the sandbox
 * @param concurrentRuns sandboxed runs at once, across submission checks, predictions and verification
 * @param queue requests that may wait for a run slot; beyond, 503 with Retry-After
 * @param maxWait how long a request waits in the queue before it gets a 503
 * @param retryAfter the Retry-After a refused request is told
 */
@ConfigurationProperties("modelmarket.models")
public record RegistryProperties(
        @DefaultValue("200MB") DataSize maxModelSize,
        @DefaultValue("120s") Duration timeout,
        @DefaultValue("4GB") DataSize memory,
        @DefaultValue("2") int threads,
        @DefaultValue("2") int concurrentRuns,
        @DefaultValue("8") int queue,
        @DefaultValue("60s") Duration maxWait,
        @DefaultValue("10s") Duration retryAfter) {}
