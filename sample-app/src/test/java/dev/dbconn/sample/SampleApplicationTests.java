package dev.dbconn.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import javax.sql.DataSource;

import dev.dbconn.jdbc.LifecycleDataSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SampleApplication} over real HTTP, on the default in-memory H2 database. The
 * maximum age is short so that the tests see what HikariCP alone would not do: close a kept
 * connection once it is old enough, but never in the middle of a request.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "db.conn-max-age=" + SampleApplicationTests.MAX_AGE_SECONDS)
class SampleApplicationTests {

	static final int MAX_AGE_SECONDS = 2;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private DataSource dataSource;

	@Test
	void dataSourceIsWrappedByDbconn() {
		assertThat(this.dataSource).isInstanceOf(LifecycleDataSource.class);
	}

	@Test
	void connectionReportsBackendAndLifecycle() throws Exception {
		JsonNode first = reportOnAYoungConnection();
		assertThat(first.path("database").asString()).isEqualTo("H2");
		assertThat(first.path("backendId").isIntegralNumber()).isTrue();
		assertThat(first.path("connectionId").isIntegralNumber()).isTrue();
		assertThat(first.path("connMaxAge").asString()).isEqualTo(String.valueOf(MAX_AGE_SECONDS));
		JsonNode second = get("/connection");
		assertThat(second.path("connectionId").asLong()).as("kept for the next request")
			.isEqualTo(first.path("connectionId").asLong());
		assertThat(second.path("backendId").asLong()).isEqualTo(first.path("backendId").asLong());
		assertThat(second.path("reused").asBoolean()).isTrue();
		assertThat(second.path("unitsServed").asLong()).isEqualTo(first.path("unitsServed").asLong() + 1);
		assertThat(second.path("ageSeconds").asDouble()).isGreaterThanOrEqualTo(first.path("ageSeconds").asDouble())
			.isLessThan(MAX_AGE_SECONDS);
	}

	@Test
	void aConnectionOlderThanTheMaxAgeIsReplaced() throws Exception {
		// HikariCP alone would hand the same connection back for its whole maxLifetime (30 minutes)
		JsonNode first = get("/connection");
		double age = first.path("ageSeconds").asDouble();
		Thread.sleep(Math.max(0, (long) ((MAX_AGE_SECONDS - age) * 1000)) + 200);
		JsonNode next = get("/connection");
		assertThat(next.path("connectionId").asLong()).isNotEqualTo(first.path("connectionId").asLong());
		assertThat(next.path("backendId").asLong()).isNotEqualTo(first.path("backendId").asLong());
		assertThat(next.path("ageSeconds").asDouble()).isLessThan(MAX_AGE_SECONDS);
	}

	@Test
	void twoQueriesInOneRequestShareOneBackend() throws Exception {
		JsonNode report = get("/connection/twice");
		assertThat(report.path("sameBackend").asBoolean()).isTrue();
		assertThat(report.path("secondBackendId").asLong()).isEqualTo(report.path("firstBackendId").asLong());
	}

	@Test
	void aRequestLongerThanTheMaxAgeKeepsItsBackendAndTheNextRequestGetsAnother() throws Exception {
		JsonNode report = get("/slow?seconds=" + (MAX_AGE_SECONDS + 1));
		assertThat(report.path("heldSeconds").asInt()).isEqualTo(MAX_AGE_SECONDS + 1);
		assertThat(report.path("end").path("ageSeconds").asDouble()).as("older than the max age at the end")
			.isGreaterThanOrEqualTo(MAX_AGE_SECONDS);
		assertThat(report.path("sameBackend").asBoolean()).isTrue();
		long connection = report.path("start").path("connectionId").asLong();
		assertThat(report.path("end").path("connectionId").asLong()).isEqualTo(connection);
		assertThat(report.path("end").path("backendId").asLong())
			.isEqualTo(report.path("start").path("backendId").asLong());
		// closed at the end of that request, not handed to the next one
		JsonNode next = get("/connection");
		assertThat(next.path("connectionId").asLong()).isNotEqualTo(connection);
		assertThat(next.path("backendId").asLong()).isNotEqualTo(report.path("end").path("backendId").asLong());
	}

	/**
	 * The report of a request whose connection is young enough for the next request to get it back:
	 * the tests share the application, so the connection may have aged in an earlier one.
	 */
	private JsonNode reportOnAYoungConnection() throws Exception {
		JsonNode report = get("/connection");
		// each try waits until the connection just seen is too old to be kept, so it is not seen again
		for (int i = 0; i < 10 && report.path("ageSeconds").asDouble() >= 0.5; i++) {
			Thread.sleep((long) ((MAX_AGE_SECONDS - report.path("ageSeconds").asDouble()) * 1000) + 200);
			report = get("/connection");
		}
		assertThat(report.path("ageSeconds").asDouble()).as("age of the connection").isLessThan(0.5);
		return report;
	}

	@Test
	void postedVisitsAreCounted() throws Exception {
		// Relative to the count at the start, as the in-memory database lives as long as the
		// test context and other tests may share it.
		long before = get("/visits").path("visits").asLong();
		assertThat(post("/visits").path("visits").asLong()).isEqualTo(before + 1);
		assertThat(post("/visits").path("visits").asLong()).isEqualTo(before + 2);
		assertThat(get("/visits").path("visits").asLong()).isEqualTo(before + 2);
	}

	private JsonNode get(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).GET().build());
	}

	private JsonNode post(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build());
	}

	private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("status of %s %s", request.method(), request.uri()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
