package dev.dbconn.integration;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import dev.dbconn.testsupport.PgBouncer.PoolMode;
import dev.dbconn.lifecycle.CloseReason;
import dev.dbconn.testsupport.RunNames;
import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.SetupSource;
import dev.dbconn.testsupport.TestDatabase.Kind;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.params.ParameterizedTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SPEC section 2's request lifecycle, observed from the server: which backend served each request,
 * and whether the backends dbconn closed are really gone. Runs on every {@link Setup} of the test
 * matrix.
 */
class RequestLifecycleTests {

	private static final Duration GONE_WITHIN = Duration.ofSeconds(5);

	private static final String POOL_OF_ONE = "spring.datasource.hikari.maximum-pool-size=1";

	private static final String POOL_OF_FOUR = "spring.datasource.hikari.maximum-pool-size=4";

	@ParameterizedTest
	@SetupSource
	void maxAgeZeroGivesEachRequestANewBackendAndClosesThePreviousOne(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=0")) {
			long first = app.getBackend();
			long second = app.getBackend();
			assertThat(second).isNotEqualTo(first);
			assertThat(app.serverSide().awaitGone(first, GONE_WITHIN)).as("first backend closed").isTrue();
			assertThat(app.serverSide().awaitGone(second, GONE_WITHIN)).as("second backend closed").isTrue();
		}
	}

	@ParameterizedTest
	@SetupSource
	void maxAgeKeepsTheBackendUntilItIsReachedButNeverMidRequest(Setup setup) throws Exception {
		// three requests must start before the connection is 4 s old: margin for a loaded machine
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=4", POOL_OF_ONE)) {
			long startedBefore = System.nanoTime();
			long first = app.getBackend();
			assertThat(app.getBackend()).as("same backend within 4 s").isEqualTo(first);
			long slowSentAfter = Duration.ofNanos(System.nanoTime() - startedBefore).toMillis();
			assertThat(slowSentAfter).as("milliseconds from the first request to the slow one (< 4000 for the test to "
					+ "mean anything)").isLessThan(4000);
			String slow = app.get("/slow?millis=" + (5000 - slowSentAfter));
			assertThat(slow).as("a request that outlives the age keeps its backend throughout")
				.isEqualTo(first + "," + first);
			// closed at the end of the request during which it reached its max age, not left in the pool
			assertThat(app.serverSide().awaitGone(first, GONE_WITHIN)).as("old backend closed").isTrue();
			assertThat(app.getBackend()).as("new backend after 4 s").isNotEqualTo(first);
		}
	}

	@ParameterizedTest
	@SetupSource
	void aConnectionThatAgedWhileIdleIsReplacedAtTheStartOfTheNextRequest(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=2", POOL_OF_ONE)) {
			long first = app.getBackend();
			Thread.sleep(2200);
			long second = app.getBackend();
			assertThat(second).isNotEqualTo(first);
			assertThat(app.serverSide().awaitGone(first, GONE_WITHIN)).isTrue();
		}
	}

	@ParameterizedTest
	@SetupSource(pgBouncer = PoolMode.SESSION)
	void unlimitedKeepsTheSameBackendAcrossRequests(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=unlimited", POOL_OF_ONE)) {
			long first = app.getBackend();
			for (int i = 0; i < 6; i++) {
				Thread.sleep(500);
				assertThat(app.getBackend()).isEqualTo(first);
			}
			assertThat(app.serverSide().backendExists(first)).isTrue();
		}
	}

	@ParameterizedTest
	@SetupSource
	@EnabledForJreRange(min = JRE.JAVA_21)
	void onVirtualThreadsEveryRequestRunsOnANewThreadAndStillReusesTheBackend(Setup setup) throws Exception {
		// a pool of four, filled at start: reuse is not forced, a new backend per request would be possible
		try (RunningApp app = RunningApp.start(setup, "spring.threads.virtual.enabled=true",
				"db.conn-max-age=unlimited", POOL_OF_FOUR)) {
			assertThat(app.get("/thread")).as("request thread").contains("VirtualThread");
			long first = app.getBackend();
			for (int i = 0; i < 5; i++) {
				assertThat(app.getBackend()).isEqualTo(first);
			}
			assertThat(app.serverSide().backendExists(first)).isTrue();
		}
	}

	@ParameterizedTest
	@SetupSource
	void anAsyncRequestReleasesItsConnectionAtTheHandOff(Setup setup) throws Exception {
		// with one connection, the continuation could not get one if the hand-off kept it
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=unlimited", POOL_OF_ONE)) {
			String[] result = app.get("/async").split(",");
			assertThat(result[1]).as("backend of the continuation").isEqualTo(result[0]);
		}
	}

	@ParameterizedTest
	@SetupSource(pgBouncer = PoolMode.SESSION)
	void withHealthChecksABackendKilledBetweenRequestsIsReplacedWithoutAFailedRequest(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=unlimited", "db.conn-health-checks=true",
				POOL_OF_ONE)) {
			long first = app.getBackend();
			app.killBackend(first);
			long second = app.getBackend();
			assertThat(second).isNotEqualTo(first);
			assertThat(app.getBackend()).isEqualTo(second);
		}
	}

	@ParameterizedTest
	@SetupSource(pgBouncer = PoolMode.SESSION)
	void withoutHealthChecksABackendKilledBetweenRequestsFailsTheNextRequestOnlyAndTheOneAfterWorks(Setup setup)
			throws Exception {
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=unlimited", POOL_OF_ONE)) {
			long first = app.getBackend();
			app.killBackend(first);
			HttpResponse<String> failed = app.send("GET", "/backend");
			assertThat(failed.statusCode()).as("the request whose statement hit the dead connection: %s", failed.body())
				.isEqualTo(500);
			long second = Long.parseLong(checkOk(app.send("GET", "/backend")));
			assertThat(second).as("backend of the request after the failed one").isNotEqualTo(first);
			assertThat(app.getBackend()).as("and it is kept").isEqualTo(second);
		}
	}

	@ParameterizedTest
	@SetupSource(pgBouncer = PoolMode.SESSION)
	void aStatementErrorKeepsTheConnection(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=unlimited", POOL_OF_ONE)) {
			String[] result = app.get("/syntax-error").split(",");
			long first = Long.parseLong(result[0]);
			assertThat(Long.parseLong(result[1])).as("backend after the error, same request").isEqualTo(first);
			assertThat(app.getBackend()).as("backend of the next request").isEqualTo(first);
			assertThat(app.serverSide().backendExists(first)).isTrue();
		}
	}

	@ParameterizedTest
	@SetupSource
	void anErrorFollowedByAFailedCheckClosesTheConnectionAsAnError(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=unlimited", POOL_OF_ONE)) {
			long backend = Long.parseLong(app.post("/error-then-killed?error=syntax&id=30"));
			assertThat(app.closed(CloseReason.ERROR)).as("closed at the end of the request, as an error").isEqualTo(1);
			long next = Long.parseLong(checkOk(app.send("GET", "/backend")));
			assertThat(next).as("the next request is not handed the dead connection").isNotEqualTo(backend);
		}
	}

	/**
	 * A duplicate key says nothing about the connection: it is not checked at the end of the request,
	 * so a backend that died after the error is kept and met by the next request. With the pool's
	 * auto-commit off, HikariCP's own rollback when the connection comes back meets it first and
	 * evicts it, which would hide whether dbconn checked it.
	 */
	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aDataOrIntegrityErrorTriggersNoCheck(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=unlimited", POOL_OF_ONE)) {
			long backend = Long.parseLong(app.post("/error-then-killed?error=duplicate-key&id=31"));
			assertThat(app.committedRows(31)).isEqualTo(1);
			assertThat(app.closed(CloseReason.ERROR)).as("closed at the end of the request").isZero();
			HttpResponse<String> unchecked = app.send("GET", "/backend");
			assertThat(unchecked.statusCode()).as("the next request meets the dead backend: %s", unchecked.body())
				.isEqualTo(500);
			assertThat(app.getBackend()).isNotEqualTo(backend);
		}
	}

	/**
	 * MariaDB and MySQL commit before a DDL statement runs; when it then fails, the error carries no
	 * status, and both drivers keep the in-transaction flag of the statement before. dbconn asks the
	 * server rather than take the flag's word, sees no transaction, and keeps the connection. With
	 * the pool's auto-commit off every handle's work is an implicit transaction, rolled back when the
	 * handle closes whatever the flag says, so the question does not arise.
	 */
	@ParameterizedTest
	@SetupSource(kinds = { Kind.MARIADB, Kind.MYSQL }, withPoolAutoCommitOff = false)
	void aTransactionThatAFailingStatementCommittedIsNotTakenForAnOpenOne(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=unlimited", POOL_OF_ONE)) {
			long backend = app.getBackend();
			HttpResponse<String> response = app.send("POST", "/sql-transaction?firstId=26&secondId=27&end=failing-ddl");
			assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
			assertThat(app.committedRows(26)).as("committed by the failing DDL statement").isEqualTo(1);
			assertThat(app.committedRows(27)).isEqualTo(1);
			assertThat(app.serverSide().countIdleInTransaction()).isZero();
			assertThat(app.closed(CloseReason.OPEN_TRANSACTION)).isZero();
			assertThat(app.getBackend()).as("no transaction was left: the connection is kept").isEqualTo(backend);
		}
	}

	@ParameterizedTest
	@SetupSource(pgBouncer = PoolMode.SESSION)
	void aConnectionDroppedMidRequestIsReplacedForTheRestOfTheRequestAndTheNext(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=unlimited", POOL_OF_ONE)) {
			String[] result = app.get("/drop-mid-request").split(",");
			long dropped = Long.parseLong(result[0]);
			assertThat(result[1]).as("the query on the dropped connection failed").isEqualTo("true");
			long replacement = Long.parseLong(result[2]);
			assertThat(replacement).isNotEqualTo(dropped);
			assertThat(app.getBackend()).isEqualTo(replacement);
		}
	}

	@ParameterizedTest
	@SetupSource
	void aRequestThatLeavesAutoCommitOffIsRolledBackAndItsConnectionClosed(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=unlimited", POOL_OF_ONE)) {
			long backend = Long.parseLong(checkOk(app.send("POST", "/leave-auto-commit-off?id=1")));
			assertLeftWorkRolledBack(setup, app, backend, 1);
		}
	}

	/**
	 * On MariaDB and MySQL a statement that fails after it wrote (a procedure that inserts, then
	 * signals an error) leaves its write in the transaction, and the server's error reply carries no
	 * transaction status for the driver to keep: what the handle left is rolled back all the same.
	 */
	@ParameterizedTest
	@SetupSource(kinds = { Kind.MARIADB, Kind.MYSQL })
	void aRequestWhoseCallFailedAfterWritingIsRolledBack(Setup setup) throws Exception {
		String procedure = RunNames.of("dbconn_insert_then_fail");
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=unlimited", POOL_OF_ONE)) {
			try (Connection connection = setup.database().open(); Statement statement = connection.createStatement()) {
				statement.execute("drop procedure if exists " + procedure);
				statement.execute("create procedure " + procedure + "(in p_id int) begin insert into "
						+ LifecycleTestApplication.TABLE + " (id, label) values (p_id, 'then-fail'); "
						+ "signal sqlstate '45000' set message_text = 'failed after writing'; end");
			}
			long backend = Long.parseLong(checkOk(app.send("POST", "/leave-failed-call?id=3&procedure=" + procedure)));
			assertLeftWorkRolledBack(setup, app, backend, 3);
		}
		finally {
			try (Connection connection = setup.database().open(); Statement statement = connection.createStatement()) {
				statement.execute("drop procedure if exists " + procedure);
			}
		}
	}

	@ParameterizedTest
	@SetupSource
	void aRequestThatLeavesAnSqlTransactionOpenIsRolledBackAndItsConnectionClosed(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=unlimited", POOL_OF_ONE)) {
			long backend = Long.parseLong(checkOk(app.send("POST", "/leave-begin?id=2")));
			assertLeftWorkRolledBack(setup, app, backend, 2);
		}
	}

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false, pgBouncer = PoolMode.SESSION)
	void anSqlTransactionOverSeparateJdbcTemplateCallsCommitsAllItsRowsAndKeepsTheConnection(Setup setup)
			throws Exception {
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=unlimited",
				"spring.datasource.hikari.maximum-pool-size=4")) {
			long backend = Long.parseLong(checkOk(app.send("POST", "/sql-transaction?firstId=20&secondId=21&end=commit")));
			assertThat(app.committedRows(20)).isEqualTo(1);
			assertThat(app.committedRows(21)).isEqualTo(1);
			assertThat(app.serverSide().countIdleInTransaction()).isZero();
			assertThat(app.getBackend()).as("committed: nothing left open, the connection is kept").isEqualTo(backend);
		}
	}

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void anSqlTransactionStillOpenWhenTheRequestReturnsCommitsNothing(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=unlimited", POOL_OF_ONE)) {
			long backend = Long.parseLong(checkOk(app.send("POST", "/sql-transaction?firstId=22&secondId=23&end=return")));
			assertThat(app.committedRows(23)).isZero();
			assertNeverCommittedAndNotHandedOn(app, backend, 22);
		}
	}

	/**
	 * A {@code @Transactional} method inside a transaction begun in SQL would commit it, its earlier
	 * statements included, and leave the application's {@code ROLLBACK} nothing to undo: it is refused.
	 */
	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aJdbcTransactionInsideAnSqlTransactionIsRefusedAndCommitsNothing(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=unlimited", POOL_OF_ONE)) {
			String[] answer = checkOk(app.send("POST", "/sql-transaction-then-transactional?firstId=32&secondId=33"))
				.split(",");
			assertThat(answer[0]).isEqualTo("refused");
			assertThat(app.committedRows(32)).as("rolled back by the application").isZero();
			assertThat(app.committedRows(33)).isZero();
			assertThat(app.serverSide().countIdleInTransaction()).isZero();
			assertThat(app.getBackend()).as("nothing left open: kept").isEqualTo(Long.parseLong(answer[1]));
		}
	}

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void anSqlTransactionEndedByAFailingStatementCommitsNothingAndTheNextRequestWorks(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=unlimited", POOL_OF_ONE)) {
			long backend = app.getBackend();
			HttpResponse<String> response = app.send("POST", "/sql-transaction?firstId=24&secondId=25&end=fail");
			assertThat(response.statusCode()).isEqualTo(500);
			assertThat(app.committedRows(25)).isZero();
			assertNeverCommittedAndNotHandedOn(app, backend, 24);
		}
	}

	@ParameterizedTest
	@SetupSource
	void workLeftUncommittedByAClosedConnectionIsNotCommittedByALaterTransactionInTheSameRequest(Setup setup)
			throws Exception {
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=unlimited", POOL_OF_ONE)) {
			long backend = Long.parseLong(checkOk(app.send("POST", "/leave-then-transactional?leftId=3&transactionalId=4")));
			assertThat(app.committedRows(4)).as("row of the later transaction").isEqualTo(1);
			assertLeftWorkRolledBack(setup, app, backend, 3);
		}
	}

	@ParameterizedTest
	@SetupSource(pgBouncer = PoolMode.SESSION)
	void jdbcStateChangedByOneHandleIsPutBackBeforeTheNextHandleInTheSameRequest(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=unlimited", POOL_OF_ONE)) {
			long backend = Long.parseLong(checkOk(app.send("POST", "/manual-commit-then-plain-insert?firstId=5&secondId=6")));
			assertThat(app.committedRows(5)).isEqualTo(1);
			// a handle of a pool with auto-commit off promises auto-commit off: its row is rolled back
			assertThat(app.committedRows(6)).as("row inserted with the pool's auto-commit mode")
				.isEqualTo(setup.poolAutoCommit() ? 1 : 0);
			assertThat(app.getBackend()).as("nothing was left open: the connection is kept").isEqualTo(backend);
		}
	}

	@ParameterizedTest
	@SetupSource(kinds = Kind.POSTGRESQL)
	void aConnectionThePoolClosedAfterAnErrorIsReplacedWithinTheRequest(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=unlimited", POOL_OF_ONE)) {
			String[] result = app.get("/pool-fatal-error").split(",");
			assertThat(result[1]).isNotEqualTo(result[0]);
			assertThat(app.getBackend()).isEqualTo(Long.parseLong(result[1]));
		}
	}

	/**
	 * With the pool in auto-commit mode, a transaction a handle leaves is out of the ordinary: the
	 * connection is closed. With auto-commit off it is the implicit transaction every handle has,
	 * rolled back at handle close as normal: the connection is kept (SPEC section 2).
	 */
	private static void assertLeftWorkRolledBack(Setup setup, RunningApp app, long backend, int id) throws Exception {
		if (setup.poolAutoCommit()) {
			assertNeverCommittedAndNotHandedOn(app, backend, id);
			return;
		}
		assertThat(app.committedRows(id)).isZero();
		assertThat(app.serverSide().countIdleInTransaction()).isZero();
		assertThat(app.getBackend()).as("the implicit transaction is no reason to close the connection")
			.isEqualTo(backend);
	}

	private static void assertNeverCommittedAndNotHandedOn(RunningApp app, long backend, int id) throws Exception {
		ServerSide serverSide = app.serverSide();
		assertThat(serverSide.awaitGone(backend, GONE_WITHIN)).as("connection left in a transaction is closed")
			.isTrue();
		assertThat(app.getBackend()).isNotEqualTo(backend);
		assertThat(app.committedRows(id)).isZero();
		assertThat(serverSide.countIdleInTransaction()).isZero();
	}

	@ParameterizedTest
	@SetupSource
	void requiresNewInsideARequestGetsItsOwnConnection(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=unlimited",
				"spring.datasource.hikari.maximum-pool-size=2")) {
			// inner first: the outer transaction has begun with no statement yet when the inner one starts
			for (boolean innerFirst : new boolean[] { false, true }) {
				int outerId = innerFirst ? 12 : 10;
				int innerId = outerId + 1;
				HttpResponse<String> response = app.send("POST",
						"/requires-new?outerId=" + outerId + "&innerId=" + innerId + "&innerFirst=" + innerFirst);
				assertThat(response.statusCode()).isEqualTo(500);
				assertThat(app.committedRows(innerId)).as("inner REQUIRES_NEW row, inner first " + innerFirst)
					.isEqualTo(1);
				assertThat(app.committedRows(outerId)).as("outer row, rolled back, inner first " + innerFirst).isZero();
				assertThat(app.serverSide().countIdleInTransaction()).isZero();
			}
		}
	}

	/**
	 * Inside the window a connection that just worked is not checked, so a backend killed meanwhile
	 * fails the request (the price of the window); once the window has passed it is checked again and
	 * replaced unseen.
	 */
	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aHealthCheckWindowSkipsTheCheckOfAConnectionThatWorkedWithinIt(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=unlimited", "db.conn-health-checks=true",
				"db.health-check-window=1h", POOL_OF_ONE)) {
			long first = app.getBackend();
			app.killBackend(first);
			assertThat(app.send("GET", "/backend").statusCode()).as("not checked within the window").isEqualTo(500);
			assertThat(app.getBackend()).isNotEqualTo(first);
		}
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=unlimited", "db.conn-health-checks=true",
				"db.health-check-window=500ms", POOL_OF_ONE)) {
			long first = app.getBackend();
			Thread.sleep(1000);
			app.killBackend(first);
			assertThat(app.getBackend()).as("checked once the window has passed, and replaced").isNotEqualTo(first);
		}
	}

	@ParameterizedTest
	@SetupSource(pgBouncer = PoolMode.SESSION)
	void aServletFilterAndTheHandlerShareTheRequestsConnection(Setup setup) throws Exception {
		// a pool of four: the handler could get a connection of its own if the filter's were given back;
		// kept connections come from the pool, whose count of lent-out connections tells the sharing
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=unlimited", POOL_OF_FOUR)) {
			String[] result = app.get("/filter-and-handler").split(",");
			assertThat(result[1]).as("handler's backend").isEqualTo(result[0]);
			assertThat(result[2]).as("connections the pool had lent out after the filter's query").isEqualTo("1");
		}
	}

	private static String checkOk(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body();
	}

}
