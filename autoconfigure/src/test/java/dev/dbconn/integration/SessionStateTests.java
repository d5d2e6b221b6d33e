package dev.dbconn.integration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import dev.dbconn.testsupport.PgBouncer.PoolMode;
import dev.dbconn.testsupport.RunNames;
import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.SetupSource;
import dev.dbconn.testsupport.TestDatabase;
import dev.dbconn.testsupport.TestDatabase.Kind;
import dev.dbconn.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.dbconn.integration.RunningApp.param;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session state never leaks from one request to the next: request A changes it, request B on the
 * same backend sees the default. With {@code db.session-reset=never} the same requests show the leak.
 */
class SessionStateTests {

	private static final String ROLE = RunNames.of("dbconn_test_role");

	private static final int MARKER_LOCK = RunNames.lockKey(0);

	private static final String MARKER_NAMED_LOCK = RunNames.of("dbconn_marker");

	private static final int RESET_LOCK = RunNames.lockKey(2);

	private static final String RESET_NAMED_LOCK = RunNames.of("dbconn_reset");

	private static final String POOL_OF_ONE = "spring.datasource.hikari.maximum-pool-size=1";

	private static final String UNLIMITED = "db.conn-max-age=unlimited";

	/**
	 * A kind of session state on a setup: a statement that changes it, and a query that reads it. In
	 * the query, {@code {isolation}} stands for the isolation variable's name on the server at hand.
	 */
	record StateChange(Setup setup, String name, String change, String read) {

		String read(ServerSide serverSide) throws SQLException {
			return this.read.replace("{isolation}", serverSide.isolationVariable());
		}

		@Override
		public String toString() {
			return this.setup + " " + this.name;
		}

	}

	/**
	 * The session features PgBouncer's documentation lists as broken by transaction pooling, and
	 * two settings (one of them tracked by PgBouncer itself): in session pooling they are the
	 * application's to reset, which dbconn does.
	 */
	private static final Set<String> THROUGH_PGBOUNCER = Set.of("SET", "SET ROLE", "application_name",
			"temporary table", "advisory lock", "LISTEN");

	/** A session state change on one family of servers, before it is paired with the setups. */
	private record Change(boolean postgres, String name, String change, String read) {

		boolean appliesTo(Setup setup) {
			return this.postgres == (setup.kind() == Kind.POSTGRESQL)
					&& (setup.pgBouncer() == null || THROUGH_PGBOUNCER.contains(this.name));
		}

	}

	static Stream<StateChange> stateChanges() {
		List<Change> changes = List.of(
				// PostgreSQL
				pg("SET", "set work_mem = '7MB'", "show work_mem"),
				pg("SET SESSION", "set session lock_timeout = '7s'", "show lock_timeout"),
				pg("SET ROLE", "set role " + ROLE, "select current_user"),
				pg("SET SESSION AUTHORIZATION", "set session authorization " + ROLE, "select session_user"),
				pg("search_path", "set search_path to pg_catalog", "show search_path"),
				pg("TimeZone", "set time zone 'Asia/Dhaka'", "show timezone"),
				pg("statement_timeout", "set statement_timeout = '5s'", "show statement_timeout"),
				pg("default_transaction_isolation", "set default_transaction_isolation = 'serializable'",
						"show default_transaction_isolation"),
				pg("application_name", "set application_name = 'leaky'", "show application_name"),
				pg("set_config()", "select set_config('maintenance_work_mem', '77MB', false)",
						"show maintenance_work_mem"),
				pg("temporary table", "create temporary table dbconn_tmp (id int)",
						"select count(*) from dbconn_tmp"),
				pg("advisory lock", "select pg_advisory_lock(" + RunNames.lockKey(1) + ")",
						"select count(*) from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()"),
				pg("LISTEN", "listen dbconn_channel", "select count(*) from pg_listening_channels()"),
				// MariaDB and MySQL, through either driver
				my("user variable", "set @dbconn_var = 42", "select coalesce(@dbconn_var, 'unset')"),
				my("user variable assigned in SELECT", "select @dbconn_var2 := 7",
						"select coalesce(@dbconn_var2, 'unset')"),
				my("sql_mode", "set session sql_mode = 'ANSI_QUOTES'", "select @@session.sql_mode"),
				my("time_zone", "set time_zone = '+06:00'", "select @@session.time_zone"),
				my("session isolation", "set session transaction isolation level serializable",
						"select @@session.{isolation}"),
				my("wait_timeout", "set session wait_timeout = 77", "select @@session.wait_timeout"),
				my("USE", "use information_schema", "select database()"),
				my("SET ROLE", "set role " + ROLE, "select coalesce(current_role(), 'NONE')"),
				my("temporary table", "create temporary table dbconn_tmp (id int)",
						"select count(*) from dbconn_tmp"),
				my("named lock", "select get_lock('" + RunNames.of("dbconn_lock") + "', 0)",
						"select coalesce(is_used_lock('" + RunNames.of("dbconn_lock") + "') = connection_id(), 0)"));
		return Setup.matrix(new Kind[0], true, PoolMode.SESSION)
			.stream()
			.flatMap((setup) -> changes.stream()
				.filter((change) -> change.appliesTo(setup))
				.map((change) -> new StateChange(setup, change.name(), change.change(), change.read())));
	}

