package io.modelmarket.server.registry;

import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.verify.ModelLimits;
import io.modelmarket.verify.SandboxGate;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RegistryConfiguration {

    @Bean
    ModelLimits modelLimits(RegistryProperties properties) {
        ModelLimits defaults = ModelLimits.defaults();
        return new ModelLimits(properties.maxModelSize().toBytes(), defaults.maxTensorElements(), defaults.allowedDomains(),
                properties.timeout(), (int) properties.memory().toMegabytes(), properties.threads(), defaults.batchSize());
    }

    /** The one gate every sandboxed run passes: submission checks, predictions and verification. */
    @Bean
    SandboxGate sandboxGate(RegistryProperties properties) {
        return new SandboxGate(properties.concurrentRuns(), properties.queue(), properties.maxWait(), properties.retryAfter());
    }

    @Bean
    ModelRegistry modelRegistry(DataSource dataSource, ContentStore contentStore, ModelLimits modelLimits, SandboxGate sandboxGate) {
        return new ModelRegistry(dataSource, contentStore, modelLimits, sandboxGate);
    }
}
