package io.modelmarket.server;

import io.modelmarket.testing.TestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a server under test at a fresh database: H2, or PostgreSQL in the build's PostgreSQL run. */
public final class TestDatabaseProperties {
    private TestDatabaseProperties() {}

    public static void register(DynamicPropertyRegistry registry, String name) {
        String url = TestDatabase.newDatabaseUrl(name);
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", TestDatabase::user);
        registry.add("spring.datasource.password", () -> "");
    }
}
