package dev.dbconn.integration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

import dev.dbconn.testsupport.TestDatabase.Kind;
import dev.dbconn.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.dbconn.integration.RunningApp.param;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session state never leaks from one request to the next: request A changes it, request B on the
 * same backend sees the default. With {@code db.session-reset=never} the same requests show the leak.
 */
class SessionStateTests {

	private static final String ROLE = "dbconn_test_role";

	private static final String POOL_OF_ONE = "spring.datasource.hikari.maximum-pool-size=1";

	private static final String UNLIMITED = "db.conn-max-age=unlimited";

	/** A kind of session state: a statement that changes it, and a query that reads it. */
	record StateChange(Kind kind, String name, String change, String read) {

		@Override
		public String toString() {
			return this.kind + " " + this.name;
		}

	}

	static Stream<StateChange> stateChanges() {
		return Stream.of(
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
				pg("advisory lock", "select pg_advisory_lock(4242)",
						"select count(*) from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()"),
				pg("LISTEN", "listen dbconn_channel", "select count(*) from pg_listening_channels()"),
				// MariaDB
				maria("user variable", "set @dbconn_var = 42", "select coalesce(@dbconn_var, 'unset')"),
				maria("user variable assigned in SELECT", "select @dbconn_var2 := 7",
						"select coalesce(@dbconn_var2, 'unset')"),
				maria("sql_mode", "set session sql_mode = 'ANSI_QUOTES'", "select @@session.sql_mode"),
				maria("time_zone", "set time_zone = '+06:00'", "select @@session.time_zone"),
				maria("session isolation", "set session transaction isolation level serializable",
						"select @@session.tx_isolation"),
				maria("wait_timeout", "set session wait_timeout = 77", "select @@session.wait_timeout"),
				maria("temporary table", "create temporary table dbconn_tmp (id int)",
						"select count(*) from dbconn_tmp"),
				maria("named lock", "select get_lock('dbconn_lock', 0)",
						"select coalesce(is_used_lock('dbconn_lock') = connection_id(), 0)"));
	}

	private static StateChange pg(String name, String change, String read) {
		return new StateChange(Kind.POSTGRESQL, name, change, read);
	}

	private static StateChange maria(String name, String change, String read) {
		return new StateChange(Kind.MARIADB, name, change, read);
	}

	@BeforeAll
	static void createRole() throws SQLException {
		try (Connection connection = TestDatabases.postgres().open();
				Statement statement = connection.createStatement()) {
			statement.execute("do $$ begin if not exists (select from pg_roles where rolname = '" + ROLE
					+ "') then create role " + ROLE + "; end if; end $$");
		}
	}

