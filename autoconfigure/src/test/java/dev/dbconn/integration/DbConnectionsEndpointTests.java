package dev.dbconn.integration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.SetupSource;
import dev.dbconn.testsupport.TestDatabase.Kind;
import dev.dbconn.testsupport.TestDatabases;
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
				assertThat(app.serverSide().awaitGone(backend, Duration.ofSeconds(5))).as("backend %d", backend)
					.isTrue();
			}
			JsonNode report = app.getJson(ENDPOINT);
			assertThat(report.at("/counters/closed/explicit").asLong()).isEqualTo(2);
			assertThat(report.get("connections")).isEmpty();
			assertThat(backends).doesNotContain(app.getBackend());
		}
	}

	@Test
	void theEndpointIsNotExposedOverTheWebUnlessConfigured() throws Exception {
		try (RunningApp app = RunningApp.start(Setup.of(Kind.POSTGRESQL))) {
			assertThat(app.send("GET", "/actuator/dbconnections").statusCode()).isEqualTo(404);
		}
	}

}
