package dev.dbconn.integration;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.Credentials;
import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.jdbc.UnitOfWork;
import dev.dbconn.lifecycle.ConnMaxAge;
import dev.dbconn.lifecycle.LifecyclePolicy;
import dev.dbconn.testsupport.RunNames;
import dev.dbconn.testsupport.TestDatabase;
import dev.dbconn.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code db.conn-max-age: 0}, units of work open their own connections, set up as HikariCP sets
 * up its own, never more at once than the pool's maximum, and each unit gets a new one.
 */
class DirectConnectionsTests {

	// the backends of this test's own pool, told apart from the rest of the run's and from other runs'
	private static final String APPLICATION_NAME = RunNames.of("dbconn-direct");

	private final TestDatabase database = TestDatabases.postgres().withParameters("ApplicationName=" + APPLICATION_NAME);

	private HikariDataSource pool;

	@AfterEach
	void closePool() {
		if (this.pool != null) {
			this.pool.close();
		}
	}

	private LifecycleDataSource lifecycle(int maximumPoolSize, HikariConfig config) {
		if (config.getDataSource() == null) {
			config.setJdbcUrl(this.database.jdbcUrl());
		}
		config.setUsername(this.database.username());
		config.setPassword(this.database.password());
		config.setMaximumPoolSize(maximumPoolSize);
		this.pool = new HikariDataSource(config);
		return new LifecycleDataSource(this.pool, "direct",
				new LifecyclePolicy(ConnMaxAge.ZERO, false, Duration.ofSeconds(5)));
	}

