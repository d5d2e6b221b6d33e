package dev.dbconn.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.lifecycle.CloseReason;
import dev.dbconn.lifecycle.ConnMaxAge;
import dev.dbconn.lifecycle.LifecyclePolicy;
import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.SetupSource;
import dev.dbconn.testsupport.TestDatabase.Kind;
import org.junit.jupiter.params.ParameterizedTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link UnitOfWork#closeOldConnections()} in a loop that runs as one long unit of work, observed
 * from the server: an aged connection and a broken one are closed and the loop goes on on a fresh
 * one; a fresh connection, and one inside a transaction, are left alone.
 */
class CloseOldConnectionsTests {

	private static final Duration GONE_WITHIN = Duration.ofSeconds(5);

	@ParameterizedTest
	@SetupSource
	void anAgedConnectionIsClosedAndTheLoopGoesOnOnANewOne(Setup setup) throws Exception {
		try (HikariDataSource pool = pool(setup)) {
			LifecycleDataSource dataSource = new LifecycleDataSource(pool, "dataSource", policy("1", false));
			ServerSide server = setup.database().serverSide();
			try (UnitOfWork.Scope loop = UnitOfWork.begin()) {
				long first = backend(dataSource, server);
				Thread.sleep(1100);
				assertThat(backend(dataSource, server)).as("kept mid-unit though past its age").isEqualTo(first);
				assertThat(UnitOfWork.closeOldConnections()).as("closed").isEqualTo(1);
				assertThat(server.awaitGone(first, GONE_WITHIN)).as("aged backend gone").isTrue();
				long second = backend(dataSource, server);
				assertThat(second).isNotEqualTo(first);
				assertThat(backend(dataSource, server)).as("the new one serves the rest of the unit").isEqualTo(second);
			}
			assertThat(dataSource.getStatistics().closed(CloseReason.MAX_AGE)).isEqualTo(1);
		}
	}

	@ParameterizedTest
	@SetupSource
	void aFreshConnectionIsLeftToTheUnit(Setup setup) throws Exception {
		try (HikariDataSource pool = pool(setup)) {
			LifecycleDataSource dataSource = new LifecycleDataSource(pool, "dataSource", policy("10m", false));
			ServerSide server = setup.database().serverSide();
			try (UnitOfWork.Scope loop = UnitOfWork.begin()) {
				long first = backend(dataSource, server);
				for (int i = 0; i < 3; i++) {
					assertThat(UnitOfWork.closeOldConnections()).as("closed").isZero();
					assertThat(backend(dataSource, server)).isEqualTo(first);
				}
				assertThat(server.backendExists(first)).isTrue();
			}
			assertThat(dataSource.getStatistics().acquired()).as("one acquisition for the whole loop").isEqualTo(1);
		}
	}

	@ParameterizedTest
	@SetupSource
	void aConnectionBrokenByAnErrorIsClosedAndTheLoopGoesOnOnANewOne(Setup setup) throws Exception {
		try (HikariDataSource pool = pool(setup)) {
			LifecycleDataSource dataSource = new LifecycleDataSource(pool, "dataSource", policy("unlimited", false));
			ServerSide server = setup.database().serverSide();
			try (UnitOfWork.Scope loop = UnitOfWork.begin()) {
				long first = backend(dataSource, server);
				server.killBackend(first);
				// the iteration that meets the dead connection fails
				assertThatExceptionOfType(SQLException.class).isThrownBy(() -> backend(dataSource, server));
				assertThat(UnitOfWork.closeOldConnections()).as("closed").isEqualTo(1);
				long second = backend(dataSource, server);
				assertThat(second).isNotEqualTo(first);
			}
			assertThat(dataSource.getStatistics().closed(CloseReason.ERROR)).isEqualTo(1);
		}
	}

	@ParameterizedTest
	@SetupSource
	void withHealthChecksAConnectionKilledServerSideIsClosedBeforeTheNextIterationUsesIt(Setup setup)
			throws Exception {
		try (HikariDataSource pool = pool(setup)) {
			LifecycleDataSource dataSource = new LifecycleDataSource(pool, "dataSource", policy("unlimited", true));
			ServerSide server = setup.database().serverSide();
			try (UnitOfWork.Scope loop = UnitOfWork.begin()) {
				long first = backend(dataSource, server);
				server.killBackend(first);
				assertThat(UnitOfWork.closeOldConnections()).as("closed").isEqualTo(1);
				long second = backend(dataSource, server);
				assertThat(second).as("next iteration, no failure").isNotEqualTo(first);
				assertThat(UnitOfWork.closeOldConnections()).as("a live one passes its check").isZero();
				assertThat(backend(dataSource, server)).isEqualTo(second);
			}
			assertThat(dataSource.getStatistics().closed(CloseReason.HEALTH_CHECK)).isEqualTo(1);
		}
	}