	private static Change pg(String name, String change, String read) {
		return new Change(true, name, change, read);
	}

	private static Change my(String name, String change, String read) {
		return new Change(false, name, change, read);
	}

	@BeforeAll
	static void createRole() throws SQLException {
		try (Connection connection = TestDatabases.postgres().open();
				Statement statement = connection.createStatement()) {
			statement.execute("do $$ begin if not exists (select from pg_roles where rolname = '" + ROLE
					+ "') then create role " + ROLE + "; end if; end $$");
		}
		// on MariaDB and MySQL a role is granted to the account the tests log in with
		for (Kind kind : new Kind[] { Kind.MARIADB, Kind.MYSQL }) {
			try (Connection connection = TestDatabases.get(kind).open();
					Statement statement = connection.createStatement()) {
				String account;
				try (ResultSet result = statement.executeQuery("select current_user()")) {
					result.next();
					account = result.getString(1);
				}
				int at = account.lastIndexOf('@');
				statement.execute("create role if not exists " + ROLE);
				statement.execute("grant " + ROLE + " to '" + account.substring(0, at) + "'@'" + account.substring(at + 1)
						+ "'");
			}
		}
	}

	@AfterAll
	static void dropRole() throws SQLException {
		try (Connection connection = TestDatabases.postgres().open();
				Statement statement = connection.createStatement()) {
			statement.execute("drop role if exists " + ROLE);
		}
		for (Kind kind : new Kind[] { Kind.MARIADB, Kind.MYSQL }) {
			try (Connection connection = TestDatabases.get(kind).open();
					Statement statement = connection.createStatement()) {
				statement.execute("drop role if exists " + ROLE);
			}
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("stateChanges")
	void theNextRequestOnTheSameBackendSeesTheDefault(StateChange state) throws Exception {
		try (RunningApp app = RunningApp.start(state.setup(), UNLIMITED, POOL_OF_ONE)) {
			String read = state.read(app.serverSide());
			String before = app.get("/sql/value?sql=" + param(read));
			String backend = app.post("/sql/execute?sql=" + param(state.change()));
			assertThat(before).startsWith(backend + "|");
			assertThat(app.get("/sql/value?sql=" + param(read))).as("read by the next request")
				.isEqualTo(before);
		}
	}

	/**
	 * The changes that outlive their request when nothing resets them: on PostgreSQL with the pool's
	 * auto-commit off, each runs inside the implicit transaction the pool rolls back, which takes
	 * transactional settings back with it.
	 */
	static Stream<StateChange> stateChangesThatLeakWithoutReset() {
		return stateChanges()
			.filter((state) -> state.setup().poolAutoCommit() || state.setup().kind() != Kind.POSTGRESQL);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("stateChangesThatLeakWithoutReset")
	void withoutResetsTheStateLeaksIntoTheNextRequest(StateChange state) throws Exception {
		try (RunningApp app = RunningApp.start(state.setup(), UNLIMITED, POOL_OF_ONE, "db.session-reset=never")) {
			String read = state.read(app.serverSide());
			String before = app.get("/sql/value?sql=" + param(read));
			String backend = app.post("/sql/execute?sql=" + param(state.change()));
			String after = app.get("/sql/value?sql=" + param(read));
			assertThat(after).startsWith(backend + "|").isNotEqualTo(before);
		}
	}

	@ParameterizedTest
	@SetupSource
	void jdbcStateChangedThroughTheConnectionApiIsPutBack(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, UNLIMITED, POOL_OF_ONE)) {
			String before = app.get("/jdbc/state");
			String backend = app.post("/jdbc/change");
			assertThat(before).startsWith(backend + "|");
			assertThat(app.get("/jdbc/state")).isEqualTo(before);
		}
	}

	@ParameterizedTest
	@SetupSource(pgBouncer = PoolMode.SESSION)
	void inAutoModeARequestThatChangesNothingSendsNoReset(Setup setup) throws Exception {
		// A lock taken behind dbconn's back survives only if no reset is sent; the server shows who holds it.
		String lock = markerLock(setup);
		try (RunningApp app = RunningApp.start(setup, UNLIMITED, POOL_OF_ONE)) {
			long backend = Long.parseLong(app.post("/sql/behind-the-back?sql=" + param(lock)));
			assertThat(app.getBackend()).isEqualTo(backend);
			assertThat(app.get("/slow?millis=0")).isEqualTo(backend + "," + backend);
			assertThat(lockHolder(setup)).as("backend holding the lock").isEqualTo(backend);
		}
	}

	@ParameterizedTest
	@SetupSource(pgBouncer = PoolMode.SESSION)
	void inAlwaysModeEveryRequestEndsWithAReset(Setup setup) throws Exception {
		String lock = markerLock(setup);
		try (RunningApp app = RunningApp.start(setup, UNLIMITED, POOL_OF_ONE, "db.session-reset=always")) {
			long backend = Long.parseLong(app.post("/sql/behind-the-back?sql=" + param(lock)));
			assertThat(app.getBackend()).isEqualTo(backend);
			assertThat(lockHolder(setup)).as("backend holding the lock").isZero();
		}
	}

	/**
	 * {@code db.session-reset-sql} runs instead of the database's own reset: the request takes two
	 * locks and the reset SQL releases one; the database's reset would release both.
	 */
	@ParameterizedTest
	@SetupSource
	void sessionResetSqlRunsInsteadOfTheDatabasesOwnReset(Setup setup) throws Exception {
		boolean postgres = setup.kind() == Kind.POSTGRESQL;
		String take = postgres ? "select pg_advisory_lock(" + RESET_LOCK + "), pg_advisory_lock(" + MARKER_LOCK + ")"
				: "select get_lock('" + RESET_NAMED_LOCK + "', 0), get_lock('" + MARKER_NAMED_LOCK + "', 0)";
		String resetSql = postgres ? "select pg_advisory_unlock(" + RESET_LOCK + ")"
				: "do release_lock('" + RESET_NAMED_LOCK + "')";
		try (RunningApp app = RunningApp.start(setup, UNLIMITED, POOL_OF_ONE, "db.session-reset-sql=" + resetSql)) {
			long backend = Long.parseLong(app.post("/sql/execute?sql=" + param(take)));
			app.awaitSettled();
			assertThat(lockHolder(setup, RESET_LOCK, RESET_NAMED_LOCK)).as("released by the reset SQL").isZero();
			assertThat(lockHolder(setup)).as("held on: no other reset ran").isEqualTo(backend);
			assertThat(app.getBackend()).as("kept").isEqualTo(backend);
		}
	}

	private static String markerLock(Setup setup) {
		return (setup.kind() == Kind.POSTGRESQL) ? "select pg_advisory_lock(" + MARKER_LOCK + ")"
				: "select get_lock('" + MARKER_NAMED_LOCK + "', 0)";
	}

	private static long lockHolder(Setup setup) throws SQLException {
		return lockHolder(setup, MARKER_LOCK, MARKER_NAMED_LOCK);
	}

	/** The backend holding an advisory lock (PostgreSQL) or a named lock (MariaDB, MySQL), 0 for none. */
	private static long lockHolder(Setup setup, int key, String name) throws SQLException {
		String sql = (setup.kind() == Kind.POSTGRESQL)
				? "select coalesce(max(pid), 0) from pg_locks where locktype = 'advisory' and objid = " + key
				: "select coalesce(is_used_lock('" + name + "'), 0)";
		try (Connection connection = setup.database().open();
				Statement statement = connection.createStatement();
				var result = statement.executeQuery(sql)) {
			result.next();
			return result.getLong(1);
		}
	}

	@ParameterizedTest
	@SetupSource(pgBouncer = PoolMode.SESSION)
	void preparedStatementsKeepWorkingAfterResets(Setup setup) throws Exception {
		// server-side prepared statements from the first use on, so that a reset has something to break
		TestDatabase database = setup.database()
			.withParameters((setup.kind() == Kind.POSTGRESQL) ? "prepareThreshold=1"
					: "useServerPrepStmts=true&cachePrepStmts=true");
		try (RunningApp app = RunningApp.start(setup, database, UNLIMITED, POOL_OF_ONE, "db.session-reset=always")) {
			String first = app.get("/sql/prepared?times=3");
			String backend = first.substring(0, first.indexOf('|'));
			// Connector/J's cache of server-side statements would outlive a reset: it closes rather than resets
			boolean closedInsteadOfReset = setup.kind() == Kind.MYSQL;
			for (int i = 0; i < 3; i++) {
				String next = app.get("/sql/prepared?times=3");
				assertThat(next).endsWith("|[1, 2, 3]");
				String nextBackend = next.substring(0, next.indexOf('|'));
				if (closedInsteadOfReset) {
					assertThat(nextBackend).as("a new connection, the cached statements with it").isNotEqualTo(backend);
				}
				else {
					assertThat(nextBackend).as("reset and kept").isEqualTo(backend);
				}
				backend = nextBackend;
			}
		}
	}

	/**
	 * A reset undoes on the server what the pool set up when it opened the connection: its
	 * {@code connection-init-sql}, and the isolation, schema or catalog, read-only and auto-commit it
	 * is configured with (for the pool's auto-commit off, each cell of the matrix). The next request,
	 * after a reset, finds it all as on a new connection.
	 */
	@ParameterizedTest
	@SetupSource
	void whatThePoolSetsUpOnANewConnectionSurvivesAReset(Setup setup) throws Exception {
		boolean postgres = setup.kind() == Kind.POSTGRESQL;
		try (RunningApp app = RunningApp.start(setup, UNLIMITED, POOL_OF_ONE, "db.session-reset=always",
				"spring.datasource.hikari.transaction-isolation=TRANSACTION_SERIALIZABLE",
				"spring.datasource.hikari.read-only=true",
				"spring.datasource.hikari.connection-init-sql="
						// on PostgreSQL one that builds on the schema, as HikariCP runs it after setting that
						+ (postgres ? "SET TIME ZONE 'Asia/Tokyo'; SET search_path TO pg_catalog, public"
								: "SET time_zone = '+09:00'"),
				postgres ? "spring.datasource.hikari.schema=pg_catalog"
						: "spring.datasource.hikari.catalog=information_schema",
				// information_schema is utf8mb3, which is not what this test is about
				"db.encoding-check=off")) {
			String first = app.get("/jdbc/state");
			String backend = first.substring(0, first.indexOf('|'));
			// read-only as the server sees it depends on the driver (pgjdbc: only inside transactions),
			// so it is compared with the new connection's below, not with a value
			String[] server = first.split("\\|")[1].split(",");
			assertThat(server[1]).as("isolation").isEqualToIgnoringCase("serializable");
			assertThat(server[2]).as("schema or database").isEqualTo(postgres ? "pg_catalog" : "information_schema");
			if (!postgres) {
				assertThat(server[3]).as("the server's autocommit").isEqualTo(setup.poolAutoCommit() ? "1" : "0");
			}
			assertThat(first).contains("readOnly=true", "autoCommit=" + setup.poolAutoCommit());
			String timeZone = "/sql/value?sql=" + param(postgres ? "show timezone" : "select @@session.time_zone");
			assertThat(app.get(timeZone)).isEqualTo(backend + "|" + (postgres ? "Asia/Tokyo" : "+09:00"));
			assertThat(app.get("/jdbc/state")).as("after a reset").isEqualTo(first);
			assertThat(app.get(timeZone)).as("after a reset").isEqualTo(backend + "|" + (postgres ? "Asia/Tokyo" : "+09:00"));
			if (postgres) {
				assertThat(app.get("/sql/value?sql=" + param("show search_path"))).as("after a reset")
					.isEqualTo(backend + "|pg_catalog, public");
			}
		}
	}

	/**
	 * What the pool sets up on a new connection lasts beyond its first handle, whether dbconn opened
	 * the connection for the request ({@code conn-max-age: 0}) or the pool did and no reset follows:
	 * with the pool's auto-commit off it is not left in a transaction that the first handle's close
	 * rolls back (on PostgreSQL, taking the time zone with it).
	 */
	@ParameterizedTest
	@SetupSource
	void whatThePoolSetsUpLastsBeyondTheFirstHandle(Setup setup) throws Exception {
		boolean postgres = setup.kind() == Kind.POSTGRESQL;
		String init = "spring.datasource.hikari.connection-init-sql="
				+ (postgres ? "SET TIME ZONE 'Asia/Tokyo'" : "SET time_zone = '+09:00'");
		String read = "/sql/value-twice?sql=" + param(postgres ? "show timezone" : "select @@session.time_zone");
		String expected = postgres ? "Asia/Tokyo" : "+09:00";
		for (String[] lifecycle : List.of(new String[] { "db.conn-max-age=0" },
				new String[] { UNLIMITED, "db.session-reset=never" })) {
			// the encoding check would run first, outside any transaction, and so end the pool's
			try (RunningApp app = RunningApp.start(setup, POOL_OF_ONE, init, "db.encoding-check=off", lifecycle[0],
					(lifecycle.length > 1) ? lifecycle[1] : "db.session-reset=auto")) {
				// the requests get connections the start-up review (which also runs outside transactions) never saw
				app.context().getBean(DataSource.class).unwrap(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
				for (int request = 0; request < 2; request++) {
					String answer = app.get(read);
					assertThat(answer).as(String.join(" ", lifecycle) + ", request " + request)
						.endsWith("|" + expected + "|" + expected);
				}
			}
		}
	}

	/**
	 * pgjdbc makes the session read-only on the server with {@code readOnlyMode=always}, and
	 * {@code DISCARD ALL} takes that back while the driver still holds itself read-only: a read-only
	 * pool stays read-only on the server after a reset.
	 */
	@ParameterizedTest
	@SetupSource(kinds = Kind.POSTGRESQL)
	void aReadOnlyPoolStaysReadOnlyOnTheServerAfterAReset(Setup setup) throws Exception {
		assertKeptAcrossResetsWith(setup, "readOnlyMode=always", "show transaction_read_only", "on",
				"spring.datasource.hikari.read-only=true");
	}

	/**
	 * MariaDB Connector/J's own reset sets the URL's {@code autocommit=false} again: a pool with
	 * auto-commit on has it on, on the server, after a reset too (else every write outside a
	 * transaction would be rolled back at its handle's close).
	 */
	@ParameterizedTest
	@SetupSource(kinds = Kind.MARIADB, withPoolAutoCommitOff = false)
	void aPoolWithAutoCommitOnHasItOnAfterAResetWhateverTheUrlSays(Setup setup) throws Exception {
		assertKeptAcrossResetsWith(setup, "autocommit=false", "select @@session.autocommit", "1");
	}

	/** The JDBC URL's {@code sessionVariables}, set by the driver when it connects, outlast a reset. */
	@ParameterizedTest
	@SetupSource(kinds = { Kind.MARIADB, Kind.MYSQL })
	void theUrlsSessionVariablesSurviveAReset(Setup setup) throws Exception {
		assertKeptAcrossResetsWith(setup, "sessionVariables=innodb_lock_wait_timeout=7",
				"select @@session.innodb_lock_wait_timeout", "7");
	}

	/** An empty {@code sql_mode} (which the server lists as it lists NULL) is set back as empty. */
	@ParameterizedTest
	@SetupSource(kinds = { Kind.MARIADB, Kind.MYSQL })
	void anEmptySqlModeIsSetBackAsEmptyByAReset(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, UNLIMITED, POOL_OF_ONE, "db.session-reset=always",
				"spring.datasource.hikari.connection-init-sql=SET SESSION sql_mode = ''")) {
			assertKeptWithTheSameValue(app, "select concat('[', @@session.sql_mode, ']')", "[]");
		}
	}