	@Test
	void everyUnitGetsANewConnectionAndNoMoreThanThePoolMaximumAreOpen() throws Exception {
		// the pool opens its connections through a DataSource that counts the driver's connections
		// open at once: the server may still list a backend for a moment after its client closed it,
		// so the bound is read where the connections are opened and closed, the backends on the server
		CountingDataSource driver = new CountingDataSource(this.database);
		HikariConfig config = new HikariConfig();
		config.setDataSource(driver);
		LifecycleDataSource dataSource = lifecycle(3, config);
		try (UnitOfWork.Scope scope = UnitOfWork.begin(); Connection connection = dataSource.getConnection()) {
			backendPid(connection);
		}
		// the connection that started the pool, and the first unit's, are closed off the request path
		driver.awaitNoneOpen();
		Set<Integer> backends = ConcurrentHashMap.newKeySet();
		AtomicInteger units = new AtomicInteger();
		ExecutorService clients = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> results = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				results.add(clients.submit(() -> {
					for (int j = 0; j < 10; j++) {
						try (UnitOfWork.Scope scope = UnitOfWork.begin()) {
							int first;
							int second;
							try (Connection connection = dataSource.getConnection()) {
								first = backendPid(connection);
							}
							try (Connection connection = dataSource.getConnection()) {
								second = backendPid(connection);
							}
							assertThat(second).isEqualTo(first);
							backends.add(first);
							units.incrementAndGet();
						}
					}
					return null;
				}));
			}
			for (Future<?> result : results) {
				result.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			clients.shutdownNow();
		}
		assertThat(units).hasValue(80);
		assertThat(backends).as("backends the server gave the units").hasSize(80);
		// without the bound the 8 clients hold up to 8 at once
		assertThat(driver.mostOpen()).as("driver connections open at once").isBetween(1, 3);
	}

	@Test
	void newConnectionsAreSetUpAsThePoolSetsUpItsOwn() throws Exception {
		HikariConfig config = new HikariConfig();
		config.setTransactionIsolation("TRANSACTION_SERIALIZABLE");
		config.setReadOnly(true);
		config.setSchema("pg_catalog");
		config.setConnectionInitSql("SET TIME ZONE 'Pacific/Chatham'");
		LifecycleDataSource dataSource = lifecycle(2, config);
		try (UnitOfWork.Scope scope = UnitOfWork.begin(); Connection connection = dataSource.getConnection()) {
			assertThat(connection.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
			assertThat(connection.isReadOnly()).isTrue();
			assertThat(query(connection, "SELECT current_schema()")).isEqualTo("pg_catalog");
			assertThat(query(connection, "SHOW TimeZone")).isEqualTo("Pacific/Chatham");
		}
	}

	@Test
	void newConnectionsTakeTheirUserFromThePoolsCredentialsProvider() throws Exception {
		HikariConfig config = new HikariConfig();
		config.setCredentialsProvider(() -> Credentials.of(this.database.username(), this.database.password()));
		LifecycleDataSource dataSource = lifecycle(2, config);
		// the pool's own pair now names no role: only the provider's user can log in
		this.pool.setUsername(RunNames.of("dbconn_no_such_role"));
		for (int i = 0; i < 2; i++) {
			try (UnitOfWork.Scope scope = UnitOfWork.begin(); Connection connection = dataSource.getConnection()) {
				assertThat(query(connection, "SELECT session_user")).isEqualTo(this.database.username());
			}
		}
	}

	@Test
	void theSetUpOfANewConnectionIsBoundedByTheValidationTimeout() throws Exception {
		long lock = RunNames.lockKey(7);
		HikariConfig config = new HikariConfig();
		config.setValidationTimeout(250);
		config.addDataSourceProperty("socketTimeout", "30");
		// waits while another session holds the lock, as an init statement may wait on a lock
		config.setConnectionInitSql("SELECT pg_advisory_xact_lock_shared(" + lock + ")");
		LifecycleDataSource dataSource = lifecycle(2, config);
		ExecutorService unit = Executors.newSingleThreadExecutor();
		try (Connection holder = this.database.open()) {
			query(holder, "SELECT pg_advisory_lock(" + lock + ")::text");
			Future<String> blocked = unit.submit(() -> {
				try (UnitOfWork.Scope scope = UnitOfWork.begin(); Connection connection = dataSource.getConnection()) {
					return "connected";
				}
				catch (SQLException ex) {
					return "failed: " + ex.getMessage();
				}
			});
			try {
				assertThat(blocked.get(10, TimeUnit.SECONDS)).as("set-up cut off by the validation timeout")
					.startsWith("failed");
			}
			finally {
				query(holder, "SELECT pg_advisory_unlock(" + lock + ")::text");
			}
			// once set up, a connection has the driver's own network timeout again (socketTimeout, 30 s)
			try (UnitOfWork.Scope scope = UnitOfWork.begin(); Connection connection = dataSource.getConnection()) {
				assertThat(connection.getNetworkTimeout()).isEqualTo(30_000);
			}
		}
		finally {
			unit.shutdownNow();
		}
	}

	private static int backendPid(Connection connection) throws SQLException {
		return Integer.parseInt(query(connection, "SELECT pg_backend_pid()"));
	}

	private static String query(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

	/**
	 * A DataSource over the driver that knows how many of the connections it opened are not closed
	 * yet, and the most that were at once.
	 */
	private static final class CountingDataSource implements DataSource {

		private final TestDatabase database;

		private final AtomicInteger open = new AtomicInteger();

		private final AtomicInteger mostOpen = new AtomicInteger();

		CountingDataSource(TestDatabase database) {
			this.database = database;
		}

		int mostOpen() {
			return this.mostOpen.get();
		}

		void awaitNoneOpen() throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (this.open.get() > 0) {
				assertThat(System.nanoTime()).as("all connections closed within 10 s").isLessThan(deadline);
				Thread.sleep(10);
			}
			this.mostOpen.set(0);
		}

		@Override
		public Connection getConnection() throws SQLException {
			return getConnection(this.database.username(), this.database.password());
		}

		@Override
		public Connection getConnection(String username, String password) throws SQLException {
			Connection connection = DriverManager.getConnection(this.database.jdbcUrl(), username, password);
			this.mostOpen.accumulateAndGet(this.open.incrementAndGet(), Math::max);
			AtomicBoolean closed = new AtomicBoolean();
			return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
					new Class<?>[] { Connection.class }, (proxy, method, arguments) -> {
						if (method.getName().equals("equals")) {
							return proxy == arguments[0];
						}
						if (method.getName().equals("hashCode")) {
							return System.identityHashCode(proxy);
						}
						if (method.getName().equals("close") && closed.compareAndSet(false, true)) {
							this.open.decrementAndGet();
						}
						try {
							return method.invoke(connection, arguments);
						}
						catch (InvocationTargetException ex) {
							throw ex.getTargetException();
						}
					});
		}

		@Override
		public PrintWriter getLogWriter() {
			return null;
		}

		@Override
		public void setLogWriter(PrintWriter out) {
		}

		@Override
		public void setLoginTimeout(int seconds) {
		}

		@Override
		public int getLoginTimeout() {
			return 0;
		}

		@Override
		public Logger getParentLogger() throws SQLFeatureNotSupportedException {
			throw new SQLFeatureNotSupportedException();
		}

		@Override
		public <T> T unwrap(Class<T> type) throws SQLException {
			throw new SQLException("not a wrapper");
		}

		@Override
		public boolean isWrapperFor(Class<?> type) {
			return false;
		}

	}

}
