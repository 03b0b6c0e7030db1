package io.modelmarket.server.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code db} in /actuator/health, in place of Spring Boot's: the database answers a validity check, and
 * when it does not, since when, in a sentence. A check waits at most the pool's connection timeout.
 */
@Component("dbHealthIndicator")
class DatabaseHealthIndicator implements HealthIndicator {
    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;
    private final String url;
    private final OutageClock outage;

    DatabaseHealthIndicator(DataSource dataSource, @Value("${spring.datasource.url}") String url) {
        this.dataSource = dataSource;
        this.url = url;
        this.outage = new OutageClock("the database at " + url, Clock.systemUTC());
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up().withDetail("url", url);
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
                throw new SQLException("the connection did not pass a validity check within " + VALIDATION_TIMEOUT_SECONDS + " s");
            }
            return outage.up(health.withDetail("database", connection.getMetaData().getDatabaseProductName()));
        } catch (SQLException e) {
            return outage.down(health, e);
        }
    }
}
