package io.modelmarket.server.operator;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the server's operator controls.
 *
 * @param token the bearer token of the operator endpoints ({@code /api/operator/**}), from the environment
 *     ({@code MODELMARKET_OPERATOR_TOKEN}); empty: those endpoints are switched off
 */
@ConfigurationProperties("modelmarket.operator")
public record OperatorProperties(String token) {
    public boolean endpointsEnabled() {
        return token != null && !token.isBlank();
    }
}
