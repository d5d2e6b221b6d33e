package dev.dbconn.integration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.jdbc.UnitOfWork;
import dev.dbconn.lifecycle.ConnMaxAge;
import dev.dbconn.lifecycle.EncodingCheck;
import dev.dbconn.lifecycle.LifecyclePolicy;
import dev.dbconn.lifecycle.SessionPolicy;
import dev.dbconn.lifecycle.SessionReset;
import dev.dbconn.testsupport.PgBouncer;
import dev.dbconn.testsupport.PgBouncer.HeldServer;
import dev.dbconn.testsupport.PgBouncer.PoolMode;
import dev.dbconn.testsupport.RunNames;
import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.TestDatabase;
import dev.dbconn.testsupport.TestDatabase.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Behind PgBouncer in transaction pooling, where a server connection belongs to a client only for
 * a transaction: what holds for the application's connection to PgBouncer, and what cannot hold
 * for a session, whatever dbconn does. PgBouncer has two server connections here; a test takes
 * the one a unit of work just used away from it ({@link PgBouncer#holdServer}), so that its next
 * transaction runs on the other, as it would at any moment under load.
 */
class PgBouncerTransactionPoolingTests {

	private static final int SERVER_CONNECTIONS = 2;

	private static final Setup POSTGRES = Setup.of(Kind.POSTGRESQL);

	/** The settings the README gives for transaction pooling. */
	private static final String[] SETTINGS = { "db.conn-max-age=unlimited", "db.conn-health-checks=true",
			"db.session-reset=never", "spring.datasource.hikari.maximum-pool-size=1" };

	private static final LifecyclePolicy KEEP = new LifecyclePolicy(ConnMaxAge.UNLIMITED, false, Duration.ofSeconds(5));

	private static final SessionPolicy NO_RESET = new SessionPolicy(SessionReset.NEVER, List.of(), List.of(),
			EncodingCheck.OFF);

	private PgBouncer pgBouncer;

	@BeforeEach
	void startPgBouncer() {
		this.pgBouncer = PgBouncer.start(PoolMode.TRANSACTION, SERVER_CONNECTIONS);
	}

	@AfterEach
	void stopPgBouncer() {
		this.pgBouncer.close();
	}

	@Test
	void aRequestKeepsItsConnectionToPgBouncerAndAnSqlTransactionHoldsOneServerConnection() throws Exception {
		try (RunningApp app = RunningApp.start(POSTGRES, database(), SETTINGS)) {
			app.getBackend();
			Set<Integer> clients = this.pgBouncer.clientPorts();
			assertThat(clients).as("the pool's only connection").hasSize(1);
			app.post("/sql-transaction?firstId=41&secondId=42&end=commit");
			assertThat(app.committedRows(41) + app.committedRows(42)).as("rows of the SQL transaction").isEqualTo(2);
			assertThat(this.pgBouncer.clientPorts()).as("kept for the next request").isEqualTo(clients);
		}
	}

	@Test
	void aRequestThatLeavesATransactionOpenIsRolledBackAndItsConnectionToPgBouncerClosed() throws Exception {
		try (RunningApp app = RunningApp.start(POSTGRES, database(), SETTINGS)) {
			app.getBackend();
			Set<Integer> before = this.pgBouncer.clientPorts();
			// the open transaction keeps its server connection for the client until dbconn rolls it back
			long backend = Long.parseLong(app.post("/leave-begin?id=43"));
			ServerSide server = this.pgBouncer.server().serverSide();
			awaitGone(before);
			assertThat(app.committedRows(43)).isZero();
			assertThat(server.inTransaction(backend)).isFalse();
			assertThat(server.countIdleInTransaction()).isZero();
		}
	}

	@Test
	void aServerConnectionKilledBetweenRequestsIsNotTheApplicationsToReplace() throws Exception {
		try (RunningApp app = RunningApp.start(POSTGRES, database(), SETTINGS)) {
			long backend = app.getBackend();
			Set<Integer> clients = this.pgBouncer.clientPorts();
			app.awaitSettled(Duration.ofSeconds(10));
			// straight to the server: through PgBouncer the kill could run on the very connection it kills
			this.pgBouncer.server().serverSide().killBackend(backend);
			assertThat(app.getBackend()).as("served by another server connection").isNotEqualTo(backend);
			assertThat(this.pgBouncer.clientPorts()).as("the application's connection, idle, held none").isEqualTo(clients);
		}
	}

	@Test
	void aSessionSettingDoesNotLastToTheNextTransactionAndReachesAnotherClient() throws Exception {
		try (HikariDataSource pool = database().pool(1)) {
			LifecycleDataSource dataSource = keeping(pool, NO_RESET);
			try (UnitOfWork.Scope unit = UnitOfWork.begin(); Connection connection = dataSource.getConnection()) {
				String[] set = row(connection, "select set_config('work_mem', '7MB', false), pg_backend_pid()");
				long changed = Long.parseLong(set[1]);
				try (HeldServer other = this.pgBouncer.holdServer(changed)) {
					String[] next = row(connection, "select current_setting('work_mem'), pg_backend_pid()");
					assertThat(Long.parseLong(next[1])).as("backend of the next statement, same connection")
						.isNotEqualTo(changed);
					assertThat(next[0]).as("work_mem, next statement").isNotEqualTo("7MB");
					assertThat(other.query("show work_mem")).as("work_mem another client sees").isEqualTo("7MB");
				}
			}
		}
	}

	/**
	 * The reset would have to run on the server connection the request changed, which PgBouncer may
	 * have handed to anyone by the time the request ends.
	 */
	@Test
	void dbconnsResetRunsOnWhicheverServerConnectionIsFreeNotOnTheOneTheRequestChanged() throws Exception {
		try (HikariDataSource pool = database().pool(1)) {
			LifecycleDataSource dataSource = keeping(pool,
					new SessionPolicy(SessionReset.ALWAYS, List.of(), List.of(), EncodingCheck.OFF));
			HeldServer changed;
			try (UnitOfWork.Scope unit = UnitOfWork.begin(); Connection connection = dataSource.getConnection()) {
				String[] set = row(connection, "select set_config('work_mem', '7MB', false), pg_backend_pid()");
				changed = this.pgBouncer.holdServer(Long.parseLong(set[1]));
			}
			try (changed) {
				assertThat(changed.query("show work_mem")).as("the changed server connection after the reset")
					.isEqualTo("7MB");
			}
		}
	}

	@Test
	void aSessionAdvisoryLockStaysWithTheServerConnectionTheNextTransactionCannotReleaseIt() throws Exception {
		int key = RunNames.lockKey(20);
		try (HikariDataSource pool = database().pool(1)) {
			LifecycleDataSource dataSource = keeping(pool, NO_RESET);
			long holder;
			try (UnitOfWork.Scope unit = UnitOfWork.begin(); Connection connection = dataSource.getConnection()) {
				holder = Long.parseLong(row(connection, "select pg_backend_pid() from pg_advisory_lock(" + key + ")")[0]);
				try (HeldServer held = this.pgBouncer.holdServer(holder)) {
					assertThat(row(connection, "select pg_advisory_unlock(" + key + ")::text")[0])
						.as("unlocked by the request's next statement").isEqualTo("false");
				}
			}
			assertThat(lockHolder(this.pgBouncer.server(), key)).as("backend holding the lock after the request")
				.isEqualTo(holder);
			// a lock taken for a transaction ends with it
			try (UnitOfWork.Scope unit = UnitOfWork.begin(); Connection connection = dataSource.getConnection()) {
				connection.setAutoCommit(false);
				row(connection, "select pg_advisory_xact_lock(" + (key + 1) + ")::text");
				assertThat(lockHolder(this.pgBouncer.server(), key + 1)).as("in the transaction").isPositive();
				connection.commit();
			}
			assertThat(lockHolder(this.pgBouncer.server(), key + 1)).as("after the transaction").isZero();
		}
	}

	/**
	 * pgjdbc names its server-side prepared statements per connection ({@code S_1}, {@code S_2}, and
	 * so on) and keeps them for the connection's life: in transaction pooling they stay on the
	 * server connection they were prepared on, where another client's statement of the same name
	 * then fails. With {@code prepareThreshold=0} pgjdbc names none.
	 */
	@Test
	void serverSidePreparedStatementsOfTwoApplicationsCollideUnlessPrepareThresholdIsZero() throws Exception {
		// prepared on the server from the first execution on
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> prepareInTwoApplications("prepareThreshold=1"))
			.satisfies((ex) -> assertThat(ex.getSQLState()).as(ex.getMessage()).isEqualTo("42P05"));
		List<Long> backends = prepareInTwoApplications("prepareThreshold=0");
		assertThat(backends.get(1)).as("backend of the second application").isEqualTo(backends.get(0));
	}

	/** Run a prepared statement in one application, then in another on the same server connection. */
	private List<Long> prepareInTwoApplications(String parameters) throws Exception {
		TestDatabase database = this.pgBouncer.database().withParameters(parameters);
		try (HikariDataSource first = database.pool(1); HikariDataSource second = database.pool(1)) {
			long backend = runPrepared(first);
			List<HeldServer> others = new ArrayList<>();
			try {
				for (long other : this.pgBouncer.serverBackends()) {
					if (other != backend) {
						others.add(this.pgBouncer.holdServer(other));
					}
				}
				return List.of(backend, runPrepared(second));
			}
			finally {
				for (HeldServer other : others) {
					other.close();
				}
			}
		}
	}

	private static long runPrepared(HikariDataSource pool) throws SQLException {
		LifecycleDataSource dataSource = keeping(pool, NO_RESET);
		try (UnitOfWork.Scope unit = UnitOfWork.begin();
				Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("select ?::int + 1, pg_backend_pid()")) {
			statement.setInt(1, 1);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getLong(2);
			}
		}
	}

	/**
	 * Spring sets a transaction's isolation through JDBC before it switches auto-commit off; pgjdbc
	 * sends that as a session setting, in a transaction of its own, and the transaction then runs
	 * on whichever server connection is free.
	 */
	@Test
	void anIsolationSetBeforeATransactionBeginsMayNotBeTheTransactions() throws Exception {
		try (HikariDataSource pool = database().pool(1)) {
			LifecycleDataSource dataSource = keeping(pool, NO_RESET);
			try (UnitOfWork.Scope unit = UnitOfWork.begin(); Connection connection = dataSource.getConnection()) {
				long first = Long.parseLong(row(connection, "select pg_backend_pid()")[0]);
				long other;
				try (HeldServer held = this.pgBouncer.holdServer(first)) {
					// on the other server connection, the only one free
					connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
					other = this.pgBouncer.serverBackends().stream().filter((pid) -> pid != first).findFirst().orElseThrow();
				}
				try (HeldServer held = this.pgBouncer.holdServer(other)) {
					connection.setAutoCommit(false);
					assertThat(row(connection, "show transaction_isolation")[0]).as("the transaction's isolation")
						.isEqualTo("read committed");
					connection.rollback();
					assertThat(held.query("show default_transaction_isolation")).as("where the setting went")
						.isEqualTo("serializable");
				}
			}
		}
	}

	/**
	 * PgBouncer keeps {@code TimeZone}, {@code DateStyle}, {@code client_encoding},
	 * {@code standard_conforming_strings} and {@code application_name} per client and sets them on
	 * every server connection it hands the client; other settings stay where they were made (see
	 * {@link #aSessionSettingDoesNotLastToTheNextTransactionAndReachesAnotherClient()}).
	 */
	@Test
	void initSqlOfASettingPgBouncerTracksHoldsOnEveryServerConnection() throws Exception {
		try (HikariDataSource pool = database().pool(1)) {
			LifecycleDataSource dataSource = keeping(pool, new SessionPolicy(SessionReset.NEVER, List.of(),
					List.of("SET TIME ZONE 'Asia/Tokyo'"), EncodingCheck.OFF));
			try (UnitOfWork.Scope unit = UnitOfWork.begin(); Connection connection = dataSource.getConnection()) {
				String[] first = row(connection, "select current_setting('TimeZone'), pg_backend_pid()");
				assertThat(first[0]).isEqualTo("Asia/Tokyo");
				try (HeldServer held = this.pgBouncer.holdServer(Long.parseLong(first[1]))) {
					String[] next = row(connection, "select current_setting('TimeZone'), pg_backend_pid()");
					assertThat(next[1]).as("backend of the next statement").isNotEqualTo(first[1]);
					assertThat(next[0]).as("TimeZone there").isEqualTo("Asia/Tokyo");
				}
			}
		}
	}

	/** PgBouncer's database with the driver setting transaction pooling needs (PgBouncer before 1.21). */
	private TestDatabase database() {
		return this.pgBouncer.database().withParameters("prepareThreshold=0");
	}

	/** A dbconn DataSource that keeps its connections, with a session policy. */
	private static LifecycleDataSource keeping(HikariDataSource pool, SessionPolicy session) {
		return new LifecycleDataSource(pool, "dataSource", KEEP, session);
	}

	private static String[] row(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			result.next();
			String[] values = new String[result.getMetaData().getColumnCount()];
			for (int i = 0; i < values.length; i++) {
				values[i] = result.getString(i + 1);
			}
			return values;
		}
	}

	private static long lockHolder(TestDatabase server, int key) throws SQLException {
		try (Connection connection = server.open(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(
						"select coalesce(max(pid), 0) from pg_locks where locktype = 'advisory' and objid = " + key)) {
			result.next();
			return result.getLong(1);
		}
	}

	private void awaitGone(Set<Integer> clients) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (this.pgBouncer.clientPorts().stream().anyMatch(clients::contains)) {
			if (System.nanoTime() - deadline >= 0) {
				throw new AssertionError("connection to PgBouncer still open after 30 s: " + clients);
			}
			Thread.sleep(20);
		}
	}

}
