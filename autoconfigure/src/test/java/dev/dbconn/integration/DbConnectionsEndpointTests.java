package dev.dbconn.integration;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.dbconn.lifecycle.CloseReason;

import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.SetupSource;
import dev.dbconn.testsupport.TestDatabase.Kind;
import dev.dbconn.testsupport.TestDatabases;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code dbconnections} endpoint over HTTP, compared with what the database server shows.
 */
class DbConnectionsEndpointTests {

	private static final String EXPOSED = "management.endpoints.web.exposure.include=dbconnections";

	private static final String ENDPOINT = "/actuator/dbconnections/dataSource";

	private static final Duration SETTLED_WITHIN = Duration.ofSeconds(10);
	private static final Duration GONE_WITHIN = Duration.ofSeconds(5);

	@ParameterizedTest
	@SetupSource
	void countersAndConnectionsMatchWhatTheServerShows(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, EXPOSED, "db.conn-max-age=unlimited",
				"spring.datasource.hikari.maximum-pool-size=3")) {
			JsonNode beforeReport = app.getJson(ENDPOINT);
			JsonNode before = beforeReport.get("counters");
			Set<Long> knownBefore = new HashSet<>();
			for (JsonNode connection : beforeReport.get("connections")) {
				knownBefore.add(connection.get("backendId").asLong());
			}
			List<CompletableFuture<String>> slow = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				slow.add(CompletableFuture.supplyAsync(() -> app.get("/slow?millis=700")));
			}
			Set<Long> backends = new HashSet<>();
			for (int i = 0; i < 5; i++) {
				backends.add(app.getBackend());
			}
			for (CompletableFuture<String> request : slow) {
				backends.add(Long.parseLong(request.get().split(",")[0]));
			}
			// the client has a response before its request has settled its connection
			app.awaitSettled(SETTLED_WITHIN);
			JsonNode report = app.getJson(ENDPOINT);
			JsonNode counters = report.get("counters");
			assertThat(counters.get("acquired").asLong() - before.get("acquired").asLong()).isEqualTo(7);
			// the server's answer: each backend a request ran on that dbconn had not seen before was
			// opened for it, every other acquisition reused one
			Set<Long> firstSeen = new HashSet<>(backends);
			firstSeen.removeAll(knownBefore);
			assertThat(counters.get("opened").asLong() - before.get("opened").asLong())
				.as("opened: backends %s, %s known before", backends, knownBefore)
				.isEqualTo(firstSeen.size());
			assertThat(counters.get("reused").asLong() - before.get("reused").asLong())
				.as("reused: backends %s, %s known before", backends, knownBefore)
				.isEqualTo(7 - firstSeen.size());

			ServerSide serverSide = app.serverSide();
			Set<Long> listed = new HashSet<>();
			for (JsonNode connection : report.get("connections")) {
				long backend = connection.get("backendId").asLong();
				listed.add(backend);
				assertThat(connection.get("state").asString()).isEqualTo("idle");
				assertThat(serverSide.backendExists(backend)).as("backend %d on the server", backend).isTrue();
				if (setup.kind() == Kind.POSTGRESQL) {
					// the pool may have opened the connection well before dbconn first saw it, never after;
					// and the server is asked after the report was made
					double age = connection.get("ageSeconds").asDouble();
					assertThat(age).as("age of backend %d", backend).isPositive()
						.isLessThanOrEqualTo(serverSideAgeSeconds(backend));
				}
			}
			assertThat(listed).as("connections listed by the endpoint").containsAll(backends);
			assertThat(listed).hasSize(report.get("connections").size());
		}
	}

	private static double serverSideAgeSeconds(long backend) throws Exception {
		try (Connection connection = TestDatabases.postgres().open();
				PreparedStatement statement = connection.prepareStatement(
						"select extract(epoch from now() - backend_start) from pg_stat_activity where pid = ?")) {
			statement.setInt(1, (int) backend);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getDouble(1);
			}
		}
	}

	@ParameterizedTest
	@SetupSource
	void aBackendKilledWithHealthChecksOnCountsAsAHealthCheckClose(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, EXPOSED, "db.conn-max-age=unlimited", "db.conn-health-checks=true",
				"spring.datasource.hikari.maximum-pool-size=1")) {
			long first = app.getBackend();
			app.killBackend(first);
			long second = app.getBackend();
			JsonNode report = app.getJson(ENDPOINT);
			assertThat(report.at("/counters/closed/health-check").asLong()).isEqualTo(1);
			assertThat(report.at("/counters/healthChecksFailed").asLong()).isEqualTo(1);
			assertThat(report.get("connections")).hasSize(1);
			assertThat(report.at("/connections/0/backendId").asLong()).isEqualTo(second);
			// the pool may have opened it long before: new to dbconn is not known to be fresh
			assertThat(report.at("/connections/0/lastHealthCheck/passed").asBoolean()).as("new to dbconn: checked")
				.isTrue();
			long passed = report.at("/counters/healthChecksPassed").asLong();
			assertThat(app.getBackend()).isEqualTo(second);
			report = app.getJson(ENDPOINT);
			assertThat(report.at("/connections/0/lastHealthCheck/passed").asBoolean()).as("checked when reused")
				.isTrue();
			assertThat(report.at("/counters/healthChecksPassed").asLong()).isEqualTo(passed + 1);
		}
	}

	@ParameterizedTest
	@SetupSource
	void writingToTheEndpointClosesIdleConnectionsOnTheServer(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, EXPOSED, "db.conn-max-age=unlimited",
				"spring.datasource.hikari.maximum-pool-size=2", "spring.datasource.hikari.minimum-idle=0")) {
			CompletableFuture<String> one = CompletableFuture.supplyAsync(() -> app.get("/slow?millis=500"));
			CompletableFuture<String> two = CompletableFuture.supplyAsync(() -> app.get("/slow?millis=500"));
			Set<Long> backends = Set.of(Long.parseLong(one.get().split(",")[0]), Long.parseLong(two.get().split(",")[0]));
			assertThat(backends).hasSize(2);
			app.awaitSettled(SETTLED_WITHIN);
			String closed = app.post("/actuator/dbconnections");
			assertThat(closed).isEqualTo("{\"dataSource\":2}");
			for (long backend : backends) {
				assertThat(app.serverSide().awaitGone(backend, GONE_WITHIN)).as("backend %d", backend)
					.isTrue();
			}
			JsonNode report = app.getJson(ENDPOINT);
			assertThat(report.at("/counters/closed/explicit").asLong()).isEqualTo(2);
			assertThat(report.get("connections")).isEmpty();
			assertThat(backends).doesNotContain(app.getBackend());
		}
	}

	@ParameterizedTest
	@SetupSource
	void writingToTheEndpointClosesAConnectionInUseWhenItsRequestEnds(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, EXPOSED, "db.conn-max-age=unlimited",
				"spring.datasource.hikari.maximum-pool-size=2")) {
			Gate gate = app.context().getBean(Gate.class);
			CompletableFuture<String> held = CompletableFuture.supplyAsync(() -> app.get("/held"));
			gate.awaitArrival();
			long inUse = -1;
			int idle = 0;
			for (JsonNode connection : app.getJson(ENDPOINT).get("connections")) {
				if (connection.get("state").asString().equals("in-use")) {
					inUse = connection.get("backendId").asLong();
				}
				else {
					idle++;
				}
			}
			assertThat(app.post("/actuator/dbconnections")).isEqualTo("{\"dataSource\":" + idle + "}");
			ServerSide serverSide = app.serverSide();
			assertThat(serverSide.backendExists(inUse)).as("in use: not closed in the middle of its request").isTrue();
			gate.open();
			assertThat(held.get(30, TimeUnit.SECONDS)).as("the request kept its connection to its end")
				.isEqualTo(inUse + "," + inUse);
			assertThat(serverSide.awaitGone(inUse, GONE_WITHIN)).as("closed when its request ended").isTrue();
			assertThat(app.closed(CloseReason.EXPLICIT)).isEqualTo(idle + 1);
			assertThat(app.getBackend()).isNotEqualTo(inUse);
		}
	}

	@Test
	void withReadOnlyAccessTheEndpointClosesNothing() throws Exception {
		try (RunningApp app = RunningApp.start(Setup.of(Kind.POSTGRESQL), EXPOSED,
				"management.endpoint.dbconnections.access=read-only", "db.conn-max-age=unlimited",
				"spring.datasource.hikari.maximum-pool-size=1")) {
			long backend = app.getBackend();
			app.awaitSettled();
			HttpResponse<String> write = app.send("POST", "/actuator/dbconnections");
			assertThat(write.statusCode()).as(write.body()).isEqualTo(405);
			assertThat(app.getJson(ENDPOINT).at("/connections/0/backendId").asLong()).as("reads still answered")
				.isEqualTo(backend);
			assertThat(app.serverSide().backendExists(backend)).isTrue();
			assertThat(app.getBackend()).as("still kept").isEqualTo(backend);
			assertThat(app.closed(CloseReason.EXPLICIT)).isZero();
		}
	}

	/**
	 * Each close the counters report is a backend gone from the server: with a zero age every request's
	 * (max-age); the one killed under a request (error), whose replacement the request then closes too.
	 */
	@ParameterizedTest
	@SetupSource
	void theMaxAgeAndErrorCountersCountTheBackendsTheServerLost(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, EXPOSED, "db.conn-max-age=0",
				"spring.datasource.hikari.maximum-pool-size=2")) {
			Set<Long> backends = new HashSet<>();
			for (int i = 0; i < 3; i++) {
				backends.add(app.getBackend());
			}
			assertThat(backends).hasSize(3);
			assertGone(app, backends);
			assertThat(app.closed(CloseReason.MAX_AGE)).isEqualTo(3);
			String[] dropped = app.get("/drop-mid-request").split(",");
			assertThat(dropped[1]).as("the query on the killed backend failed").isEqualTo("true");
			assertGone(app, Set.of(Long.parseLong(dropped[0]), Long.parseLong(dropped[2])));
			JsonNode closed = app.getJson(ENDPOINT).at("/counters/closed");
			assertThat(closed.get("error").asLong()).isEqualTo(1);
			assertThat(closed.get("max-age").asLong()).isEqualTo(4);
			assertThat(closed.get("open-transaction").asLong()).isZero();
		}
	}

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void theOpenTransactionCounterCountsConnectionsClosedWithTheirWorkRolledBack(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, EXPOSED, "db.conn-max-age=unlimited",
				"spring.datasource.hikari.maximum-pool-size=2")) {
			long backend = Long.parseLong(app.post("/leave-begin?id=40"));
			assertGone(app, Set.of(backend));
			assertThat(app.committedRows(40)).isZero();
			app.awaitSettled();
			JsonNode closed = app.getJson(ENDPOINT).at("/counters/closed");
			assertThat(closed.get("open-transaction").asLong()).isEqualTo(1);
			assertThat(closed.get("error").asLong() + closed.get("max-age").asLong()).isZero();
		}
	}

	/**
	 * The meters against what the requests saw: every connection a request got from the pool was
	 * checked first, passing, except the one whose backend was killed, which failed; its age when
	 * closed lies between the time the test saw it in use and the time since the application started.
	 */
	@ParameterizedTest
	@SetupSource
	void theHealthCheckAndAgeAtCloseMetersAgreeWithWhatTheRequestsSaw(Setup setup) throws Exception {
		long started = System.nanoTime();
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=unlimited", "db.conn-health-checks=true",
				"spring.datasource.hikari.maximum-pool-size=1")) {
			MeterRegistry registry = app.context().getBean(MeterRegistry.class);
			double passedBefore = checks(registry, "passed");
			long first = app.getBackend();
			long seenInUse = System.nanoTime();
			assertThat(app.getBackend()).isEqualTo(first);
			// so that the age at close is measurably more than nothing
			Thread.sleep(500);
			app.killBackend(first);
			long beforeClose = System.nanoTime();
			long second = app.getBackend();
			long afterClose = System.nanoTime();
			assertThat(second).isNotEqualTo(first);
			assertThat(checks(registry, "passed") - passedBefore).as("checks passed: both requests on the first "
					+ "backend, and its replacement").isEqualTo(3);
			assertThat(checks(registry, "failed")).as("checks failed: the killed backend").isEqualTo(1);
			DistributionSummary age = registry.get("dbconn.connections.age.at.close")
				.tag("reason", "health-check")
				.summary();
			assertThat(age.count()).isEqualTo(1);
			assertThat(age.max()).as("seconds").isBetween((beforeClose - seenInUse) / 1e9, (afterClose - started) / 1e9);
		}
	}

	private static double checks(MeterRegistry registry, String result) {
		return registry.get("dbconn.health.checks").tag("result", result).functionCounter().count();
	}

	private static void assertGone(RunningApp app, Set<Long> backends) throws Exception {
		for (long backend : backends) {
			assertThat(app.serverSide().awaitGone(backend, GONE_WITHIN)).as("backend %d gone", backend).isTrue();
		}
	}

	@Test
	void theEndpointIsNotExposedOverTheWebUnlessConfigured() throws Exception {
		try (RunningApp app = RunningApp.start(Setup.of(Kind.POSTGRESQL))) {
			assertThat(app.send("GET", "/actuator/dbconnections").statusCode()).isEqualTo(404);
		}
	}

}
