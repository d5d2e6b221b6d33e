package dev.dbconn.jpa;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.lifecycle.ConfigurationReview;
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
 * Spring Data JPA with Hibernate beside dbconn, open-in-view on and off: a repository, a
 * {@code @Transactional} service, lazy loading in the view and {@code JdbcTemplate}, seen from the
 * server.
 */
class JpaTests {

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * Every request runs on one backend, kept from request to request (conn-max-age 60), none left in
	 * a transaction: without open-in-view, and with it when the pool's auto-commit is on, where the
	 * session holds its connection through the view between transactions and the
	 * {@code JdbcTemplate} query outside a transaction shares it. With the pool's auto-commit off the
	 * lazy load in the view leaves the held connection in a transaction that cannot be told from one
	 * of the application's, so the query gets a connection of its own, and dbconn says so at
	 * start-up.
	 */
	@ParameterizedTest
	@SetupSource(kinds = { Kind.POSTGRESQL, Kind.MARIADB })
	void aRequestRunsOnOneBackendUnlessOpenInViewHoldsAConnectionInATransaction(Setup setup) throws Exception {
		for (boolean openInView : List.of(false, true)) {
			boolean twoConnections = openInView && !setup.poolAutoCommit();
			try (ConfigurableApplicationContext context = start(setup, openInView, 4)) {
				assertThat(context.getBean(DataSource.class).unwrap(LifecycleDataSource.class).getFindings())
					.as("start-up findings, open-in-view " + openInView)
					.filteredOn((finding) -> finding.equals(ConfigurationReview.openInView()))
					.hasSize(twoConnections ? 1 : 0);
				ServerSide server = setup.database().serverSide();
				Set<Long> services = new HashSet<>();
				for (int i = 0; i < 3; i++) {
					JsonNode seen = library(context);
					awaitReturned(context);
					assertThat(seen.get("books").asInt()).isEqualTo(2);
					long service = seen.get("service").asLong();
					long jdbc = seen.get("jdbc").asLong();
					services.add(service);
					if (twoConnections) {
						assertThat(jdbc).as("JdbcTemplate beside the session held in a transaction")
							.isNotEqualTo(service);
					}
					else {
						assertThat(jdbc).as("JdbcTemplate's backend against the service's, open-in-view " + openInView)
							.isEqualTo(service);
					}
					assertThat(server.inTransaction(service)).as("transaction left on the service's backend").isFalse();
					assertThat(server.inTransaction(jdbc)).as("transaction left on JdbcTemplate's backend").isFalse();
				}
				assertThat(services).as("the service's backend kept from request to request").hasSize(1);
			}
		}
	}

	/**
	 * Open-in-view under load: more requests at once than the pool has connections, each writing
	 * through JPA, loading lazily in the view and querying through {@code JdbcTemplate}. Were the
	 * {@code JdbcTemplate} query to need a second connection beside the one the session holds, two
	 * requests would each hold one and wait for the other's until the connection timeout; every
	 * request succeeds on one backend instead, and the server never shows more backends than the
	 * pool. With the pool's auto-commit on only: with it off they do wait (see the test above).
	 */
	@ParameterizedTest
	@SetupSource(kinds = { Kind.POSTGRESQL, Kind.MARIADB }, withPoolAutoCommitOff = false)
	void openInViewUnderLoadDoesNotDeadlockThePool(Setup setup) throws Exception {
		int poolSize = 2;
		int clients = 8;
		int requestsEach = 10;
		ServerSide server = setup.database().serverSide();
		// connections of applications other tests left running (Spring's test context cache) are not this one's
		Set<Long> before = server.backends();
		try (ConfigurableApplicationContext context = start(setup, true, poolSize);
				Connection side = server.openSide()) {
			ExecutorService executor = Executors.newFixedThreadPool(clients);
			List<Future<List<JsonNode>>> results = new ArrayList<>();
			// one side connection throughout: one opened per reading would still be ending at the next
			Set<Integer> backendCounts = ConcurrentHashMap.newKeySet();
			AtomicBoolean running = new AtomicBoolean(true);
			Thread watcher = new Thread(() -> {
				while (running.get()) {
					try {
						backendCounts.add(ownBackends(server, side, before).size());
						Thread.sleep(20);
					}
					catch (Exception ex) {
						return;
					}
				}
			}, "backend-watcher");
			watcher.setDaemon(true);
			watcher.start();
			try {
				for (int client = 0; client < clients; client++) {
					results.add(executor.submit(() -> {
						List<JsonNode> seen = new ArrayList<>();
						for (int i = 0; i < requestsEach; i++) {
							seen.add(library(context));
						}
						return seen;
					}));
				}
				for (Future<List<JsonNode>> result : results) {
					for (JsonNode seen : result.get(120, TimeUnit.SECONDS)) {
						assertThat(seen.get("books").asInt()).isEqualTo(2);
						assertThat(seen.get("jdbc").asLong()).as("JdbcTemplate's backend against the service's")
							.isEqualTo(seen.get("service").asLong());
					}
				}
			}
			finally {
				running.set(false);
				watcher.join();
				executor.shutdownNow();
			}
			awaitReturned(context);
			assertThat(backendCounts).as("backends on the server while the requests ran")
				.allSatisfy((count) -> assertThat(count).isLessThanOrEqualTo(poolSize));
			assertThat(ownBackends(server, side, before)).as("backends on the server afterwards")
				.hasSizeLessThanOrEqualTo(poolSize)
				.allSatisfy((backend) -> assertThat(server.inTransaction(backend)).as("backend %d in a transaction",
						backend)
					.isFalse());
		}
	}

	private static Set<Long> ownBackends(ServerSide server, Connection side, Set<Long> others) throws SQLException {
		Set<Long> backends = server.backends(side);
		backends.removeAll(others);
		return backends;
	}

	private static JsonNode library(ConfigurableApplicationContext context) throws Exception {
		HttpResponse<String> response = HTTP.send(request(context), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private static HttpRequest request(ConfigurableApplicationContext context) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/library"))
			.timeout(Duration.ofSeconds(60))
			.build();
	}

	// the client has the response before the request's filter has ended
	private static void awaitReturned(ConfigurableApplicationContext context) throws Exception {
		HikariDataSource pool = context.getBean(DataSource.class).unwrap(HikariDataSource.class);
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (pool.getHikariPoolMXBean().getActiveConnections() > 0) {
			assertThat(System.nanoTime() - deadline).as("connections returned to the pool").isNegative();
			Thread.sleep(5);
		}
	}

	private static ConfigurableApplicationContext start(Setup setup, boolean openInView, int poolSize) {
		TestDatabase database = setup.database();
		List<String> properties = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
				"it.database-kind=" + database.kind(), "spring.datasource.url=" + database.jdbcUrl(),
				"spring.datasource.username=" + database.username(),
				"spring.datasource.password=" + database.password(),
				"spring.datasource.hikari.connection-timeout=3000",
				"spring.datasource.hikari.maximum-pool-size=" + poolSize, "spring.jpa.open-in-view=" + openInView,
				"spring.jpa.hibernate.ddl-auto=create-drop",
				"spring.jpa.hibernate.naming.physical-strategy=" + RunNamedTables.class.getName(),
				"db.conn-max-age=60", SpringStack.leaveOut(SpringStack.SECURITY, SpringStack.SESSION, SpringStack.DATA_JDBC, SpringStack.FLYWAY)));
		properties.addAll(setup.properties());
		return new SpringApplicationBuilder(JpaApplication.class).properties(properties.toArray(String[]::new))
			.run();
	}

}
