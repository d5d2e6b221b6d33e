package dev.dbconn.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.lifecycle.CloseReason;
import dev.dbconn.lifecycle.ConnMaxAge;
import dev.dbconn.lifecycle.LifecyclePolicy;
import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.SetupSource;
import org.junit.jupiter.params.ParameterizedTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A {@code getConnection()} outside any unit of work is a unit of its own, ended when the connection
 * is closed: a positive maximum age applies then, and a broken connection is closed. Seen from the
 * server; the pool has one connection, so a backend that is kept serves the next checkout.
 */
class OutsideUnitsOfWorkTests {

	private static final Duration GONE_WITHIN = Duration.ofSeconds(5);

	@ParameterizedTest
	@SetupSource
	void aConnectionClosedPastAPositiveMaxAgeIsClosedAndAYoungerOneKept(Setup setup) throws Exception {
		try (HikariDataSource pool = setup.pool(1)) {
			LifecycleDataSource dataSource = new LifecycleDataSource(pool, "dataSource",
					new LifecyclePolicy(ConnMaxAge.parse("1"), false, Duration.ofSeconds(5)));
			ServerSide server = setup.database().serverSide();
			long first = backend(dataSource, server);
			assertThat(backend(dataSource, server)).as("returned younger than its age: kept").isEqualTo(first);
			try (Connection connection = dataSource.getConnection()) {
				assertThat(server.backendId(connection)).isEqualTo(first);
				// past the age while it is held: the checkout is not cut short
				Thread.sleep(1100);
				assertThat(server.backendId(connection)).isEqualTo(first);
			}
			assertThat(server.awaitGone(first, GONE_WITHIN)).as("closed when returned past its age").isTrue();
			assertThat(backend(dataSource, server)).isNotEqualTo(first);
			assertThat(dataSource.getStatistics().closed(CloseReason.MAX_AGE)).isEqualTo(1);
		}
	}

	@ParameterizedTest
	@SetupSource
	void aConnectionThatBrokeIsClosedWhenItIsReturned(Setup setup) throws Exception {
		try (HikariDataSource pool = setup.pool(1)) {
			LifecycleDataSource dataSource = new LifecycleDataSource(pool, "dataSource",
					new LifecyclePolicy(ConnMaxAge.UNLIMITED, false, Duration.ofSeconds(5)));
			ServerSide server = setup.database().serverSide();
			long first;
			try (Connection connection = dataSource.getConnection()) {
				first = server.backendId(connection);
				server.killBackend(first);
				assertThatExceptionOfType(SQLException.class).isThrownBy(() -> server.backendId(connection));
			}
			assertThat(dataSource.getStatistics().closed(CloseReason.ERROR)).as("closed by dbconn as broken")
				.isEqualTo(1);
			long second = backend(dataSource, server);
			assertThat(second).isNotEqualTo(first);
			assertThat(server.backendExists(second)).isTrue();
		}
	}

	private static long backend(LifecycleDataSource dataSource, ServerSide server) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			return server.backendId(connection);
		}
	}

}
