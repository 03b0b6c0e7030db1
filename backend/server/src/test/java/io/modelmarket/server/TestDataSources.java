package io.modelmarket.server;

import io.modelmarket.testing.TestDatabase;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** Data sources for tests that use a database without Spring. */
public final class TestDataSources {
    private TestDataSources() {}

    /** A fresh H2 database named after {@code name}, or a PostgreSQL one in the build's PostgreSQL run. */
    public static DataSource newDatabase(String name) {
        String url = TestDatabase.newDatabaseUrl(name);
        if (TestDatabase.postgresql()) {
            PGSimpleDataSource postgres = new PGSimpleDataSource();
            postgres.setURL(url);
            postgres.setUser(TestDatabase.user());
            return postgres;
        }
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url);
        return h2;
    }
}
