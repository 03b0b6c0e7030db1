package io.modelmarket.server.ipfs;

import io.modelmarket.ipfs.ContentStore;
import io.modelmarket.ipfs.KuboRpcClient;
import io.modelmarket.ipfs.LocalContentStore;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IpfsConfiguration {

    @Bean
    ContentStore contentStore(IpfsProperties properties) throws IOException {
        return switch (properties.mode()) {
            case EMBEDDED -> new LocalContentStore(properties.path());
            case KUBO -> new KuboRpcClient(properties.kuboUrl(), properties.timeout(), 3);
        };
    }
}
