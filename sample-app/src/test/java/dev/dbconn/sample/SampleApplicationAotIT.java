package dev.dbconn.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The sample application as the build leaves it after Spring's ahead-of-time processing (the
 * {@code process-aot} goal, the step a native image is built from), run from its jar on the JVM with
 * {@code -Dspring.aot.enabled=true}: its beans come from the generated code instead of being worked
 * out at start-up (it does not start without that code), and dbconn is among them and keeps or
 * closes connections as configured. The jar's native-image metadata carries dbconn's hints. A native
 * image itself is not built.
 */
class SampleApplicationAotIT {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

	/** Where the build puts the hints, at the root of the jar for {@code native-image} to find. */
	private static final String METADATA = "META-INF/native-image/dev.dbconn/dbconn-sample-app/"
			+ "reachability-metadata.json";

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void onPostgresqlAKeptConnectionServesTheNextRequestAndTheEndpointListsIt() throws Exception {
		Properties server = SampleApplicationProfilesTests.serverOf("postgres");
		// no schema.sql: its table would be left on the shared server, and /connection needs none
		try (ProcessedApplication app = ProcessedApplication.start("postgres", "--spring.profiles.active=postgres",
				"--spring.sql.init.mode=never", "--db.conn-max-age=60")) {
			JsonNode first = get(app, "/connection");
			assertThat(first.path("database").asString()).isEqualTo("PostgreSQL");
			long backend = first.path("backendId").asLong();
			assertThat(SampleApplicationProfilesTests.count(server,
					"select count(*) from pg_stat_activity where pid = " + backend))
				.as("backend %d on the server", backend)
				.isEqualTo(1);
			JsonNode next = get(app, "/connection");
			assertThat(next.path("backendId").asLong()).as("kept for the next request").isEqualTo(backend);
			assertThat(next.path("reused").asBoolean()).isTrue();
			JsonNode report = dataSourceReport(app);
			assertThat(report.path("settings").path("connMaxAge").asInt()).isEqualTo(60);
			assertThat(report.path("counters").path("reused").asLong()).isPositive();
			JsonNode connections = report.path("connections");
			assertThat(connections.size()).isEqualTo(1);
			assertThat(connections.get(0).path("backendId").asLong()).as("dbconn knows the server's id")
				.isEqualTo(backend);
			assertThat(connections.get(0).path("id").asLong()).isEqualTo(next.path("connectionId").asLong());
			assertThat(connections.get(0).path("state").asString()).isEqualTo("idle");
		}
	}

	@Test
	void onH2WithMaxAgeZeroEachRequestHasANewSession() throws Exception {
		try (ProcessedApplication app = ProcessedApplication.start("h2", "--db.conn-max-age=0")) {
			// start-up work (schema.sql, dbconn's own check) has used connections already
			JsonNode before = dataSourceReport(app).path("counters");
			JsonNode first = get(app, "/connection");
			assertThat(first.path("database").asString()).isEqualTo("H2");
			JsonNode next = get(app, "/connection");
			assertThat(next.path("backendId").asLong()).as("H2's SESSION_ID()")
				.isNotEqualTo(first.path("backendId").asLong());
			assertThat(next.path("connectionId").asLong()).isNotEqualTo(first.path("connectionId").asLong());
			assertThat(next.path("reused").asBoolean()).isFalse();
			JsonNode report = dataSourceReport(app);
			assertThat(report.path("settings").path("connMaxAge").asInt()).isZero();
			JsonNode counters = report.path("counters");
			assertThat(counters.path("opened").asLong()).as("opened by the two requests")
				.isEqualTo(before.path("opened").asLong() + 2);
			assertThat(counters.path("reused").asLong()).as("reused by the two requests")
				.isEqualTo(before.path("reused").asLong());
		}
	}

