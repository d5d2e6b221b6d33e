package dev.dbconn.datajdbc;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.jdbc.ConnectionSnapshot;
import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.SetupSource;
import dev.dbconn.testsupport.SpringStack;
import dev.dbconn.testsupport.TestDatabase;
import dev.dbconn.testsupport.TestDatabase.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Data JDBC repositories beside dbconn, seen from the server: in a request, repository calls
 * and {@code JdbcTemplate} queries, outside and inside a {@code @Transactional} service, run on one
 * backend; {@code db.conn-max-age: 60} keeps it for the next request, {@code 0} closes it; the
 * service's commits are there and its rollbacks are not; no backend is left in a transaction.
 */
class DataJdbcTests {

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@ParameterizedTest
	@SetupSource(kinds = { Kind.POSTGRESQL, Kind.MARIADB })
	void repositoriesAndJdbcTemplateShareTheRequestsBackend(Setup setup) throws Exception {
		TestDatabase database = setup.database();
		ServerSide server = database.serverSide();
		createTable(database);
		try {
			for (int connMaxAge : List.of(60, 0)) {
				try (ConfigurableApplicationContext context = start(setup, connMaxAge)) {
					Long previous = null;
					for (int i = 0; i < 4; i++) {
						boolean fail = (i % 2) == 1;
						String text = "conn-max-age " + connMaxAge + ", request " + i;
						JsonNode seen = notes(context, text, fail);
						long backend = seen.get("repository").asLong();
						assertThat(List.of(seen.get("jdbc").asLong(), seen.get("repositoryInTransaction").asLong(),
								seen.get("jdbcInTransaction").asLong()))
							.as("backends of JdbcTemplate and of the service's repository and JdbcTemplate calls, "
									+ "against the repository's (%s)", backend)
							.containsOnly(backend);
						awaitSettled(context);
						assertThat(server.committedRows(DataJdbcApplication.TABLE, "text", text)).as("committed rows of '%s'", text).isEqualTo(fail ? 0 : 1);
						assertThat(server.countIdleInTransaction()).as("backends idle in a transaction").isZero();
						if (connMaxAge > 0) {
							assertThat(server.backendExists(backend)).as("backend kept after the request").isTrue();
							assertThat(server.inTransaction(backend)).as("transaction left on the backend").isFalse();
							if (previous != null) {
								assertThat(backend).as("the backend of the request before").isEqualTo(previous);
							}
						}
						else {
							assertThat(server.awaitGone(backend, TIMEOUT)).as("backend closed after the request")
								.isTrue();
							assertThat(backend).as("the backend of the request before").isNotEqualTo(previous);
						}
						previous = backend;
					}
				}
			}
		}
		finally {
			try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
				statement.execute("drop table if exists " + DataJdbcApplication.TABLE);
			}
		}
	}

	static void createTable(TestDatabase database) throws SQLException {
		String id = (database.kind() == Kind.POSTGRESQL) ? "id bigserial primary key"
				: "id bigint auto_increment primary key";
		try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
			statement.execute("drop table if exists " + DataJdbcApplication.TABLE);
			statement.execute("create table " + DataJdbcApplication.TABLE + " (" + id + ", text varchar(100))");
		}
	}

	private static JsonNode notes(ConfigurableApplicationContext context, String text, boolean fail)
			throws Exception {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/notes?fail=" + fail + "&text="
					+ URLEncoder.encode(text, StandardCharsets.UTF_8)))
			.timeout(Duration.ofSeconds(60))
			.build();
		HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	// the client has the response before the request's filter has ended
	private static void awaitSettled(ConfigurableApplicationContext context) throws Exception {
		LifecycleDataSource lifecycle = context.getBean(DataSource.class).unwrap(LifecycleDataSource.class);
		HikariDataSource pool = lifecycle.unwrap(HikariDataSource.class);
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (pool.getHikariPoolMXBean().getActiveConnections() > 0
				|| lifecycle.getConnections().stream().anyMatch(ConnectionSnapshot::inUse)) {
			assertThat(System.nanoTime() - deadline).as("connections settled").isNegative();
			Thread.sleep(5);
		}
	}

	private static ConfigurableApplicationContext start(Setup setup, int connMaxAge) {
		TestDatabase database = setup.database();
		List<String> properties = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
				"it.database-kind=" + database.kind(), "spring.datasource.url=" + database.jdbcUrl(),
				"spring.datasource.username=" + database.username(),
				"spring.datasource.password=" + database.password(),
				"spring.datasource.hikari.connection-timeout=5000", "spring.datasource.hikari.maximum-pool-size=4",
				"db.conn-max-age=" + connMaxAge,
				SpringStack.leaveOut(SpringStack.SECURITY, SpringStack.SESSION, SpringStack.JPA, SpringStack.FLYWAY)));
		properties.addAll(setup.properties());
		return new SpringApplicationBuilder(DataJdbcApplication.class).properties(properties.toArray(String[]::new))
			.run();
	}

}
