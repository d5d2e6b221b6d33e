package dev.dbconn.integration;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.dbconn.integration.AsyncController.Part;
import dev.dbconn.integration.AsyncController.Use;
import dev.dbconn.testsupport.RunNames;
import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.SetupSource;
import dev.dbconn.testsupport.TestDatabase;
import dev.dbconn.testsupport.TestDatabase.Kind;
import dev.dbconn.testsupport.TestDatabases;
import org.junit.jupiter.params.ParameterizedTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Async servlet requests end to end, observed from the server: the request thread's connection is
 * settled at the hand-off, the async part of each kind Spring MVC offers is a unit of work of its own
 * with the {@code db.conn-max-age} rules, nothing leaks when a request times out or its task fails,
 * and under a load of each kind the pool ends with nothing lent out and the server with no more
 * backends than the pool. Runs on every {@link Setup} of the test matrix.
 */
class AsyncRequestTests {

	private static final Duration GONE_WITHIN = Duration.ofSeconds(10);

	private static final Duration SETTLED_WITHIN = Duration.ofSeconds(30);

	private static final String OWN_MVC_EXECUTOR = "it.own-mvc-executor=true";

	private static final int LOAD = 200;

	private static final int LOAD_POOL = 10;

	/**
	 * The kinds of async request, with the answer each gives.
	 */
	enum AsyncKind {

		CALLABLE("/async/callable", "callable"),

		WEB_ASYNC_TASK("/async/web-async-task", "web-async-task"),

		DEFERRED_RESULT("/async/deferred", "deferred"),

		DEFERRED_RESULT_TIMING_OUT("/async/deferred-timeout", "timeout"),

		WEB_ASYNC_TASK_TIMING_OUT("/async/web-async-task-timeout", "timeout"),

		STREAMING_RESPONSE_BODY("/async/streaming", "streaming"),

		SSE_EMITTER("/async/sse", "data:first\n\ndata:last\n\n");

		private final String path;

		private final String answer;

		AsyncKind(String path, String answer) {
			this.path = path;
			this.answer = answer;
		}

	}

	@ParameterizedTest
	@SetupSource
	void withMaxAgeZeroTheAsyncPartOfEachKindIsAUnitOfItsOwnWhoseBackendIsGoneAfterwards(Setup setup)
			throws Exception {
		try (RunningApp app = start(setup, "db.conn-max-age=0", "spring.datasource.hikari.maximum-pool-size=4")) {
			ServerSide server = app.serverSide();
			for (AsyncKind kind : AsyncKind.values()) {
				Part part = call(app, kind, kind + "-0");
				assertThat(part.lastBackend()).as("%s: one connection for the async part", kind)
					.isEqualTo(part.firstBackend());
				assertThat(part.firstBackend()).as("%s: the async part's own connection", kind)
					.isNotEqualTo(part.requestBackend());
				assertThat(server.awaitGone(part.requestBackend(), GONE_WITHIN))
					.as("%s: the request thread's backend closed", kind)
					.isTrue();
				assertThat(server.awaitGone(part.firstBackend(), GONE_WITHIN))
					.as("%s: the async part's backend closed when it ended", kind)
					.isTrue();
			}
		}
	}

