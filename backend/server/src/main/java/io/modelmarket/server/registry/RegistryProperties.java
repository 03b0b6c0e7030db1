package io.modelmarket.server.registry;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits for running registered models (see {@link io.modelmarket.verify.ModelLimits}).
 *
 * @param maxModelSize the largest model accepted
 * @param timeout wall-clock limit of one sandboxed run
 * @param memory address-space limit of the sandbox process
 * @param threads ONNX Runtime threads in the sandbox
 */
@ConfigurationProperties("modelmarket.models")
public record RegistryProperties(
        @DefaultValue("200MB") DataSize maxModelSize,
        @DefaultValue("120s") Duration timeout,
        @DefaultValue("4GB") DataSize memory,
        @DefaultValue("2") int threads) {}
