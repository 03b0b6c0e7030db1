package io.modelmarket.server.chain;

import io.modelmarket.chain.Deployment;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/** The chain client and the deployment it follows; off with {@code modelmarket.chain.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "modelmarket.chain.enabled", havingValue = "true", matchIfMissing = true)
class ChainConfiguration {

    @Bean(destroyMethod = "shutdown")
    Web3j web3j(ChainProperties properties) {
        return Web3j.build(new HttpService(properties.rpcUrl()));
    }

    @Bean
    Deployment deployment(ChainProperties properties) throws IOException {
        return Deployment.read(properties.deploymentFile());
    }
}