	/** What a native image would be built with: the hints of dbconn's registrars and Spring's for it. */
	@Test
	void theJarsNativeImageMetadataHasDbconnsHints() throws IOException {
		Set<String> types = new HashSet<>();
		try (JarFile jar = new JarFile(jar().toFile())) {
			ZipEntry entry = jar.getEntry(METADATA);
			assertThat(entry).as("%s in %s", METADATA, jar.getName()).isNotNull();
			try (InputStream in = jar.getInputStream(entry)) {
				this.json.readTree(in).path("reflection").forEach((hint) -> types.add(hint.path("type").asString()));
			}
		}
		assertThat(types).as("classes dbconn looks up by name")
			.contains("org.postgresql.core.BaseConnection", "org.mariadb.jdbc.Connection",
					"com.mysql.cj.jdbc.JdbcConnection", "com.zaxxer.hikari.HikariDataSource");
		assertThat(types).as("classes dbconn reads as JavaBeans")
			.contains("dev.dbconn.autoconfigure.LifecycleProperties", "dev.dbconn.autoconfigure.DbConnProperties",
					"dev.dbconn.autoconfigure.DbConnProperties$DataSourceOverrides");
		assertThat(types).as("the endpoint and its answer")
			.contains("dev.dbconn.actuate.DbConnectionsEndpoint",
					"dev.dbconn.actuate.DbConnectionsEndpoint$DbConnectionsReport",
					"dev.dbconn.actuate.DbConnectionsEndpoint$ConnectionReport");
		assertThat(types).as("dbconn's failure analyzers in META-INF/spring.factories")
			.contains("dev.dbconn.autoconfigure.DbConnPropertiesFailureAnalyzer",
					"dev.dbconn.autoconfigure.UnknownDataSourceException$Analyzer");
	}

	private static Path jar() {
		String property = System.getProperty("dbconn.sample.jar");
		if (property == null || !Files.isRegularFile(Path.of(property))) {
			fail("The packaged sample application (system property dbconn.sample.jar: " + property
					+ ") is missing: run this test with ./mvnw -pl sample-app -am verify");
		}
		return Path.of(property);
	}

	/** The endpoint's report on the application's one DataSource; the endpoint borrows no connection. */
	private JsonNode dataSourceReport(ProcessedApplication app) throws IOException, InterruptedException {
		return get(app, "/actuator/dbconnections").path("dataSources").path("dataSource");
	}

	private JsonNode get(ProcessedApplication app, String path) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(app.uri(path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	/** The jar in a JVM of its own, in AOT mode, on a free port; its output goes to target/. */
	private static final class ProcessedApplication implements AutoCloseable {

		private final Process process;

		private final int port;

		private final Path log;

		private ProcessedApplication(Process process, int port, Path log) {
			this.process = process;
			this.port = port;
			this.log = log;
		}

		static ProcessedApplication start(String name, String... arguments) throws Exception {
			int port = freePort();
			Path log = Path.of("target", "aot-" + name + ".log");
			List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
				.toString(), "-Dspring.aot.enabled=true", "-XX:TieredStopAtLevel=1", "-jar", jar().toString(), "--server.port=" + port,
					"--spring.main.banner-mode=off"));
			command.addAll(List.of(arguments));
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			ProcessedApplication app = new ProcessedApplication(process, port, log);
			try {
				app.awaitStarted();
				assertThat(app.output()).as("the application's log")
					.contains("Starting AOT-processed SampleApplication");
			}
			catch (Exception | AssertionError ex) {
				app.close();
				throw ex;
			}
			return app;
		}

		private static int freePort() throws IOException {
			try (ServerSocket socket = new ServerSocket(0)) {
				return socket.getLocalPort();
			}
		}

		/** Until a static page answers: it needs no connection, so the requests of the test are the first. */
		private void awaitStarted() throws Exception {
			HttpClient http = HttpClient.newHttpClient();
			Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
			while (true) {
				if (!this.process.isAlive()) {
					fail("The processed application exited with " + this.process.exitValue() + ":\n" + output());
				}
				try {
					HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri("/index.html")).build(),
							HttpResponse.BodyHandlers.discarding());
					assertThat(response.statusCode()).isEqualTo(200);
					return;
				}
				catch (ConnectException ex) {
					if (Instant.now().isAfter(deadline)) {
						fail("The processed application did not start within " + STARTUP_TIMEOUT + ":\n" + output());
					}
					Thread.sleep(200);
				}
			}
		}

		URI uri(String path) {
			return URI.create("http://127.0.0.1:" + this.port + path);
		}

		private String output() throws IOException {
			return Files.readString(this.log);
		}

		@Override
		public void close() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}

	}

}
