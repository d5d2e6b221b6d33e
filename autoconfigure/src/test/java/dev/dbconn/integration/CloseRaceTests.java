package dev.dbconn.integration;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.dbconn.jdbc.UnitOfWork;
import dev.dbconn.testsupport.ConcurrentUseCheck;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.SetupSource;
import dev.dbconn.testsupport.TestDatabase.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three ways dbconn closes connections besides the end of a unit of work, racing with requests:
 * the endpoint's close, {@code UnitOfWork.closeOldConnections()} and background retirement, with a
 * short conn-max-age. No request fails, nothing is left lent out, the server has no more of the
 * pool's backends than the pool holds, and every backend that went is one close in dbconn's counters.
 */
class CloseRaceTests {

	private static final int CLIENTS = 6;

	private static final int POOL = 4;

	private static final Duration LOAD = Duration.ofSeconds(4);

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	@ParameterizedTest
	@SetupSource(kinds = { Kind.POSTGRESQL, Kind.MARIADB }, withPoolAutoCommitOff = false)
	void closesRacingWithRequestsLoseNothingAndCountEveryCloseOnce(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, "management.endpoints.web.exposure.include=dbconnections",
				"db.conn-max-age=1", "db.conn-max-age-jitter=0.5", "spring.datasource.hikari.maximum-pool-size=" + POOL,
				"spring.datasource.hikari.minimum-idle=0", "spring.datasource.hikari.connection-timeout=30000",
				"logging.level.dev.dbconn=INFO")) {
			// the connection the start-up review borrowed is closed and counted before the load starts
			app.post("/actuator/dbconnections");
			long countedBefore = closesCounted(app);
			Set<Long> seen = ConcurrentHashMap.newKeySet();
			List<String> failures = new ArrayList<>();
			AtomicBoolean running = new AtomicBoolean(true);
			AtomicInteger requests = new AtomicInteger();
			AtomicInteger endpointCloses = new AtomicInteger();
			ExecutorService threads = Executors.newFixedThreadPool(CLIENTS + 1);
			List<Future<?>> clients = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				clients.add(threads.submit(() -> {
					while (running.get()) {
						try {
							seen.add(app.getBackend());
							requests.incrementAndGet();
						}
						catch (RuntimeException ex) {
							synchronized (failures) {
								failures.add(String.valueOf(ex));
							}
						}
					}
				}));
			}
			DataSource dataSource = app.context().getBean(DataSource.class);
			Future<?> closer = threads.submit(() -> {
				while (running.get()) {
					app.post("/actuator/dbconnections");
					endpointCloses.incrementAndGet();
					UnitOfWork.run(() -> {
						try (Connection connection = dataSource.getConnection()) {
							seen.add(app.serverSide().backendId(connection));
						}
						catch (SQLException ex) {
							throw new IllegalStateException(ex);
						}
						UnitOfWork.closeOldConnections();
					});
				}
				return null;
			});
			Thread.sleep(LOAD.toMillis());
			running.set(false);
			for (Future<?> client : clients) {
				client.get();
			}
			closer.get();
			threads.shutdown();
			assertThat(failures).as("failed requests of %d", requests.get()).isEmpty();
			assertThat(app.awaitSettled(DEADLINE)).isTrue();
			assertThat(app.activeConnections()).isZero();
			// the closes already made may take a moment to show on the server
			long deadline = System.nanoTime() + DEADLINE.toNanos();
			long alive;
			long counted;
			do {
				Thread.sleep(100);
				alive = countAlive(app, seen);
				counted = closesCounted(app) - countedBefore;
			}
			while (seen.size() - alive != counted && System.nanoTime() - deadline < 0);
			System.out.println("CloseRaceTests " + setup + ": " + requests.get() + " requests, "
					+ endpointCloses.get() + " endpoint closes, " + seen.size() + " backends seen, " + alive
					+ " alive, " + counted + " closes counted " + app.getJson("/actuator/dbconnections/dataSource").at("/counters/closed"));
			assertThat(requests.get()).isPositive();
			assertThat(alive).isLessThanOrEqualTo(POOL);
			assertThat(counted).as("closes counted, for %d backends seen of which %d alive", seen.size(), alive)
				.isEqualTo(seen.size() - alive);
			assertThat(ConcurrentUseCheck.clashes()).isEmpty();
		}
	}

	private static long countAlive(RunningApp app, Set<Long> seen) throws SQLException {
		long alive = 0;
		for (long backend : seen) {
			if (app.serverSide().backendExists(backend)) {
				alive++;
			}
		}
		return alive;
	}

	private static long closesCounted(RunningApp app) {
		long sum = 0;
		for (JsonNode count : app.getJson("/actuator/dbconnections/dataSource").at("/counters/closed")) {
			sum += count.asLong();
		}
		return sum;
	}

}
