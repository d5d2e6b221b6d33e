package dev.dbconn.flyway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import dev.dbconn.testsupport.RunNames;
import dev.dbconn.testsupport.SpringStack;
import dev.dbconn.testsupport.TestDatabase;
import dev.dbconn.testsupport.TestDatabase.Kind;
import dev.dbconn.testsupport.TestDatabases;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flyway migrating at start-up through dbconn's DataSource: its work is outside any request, each
 * connection settled when Flyway closes it, and with {@code db.conn-max-age: 0} none is kept: once
 * the application has started, the server shows no backend of it.
 */
class FlywayTests {

	@Test
	void flywaysConnectionsAreNotKeptAtConnMaxAgeZero() throws Exception {
		TestDatabase database = TestDatabases.get(Kind.POSTGRESQL);
		String table = RunNames.of("dbconn_flyway");
		String applicationName = RunNames.of("dbconn-flyway-test");
		try (ConfigurableApplicationContext ignored = new SpringApplicationBuilder(FlywayApplication.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "spring.datasource.url=" + database.jdbcUrl(),
					"spring.datasource.username=" + database.username(),
					"spring.datasource.password=" + database.password(),
					"spring.datasource.hikari.data-source-properties.ApplicationName=" + applicationName,
					"spring.flyway.locations=classpath:dbconn/flyway", "spring.flyway.table=" + table + "_history",
					"spring.flyway.placeholders.table=" + table,
					// the shared database has other tables: a history of the test's own, from version 0
					"spring.flyway.baseline-on-migrate=true", "spring.flyway.baseline-version=0", "db.conn-max-age=0",
					SpringStack.leaveOut(SpringStack.SECURITY, SpringStack.SESSION, SpringStack.JPA, SpringStack.DATA_JDBC))
			.run()) {
			assertThat(awaitNoBackends(database, applicationName, Duration.ofSeconds(30)))
				.as("backends of the application on the server after start-up")
				.isZero();
			try (Connection connection = database.open(); Statement statement = connection.createStatement();
					ResultSet rows = statement.executeQuery("select count(*) from " + table)) {
				rows.next();
				assertThat(rows.getLong(1)).as("rows the migration wrote").isEqualTo(1);
			}
		}
		finally {
			try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
				statement.execute("drop table if exists " + table);
				statement.execute("drop table if exists " + table + "_history");
			}
		}
	}

	private static long awaitNoBackends(TestDatabase database, String applicationName, Duration timeout)
			throws SQLException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		long backends;
		while ((backends = backends(database, applicationName)) > 0 && System.nanoTime() - deadline < 0) {
			Thread.sleep(20);
		}
		return backends;
	}

	private static long backends(TestDatabase database, String applicationName) throws SQLException {
		try (Connection connection = database.open();
				PreparedStatement statement = connection
					.prepareStatement("select count(*) from pg_stat_activity where application_name = ?")) {
			statement.setString(1, applicationName);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getLong(1);
			}
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class FlywayApplication {

	}

}