	@ParameterizedTest
	@SetupSource
	void withUnlimitedMaxAgeTheAsyncPartOfEachKindKeepsItsBackendForTheNextRequest(Setup setup) throws Exception {
		// one connection: a unit that closed it would make the next request's backend another
		try (RunningApp app = start(setup, "db.conn-max-age=unlimited", "spring.datasource.hikari.maximum-pool-size=1")) {
			ServerSide server = app.serverSide();
			long backend = app.getBackend();
			for (AsyncKind kind : AsyncKind.values()) {
				Part part = call(app, kind, kind + "-unlimited");
				assertThat(List.of(part.requestBackend(), part.firstBackend(), part.lastBackend()))
					.as("%s: the request thread's and the async part's backends", kind)
					.containsOnly(backend);
				assertThat(app.awaitSettled(SETTLED_WITHIN)).as("%s: every connection back in the pool", kind).isTrue();
				assertThat(server.inTransaction(backend)).as("%s: kept without a transaction", kind).isFalse();
			}
			assertThat(app.getBackend()).as("backend of the next request").isEqualTo(backend);
			assertThat(server.backendExists(backend)).isTrue();
		}
	}

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void theRequestThreadsConnectionIsSettledAtTheHandOffBeforeTheAsyncPartRuns(Setup setup) throws Exception {
		try (RunningApp app = start(setup, "db.conn-max-age=unlimited", "spring.datasource.hikari.maximum-pool-size=4")) {
			String[] answer = app.get("/async/hand-off?row=30").split(",");
			long backend = Long.parseLong(answer[0]);
			assertThat(answer[1]).as("the request thread's transaction still open when the async part ran")
				.isEqualTo("false");
			assertThat(app.committedRows(30)).as("row of the request thread's transaction").isZero();
			assertThat(app.serverSide().awaitGone(backend, GONE_WITHIN))
				.as("the request thread's connection, left in a transaction, is closed")
				.isTrue();
		}
	}

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void anAsyncTaskThatFailsWithATransactionOpenCommitsNothingAndItsConnectionIsClosed(Setup setup)
			throws Exception {
		try (RunningApp app = start(setup, "db.conn-max-age=unlimited", "spring.datasource.hikari.maximum-pool-size=4")) {
			HttpResponse<String> response = app.send("GET", "/async/failing-task?id=failing&row=31");
			assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
			Part part = controller(app).part("failing");
			assertThat(part.lastBackend()).as("the insert ran in the task's transaction").isEqualTo(part.firstBackend());
			assertThat(app.serverSide().awaitGone(part.firstBackend(), GONE_WITHIN))
				.as("the connection left in a transaction is closed")
				.isTrue();
			assertThat(app.committedRows(31)).as("row of the failed task's transaction").isZero();
			assertThat(app.awaitSettled(SETTLED_WITHIN)).isTrue();
			assertThat(call(app, AsyncKind.WEB_ASYNC_TASK, "after-failing").firstBackend())
				.as("the next task gets another connection")
				.isNotEqualTo(part.firstBackend());
		}
	}

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void twoHundredConcurrentRequestsOfEachKindWithUnlimitedMaxAgeLeaveNothingLentOutAndShareThePool(Setup setup)
			throws Exception {
		load(setup, "unlimited", (server, backends) -> assertThat(backends)
			.as("backends the async parts used, all kept in the pool")
			.hasSizeLessThanOrEqualTo(LOAD_POOL));
	}

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void twoHundredConcurrentRequestsOfEachKindWithMaxAgeZeroLeaveNothingLentOutAndCloseEachBackend(Setup setup)
			throws Exception {
		load(setup, "0", (server, backends) -> {
			Set<Long> left = awaitNoneOf(server, backends);
			assertThat(left).as("backends of async parts still open").isEmpty();
		});
	}

	/**
	 * Send {@value #LOAD} requests of each kind at once, kind after kind, to an application on a
	 * database of its own, and check what the pool and the server show afterwards; then give the
	 * backends the async parts used to the check.
	 */
	private static void load(Setup setup, String maxAge, BackendsCheck check) throws Exception {
		String name = RunNames.of("dbconn_async_" + ("0".equals(maxAge) ? "zero" : maxAge));
		createDatabase(setup.kind(), name);
		try {
			TestDatabase database = setup.database().inDatabase(name);
			try (RunningApp app = RunningApp.start(setup, database, OWN_MVC_EXECUTOR, "db.conn-max-age=" + maxAge,
					"spring.datasource.hikari.maximum-pool-size=" + LOAD_POOL,
					"spring.datasource.hikari.connection-timeout=30000", "server.tomcat.accept-count=" + LOAD,
					"logging.level.dev.dbconn=INFO")) {
				AsyncController controller = controller(app);
				Set<Long> backends = new HashSet<>();
				for (AsyncKind kind : AsyncKind.values()) {
					List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
					for (int i = 0; i < LOAD; i++) {
						responses.add(app.getAsync(kind.path + "?requestQuery=false&id=" + kind + "-" + i));
					}
					for (int i = 0; i < LOAD; i++) {
						HttpResponse<String> response = responses.get(i).get(60, TimeUnit.SECONDS);
						assertThat(response.statusCode()).as("%s request %s: %s", kind, i, response.body()).isEqualTo(200);
						assertThat(response.body()).as("%s request %s", kind, i).isEqualTo(kind.answer);
					}
					for (int i = 0; i < LOAD; i++) {
						Part part = controller.part(kind + "-" + i);
						assertThat(part.lastBackend()).as("%s request %s: one connection", kind, i)
							.isEqualTo(part.firstBackend());
						backends.add(part.firstBackend());
					}
				}
				assertThat(app.awaitSettled(SETTLED_WITHIN)).as("every connection back").isTrue();
				assertThat(app.activeConnections()).as("HikariCP's active connections").isZero();
				ServerSide server = database.serverSide();
				assertThat(awaitAtMost(server, LOAD_POOL)).as("the application's backends on the server")
					.hasSizeLessThanOrEqualTo(LOAD_POOL);
				assertThat(server.countIdleInTransaction()).as("backends idle in a transaction").isZero();
				assertNoBackendUsedTwiceAtOnce(controller.uses());
				check.check(server, backends);
			}
		}
		finally {
			dropDatabase(setup.kind(), name);
		}
	}