	/**
	 * With a health-check window, a loop in one long unit is checked once per window: a check that
	 * passes counts as the connection's last success, so a connection killed right after it is not
	 * checked again within the window (its next statement fails instead, as without checks).
	 */
	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void withAWindowALongUnitIsCheckedOncePerWindow(Setup setup) throws Exception {
		try (HikariDataSource pool = pool(setup)) {
			LifecycleDataSource dataSource = new LifecycleDataSource(pool, "dataSource",
					new LifecyclePolicy(ConnMaxAge.UNLIMITED, true, Duration.ofSeconds(5), Duration.ofHours(1)));
			ServerSide server = setup.database().serverSide();
			try (UnitOfWork.Scope loop = UnitOfWork.begin()) {
				long first = backend(dataSource, server);
				assertThat(UnitOfWork.closeOldConnections()).as("checked, and passed").isZero();
				server.killBackend(first);
				assertThat(UnitOfWork.closeOldConnections()).as("not checked again within the window").isZero();
			}
		}
	}

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aConnectionInsideATransactionIsNotBrokenUp(Setup setup) throws Exception {
		try (HikariDataSource pool = pool(setup)) {
			LifecycleDataSource dataSource = new LifecycleDataSource(pool, "dataSource", policy("0", false));
			ServerSide server = setup.database().serverSide();
			try (UnitOfWork.Scope loop = UnitOfWork.begin()) {
				long first = backend(dataSource, server);
				execute(dataSource, "BEGIN");
				assertThat(UnitOfWork.closeOldConnections()).as("closed inside the transaction").isZero();
				execute(dataSource, "COMMIT");
				assertThat(backend(dataSource, server)).as("same transaction's connection").isEqualTo(first);
				assertThat(UnitOfWork.closeOldConnections()).as("closed once committed, at age 0").isEqualTo(1);
				assertThat(server.awaitGone(first, GONE_WITHIN)).isTrue();
			}
			assertThat(dataSource.getStatistics().closed(CloseReason.OPEN_TRANSACTION)).isZero();
		}
	}

	/**
	 * The server drops a connection inside a transaction begun in SQL: closing old connections does
	 * not let the loop go on, unawares, on a new one outside the transaction; the next use fails. On
	 * MariaDB and MySQL, whose drivers are asked about the transaction with a round trip, the call
	 * finds the connection dead and the next getConnection() fails once (08006); pgjdbc answers
	 * without one, so the connection is left alone and the next statement on it fails.
	 */
	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aConnectionLostInsideAnSqlTransactionIsNotReplacedUnawares(Setup setup) throws Exception {
		try (HikariDataSource pool = pool(setup)) {
			LifecycleDataSource dataSource = new LifecycleDataSource(pool, "dataSource", policy("unlimited", false));
			ServerSide server = setup.database().serverSide();
			try (UnitOfWork.Scope loop = UnitOfWork.begin()) {
				long first = backend(dataSource, server);
				execute(dataSource, "BEGIN");
				server.killBackend(first);
				UnitOfWork.closeOldConnections();
				assertThatExceptionOfType(SQLException.class).as("the transaction's connection is gone: the unit is told")
					.isThrownBy(() -> execute(dataSource, "select 1"))
					.satisfies((ex) -> assertThat(setup.kind() == Kind.POSTGRESQL || "08006".equals(ex.getSQLState()))
						.as("SQLState %s", ex.getSQLState()).isTrue());
			}
		}
	}

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void outsideAUnitOfWorkThereIsNothingToClose(Setup setup) throws Exception {
		try (HikariDataSource pool = pool(setup)) {
			LifecycleDataSource dataSource = new LifecycleDataSource(pool, "dataSource", policy("0", false));
			backend(dataSource, setup.database().serverSide());
			assertThat(UnitOfWork.closeOldConnections()).isZero();
		}
	}

	private static LifecyclePolicy policy(String maxAge, boolean healthChecks) {
		return new LifecyclePolicy(ConnMaxAge.parse(maxAge), healthChecks, Duration.ofSeconds(5));
	}

	private static HikariDataSource pool(Setup setup) {
		HikariDataSource pool = setup.pool(2);
		pool.setConnectionTimeout(5000);
		return pool;
	}

	private static long backend(LifecycleDataSource dataSource, ServerSide server) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			return server.backendId(connection);
		}
	}

	private static void execute(LifecycleDataSource dataSource, String sql) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
