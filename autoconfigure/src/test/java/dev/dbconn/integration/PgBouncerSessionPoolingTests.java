package dev.dbconn.integration;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.dbconn.testsupport.PgBouncer;
import dev.dbconn.testsupport.PgBouncer.PoolMode;
import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.SetupSource;
import dev.dbconn.testsupport.TestDatabase.Kind;
import dev.dbconn.testsupport.TestDatabases;
import dev.dbconn.testsupport.Waiting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind PgBouncer in session pooling, seen on PgBouncer's admin console and on the server: the
 * connection dbconn keeps or closes is the application's connection to PgBouncer, and PgBouncer
 * keeps the server connection behind it. The guarantees whose server-side view is the same as
 * without PgBouncer run in the PgBouncer cells of {@link RequestLifecycleTests} and
 * {@link SessionStateTests}.
 */
class PgBouncerSessionPoolingTests {

	private static final Duration WITHIN = Duration.ofSeconds(30);

	private static final Setup POSTGRES = Setup.of(Kind.POSTGRESQL);

	private static final String POOL_OF_ONE = "spring.datasource.hikari.maximum-pool-size=1";

	/** Clients sending requests at once in the load test, one per connection of the pool. */
	private static final int CLIENTS = 4;

	private static final long PAUSE_MILLIS = 20;

	@Test
	void withMaxAgeZeroEachRequestClosesItsConnectionToPgBouncerWhichKeepsTheServerConnection() throws Exception {
		try (PgBouncer pgBouncer = PgBouncer.start(PoolMode.SESSION, 5);
				RunningApp app = RunningApp.start(POSTGRES, pgBouncer.database(), "db.conn-max-age=0")) {
			// connections HikariCP opened at start-up, before dbconn set its minimum-idle to 0, must
			// not be taken for a request's own
			await(() -> pgBouncer.clientPorts().size() == app.totalPoolConnections(),
					"PgBouncer's clients are the pool's connections");
			for (int i = 0; i < 2; i++) {
				Set<Integer> before = pgBouncer.clientPorts();
				CompletableFuture<String> request = CompletableFuture.supplyAsync(() -> app.get("/slow?millis=1000"));
				int port = awaitNewClient(pgBouncer, before);
				long backend = Long.parseLong(request.get(30, TimeUnit.SECONDS).split(",")[0]);
				await(() -> !pgBouncer.clientPorts().contains(port), "the request's connection to PgBouncer closed");
				assertThat(pgBouncer.server().serverSide().backendExists(backend))
					.as("PgBouncer keeps the server connection").isTrue();
				await(() -> server(pgBouncer, backend).get("link").isEmpty(), "the server connection free for others");
			}
		}
	}

	@Test
	void withUnlimitedMaxAgeOneConnectionToPgBouncerAndItsServerConnectionServeEveryRequest() throws Exception {
		try (PgBouncer pgBouncer = PgBouncer.start(PoolMode.SESSION, 5);
				RunningApp app = RunningApp.start(POSTGRES, pgBouncer.database(), "db.conn-max-age=unlimited",
						POOL_OF_ONE)) {
			long backend = app.getBackend();
			List<Map<String, String>> clients = pgBouncer.clients();
			assertThat(clients).as("the pool's only connection").hasSize(1);
			for (int i = 0; i < 3; i++) {
				assertThat(app.getBackend()).isEqualTo(backend);
				assertThat(pgBouncer.clients()).extracting((client) -> client.get("port"))
					.containsExactly(clients.get(0).get("port"));
			}
			// between requests too, the server connection belongs to the application's connection
			assertThat(server(pgBouncer, backend).get("link")).isEqualTo(clients.get(0).get("ptr"));
		}
	}

	@Test
	void aRequestThatLeavesATransactionOpenIsRolledBackAndItsConnectionToPgBouncerClosed() throws Exception {
		try (PgBouncer pgBouncer = PgBouncer.start(PoolMode.SESSION, 5);
				RunningApp app = RunningApp.start(POSTGRES, pgBouncer.database(), "db.conn-max-age=unlimited",
						POOL_OF_ONE)) {
			app.getBackend();
			Set<Integer> before = pgBouncer.clientPorts();
			long backend = Long.parseLong(app.post("/leave-begin?id=31"));
			await(() -> Collections.disjoint(pgBouncer.clientPorts(), before), "the connection left in a transaction closed");
			ServerSide server = pgBouncer.server().serverSide();
			assertThat(app.committedRows(31)).isZero();
			assertThat(server.inTransaction(backend)).as("server connection handed back to PgBouncer in a transaction")
				.isFalse();
			assertThat(server.countIdleInTransaction()).isZero();
			assertThat(app.getBackend()).as("the next request gets a server connection").isPositive();
		}
	}

