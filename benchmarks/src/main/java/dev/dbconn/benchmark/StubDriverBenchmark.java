package dev.dbconn.benchmark;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.benchmark.stub.StubDriver;
import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.jdbc.UnitOfWork;
import dev.dbconn.lifecycle.ConnMaxAge;
import dev.dbconn.lifecycle.LifecyclePolicy;
import dev.dbconn.lifecycle.SessionPolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What dbconn's wrapping costs per JDBC call, over a driver that does nothing ({@link StubDriver}),
 * so that the time and the allocation left are HikariCP's proxies and, with {@code dbconn},
 * dbconn's handles in front of them.
 * <p>
 * Every benchmark runs once per {@code dataSource}: {@code hikari} is a HikariCP pool used directly,
 * {@code dbconn} a {@link LifecycleDataSource} over an identical pool ({@code conn-max-age}
 * unlimited, no health checks, session reset {@code auto}, so every statement's text is read). The
 * difference between the two rows of a benchmark is what dbconn adds. Run with {@code -prof gc}
 * for the allocation per operation; docs/performance.md has the commands and the results.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StubDriverBenchmark {

	static final String QUERY = "select id, name from items where id = ?";

	/**
	 * A unit of work with one {@code getConnection()} and its {@code close()}, as a request that runs
	 * one query does: with {@code dbconn} the unit's begin and end, the physical connection's
	 * acquisition from the pool and its release, against one borrow and return from HikariCP.
	 */
	@Benchmark
	public void unitWithOneConnection(Pool pool) throws SQLException {
		if (pool.lifecycle) {
			try (UnitOfWork.Scope scope = UnitOfWork.begin()) {
				pool.target.getConnection().close();
			}
		}
		else {
			pool.target.getConnection().close();
		}
	}

	/**
	 * {@code getConnection()} and {@code close()} inside a unit that already holds its connection, as
	 * the second and later {@code JdbcTemplate} calls of a request do. HikariCP alone borrows and
	 * returns a connection each time.
	 */
	@Benchmark
	public void connectionInOpenUnit(OpenUnit unit) throws SQLException {
		unit.dataSource.getConnection().close();
	}

	/**
	 * {@code prepareStatement}, one parameter, {@code executeQuery}, one row read, and both closed, on
	 * a connection held for the whole iteration.
	 */
	@Benchmark
	public int prepareExecuteClose(HeldConnection unit) throws SQLException {
		try (PreparedStatement statement = unit.connection.prepareStatement(QUERY)) {
			statement.setInt(1, 42);
			try (ResultSet resultSet = statement.executeQuery()) {
				resultSet.next();
				return resultSet.getInt(1);
			}
		}
	}

	/**
	 * One {@code executeUpdate()} of a statement prepared for the whole iteration: the cost of a
	 * statement execution alone.
	 */
	@Benchmark
	public int execute(HeldConnection unit) throws SQLException {
		unit.statement.setInt(1, 42);
		return unit.statement.executeUpdate();
	}

	/**
	 * {@code executeQuery()} of a statement prepared for the whole iteration, and every row of its
	 * result read with {@code next()} and {@code getInt}.
	 */
	@Benchmark
	public void resultSetWalk(HeldConnection unit, Blackhole blackhole) throws SQLException {
		try (ResultSet resultSet = unit.statement.executeQuery()) {
			while (resultSet.next()) {
				blackhole.consume(resultSet.getInt(1));
			}
		}
	}

	/**
	 * A request of three statements, each with its own {@code getConnection()}, as three
	 * {@code JdbcTemplate} calls do; with {@code dbconn} inside a unit of work that shares one
	 * connection between them.
	 */
	@Benchmark
	public void requestOfThreeStatements(Pool pool, Blackhole blackhole) throws SQLException {
		if (pool.lifecycle) {
			try (UnitOfWork.Scope scope = UnitOfWork.begin()) {
				threeStatements(pool.target, blackhole);
			}
		}
		else {
			threeStatements(pool.target, blackhole);
		}
	}

	private static void threeStatements(DataSource dataSource, Blackhole blackhole) throws SQLException {
		for (int i = 0; i < 3; i++) {
			try (Connection connection = dataSource.getConnection();
					PreparedStatement statement = connection.prepareStatement(QUERY)) {
				statement.setInt(1, i);
				try (ResultSet resultSet = statement.executeQuery()) {
					resultSet.next();
					blackhole.consume(resultSet.getInt(1));
				}
			}
		}
	}

	/**
	 * A pool over the stub driver, used directly or through dbconn, shared by all benchmark threads.
	 */
	@State(Scope.Benchmark)
	public static class Pool {

		@Param({ "hikari", "dbconn" })
		public String dataSource;

		/** How many rows each query returns. */
		@Param({ "100" })
		public int rows;

		HikariDataSource hikari;

		boolean lifecycle;

		DataSource target;

		@Setup(Level.Trial)
		public void open() {
			HikariConfig config = new HikariConfig();
			config.setPoolName("stub-" + this.dataSource);
			config.setDriverClassName(StubDriver.class.getName());
			config.setJdbcUrl(StubDriver.url(this.rows));
			config.setMaximumPoolSize(4);
			config.setMinimumIdle(4);
			this.hikari = new HikariDataSource(config);
			this.lifecycle = "dbconn".equals(this.dataSource);
			this.target = this.lifecycle ? new LifecycleDataSource(this.hikari, "bench",
					new LifecyclePolicy(ConnMaxAge.UNLIMITED, false, Duration.ofSeconds(5)), SessionPolicy.DEFAULTS)
					: this.hikari;
		}

		@TearDown(Level.Trial)
		public void close() {
			this.hikari.close();
		}

	}

	/**
	 * Per benchmark thread and iteration: a unit of work (with {@code dbconn}) that has acquired its
	 * connection and holds no handle on it, so that each {@code getConnection()} gets the bound
	 * connection again. The fixture methods of a thread's state run on that thread, which is the one
	 * the unit of work belongs to.
	 */
	@State(Scope.Thread)
	public static class OpenUnit {

		DataSource dataSource;

		UnitOfWork.Scope scope;

		@Setup(Level.Iteration)
		public void open(Pool pool) throws SQLException {
			this.dataSource = pool.target;
			this.scope = pool.lifecycle ? UnitOfWork.begin() : null;
			this.dataSource.getConnection().close();
		}

		@TearDown(Level.Iteration)
		public void close() {
			if (this.scope != null) {
				this.scope.close();
			}
		}

	}

	/**
	 * Per benchmark thread and iteration: a unit of work (with {@code dbconn}) holding one open
	 * connection and one statement prepared on it, both closed when the iteration ends.
	 */
	@State(Scope.Thread)
	public static class HeldConnection {

		UnitOfWork.Scope scope;

		Connection connection;

		PreparedStatement statement;

		@Setup(Level.Iteration)
		public void open(Pool pool) throws SQLException {
			this.scope = pool.lifecycle ? UnitOfWork.begin() : null;
			this.connection = pool.target.getConnection();
			this.statement = this.connection.prepareStatement(QUERY);
		}

		@TearDown(Level.Iteration)
		public void close() throws SQLException {
			this.statement.close();
			this.connection.close();
			if (this.scope != null) {
				this.scope.close();
			}
		}

	}

}
