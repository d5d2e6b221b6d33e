package dev.dbconn.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.lifecycle.ConnMaxAge;
import dev.dbconn.lifecycle.LifecyclePolicy;
import dev.dbconn.testsupport.RunNames;
import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.SetupSource;
import org.junit.jupiter.params.ParameterizedTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A unit of work opened with {@link UnitOfWork#begin()}, and what {@link ConnectionInfo} tells of the
 * connection it holds, against the servers.
 */
class UnitOfWorkTests {

	private static final LifecyclePolicy KEEP = new LifecyclePolicy(ConnMaxAge.UNLIMITED, false, Duration.ofSeconds(5));

	private static final String TABLE = RunNames.of("dbconn_uow_lost");

	@ParameterizedTest
	@SetupSource
	void everyGetConnectionInsideBeginSharesOnePhysicalConnectionHeldUntilTheScopeCloses(Setup setup)
			throws Exception {
		try (HikariDataSource pool = setup.pool(2)) {
			LifecycleDataSource dataSource = new LifecycleDataSource(pool, "dataSource", KEEP);
			ServerSide server = setup.database().serverSide();
			try (UnitOfWork.Scope scope = UnitOfWork.begin()) {
				long first = backend(dataSource, server);
				assertThat(pool.getHikariPoolMXBean().getActiveConnections()).as("lent out between the unit's handles")
					.isEqualTo(1);
				long elsewhere = CompletableFuture.supplyAsync(() -> backendOrFail(dataSource, server))
					.get(30, TimeUnit.SECONDS);
				assertThat(elsewhere).as("another thread meanwhile gets another connection").isNotEqualTo(first);
				assertThat(backend(dataSource, server)).isEqualTo(first);
			}
			assertThat(pool.getHikariPoolMXBean().getActiveConnections()).as("lent out after the unit").isZero();
		}
	}

	@ParameterizedTest
	@SetupSource
	void connectionInfoTellsAConnectionKeptFromAnEarlierUnitFromANewOne(Setup setup) throws Exception {
		try (HikariDataSource pool = setup.pool(1)) {
			LifecycleDataSource dataSource = new LifecycleDataSource(pool, "dataSource", KEEP);
			ServerSide server = setup.database().serverSide();
			Seen first = inUnit(dataSource, server);
			assertThat(first.reused()).as("first unit").isFalse();
			assertThat(first.unitsServed()).isEqualTo(1);
			Seen second = inUnit(dataSource, server);
			assertThat(second.backend()).as("the server's backend of the second unit").isEqualTo(first.backend());
			assertThat(second.connectionId()).isEqualTo(first.connectionId());
			assertThat(second.reused()).as("second unit").isTrue();
			assertThat(second.unitsServed()).isEqualTo(2);
			assertThat(dataSource.closeIdleConnections()).isEqualTo(1);
			assertThat(server.awaitGone(first.backend(), Duration.ofSeconds(5))).isTrue();
			Seen third = inUnit(dataSource, server);
			assertThat(third.backend()).isNotEqualTo(first.backend());
			assertThat(third.connectionId()).isNotEqualTo(first.connectionId());
			assertThat(third.reused()).as("after the first was closed").isFalse();
			assertThat(third.unitsServed()).isEqualTo(1);
		}
	}

	/**
	 * A transaction begun in SQL whose backend is killed between two handles: closing the first, dbconn
	 * settles the connection (on MariaDB and MySQL it asks the server whether a transaction is open)
	 * and meets the dead connection, which the application has not seen die. The unit's next handle
	 * must fail, not go on on another connection, where its statements would run outside the
	 * transaction the server rolled back and its {@code COMMIT} would commit nothing (found by the
	 * soak, {@code SoakTests}).
	 */
	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aTransactionWhoseBackendIsKilledBetweenTwoHandlesIsNotGoneOnWithOnAnotherConnection(Setup setup)
			throws Exception {
		try (HikariDataSource pool = setup.pool(2)) {
			LifecycleDataSource dataSource = new LifecycleDataSource(pool, "dataSource", KEEP);
			ServerSide server = setup.database().serverSide();
			createTable(setup);
			Throwable next;
			try (UnitOfWork.Scope scope = UnitOfWork.begin()) {
				try (Connection first = dataSource.getConnection(); Statement statement = first.createStatement()) {
					statement.execute("BEGIN");
					statement.execute("insert into " + TABLE + " values (1)");
					server.killBackend(server.backendId(first));
				}
				next = catchThrowable(() -> {
					try (Connection second = dataSource.getConnection(); Statement statement = second.createStatement()) {
						statement.execute("insert into " + TABLE + " values (2)");
						statement.execute("COMMIT");
					}
				});
			}
			assertThat(committedRowsDroppingTable(setup)).as("rows committed").isZero();
			assertThat(next).as("the unit's next use of the database").isInstanceOf(SQLException.class);
		}
	}

	/**
	 * A handle held open through the unit (as JPA's open-in-view holds one) and others beside it, on
	 * the one connection while it is in auto-commit mode: a short-lived handle that closes while the
	 * held one has begun a JDBC transaction leaves that transaction alone (closing it used to roll it
	 * back and switch auto-commit on again, so the held handle's commit committed nothing of what came
	 * before); and an SQL transaction begun through one handle goes on through the next ones, to the
	 * {@code COMMIT}, on the same backend.
	 */
	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void handlesBesideAHeldOneLeaveItsTransactionAloneAndJoinAnSqlTransaction(Setup setup) throws Exception {
		try (HikariDataSource pool = setup.pool(2)) {
			LifecycleDataSource dataSource = new LifecycleDataSource(pool, "dataSource", KEEP);
			ServerSide server = setup.database().serverSide();
			createTable(setup);
			try (UnitOfWork.Scope scope = UnitOfWork.begin(); Connection held = dataSource.getConnection()) {
				long backend = server.backendId(held);
				Connection beside = dataSource.getConnection();
				assertThat(server.backendId(beside)).as("a handle beside the held one").isEqualTo(backend);
				held.setAutoCommit(false);
				try (Statement statement = held.createStatement()) {
					statement.execute("insert into " + TABLE + " values (1)");
				}
				beside.close();
				try (Statement statement = held.createStatement()) {
					statement.execute("insert into " + TABLE + " values (2)");
				}
				held.commit();
				held.setAutoCommit(true);
				for (String sql : new String[] { "BEGIN", "insert into " + TABLE + " values (3)",
						"insert into " + TABLE + " values (4)", "COMMIT" }) {
					try (Connection next = dataSource.getConnection(); Statement statement = next.createStatement()) {
						assertThat(server.backendId(next)).as("the handle for " + sql).isEqualTo(backend);
						statement.execute(sql);
					}
				}
			}
			assertThat(committedRowsDroppingTable(setup)).as("rows committed").isEqualTo(4);
			assertThat(pool.getHikariPoolMXBean().getActiveConnections()).as("lent out after the unit").isZero();
		}
	}

	/**
	 * The reverse: a handle beside the held one begins a JDBC transaction and closes without ending
	 * it. Rolled back at its close, as at any handle's (and the connection closed at the unit's end),
	 * so the held handle's next transaction commits only its own row.
	 */
	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aTransactionLeftByAHandleBesideAHeldOneIsRolledBackAtItsClose(Setup setup) throws Exception {
		try (HikariDataSource pool = setup.pool(2)) {
			LifecycleDataSource dataSource = new LifecycleDataSource(pool, "dataSource", KEEP);
			ServerSide server = setup.database().serverSide();
			createTable(setup);
			long backend;
			try (UnitOfWork.Scope scope = UnitOfWork.begin(); Connection held = dataSource.getConnection()) {
				backend = server.backendId(held);
				try (Connection beside = dataSource.getConnection(); Statement statement = beside.createStatement()) {
					assertThat(server.backendId(beside)).as("a handle beside the held one").isEqualTo(backend);
					beside.setAutoCommit(false);
					statement.execute("insert into " + TABLE + " values (1)");
				}
				assertThat(held.getAutoCommit()).as("auto-commit, as when the handles came to share").isTrue();
				insertInATransactionOfItsOwn(held, 2);
			}
			assertThat(committedRowsDroppingTable(setup)).as("rows committed: the held handle's only").isEqualTo(1);
			assertThat(server.awaitGone(backend, Duration.ofSeconds(5)))
				.as("closed at the unit's end, as after any transaction a handle left open").isTrue();
			assertThat(pool.getHikariPoolMXBean().getActiveConnections()).as("lent out after the unit").isZero();
		}
	}

	/**
	 * A handle beside the held one that switched auto-commit off and worked again after its commit,
	 * through a statement prepared before it, has that work rolled back at its close.
	 */
	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aHandleBesideAHeldOneSettlesWhatItDidAfterItsLastCommit(Setup setup) throws Exception {
		try (HikariDataSource pool = setup.pool(2)) {
			LifecycleDataSource dataSource = new LifecycleDataSource(pool, "dataSource", KEEP);
			createTable(setup);
			try (UnitOfWork.Scope scope = UnitOfWork.begin(); Connection held = dataSource.getConnection()) {
				try (Connection beside = dataSource.getConnection();
						PreparedStatement insert = beside.prepareStatement("insert into " + TABLE + " values (?)")) {
					beside.setAutoCommit(false);
					insert.setInt(1, 2);
					insert.executeUpdate();
					beside.commit();
					insert.setInt(1, 3);
					insert.executeUpdate();
				}
				insertInATransactionOfItsOwn(held, 4);
			}
			assertThat(committedRowsDroppingTable(setup)).as("rows committed: 2 and 4").isEqualTo(2);
		}
	}

	/**
	 * A handle beside the held one whose own transaction ended (committed, auto-commit left off) and
	 * that sent nothing since leaves alone the transaction the held handle began in the meantime.
	 */
	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aHandleBesideWhoseTransactionEndedLeavesTheHeldHandlesTransactionAlone(Setup setup) throws Exception {
		try (HikariDataSource pool = setup.pool(2)) {
			LifecycleDataSource dataSource = new LifecycleDataSource(pool, "dataSource", KEEP);
			createTable(setup);
			try (UnitOfWork.Scope scope = UnitOfWork.begin(); Connection held = dataSource.getConnection()) {
				Connection beside = dataSource.getConnection();
				beside.setAutoCommit(false);
				try (Statement statement = beside.createStatement()) {
					statement.execute("insert into " + TABLE + " values (1)");
				}
				beside.commit();
				// auto-commit is off already: the held handle's transaction begins with its statement
				try (Statement statement = held.createStatement()) {
					statement.execute("insert into " + TABLE + " values (2)");
				}
				beside.close();
				held.commit();
				held.setAutoCommit(true);
			}
			assertThat(committedRowsDroppingTable(setup)).as("rows committed, each by its own handle").isEqualTo(2);
		}
	}

	/** A JDBC transaction on the handle, as a transaction manager runs one: begun, one row, committed. */
	private static void insertInATransactionOfItsOwn(Connection handle, int row) throws SQLException {
		handle.setAutoCommit(false);
		try (Statement statement = handle.createStatement()) {
			statement.execute("insert into " + TABLE + " values (" + row + ")");
		}
		handle.commit();
		handle.setAutoCommit(true);
	}

	private static void createTable(Setup setup) throws SQLException {
		try (Connection side = setup.database().open(); Statement statement = side.createStatement()) {
			statement.execute("drop table if exists " + TABLE);
			statement.execute("create table " + TABLE + " (id int)");
		}
	}

	private static int committedRowsDroppingTable(Setup setup) throws SQLException {
		try (Connection side = setup.database().open(); Statement statement = side.createStatement()) {
			int rows;
			try (ResultSet result = statement.executeQuery("select count(*) from " + TABLE)) {
				result.next();
				rows = result.getInt(1);
			}
			statement.execute("drop table " + TABLE);
			return rows;
		}
	}

	/** What a unit of work saw of its connection through two handles, which must agree. */
	private record Seen(long backend, long connectionId, boolean reused, long unitsServed) {
	}

	private static Seen inUnit(LifecycleDataSource dataSource, ServerSide server) throws SQLException {
		try (UnitOfWork.Scope scope = UnitOfWork.begin()) {
			Seen first = seen(dataSource, server);
			assertThat(seen(dataSource, server)).as("through a second handle in the same unit").isEqualTo(first);
			return first;
		}
	}

	private static Seen seen(LifecycleDataSource dataSource, ServerSide server) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			ConnectionInfo info = connection.unwrap(ConnectionInfo.class);
			return new Seen(server.backendId(connection), info.connectionId(), info.reused(), info.unitsServed());
		}
	}

	private static long backend(LifecycleDataSource dataSource, ServerSide server) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			return server.backendId(connection);
		}
	}

	private static long backendOrFail(LifecycleDataSource dataSource, ServerSide server) {
		try {
			return backend(dataSource, server);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
