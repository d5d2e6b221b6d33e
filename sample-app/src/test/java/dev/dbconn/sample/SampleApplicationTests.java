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
 * Tests for {@link SampleApplication} over real HTTP, on the default in-memory H2 database.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

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
		JsonNode report = get("/connection");
		assertThat(report.path("database").asString()).isEqualTo("H2");
		assertThat(report.path("backendId").isIntegralNumber()).isTrue();
		assertThat(report.path("connectionId").isIntegralNumber()).isTrue();
		assertThat(report.path("ageSeconds").isNumber()).isTrue();
		assertThat(report.path("unitsServed").asLong()).isPositive();
		assertThat(report.path("reused").isBoolean()).isTrue();
		assertThat(report.path("connMaxAge").asString()).isEqualTo("60");
	}

	@Test
	void twoQueriesInOneRequestShareOneBackend() throws Exception {
		JsonNode report = get("/connection/twice");
		assertThat(report.path("sameBackend").asBoolean()).isTrue();
		assertThat(report.path("secondBackendId").asLong()).isEqualTo(report.path("firstBackendId").asLong());
	}

	@Test
	void slowRequestKeepsItsBackend() throws Exception {
		JsonNode report = get("/slow?seconds=0");
		assertThat(report.path("heldSeconds").asInt()).isZero();
		assertThat(report.path("sameBackend").asBoolean()).isTrue();
		assertThat(report.path("end").path("connectionId").asLong())
			.isEqualTo(report.path("start").path("connectionId").asLong());
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
