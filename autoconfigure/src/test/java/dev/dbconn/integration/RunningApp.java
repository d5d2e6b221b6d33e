package dev.dbconn.integration;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.dbconn.jdbc.ConnectionSnapshot;
import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.lifecycle.CloseReason;
import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.SpringStack;
import dev.dbconn.testsupport.TestDatabase;
import dev.dbconn.testsupport.TestDatabase.Kind;
import dev.dbconn.testsupport.TestDatabases;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@link LifecycleTestApplication} running on a random port against one of the test databases,
 * with the properties a test gives it, and an HTTP client to call it.
 */
final class RunningApp implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Set<Kind> TABLES_CREATED = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(RunningApp::dropTables, "drop-test-tables"));
	}

	private static final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final TestDatabase database;

	private final ConfigurableApplicationContext context;

	private final int port;

	private final AtomicLong sent = new AtomicLong();

	private RunningApp(TestDatabase database, ConfigurableApplicationContext context) {
		this.database = database;
		this.context = context;
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/**
	 * Start the application on a cell of the test matrix.
	 */
	static RunningApp start(Setup setup, String... properties) throws SQLException {
		return start(setup, setup.database(), properties);
	}

	/**
	 * Start the application on a cell of the test matrix but against the given database: the setup's
	 * own with parameters added to its URL, or one reached through a {@code TcpProxy}.
	 */
	static RunningApp start(Setup setup, TestDatabase database, String... properties) throws SQLException {
		Kind kind = database.kind();
		if (kind != setup.kind()) {
			throw new IllegalArgumentException("A " + kind + " database for a " + setup + " setup");
		}
		prepareTable(database);
		List<String> all = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
				"it.database-kind=" + kind, "spring.datasource.url=" + database.jdbcUrl(),
				"spring.datasource.username=" + database.username(),
				"spring.datasource.password=" + database.password(),
				"spring.datasource.hikari.connection-timeout=5000", "logging.level.dev.dbconn=DEBUG", SpringStack.LEFT_OUT));
		all.addAll(setup.properties());
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(LifecycleTestApplication.class)
			.properties(all.toArray(String[]::new))
			.run();
		return new RunningApp(database, context);
	}

	private static void prepareTable(TestDatabase database) throws SQLException {
		try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
			statement.execute("create table if not exists " + LifecycleTestApplication.TABLE
					+ " (id int primary key, label varchar(50))");
			statement.execute("delete from " + LifecycleTestApplication.TABLE);
		}
		TABLES_CREATED.add(database.kind());
	}

	// the servers are shared: leave them without the test table once the tests are done
	private static void dropTables() {
		for (Kind kind : TABLES_CREATED) {
			try (Connection connection = TestDatabases.get(kind).open();
					Statement statement = connection.createStatement()) {
				statement.execute("drop table if exists " + LifecycleTestApplication.TABLE);
			}
			catch (SQLException | RuntimeException ex) {
				// nothing more to do as the JVM exits
			}
		}
	}

	ServerSide serverSide() {
		return this.database.serverSide();
	}

	/**
	 * Kill a backend on the server once the application has settled its connections. The client has
	 * the response before the request's filter has ended: killing at once would race the end of the
	 * request (the pool's own rollback on return would meet the dead connection first).
	 */
	void killBackend(long backendId) throws SQLException, InterruptedException {
		awaitSettled(Duration.ofSeconds(10));
		serverSide().killBackend(backendId);
	}

	/**
	 * Wait until every request sent has ended and no connection is in use: HikariCP has none lent out
	 * and dbconn none in a unit of work (the client has a response before the request's filter ends).
	 * @param timeout how long to wait at most
	 * @return whether that was so within the timeout
	 */
	boolean awaitSettled(Duration timeout) throws SQLException, InterruptedException {
		RequestsEnded ended = this.context.getBean(RequestsEnded.class);
		LifecycleDataSource lifecycle = lifecycleDataSource();
		HikariPoolMXBean pool = lifecycle.unwrap(HikariDataSource.class).getHikariPoolMXBean();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (ended.count() < this.sent.get() || pool.getActiveConnections() > 0
				|| lifecycle.getConnections().stream().anyMatch(ConnectionSnapshot::inUse)) {
			if (System.nanoTime() - deadline >= 0) {
				return false;
			}
			Thread.sleep(5);
		}
		return true;
	}

	/** {@link #awaitSettled(Duration)} for up to 10 seconds. */
	void awaitSettled() throws SQLException, InterruptedException {
		awaitSettled(Duration.ofSeconds(10));
	}

	/** The connections HikariCP's pool holds now, lent out or idle. */
	int totalPoolConnections() {
		try {
			return this.context.getBean(DataSource.class)
				.unwrap(HikariDataSource.class)
				.getHikariPoolMXBean()
				.getTotalConnections();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The connections HikariCP has lent out now. */
	int activeConnections() throws SQLException {
		return this.context.getBean(DataSource.class)
			.unwrap(HikariDataSource.class)
			.getHikariPoolMXBean()
			.getActiveConnections();
	}

	/** How many connections dbconn closed for the reason, once the requests that answered are settled. */
	long closed(CloseReason reason) throws SQLException, InterruptedException {
		awaitSettled();
		return lifecycleDataSource().getStatistics().closed(reason);
	}

	TestDatabase database() {
		return this.database;
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	/** GET a path; fails the test unless the answer is 200. */
	String get(String path) {
		HttpResponse<String> response = send("GET", path);
		if (response.statusCode() != 200) {
			throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
		}
		return response.body();
	}

	/** Encode a value for a query string. */
	static String param(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** POST a path; fails the test unless the answer is 200. */
	String post(String path) {
		HttpResponse<String> response = send("POST", path);
		if (response.statusCode() != 200) {
			throw new AssertionError("POST " + path + " answered " + response.statusCode() + ": " + response.body());
		}
		return response.body();
	}

	/** GET a path and parse the JSON answer. */
	JsonNode getJson(String path) {
		return JSON.readTree(get(path));
	}

	long getBackend() {
		return Long.parseLong(get("/backend"));
	}

	/**
	 * Send requests that each hold a connection until all of them are inside, so that each gets a
	 * physical connection of its own, opened or first seen by dbconn at about the same time.
	 * @return the backends that served them, one per request
	 */
	Set<Long> backendsTogether(int count) throws InterruptedException, ExecutionException {
		ExecutorService clients = Executors.newFixedThreadPool(count);
		try {
			List<Future<String>> requests = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				requests.add(clients.submit(() -> get("/together?count=" + count)));
			}
			Set<Long> backends = new LinkedHashSet<>();
			for (Future<String> request : requests) {
				backends.add(Long.parseLong(request.get()));
			}
			if (backends.size() != count) {
				throw new AssertionError(count + " requests held at once shared backends: " + backends);
			}
			return backends;
		}
		finally {
			clients.shutdownNow();
		}
	}

	/** The dbconn DataSource of the application. */
	LifecycleDataSource lifecycleDataSource() throws SQLException {
		return this.context.getBean(DataSource.class).unwrap(LifecycleDataSource.class);
	}

	HttpResponse<String> send(String method, String path) {
		try {
			return http.send(request(method, path), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Request to " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** GET a path without waiting for the answer, for requests sent at once. */
	CompletableFuture<HttpResponse<String>> getAsync(String path) {
		return http.sendAsync(request("GET", path), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest request(String method, String path) {
		this.sent.incrementAndGet();
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(30))
			.build();
	}

	/** Count committed rows with the given id, seen from a side connection. */
	int committedRows(int id) throws SQLException {
		try (Connection connection = this.database.open();
				PreparedStatement statement = connection
					.prepareStatement("select count(*) from " + LifecycleTestApplication.TABLE + " where id = ?")) {
			statement.setInt(1, id);
			try (ResultSet resultSet = statement.executeQuery()) {
				resultSet.next();
				return resultSet.getInt(1);
			}
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

}
