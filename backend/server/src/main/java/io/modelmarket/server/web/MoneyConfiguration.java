package io.modelmarket.server.web;

import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.modelmarket.protocol.Wei;
import io.swagger.v3.oas.models.media.Schema;
import java.math.BigInteger;
import java.util.Set;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Money on the wire. Every amount the API carries (reward, stake, escrow, credits, balances, payouts, the
 * faucet's amount, a transaction's value) is a {@link Wei}, which JSON carries as a decimal string of
 * digits, never as a number (a JavaScript client reads JSON numbers as doubles, exact only up to 2^53 wei).
 * Here the OpenAPI document learns it once, for every field of that type: {@code type: string} with the
 * pattern {@value Wei#PATTERN}. A bare {@link BigInteger} (any other uint256) is a decimal string too,
 * in the document and on the wire, also where no schema names it (a problem body's properties, a map).
 */
@Configuration(proxyBeanMethods = false)
class MoneyConfiguration {
    static {
        SpringDocUtils.getConfig()
                .replaceWithSchema(Wei.class, decimalString(Wei.PATTERN,
                        "An amount in wei (1 MDC = 10^18 wei) as a decimal string; never a JSON number, which would lose digits.",
                        "1000000000000000000"))
                .replaceWithSchema(BigInteger.class, decimalString("^-?[0-9]+$", "An integer as a decimal string; never a JSON number.", "0"));
    }

    private static Schema<String> decimalString(String pattern, String description, String example) {
        Schema<String> schema = new Schema<>();
        schema.setType("string");
        schema.setTypes(Set.of("string"));
        return schema.pattern(pattern).description(description).example(example);
    }

    /** Picked up by Spring Boot's ObjectMapper: a {@link BigInteger} in any response is written as its decimal string. */
    @Bean
    SimpleModule integersAsDecimalStrings() {
        return new SimpleModule("integers-as-decimal-strings").addSerializer(BigInteger.class, ToStringSerializer.instance);
    }
}
