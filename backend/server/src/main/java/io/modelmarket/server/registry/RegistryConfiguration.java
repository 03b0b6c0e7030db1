package io.modelmarket.server.registry;

import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.registry.ModelRegistry;
import io.modelmarket.verify.ModelLimits;
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

    @Bean
    ModelRegistry modelRegistry(DataSource dataSource, ContentStore contentStore, ModelLimits modelLimits) {
        return new ModelRegistry(dataSource, contentStore, modelLimits);
    }
}