	@ParameterizedTest
	@SetupSource(kinds = Kind.MARIADB)
	void theDriversSessionSettingsSurviveAResetAlsoWithUseResetConnection(Setup setup) throws Exception {
		TestDatabase database = setup.database().withParameters("useResetConnection=true");
		try (RunningApp app = RunningApp.start(setup, database, UNLIMITED, POOL_OF_ONE, "db.session-reset=always")) {
			String before = app.get("/sql/value?sql=" + param("select @@session.sql_mode"));
			assertThat(app.get("/sql/value?sql=" + param("select @@session.sql_mode"))).isEqualTo(before);
			assertThat(before).contains("STRICT_TRANS_TABLES");
		}
	}

	@ParameterizedTest
	@SetupSource(kinds = Kind.MYSQL)
	void theSessionTimeZoneConnectorJSetsSurvivesAReset(Setup setup) throws Exception {
		// set by the driver after connecting, and taken back to the server's default by COM_RESET_CONNECTION
		TestDatabase database = setup.database()
			.withParameters("connectionTimeZone=%2B05:00&forceConnectionTimeZoneToSession=true");
		try (RunningApp app = RunningApp.start(setup, database, UNLIMITED, POOL_OF_ONE, "db.session-reset=always")) {
			assertKeptWithTheSameValue(app, "select @@session.time_zone", "+05:00");
		}
	}

