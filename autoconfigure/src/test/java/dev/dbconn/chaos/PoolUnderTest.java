package dev.dbconn.chaos;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.jdbc.ConnectionSnapshot;
import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.jdbc.LifecycleObserver;
import dev.dbconn.jdbc.UnitOfWork;
import dev.dbconn.lifecycle.ConnMaxAge;
import dev.dbconn.lifecycle.LifecyclePolicy;
import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.TcpProxy;
import dev.dbconn.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a chaos test puts under load and breaks: a HikariCP pool of the run's chaos database reached
 * through a {@link TcpProxy}, and dbconn's {@link LifecycleDataSource} over it keeping connections
 * without an age limit, as an application configured with {@code db.conn-max-age: unlimited} has;
 * the server's side of it; and the health checks dbconn made.
 */
final class PoolUnderTest implements AutoCloseable {

	static final int POOL_SIZE = 12;

	/** {@code db.health-check-timeout} of the tests. */
	static final Duration HEALTH_CHECK_TIMEOUT = Duration.ofSeconds(1);

	/** The drivers' socket timeout: how long a statement waits for a server that stopped answering. */
	static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(5);

	private static final int CONNECT_TIMEOUT_SECONDS = 2;

	final Setup setup;

	final TcpProxy proxy;

	final HikariDataSource pool;

	final LifecycleDataSource dataSource;

	final ServerSide server;

	final LongAdder healthChecksPassed = new LongAdder();

	final LongAdder healthChecksFailed = new LongAdder();

	final AtomicLong longestHealthCheckNanos = new AtomicLong();

	private PoolUnderTest(Setup setup, TcpProxy proxy, HikariDataSource pool, LifecycleDataSource dataSource,
			ServerSide server) {
		this.setup = setup;
		this.proxy = proxy;
		this.pool = pool;
		this.dataSource = dataSource;
		this.server = server;
	}

	/**
	 * Start the proxy and the pool, which then opens its connections in the background.
	 * @param setup the cell of the test matrix
	 * @param healthChecks {@code db.conn-health-checks}
	 * @param connectionTimeout HikariCP's {@code connection-timeout}: how long a request waits for a
	 * connection
	 */
	static PoolUnderTest start(Setup setup, boolean healthChecks, Duration connectionTimeout)
			throws SQLException, IOException {
		TestDatabase database = ChaosDatabases.get(setup.kind());
		TcpProxy proxy = TcpProxy.start(database);
		HikariDataSource pool = database.viaProxy(proxy)
			.pool(POOL_SIZE, CONNECT_TIMEOUT_SECONDS, Math.toIntExact(SOCKET_TIMEOUT.toSeconds()));
		pool.setPoolName("chaos");
		pool.setAutoCommit(setup.poolAutoCommit());
		pool.setConnectionTimeout(connectionTimeout.toMillis());
		// HikariCP's own check of a borrowed connection is off in the tests (see the surefire settings)
		pool.setValidationTimeout(Math.min(connectionTimeout.toMillis(), HEALTH_CHECK_TIMEOUT.toMillis()));
		LifecycleDataSource dataSource = new LifecycleDataSource(pool, "chaos",
				new LifecyclePolicy(ConnMaxAge.UNLIMITED, healthChecks, HEALTH_CHECK_TIMEOUT));
		PoolUnderTest target = new PoolUnderTest(setup, proxy, pool, dataSource, database.serverSide());
		dataSource.addObserver(target.new HealthChecks());
		// borrowing one starts the pool
		try (Connection connection = pool.getConnection()) {
			assertThat(connection.isValid(1)).as("a connection of the pool").isTrue();
		}
		catch (SQLException | RuntimeException | Error ex) {
			target.close();
			throw ex;
		}
		return target;
	}

	/** Start clients sending requests to dbconn's DataSource. */
	Load load() {
		return Load.start(this.dataSource, this.setup.kind());
	}

	/**
	 * Have dbconn keep every connection the pool may open: one unit of work holds that many at once
	 * (each handle, opened beside others with auto-commit off, gets a connection of its own) and
	 * hands them all back.
	 */
	void keepEveryConnection() throws SQLException {
		List<Connection> open = new ArrayList<>();
		try (UnitOfWork.Scope scope = UnitOfWork.begin()) {
			try {
				for (int i = 0; i < POOL_SIZE; i++) {
					Connection connection = this.dataSource.getConnection();
					open.add(connection);
					// as a transaction manager begins one: the next handle cannot share this connection
					connection.setAutoCommit(false);
				}
			}
			finally {
				for (Connection connection : open) {
					connection.close();
				}
			}
		}
		assertThat(this.dataSource.getConnections()).as("connections dbconn keeps").hasSize(POOL_SIZE);
	}

	/**
	 * Kill every backend of the pool at once, as a restart of the server does, and wait until the
	 * server has let go of them all.
	 * @return the backends killed
	 */
	Set<Long> killEveryBackend() throws SQLException {
		return this.server.killBackends(this.server.backends());
	}

	/**
	 * Nothing is lent out, the server has no more backends than the pool may open, and every
	 * connection dbconn lists (as its endpoint does) has a backend on the server.
	 */
	void assertNothingCountsAsLiveThatIsNot() throws SQLException {
		assertThat(this.pool.getHikariPoolMXBean().getActiveConnections()).as("connections lent out").isZero();
		Set<Long> onServer = this.server.backends();
		assertThat(onServer).as("backends on the server").hasSizeLessThanOrEqualTo(POOL_SIZE);
		List<Long> listed = this.dataSource.getConnections().stream().map(ConnectionSnapshot::backendId).toList();
		assertThat(onServer).as("backends on the server, against the connections dbconn lists").containsAll(listed);
	}

	/** Cut the proxy first, so that nothing waits on a connection it holds, then close the pool. */
	@Override
	public void close() {
		try {
			this.proxy.close();
		}
		finally {
			this.pool.close();
		}
	}

	/** Counts dbconn's health checks and keeps the longest. */
	private final class HealthChecks implements LifecycleObserver {

		@Override
		public void healthChecked(boolean passed, long nanos) {
			(passed ? PoolUnderTest.this.healthChecksPassed : PoolUnderTest.this.healthChecksFailed).increment();
			PoolUnderTest.this.longestHealthCheckNanos.accumulateAndGet(nanos, Math::max);
		}

	}

}
