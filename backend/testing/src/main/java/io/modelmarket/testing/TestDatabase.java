package io.modelmarket.testing;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The database a test runs against: H2 in memory by default, or a real PostgreSQL server when the build
 * sets {@code -Dmodelmarket.test.database=postgresql} (the second, PostgreSQL run of the integration tests
 * does). Every call gives a fresh, empty database. The PostgreSQL server is started once per JVM, on first
 * use, and stopped by PID when the JVM exits.
 */
public final class TestDatabase {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private TestDatabase() {}

    /** True when this JVM's tests run against PostgreSQL. */
    public static boolean postgresql() {
        return "postgresql".equals(System.getProperty("modelmarket.test.database"));
    }

    /** The JDBC URL of a new, empty database; {@code name} (letters, digits, dashes) makes logs readable. */
    public static String newDatabaseUrl(String name) {
        String unique = name.toLowerCase().replaceAll("[^a-z0-9]+", "_") + "_" + SEQUENCE.incrementAndGet();
        if (!postgresql()) {
            return "jdbc:h2:mem:" + unique + ";DB_CLOSE_DELAY=-1";
        }
        return SharedServer.INSTANCE.createDatabase(unique);
    }

    /** The user to connect as. */
    public static String user() {
        return postgresql() ? PostgresServer.USER : "sa";
    }

    /** Holds the server; loaded only when a test first asks for PostgreSQL. */
    private static final class SharedServer {
        static final PostgresServer INSTANCE = PostgresServer.start();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(INSTANCE::close, "stop-postgresql"));
        }
    }
}
