package dev.dbconn.benchmark;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.jdbc.UnitOfWork;
import dev.dbconn.lifecycle.ConnMaxAge;
import dev.dbconn.lifecycle.LifecyclePolicy;

import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * A closed-loop load generator for what {@code db.conn-max-age} costs a request on a real server:
 * each of N client threads runs "requests" back to back for a fixed time, each request running two
 * short queries, each on a connection of its own from the DataSource, as two {@code JdbcTemplate}
 * calls do.
 * <p>
 * Modes: {@code hikari} (HikariCP alone), {@code connect1} (one new physical connection per
 * request, no pool), {@code connect2} (a new physical connection per query, as an application
 * without a pool does), {@code dbconn0} and {@code dbconn-unlimited} (a {@link LifecycleDataSource}
 * over HikariCP, inside a {@link UnitOfWork} per request), {@code dbconn0-wide-adder} (the same
 * with HikariCP's connection-adding executor widened, for comparison), {@code connect-loop} (open and close
 * physical connections only, nothing else).
 * <p>
 * Usage: {@code ConnectionChurnLoad <mode> <clients> <seconds> [jdbcUrl]}. Not a test: it prints
 * requests per second, mean and maximum latency, the number of requests slower than 2 s (where wrk
 * would count a timeout) and of failed ones. Timings depend on the machine and are never asserted.
 */
public final class ConnectionChurnLoad {

	static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

	static final int POOL_SIZE = 10;

	static final long SLOW_NANOS = Duration.ofSeconds(2).toNanos();

	private ConnectionChurnLoad() {
	}

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		int clients = Integer.parseInt(args[1]);
		int seconds = Integer.parseInt(args[2]);
		String url = (args.length > 3) ? args[3] : DEFAULT_URL;
		HikariDataSource pool = null;
		DataSource dataSource;
		boolean unit = false;
		boolean oneConnection = false;
		switch (mode) {
			case "hikari" -> dataSource = pool = newPool(url);
			case "dbconn0" -> {
				pool = newPool(url);
				dataSource = new LifecycleDataSource(pool, "load",
						new LifecyclePolicy(ConnMaxAge.ZERO, false, Duration.ofSeconds(5)));
				unit = true;
			}
			case "dbconn0-wide-adder" -> {
				pool = newPool(url);
				widenConnectionAdder(pool);
				dataSource = new LifecycleDataSource(pool, "load",
						new LifecyclePolicy(ConnMaxAge.ZERO, false, Duration.ofSeconds(5)));
				unit = true;
			}
			case "dbconn-unlimited" -> {
				pool = newPool(url);
				dataSource = new LifecycleDataSource(pool, "load",
						new LifecyclePolicy(ConnMaxAge.UNLIMITED, false, Duration.ofSeconds(5)));
				unit = true;
			}
			case "connect1" -> {
				dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), url);
				oneConnection = true;
			}
			case "connect2", "connect-loop" -> dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), url);
			default -> throw new IllegalArgumentException("unknown mode " + mode);
		}
		boolean connectOnly = mode.equals("connect-loop");
		Request request = connectOnly ? ConnectionChurnLoad::connectOnly
				: oneConnection ? ConnectionChurnLoad::twoQueriesOneConnection : ConnectionChurnLoad::twoQueries;
		// warm up the JIT and the pool, then measure
		run(dataSource, request, unit, clients, Math.min(3, seconds), null);
		Result result = run(dataSource, request, unit, clients, seconds, mode);
		System.out.println(result);
		if (pool != null) {
			pool.close();
		}
	}

	static HikariDataSource newPool(String url) {
		HikariConfig config = new HikariConfig();
		config.setPoolName("load");
		config.setJdbcUrl(url);
		config.setMaximumPoolSize(Integer.getInteger("pool.size", POOL_SIZE));
		return new HikariDataSource(config);
	}

	/**
	 * For comparison only: give HikariCP's connection-adding executor (a private field, one thread)
	 * as many threads as the pool has connections, so that several new connections are opened at once.
	 * Each thread still sleeps 30 ms after each connection it adds.
	 */
	static void widenConnectionAdder(HikariDataSource pool) throws Exception {
		pool.getConnection().close();
		Field field = HikariPool.class.getDeclaredField("addConnectionExecutor");
		field.setAccessible(true);
		ThreadPoolExecutor executor = (ThreadPoolExecutor) field.get(pool.getHikariPoolMXBean());
		executor.setMaximumPoolSize(pool.getMaximumPoolSize());
		executor.setCorePoolSize(pool.getMaximumPoolSize());
	}

	static Result run(DataSource dataSource, Request request, boolean unit, int clients, int seconds, String mode)
			throws InterruptedException {
		AtomicBoolean stop = new AtomicBoolean();
		LongAdder count = new LongAdder();
		LongAdder totalNanos = new LongAdder();
		LongAdder slow = new LongAdder();
		LongAdder failed = new LongAdder();
		long[] max = new long[clients];
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < clients; i++) {
			int index = i;
			threads.add(new Thread(() -> {
				while (!stop.get()) {
					long start = System.nanoTime();
					try {
						if (unit) {
							try (UnitOfWork.Scope scope = UnitOfWork.begin()) {
								request.run(dataSource);
							}
						}
						else {
							request.run(dataSource);
						}
					}
					catch (SQLException | RuntimeException ex) {
						failed.increment();
					}
					long nanos = System.nanoTime() - start;
					count.increment();
					totalNanos.add(nanos);
					max[index] = Math.max(max[index], nanos);
					if (nanos > SLOW_NANOS) {
						slow.increment();
					}
				}
			}, "client-" + i));
		}
		long start = System.nanoTime();
		threads.forEach(Thread::start);
		Thread.sleep(seconds * 1000L);
		stop.set(true);
		for (Thread thread : threads) {
			thread.join();
		}
		long elapsed = System.nanoTime() - start;
		long worst = 0;
		for (long m : max) {
			worst = Math.max(worst, m);
		}
		return new Result(mode, clients, count.sum(), elapsed, totalNanos.sum(), worst, slow.sum(), failed.sum());
	}

	static void twoQueries(DataSource dataSource) throws SQLException {
		for (int i = 0; i < 2; i++) {
			try (Connection connection = dataSource.getConnection()) {
				query(connection);
			}
		}
	}

	static void twoQueriesOneConnection(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			query(connection);
			query(connection);
		}
	}

	static void connectOnly(DataSource dataSource) throws SQLException {
		dataSource.getConnection().close();
	}

	static void query(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("select 1")) {
			if (!result.next()) {
				throw new IllegalStateException("select 1 returned no row");
			}
		}
	}

	@FunctionalInterface
	interface Request {

		void run(DataSource dataSource) throws SQLException;

	}

	record Result(String mode, int clients, long requests, long elapsedNanos, long totalNanos, long maxNanos,
			long slow, long failed) {

		@Override
		public String toString() {
			double perSecond = this.requests / (this.elapsedNanos / 1e9);
			double meanMs = (this.requests == 0) ? 0 : this.totalNanos / 1e6 / this.requests;
			return String.format(Locale.ROOT,
					"%-18s clients=%3d  req/s=%8.1f  mean=%8.3f ms  max=%8.1f ms  >2s=%d  failed=%d", this.mode,
					this.clients, perSecond, meanMs, this.maxNanos / 1e6, this.slow, this.failed);
		}

	}

}
