package dev.dbconn.integration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.actuate.DbConnectionsEndpoint;
import dev.dbconn.actuate.DbConnectionsEndpoint.ConnectionReport;
import dev.dbconn.actuate.DbConnectionsEndpoint.DataSourceReport;
import dev.dbconn.actuate.DbConnectionsEndpoint.FindingReport;
import dev.dbconn.autoconfigure.DbConnAutoConfiguration;
import dev.dbconn.autoconfigure.DbConnMetricsAutoConfiguration;
import dev.dbconn.autoconfigure.DbConnectionsEndpointAutoConfiguration;
import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.jdbc.UnitOfWork;
import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.TestDatabases;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three DataSource beans in one application, as Django's {@code DATABASES} has several aliases, each
 * with its own {@code CONN_MAX_AGE}: a PostgreSQL one kept without limit, a MariaDB one closed after
 * every unit of work, both with the top-level health checks, and a PostgreSQL one excluded, which
 * behaves as HikariCP alone does. What each does is read from its server.
 */
class SeveralDataSourcesTests {

	private static final Duration GONE_WITHIN = Duration.ofSeconds(30);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DbConnAutoConfiguration.class,
				DbConnectionsEndpointAutoConfiguration.class, DbConnMetricsAutoConfiguration.class,
				MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
		.withUserConfiguration(ThreeDataSources.class)
		.withPropertyValues("db.conn-max-age=10m", "db.conn-health-checks=true",
				"db.datasources.postgres.conn-max-age=unlimited", "db.datasources.mariadb.conn-max-age=0",
				"db.excluded-datasources=plain", "management.endpoints.web.exposure.include=dbconnections");

	@Test
	void eachDataSourceKeepsOrClosesItsConnectionsAsItsOwnSettingsSay() {
		ServerSide postgresServer = TestDatabases.postgres().serverSide();
		ServerSide mariadbServer = TestDatabases.mariadb().serverSide();
		this.runner.run((context) -> {
			DataSource postgres = context.getBean("postgres", DataSource.class);
			DataSource mariadb = context.getBean("mariadb", DataSource.class);
			List<Long> postgresBackends = new ArrayList<>();
			List<Long> mariadbBackends = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				// one unit of work that uses both: each connection is settled by its own DataSource's rules
				try (UnitOfWork.Scope scope = UnitOfWork.begin()) {
					postgresBackends.add(backend(postgres, postgresServer));
					mariadbBackends.add(backend(mariadb, mariadbServer));
				}
			}
			assertThat(new HashSet<>(postgresBackends)).as("PostgreSQL, conn-max-age unlimited: one backend")
				.hasSize(1);
			long kept = postgresBackends.get(0);
			assertThat(postgresServer.backendExists(kept)).as("the kept PostgreSQL backend").isTrue();
			assertThat(new HashSet<>(mariadbBackends)).as("MariaDB, conn-max-age 0: a new backend each unit")
				.hasSize(3);
			for (long backend : mariadbBackends) {
				assertThat(mariadbServer.awaitGone(backend, GONE_WITHIN)).as("MariaDB backend %d closed", backend)
					.isTrue();
			}

			// the PostgreSQL DataSource sets no health checks of its own: it has the top-level ones, so a
			// kept backend the server dropped is replaced before the unit of work sees it
			postgresServer.killBackend(kept);
			long replacement;
			try (UnitOfWork.Scope scope = UnitOfWork.begin()) {
				replacement = backend(postgres, postgresServer);
			}
			assertThat(replacement).as("a new backend in place of the killed one").isNotEqualTo(kept);

			DbConnectionsEndpoint endpoint = context.getBean(DbConnectionsEndpoint.class);
			assertThat(endpoint.connections().dataSources()).containsOnlyKeys("postgres", "mariadb");
			DataSourceReport postgresReport = endpoint.connections("postgres");
			assertThat(postgresReport.settings().connMaxAge()).isEqualTo("unlimited");
			assertThat(postgresReport.settings().connHealthChecks()).isTrue();
			assertThat(postgresReport.connections()).extracting(ConnectionReport::backendId)
				.containsExactly(replacement);
			assertThat(postgresReport.counters().closed()).containsEntry("health-check", 1L);
			// HikariCP's 30-minute maxLifetime against this DataSource's unlimited age: the fix names the
			// property that sets it
			assertThat(postgresReport.findings()).extracting(FindingReport::fix)
				.contains("Set db.datasources.postgres.conn-max-age to at most 1800s to say what happens, or raise "
						+ "spring.datasource.hikari.max-lifetime.");
			DataSourceReport mariadbReport = endpoint.connections("mariadb");
			assertThat(mariadbReport.settings().connMaxAge()).isEqualTo(0L);
			assertThat(mariadbReport.settings().connHealthChecks()).isTrue();
			assertThat(mariadbReport.counters().closed()).containsEntry("max-age", 3L);
			assertThat(mariadbReport.connections()).extracting(ConnectionReport::backendId)
				.doesNotContainAnyElementsOf(mariadbBackends);

			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(closed(registry, "mariadb", "max-age")).isEqualTo(3);
			assertThat(closed(registry, "mariadb", "health-check")).isZero();
			assertThat(closed(registry, "postgres", "health-check")).isEqualTo(1);
			assertThat(closed(registry, "postgres", "max-age")).isZero();
			assertThat(registry.find("dbconn.connections.closed").tag("datasource", "plain").meters()).isEmpty();
		});
	}

	@Test
	void theExcludedDataSourceIsLeftToHikariAlone() {
		ServerSide server = TestDatabases.postgres().serverSide();
		this.runner.run((context) -> {
			DataSource plain = context.getBean("plain", DataSource.class);
			assertThat(plain).isExactlyInstanceOf(HikariDataSource.class);
			assertThat(plain.isWrapperFor(LifecycleDataSource.class)).isFalse();
			long backend;
			try (UnitOfWork.Scope scope = UnitOfWork.begin(); Connection connection = plain.getConnection()) {
				backend = server.backendId(connection);
				execute(connection, "begin");
				execute(connection, "set application_name = 'left-by-the-first-unit'");
			}
			// dbconn would roll the transaction back and close the connection at the end of the unit;
			// HikariCP takes it back as it is
			assertThat(server.inTransaction(backend)).as("the first unit's transaction, still open").isTrue();
			try (UnitOfWork.Scope scope = UnitOfWork.begin(); Connection connection = plain.getConnection()) {
				assertThat(server.backendId(connection)).as("the same backend").isEqualTo(backend);
				assertThat(text(connection, "select current_setting('application_name')"))
					.isEqualTo("left-by-the-first-unit");
				execute(connection, "rollback");
			}
			assertThat(context.getBean(DbConnectionsEndpoint.class).connections("plain")).isNull();
		});
	}

	private static long backend(DataSource dataSource, ServerSide server) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			return server.backendId(connection);
		}
	}

	private static double closed(MeterRegistry registry, String dataSource, String reason) {
		return registry.get("dbconn.connections.closed")
			.tags("datasource", dataSource, "reason", reason)
			.functionCounter()
			.count();
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static String text(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class ThreeDataSources {

		@Bean
		HikariDataSource postgres() {
			return TestDatabases.postgres().pool(1);
		}

		@Bean
		HikariDataSource mariadb() {
			return TestDatabases.mariadb().pool(2);
		}

		@Bean
		HikariDataSource plain() {
			return TestDatabases.postgres().pool(1);
		}

	}

}