	/**
	 * Two requests read a value, with a reset between them: the same backend answers both, with the
	 * expected value.
	 */
	/**
	 * With the given parameters added to the JDBC URL and a reset after every request, the value the
	 * SQL reads is the expected one on a new connection and again, after a reset, on the same backend.
	 */
	private static void assertKeptAcrossResetsWith(Setup setup, String urlParameters, String sql, String expected,
			String... properties) throws Exception {
		TestDatabase database = setup.database().withParameters(urlParameters);
		List<String> all = new ArrayList<>(List.of(UNLIMITED, POOL_OF_ONE, "db.session-reset=always"));
		all.addAll(List.of(properties));
		try (RunningApp app = RunningApp.start(setup, database, all.toArray(String[]::new))) {
			assertKeptWithTheSameValue(app, sql, expected);
		}
	}

	private static void assertKeptWithTheSameValue(RunningApp app, String sql, String expected) throws Exception {
		String read = "/sql/value?sql=" + param(sql);
		String first = app.get(read);
		String backend = first.substring(0, first.indexOf('|'));
		assertThat(first).isEqualTo(backend + "|" + expected);
		assertThat(app.get(read)).as("after a reset, on the same backend").isEqualTo(backend + "|" + expected);
	}

	@ParameterizedTest
	@SetupSource(kinds = Kind.POSTGRESQL)
	void aConnectionKeptOutsideRequestsIsResetToWhatTheDriverSetEvenWithMaxAgeZero(Setup setup) throws Exception {
		// a backslash and a quote: restored through bound parameters, never spliced into SQL
		String name = "C:\\app's";
		TestDatabase database = setup.database().withParameters("ApplicationName=" + param(name));
		try (RunningApp app = RunningApp.start(setup, database, POOL_OF_ONE, "db.conn-max-age=0")) {
			javax.sql.DataSource dataSource = app.context().getBean(javax.sql.DataSource.class);
			long backend;
			// outside any request: with a zero max age the connection is kept, as in Django
			try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
				backend = app.serverSide().backendId(connection);
				statement.execute("set application_name = 'leaky'");
			}
			try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
					var result = statement.executeQuery("show application_name")) {
				assertThat(app.serverSide().backendId(connection)).isEqualTo(backend);
				result.next();
				assertThat(result.getString(1)).isEqualTo(name);
			}
		}
	}

	@ParameterizedTest
	@SetupSource
	void initSqlIsAppliedToNewAndKeptConnections(Setup setup) throws Exception {
		String init = (setup.kind() == Kind.POSTGRESQL) ? "SET TIME ZONE 'Asia/Tokyo'" : "SET time_zone = '+09:00'";
		String read = (setup.kind() == Kind.POSTGRESQL) ? "show timezone" : "select @@session.time_zone";
		String other = (setup.kind() == Kind.POSTGRESQL) ? "SET TIME ZONE 'UTC'" : "SET time_zone = '+00:00'";
		String expected = (setup.kind() == Kind.POSTGRESQL) ? "Asia/Tokyo" : "+09:00";
		try (RunningApp app = RunningApp.start(setup, UNLIMITED, POOL_OF_ONE, "db.init-sql=" + init)) {
			String first = app.get("/sql/value?sql=" + param(read));
			String backend = first.substring(0, first.indexOf('|'));
			assertThat(first).as("new connection").isEqualTo(backend + "|" + expected);
			// changed behind dbconn's back, so no reset puts it back: only the init SQL can
			app.post("/sql/behind-the-back?sql=" + param(other));
			assertThat(app.get("/sql/value?sql=" + param(read))).as("kept connection")
				.isEqualTo(backend + "|" + expected);
		}
	}

}