	@AfterAll
	static void dropRole() throws SQLException {
		try (Connection connection = TestDatabases.postgres().open();
				Statement statement = connection.createStatement()) {
			statement.execute("drop role if exists " + ROLE);
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("stateChanges")
	void theNextRequestOnTheSameBackendSeesTheDefault(StateChange state) throws Exception {
		try (RunningApp app = RunningApp.start(state.kind(), UNLIMITED, POOL_OF_ONE)) {
			String before = app.get("/sql/value?sql=" + param(state.read()));
			String backend = app.post("/sql/execute?sql=" + param(state.change()));
			assertThat(before).startsWith(backend + "|");
			assertThat(app.get("/sql/value?sql=" + param(state.read()))).as("read by the next request")
				.isEqualTo(before);
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("stateChanges")
	void withoutResetsTheStateLeaksIntoTheNextRequest(StateChange state) throws Exception {
		try (RunningApp app = RunningApp.start(state.kind(), UNLIMITED, POOL_OF_ONE, "db.session-reset=never")) {
			String before = app.get("/sql/value?sql=" + param(state.read()));
			String backend = app.post("/sql/execute?sql=" + param(state.change()));
			String after = app.get("/sql/value?sql=" + param(state.read()));
			assertThat(after).startsWith(backend + "|").isNotEqualTo(before);
		}
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void jdbcStateChangedThroughTheConnectionApiIsPutBack(Kind kind) throws Exception {
		try (RunningApp app = RunningApp.start(kind, UNLIMITED, POOL_OF_ONE)) {
			String before = app.get("/jdbc/state");
			String backend = app.post("/jdbc/change");
			assertThat(before).startsWith(backend + "|");
			assertThat(app.get("/jdbc/state")).isEqualTo(before);
		}
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void inAutoModeARequestThatChangesNothingSendsNoReset(Kind kind) throws Exception {
		// A lock taken behind dbconn's back survives only if no reset is sent; the server shows who holds it.
		String lock = (kind == Kind.POSTGRESQL) ? "select pg_advisory_lock(777)" : "select get_lock('dbconn_marker', 0)";
		try (RunningApp app = RunningApp.start(kind, UNLIMITED, POOL_OF_ONE)) {
			long backend = Long.parseLong(app.post("/sql/behind-the-back?sql=" + param(lock)));
			assertThat(app.getBackend()).isEqualTo(backend);
			assertThat(app.get("/slow?millis=0")).isEqualTo(backend + "," + backend);
			assertThat(lockHolder(kind)).as("backend holding the lock").isEqualTo(backend);
		}
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void inAlwaysModeEveryRequestEndsWithAReset(Kind kind) throws Exception {
		String lock = (kind == Kind.POSTGRESQL) ? "select pg_advisory_lock(777)" : "select get_lock('dbconn_marker', 0)";
		try (RunningApp app = RunningApp.start(kind, UNLIMITED, POOL_OF_ONE, "db.session-reset=always")) {
			long backend = Long.parseLong(app.post("/sql/behind-the-back?sql=" + param(lock)));
			assertThat(app.getBackend()).isEqualTo(backend);
			assertThat(lockHolder(kind)).as("backend holding the lock").isZero();
		}
	}

	private static long lockHolder(Kind kind) throws SQLException {
		String sql = (kind == Kind.POSTGRESQL)
				? "select coalesce(max(pid), 0) from pg_locks where locktype = 'advisory' and objid = 777"
				: "select coalesce(is_used_lock('dbconn_marker'), 0)";
		try (Connection connection = TestDatabases.get(kind).open();
				Statement statement = connection.createStatement();
				var result = statement.executeQuery(sql)) {
			result.next();
			return result.getLong(1);
		}
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void preparedStatementsKeepWorkingAfterResets(Kind kind) throws Exception {
		// server-side prepared statements from the first use on, so that a reset has something to break
		String url = TestDatabases.get(kind).jdbcUrl() + ((kind == Kind.POSTGRESQL) ? "?prepareThreshold=1"
				: "?useServerPrepStmts=true&cachePrepStmts=true");
		try (RunningApp app = RunningApp.start(TestDatabases.get(kind).withUrl(url), UNLIMITED, POOL_OF_ONE,
				"db.session-reset=always")) {
			String first = app.get("/sql/prepared?times=3");
			String backend = first.substring(0, first.indexOf('|'));
			for (int i = 0; i < 3; i++) {
				assertThat(app.get("/sql/prepared?times=3")).isEqualTo(backend + "|[1, 2, 3]");
			}
		}
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void theIsolationThePoolConfiguresSurvivesAReset(Kind kind) throws Exception {
		String read = (kind == Kind.POSTGRESQL) ? "show transaction_isolation" : "select @@session.tx_isolation";
		String expected = (kind == Kind.POSTGRESQL) ? "serializable" : "SERIALIZABLE";
		try (RunningApp app = RunningApp.start(kind, UNLIMITED, POOL_OF_ONE, "db.session-reset=always",
				"spring.datasource.hikari.transaction-isolation=TRANSACTION_SERIALIZABLE")) {
			String first = app.get("/sql/value?sql=" + param(read));
			String backend = first.substring(0, first.indexOf('|'));
			assertThat(first).isEqualTo(backend + "|" + expected);
			assertThat(app.get("/sql/value?sql=" + param(read))).as("after a reset").isEqualTo(backend + "|" + expected);
		}
	}

	@ParameterizedTest
	@EnumSource(value = Kind.class, names = "MARIADB")
	void theDriversSessionSettingsSurviveAResetAlsoWithUseResetConnection(Kind kind) throws Exception {
		String url = TestDatabases.get(kind).jdbcUrl() + "?useResetConnection=true";
		try (RunningApp app = RunningApp.start(TestDatabases.get(kind).withUrl(url), UNLIMITED, POOL_OF_ONE,
				"db.session-reset=always")) {
			String before = app.get("/sql/value?sql=" + param("select @@session.sql_mode"));
			assertThat(app.get("/sql/value?sql=" + param("select @@session.sql_mode"))).isEqualTo(before);
			assertThat(before).contains("STRICT_TRANS_TABLES");
		}
	}

	@ParameterizedTest
	@EnumSource(value = Kind.class, names = "POSTGRESQL")
	void aConnectionKeptOutsideRequestsIsResetToWhatTheDriverSetEvenWithMaxAgeZero(Kind kind) throws Exception {
		// a backslash and a quote: restored through bound parameters, never spliced into SQL
		String name = "C:\\app's";
		String url = TestDatabases.get(kind).jdbcUrl() + "?ApplicationName=" + param(name);
		try (RunningApp app = RunningApp.start(TestDatabases.get(kind).withUrl(url), POOL_OF_ONE, "db.conn-max-age=0")) {
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
	@EnumSource(Kind.class)
	void initSqlIsAppliedToNewAndKeptConnections(Kind kind) throws Exception {
		String init = (kind == Kind.POSTGRESQL) ? "SET TIME ZONE 'Asia/Tokyo'" : "SET time_zone = '+09:00'";
		String read = (kind == Kind.POSTGRESQL) ? "show timezone" : "select @@session.time_zone";
		String other = (kind == Kind.POSTGRESQL) ? "SET TIME ZONE 'UTC'" : "SET time_zone = '+00:00'";
		String expected = (kind == Kind.POSTGRESQL) ? "Asia/Tokyo" : "+09:00";
		try (RunningApp app = RunningApp.start(kind, UNLIMITED, POOL_OF_ONE, "db.init-sql=" + init)) {
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