	/** The database's backends, once there are no more than the given number or the wait is over. */
	private static Set<Long> awaitAtMost(ServerSide server, int most) throws Exception {
		long deadline = System.nanoTime() + SETTLED_WITHIN.toNanos();
		Set<Long> backends = server.backends();
		while (backends.size() > most && System.nanoTime() - deadline < 0) {
			Thread.sleep(50);
			backends = server.backends();
		}
		return backends;
	}

	/** Those of the given backends still on the server, once there are none or the wait is over. */
	private static Set<Long> awaitNoneOf(ServerSide server, Set<Long> closed) throws Exception {
		long deadline = System.nanoTime() + SETTLED_WITHIN.toNanos();
		Set<Long> left = server.backends();
		left.retainAll(closed);
		while (!left.isEmpty() && System.nanoTime() - deadline < 0) {
			Thread.sleep(50);
			left = server.backends();
			left.retainAll(closed);
		}
		return left;
	}

	/**
	 * No two queries ran on one backend at once: each physical connection served one thread at a time.
	 */
	private static void assertNoBackendUsedTwiceAtOnce(List<Use> uses) {
		Map<Long, List<Use>> byBackend = uses.stream().collect(Collectors.groupingBy(Use::backend));
		for (List<Use> onOneBackend : byBackend.values()) {
			List<Use> sorted = new ArrayList<>(onOneBackend);
			sorted.sort(Comparator.comparingLong(Use::startNanos));
			for (int i = 1; i < sorted.size(); i++) {
				Use before = sorted.get(i - 1);
				Use after = sorted.get(i);
				assertThat(after.startNanos()).as("%s began while %s still ran", after, before)
					.isGreaterThan(before.endNanos());
			}
		}
	}

	/** A check of the backends the async parts of a load used. */
	@FunctionalInterface
	private interface BackendsCheck {

		void check(ServerSide server, Set<Long> backends) throws Exception;

	}

	private static RunningApp start(Setup setup, String... properties) throws SQLException {
		List<String> all = new ArrayList<>(List.of(OWN_MVC_EXECUTOR));
		all.addAll(List.of(properties));
		return RunningApp.start(setup, all.toArray(String[]::new));
	}

	private static AsyncController controller(RunningApp app) {
		return app.context().getBean(AsyncController.class);
	}

	/** Send a request of the kind, check its answer and return what its async part saw. */
	private static Part call(RunningApp app, AsyncKind kind, String id) throws Exception {
		HttpResponse<String> response = app.send("GET", kind.path + "?id=" + id);
		assertThat(response.statusCode()).as("%s: %s", kind, response.body()).isEqualTo(200);
		assertThat(response.body()).as(kind.toString()).isEqualTo(kind.answer);
		Part part = controller(app).part(id);
		if (kind == AsyncKind.CALLABLE || kind == AsyncKind.STREAMING_RESPONSE_BODY) {
			assertThat(part.thread()).as("%s: on the application's own MVC executor", kind).startsWith("it-mvc-");
		}
		return part;
	}

	private static void createDatabase(Kind kind, String name) throws SQLException {
		dropDatabase(kind, name);
		try (Connection connection = TestDatabases.get(kind).open(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name + ((kind == Kind.POSTGRESQL) ? " TEMPLATE template0" : ""));
		}
	}

	private static void dropDatabase(Kind kind, String name) throws SQLException {
		try (Connection connection = TestDatabases.get(kind).open(); Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + name + ((kind == Kind.POSTGRESQL) ? " WITH (FORCE)" : ""));
		}
	}

}
