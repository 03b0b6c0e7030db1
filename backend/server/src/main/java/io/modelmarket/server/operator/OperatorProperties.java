package io.modelmarket.server.operator;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the server's operator controls.
 *
 * @param token the bearer token of the operator endpoints ({@code /api/operator/**}), from the environment
 *     ({@code MODELMARKET_OPERATOR_TOKEN}); empty: those endpoints are switched off
 * @param keepRevealKits whether the server keeps a copy of every reveal kit it hands out (off by default: a
 *     kept kit lets whoever controls the server reveal, or leak, the hidden labels)
 */
@ConfigurationProperties("modelmarket.operator")
public record OperatorProperties(String token, boolean keepRevealKits) {
    public boolean endpointsEnabled() {
        return token != null && !token.isBlank();
    }
}
