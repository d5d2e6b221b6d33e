package dev.dbconn.benchmark;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.jdbc.UnitOfWork;
import dev.dbconn.lifecycle.ConnMaxAge;
import dev.dbconn.lifecycle.EncodingCheck;
import dev.dbconn.lifecycle.LifecyclePolicy;
import dev.dbconn.lifecycle.SessionPolicy;
import dev.dbconn.lifecycle.SessionReset;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What dbconn's wrapping costs one request, compared with HikariCP alone.
 * <p>
 * Each benchmark method is one request that runs the same short query three times, each time
 * borrowing a connection, preparing, executing and reading a statement and closing everything, as
 * code that calls {@code JdbcTemplate} three times does. {@link #hikariOnly} does it on a plain
 * HikariCP pool; {@link #dbconn} and {@link #dbconnWithHealthChecks} do it inside a
 * {@link UnitOfWork} on a {@link LifecycleDataSource} over an identical pool, so that all three
 * queries share one physical connection, which is kept for the next request. The database is H2 in
 * memory, in the same JVM: with no network in between, what differs is the work the wrapper itself
 * does, not the database's. {@link StubDriverBenchmark} measures the same wrapping per JDBC call,
 * over a driver that does nothing.
 * <p>
 * Run it from {@code benchmarks/target/benchmarks.jar}; docs/performance.md has the commands and
 * the results.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RequestOverheadBenchmark {

	static final String URL = "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1";

	static final int POOL_SIZE = 4;

	static final int QUERIES_PER_REQUEST = 3;

	/**
	 * One request on HikariCP alone: each query borrows a connection from the pool and returns it.
	 */
	@Benchmark
	public void hikariOnly(PlainPool pool, Blackhole blackhole) throws SQLException {
		request(pool.dataSource, blackhole);
	}

	/**
	 * One request through dbconn, as its servlet filter runs it: a unit of work around the queries,
	 * a kept connection, no health checks.
	 */
	@Benchmark
	public void dbconn(LifecycleWithoutHealthChecks lifecycle, Blackhole blackhole) throws SQLException {
		try (UnitOfWork.Scope scope = UnitOfWork.begin()) {
			request(lifecycle.dataSource, blackhole);
		}
	}

	/**
	 * The same with {@code db.session-reset: never}: no statement text is read, so the difference from
	 * {@link #dbconn} (whose default, {@code auto}, reads each statement to tell whether the session
	 * needs a reset) is what {@code auto} costs a request that changes no session state.
	 */
	@Benchmark
	public void dbconnSessionResetNever(LifecycleNeverReset lifecycle, Blackhole blackhole) throws SQLException {
		try (UnitOfWork.Scope scope = UnitOfWork.begin()) {
			request(lifecycle.dataSource, blackhole);
		}
	}

	/**
	 * The same with {@code db.conn-health-checks} on: the kept connection is checked once per request
	 * with {@code isValid} before the first query.
	 */
	@Benchmark
	public void dbconnWithHealthChecks(LifecycleWithHealthChecks lifecycle, Blackhole blackhole)
			throws SQLException {
		try (UnitOfWork.Scope scope = UnitOfWork.begin()) {
			request(lifecycle.dataSource, blackhole);
		}
	}

	private static void request(DataSource dataSource, Blackhole blackhole) throws SQLException {
		for (int i = 0; i < QUERIES_PER_REQUEST; i++) {
			try (Connection connection = dataSource.getConnection();
					PreparedStatement statement = connection.prepareStatement("select ?")) {
				statement.setInt(1, i);
				try (ResultSet resultSet = statement.executeQuery()) {
					if (!resultSet.next()) {
						// a benchmark that silently read nothing would measure the wrong thing
						throw new IllegalStateException("select ? returned no row");
					}
					blackhole.consume(resultSet.getInt(1));
				}
			}
		}
	}

	static HikariDataSource newPool(String name) {
		HikariConfig config = new HikariConfig();
		config.setPoolName(name);
		config.setJdbcUrl(URL);
		config.setUsername("sa");
		config.setPassword("");
		config.setMaximumPoolSize(POOL_SIZE);
		config.setMinimumIdle(POOL_SIZE);
		return new HikariDataSource(config);
	}

	static LifecycleDataSource lifecycle(HikariDataSource pool, boolean healthChecks) {
		return lifecycle(pool, healthChecks, SessionPolicy.DEFAULTS);
	}

	static LifecycleDataSource lifecycle(HikariDataSource pool, boolean healthChecks, SessionPolicy session) {
		// Unlimited age keeps the connection between requests, so every request after the first
		// reuses one: the common case, and the one a health check applies to. The default session
		// policy resets in 'auto' mode: "select ?" changes nothing, so no reset is sent.
		return new LifecycleDataSource(pool, "bench",
				new LifecyclePolicy(ConnMaxAge.UNLIMITED, healthChecks, Duration.ofSeconds(5)), session);
	}

	/**
	 * A {@link LifecycleDataSource} without health checks and with {@code db.session-reset: never},
	 * over a pool of its own.
	 */
	@State(Scope.Benchmark)
	public static class LifecycleNeverReset {

		HikariDataSource pool;

		LifecycleDataSource dataSource;

		@Setup(Level.Trial)
		public void open() {
			this.pool = newPool("dbconn-never-reset");
			this.dataSource = lifecycle(this.pool, false,
					new SessionPolicy(SessionReset.NEVER, List.of(), List.of(), EncodingCheck.WARN));
		}

		@TearDown(Level.Trial)
		public void close() {
			this.pool.close();
		}

	}

	/**
	 * A HikariCP pool on its own, shared by all benchmark threads like an application's pool.
	 */
	@State(Scope.Benchmark)
	public static class PlainPool {

		HikariDataSource dataSource;

		@Setup(Level.Trial)
		public void open() {
			this.dataSource = newPool("hikari-only");
		}

		@TearDown(Level.Trial)
		public void close() {
			this.dataSource.close();
		}

	}

	/**
	 * A {@link LifecycleDataSource} without health checks over a pool of its own, identical to
	 * {@link PlainPool}'s.
	 */
	@State(Scope.Benchmark)
	public static class LifecycleWithoutHealthChecks {

		HikariDataSource pool;

		LifecycleDataSource dataSource;

		@Setup(Level.Trial)
		public void open() {
			this.pool = newPool("dbconn");
			this.dataSource = lifecycle(this.pool, false);
		}

		@TearDown(Level.Trial)
		public void close() {
			this.pool.close();
		}

	}

	/**
	 * A {@link LifecycleDataSource} with health checks over a pool of its own, identical to
	 * {@link PlainPool}'s.
	 */
	@State(Scope.Benchmark)
	public static class LifecycleWithHealthChecks {

		HikariDataSource pool;

		LifecycleDataSource dataSource;

		@Setup(Level.Trial)
		public void open() {
			this.pool = newPool("dbconn-health-checks");
			this.dataSource = lifecycle(this.pool, true);
		}

		@TearDown(Level.Trial)
		public void close() {
			this.pool.close();
		}

	}

}
