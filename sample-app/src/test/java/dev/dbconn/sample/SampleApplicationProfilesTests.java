package dev.dbconn.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application's {@code postgres} and {@code mariadb} profiles, started against the local
 * servers they name (or the ones the {@code SPRING_DATASOURCE_*} variables name): a request's
 * backend is one the server lists, the next request is served by it again, and a visit is committed.
 * The application's table goes into a schema (PostgreSQL) or database (MariaDB) of this run's own,
 * through the pool's {@code schema} or {@code catalog}, so that nothing is left on the shared server.
 */
class SampleApplicationProfilesTests {

	private static final String RUN = "dbconn_sample_" + Long.toString(ProcessHandle.current().pid(), 36)
			+ Integer.toString(new SecureRandom().nextInt(36 * 36 * 36 * 36), 36);

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@ParameterizedTest
	@ValueSource(strings = { "postgres", "mariadb" })
	void theProfileStartsAgainstItsServer(String profile) throws Exception {
		boolean postgres = profile.equals("postgres");
		Properties server = serverOf(profile);
		execute(server, postgres ? "create schema " + RUN : "create database " + RUN + " character set utf8mb4");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.profiles(profile)
			.properties("server.port=0", "spring.main.banner-mode=off",
					(postgres ? "spring.datasource.hikari.schema=" : "spring.datasource.hikari.catalog=") + RUN)
			.run()) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			JsonNode first = get(port, "/connection");
			assertThat(first.path("database").asString()).isEqualTo(postgres ? "PostgreSQL" : "MariaDB");
			long backend = first.path("backendId").asLong();
			assertThat(count(server, (postgres ? "select count(*) from pg_stat_activity where pid = "
					: "select count(*) from information_schema.processlist where id = ") + backend))
				.as("backend %d on the server", backend)
				.isEqualTo(1);
			JsonNode next = get(port, "/connection");
			assertThat(next.path("backendId").asLong()).as("kept for the next request (db.conn-max-age 60)")
				.isEqualTo(backend);
			assertThat(next.path("reused").asBoolean()).isTrue();
			assertThat(send(port, "POST", "/visits").path("visits").asLong()).isEqualTo(1);
			assertThat(count(server, "select count(*) from " + RUN + ".visit"))
				.as("visits committed, seen by another session")
				.isEqualTo(1);
		}
		finally {
			execute(server, postgres ? "drop schema if exists " + RUN + " cascade" : "drop database if exists " + RUN);
		}
	}

	/** The URL, user and password the profile gives the application, as the environment may override them. */
	static Properties serverOf(String profile) {
		YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
		yaml.setResources(new ClassPathResource("application-" + profile + ".yml"));
		Properties file = yaml.getObject();
		Properties server = new Properties();
		for (String name : new String[] { "url", "username", "password" }) {
			String variable = System.getenv("SPRING_DATASOURCE_" + name.toUpperCase());
			server.setProperty(name, (variable != null) ? variable : file.getProperty("spring.datasource." + name, ""));
		}
		return server;
	}

	private static Connection open(Properties server) throws SQLException {
		return DriverManager.getConnection(server.getProperty("url"), server.getProperty("username"),
				server.getProperty("password"));
	}

	private static void execute(Properties server, String sql) throws SQLException {
		try (Connection connection = open(server); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	static long count(Properties server, String sql) throws SQLException {
		try (Connection connection = open(server); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getLong(1);
		}
	}

	private JsonNode get(int port, String path) throws IOException, InterruptedException {
		return send(port, "GET", path);
	}

	private JsonNode send(int port, String method, String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

}
