package io.modelmarket.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The ModelMarket server. Configuration: {@code application.yml} and the README's table. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ModelMarketServer {
    public static void main(String[] args) {
        SpringApplication.run(ModelMarketServer.class, args);
    }
}