	/**
	 * Under load, the server's backends are killed one after another from a side connection to the
	 * server while requests run: a request may fail only when it met a backend whose kill had not
	 * completed when the request began, through PgBouncer as without it. Every request that starts
	 * after its backend's kill has completed is served (health checks on).
	 */
	@ParameterizedTest
	@SetupSource(kinds = Kind.POSTGRESQL, withPoolAutoCommitOff = false, pgBouncer = PoolMode.SESSION)
	void underLoadWithBackendsKilledOnlyRequestsThatBeganBeforeTheirBackendsKillMayFail(Setup setup)
			throws Exception {
		// straight to the server, also when the application goes through PgBouncer
		ServerSide server = TestDatabases.postgres().serverSide();
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=unlimited", "db.conn-health-checks=true",
				"spring.datasource.hikari.maximum-pool-size=" + CLIENTS)) {
			Map<Long, Long> backendOfConnection = new ConcurrentHashMap<>();
			Map<Long, Long> killCompleted = new ConcurrentHashMap<>();
			long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
			ExecutorService executor = Executors.newFixedThreadPool(CLIENTS);
			List<Future<List<Outcome>>> clients = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				clients.add(executor.submit(() -> requestUntil(app, end, backendOfConnection)));
			}
			executor.shutdown();
			while (System.nanoTime() < end) {
				Thread.sleep(100);
				for (Long backend : Set.copyOf(backendOfConnection.values())) {
					if (!killCompleted.containsKey(backend) && server.backendExists(backend)) {
						server.killBackend(backend);
						killCompleted.put(backend, System.nanoTime());
					}
				}
			}
			List<Outcome> outcomes = new ArrayList<>();
			for (Future<List<Outcome>> client : clients) {
				outcomes.addAll(client.get(60, TimeUnit.SECONDS));
			}
			List<Outcome> failed = outcomes.stream().filter((outcome) -> outcome.status() != 200).toList();
			List<Outcome> unexplained = failed.stream().filter((outcome) -> {
				Long backend = backendOfConnection.get(outcome.connection());
				Long killed = (backend != null) ? killCompleted.get(backend) : null;
				return killed == null || outcome.start() > killed;
			}).toList();
			String figures = setup + ": " + outcomes.size() + " requests, " + killCompleted.size()
					+ " backends killed, " + failed.size() + " requests failed";
			System.out.println(figures);
			assertThat(killCompleted).as(figures).hasSizeGreaterThanOrEqualTo(8);
			assertThat(outcomes.size() - failed.size()).as(figures).isGreaterThan(killCompleted.size());
			assertThat(unexplained).as("requests that failed on a backend killed before they began; " + figures)
				.isEmpty();
			for (int i = 0; i < 2 * CLIENTS; i++) {
				assertThat(app.send("GET", "/backend").statusCode()).as("after the kills").isEqualTo(200);
			}
		}
	}

	/** A request: when it was sent and answered, the answer, and the connection it used. */
	private record Outcome(long start, long end, int status, long connection) {
	}

	private static List<Outcome> requestUntil(RunningApp app, long end, Map<Long, Long> backendOfConnection) {
		List<Outcome> outcomes = new ArrayList<>();
		while (System.nanoTime() < end) {
			long start = System.nanoTime();
			HttpResponse<String> response = app.send("GET", "/connection-backend");
			String[] body = response.body().split(",");
			// any other failure names no connection, and no kill explains it
			long connection = body[0].matches("\\d+") ? Long.parseLong(body[0]) : -1;
			outcomes.add(new Outcome(start, System.nanoTime(), response.statusCode(), connection));
			if (response.statusCode() == 200) {
				backendOfConnection.put(connection, Long.parseLong(body[1]));
			}
			// a pause, so that a connection also sits idle in the pool when its backend is killed
			sleep(PAUSE_MILLIS);
		}
		return outcomes;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The row of {@code SHOW SERVERS} for a backend. */
	private static Map<String, String> server(PgBouncer pgBouncer, long backend) {
		return pgBouncer.show("SERVERS")
			.stream()
			.filter((row) -> row.get("remote_pid").equals(Long.toString(backend)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("PgBouncer holds no server connection to backend " + backend));
	}

	private static int awaitNewClient(PgBouncer pgBouncer, Set<Integer> before) throws InterruptedException {
		long deadline = System.nanoTime() + WITHIN.toNanos();
		while (System.nanoTime() < deadline) {
			for (int port : pgBouncer.clientPorts()) {
				if (!before.contains(port)) {
					return port;
				}
			}
			Thread.sleep(20);
		}
		throw new AssertionError("no new connection to PgBouncer within " + WITHIN.toSeconds() + " s");
	}

	private static void await(Waiting.Condition<RuntimeException> condition, String what) throws InterruptedException {
		Waiting.until(WITHIN, what, condition);
	}

}
