package dev.dbconn.integration;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.dbconn.chaos.ChaosDatabases;
import dev.dbconn.chaos.Figures;
import dev.dbconn.integration.SoakConfiguration.Failure;
import dev.dbconn.integration.SoakConfiguration.Tasks;
import dev.dbconn.testsupport.ConcurrentUseCheck;
import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.TestDatabase;
import dev.dbconn.testsupport.TestDatabase.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A soak: {@value #CLIENTS} clients send requests of every {@link SoakKind} over HTTP to a running
 * application (normal queries, statement errors, data and integrity errors, transactions left open
 * through JDBC and after an SQL {@code BEGIN}, SQL transactions over several statements, Spring
 * transactions, session {@code SET}s, async requests and {@code @Async} tasks) while a backend of the
 * application's is killed every so often, at {@code db.conn-max-age} 0, 2 s and unlimited, on
 * PostgreSQL and MariaDB, with health checks on and the concurrent-use check on every physical
 * connection. Each request checks its own answer, and no request may fail but because a backend was
 * killed under it. At the end, on the server: HikariCP lends nothing out, no backend of the
 * application's is idle in a transaction, there are no more of them than the pool's maximum, no row
 * of a transaction left open was committed and every row of a committed one was, and no request saw
 * a session setting an earlier one made; and the heap after a GC is within {@value #HEAP_BOUND_MB} MB
 * of what it was after a warm-up. Each cell prints its figures in lines starting {@code [chaos]}.
 * <p>
 * {@code ./mvnw verify} sends {@value #DEFAULT_REQUESTS} requests in all, fewer to the cells with
 * {@code db.conn-max-age} 0, which open a connection per request; {@value #REQUESTS_PROPERTY} sets
 * another total (e.g. {@code -Ddbconn.soak.requests=1000000}).
 */
@Tag("chaos")
@ExtendWith(ConcurrentUseCheck.class)
class SoakTests {

	/** System property: how many requests the soak sends in all, across its cells. */
	static final String REQUESTS_PROPERTY = "dbconn.soak.requests";

	static final int DEFAULT_REQUESTS = 20_000;

	static final int CLIENTS = 12;

	static final int POOL_SIZE = 8;

	static final int HEAP_BOUND_MB = 16;

	private static final long REQUESTS = Long.getLong(REQUESTS_PROPERTY, DEFAULT_REQUESTS);

	private static final Kind[] KINDS = { Kind.POSTGRESQL, Kind.MARIADB };

	/** The mean pause between two kills. */
	private static final long KILL_PAUSE_MILLIS = 250;

	private static final Duration SETTLED_WITHIN = Duration.ofSeconds(60);

	private static final long MB = 1024 * 1024;

	/**
	 * The {@code db.conn-max-age} of each cell, with its share of the requests: less at 0, where each
	 * request opens a connection of its own.
	 */
	enum Age {

		ZERO("0", 1), TWO_SECONDS("2s", 4), UNLIMITED("unlimited", 4);

		private final String value;

		private final int share;

		Age(String value, int share) {
			this.value = value;
			this.share = share;
		}

		@Override
		public String toString() {
			return "db.conn-max-age=" + this.value;
		}

	}

	static Stream<Arguments> cells() {
		return Setup.matrix(KINDS, false)
			.stream()
			.flatMap((setup) -> Stream.of(Age.values()).map((age) -> Arguments.of(setup, age)));
	}

	@AfterAll
	static void dropDatabases() throws SQLException {
		ChaosDatabases.dropAll();
	}

	@ParameterizedTest(name = "{0}, {1}")
	@MethodSource("cells")
	void nothingLeaksUnderALongMixedLoadWithBackendsKilled(Setup setup, Age age) throws Exception {
		int shares = Stream.of(Age.values()).mapToInt((each) -> each.share).sum() * KINDS.length;
		int requests = Math.toIntExact(REQUESTS * age.share / shares);
		int warmUp = Math.max(500, requests / 10);
		TestDatabase database = ChaosDatabases.get(setup.kind());
		SoakSql sql = SoakSql.of(setup.kind());
		String newSession = prepare(database, sql);
		ServerSide server = database.serverSide();
		long checkedBefore = ConcurrentUseCheck.connectionsChecked();
		try (RunningApp app = RunningApp.start(setup, database, "it.soak=true", "db.conn-max-age=" + age.value,
				"db.conn-health-checks=true", "db.health-check-timeout=1s",
				"spring.datasource.hikari.maximum-pool-size=" + POOL_SIZE, "logging.level.dev.dbconn=INFO",
				// MariaDB Connector/J logs every error the server sends at WARN: here thousands, on purpose
				"logging.level.org.mariadb.jdbc.message.server.ErrorPacket=ERROR")) {
			Tasks tasks = app.context().getBean(Tasks.class);
			tasks.expectSettings(newSession);
			SoakLoad load = new SoakLoad(app, server, sql, newSession, requests, CLIENTS, KILL_PAUSE_MILLIS);
			load.run(warmUp + 1);
			settle(app, tasks);
			long heapAfterWarmUp = heapAfterGc();
			long cpuBefore = processCpuNanos();
			load.run(requests + 1);
			long cpu = processCpuNanos() - cpuBefore;
			settle(app, tasks);
			long heapAtEnd = heapAfterGc();
			load.sortLostConnections();

			int active = app.activeConnections();
			int idleInTransaction = server.countIdleInTransaction();
			int backends = server.backends().size();
			long checked = ConcurrentUseCheck.connectionsChecked() - checkedBefore;
			List<String> clashes = ConcurrentUseCheck.clashes();
			TaskOutcomes taskOutcomes = new TaskOutcomes(load, tasks.failures());
			Rows rows = rows(database, load, taskOutcomes);

			Map<SoakKind, Integer> byKind = new EnumMap<>(SoakKind.class);
			for (long id = 1; id <= load.sent(); id++) {
				byKind.merge(load.kind(id), 1, Integer::sum);
			}
			long killed = count(load.killedByCause());
			long failed = count(load.failedByCause());
			double seconds = load.nanos() / 1e9;
			new Figures("soak, " + setup + ", " + age)
				.add("%d clients over HTTP, pool of %d, health checks on, a backend killed every %d ms on average",
						CLIENTS, POOL_SIZE, KILL_PAUSE_MILLIS)
				.add("requests: %d (%d of them warm-up) in %.1f s, %.0f a second", load.sent(), warmUp, seconds,
						load.sent() / seconds)
				.add("CPU time of the JVM (application and clients) per request after the warm-up: %.2f ms",
						cpu / 1e6 / (requests - warmUp))
				.add("by kind: %s", byKind.entrySet()
					.stream()
					.map((entry) -> entry.getKey().name().toLowerCase(Locale.ROOT) + " " + entry.getValue())
					.collect(Collectors.joining(", ")))
				.add("backends killed: %d", load.kills())
				.add("failed because their backend was killed (allowed): %d%s", killed, causes(load.killedByCause()))
				.add("failed otherwise: %d%s", failed, causes(load.failedByCause()))
				.add("@Async tasks: %d run, %d failed because their backend was killed (allowed), %d otherwise",
						tasks.finishedCount(), taskOutcomes.killed, taskOutcomes.failedCount)
				.add("session settings of an earlier request seen: %d by requests, %d by tasks", load.settingsSeen(),
						tasks.settingsSeen().size())
				.add("rows: %d committed as they should be; of transactions left open or statements that failed, "
						+ "%d found committed; of committed transactions, %d missing; %d partly committed",
						rows.committed, rows.leaked, rows.missing, rows.partial)
				.add("at the end: HikariCP lends out %d; backends idle in a transaction %d; backends %d (pool maximum %d)",
						active, idleInTransaction, backends, POOL_SIZE)
				.add("physical connections under the concurrent-use check: %d, clashes %d", checked, clashes.size())
				.add("heap after GC: %.1f MB after the warm-up, %.1f MB at the end (%+.1f MB, bound %d MB)",
						heapAfterWarmUp / (double) MB, heapAtEnd / (double) MB,
						(heapAtEnd - heapAfterWarmUp) / (double) MB, HEAP_BOUND_MB)
				.print();

			assertThat(load.sent()).as("requests sent").isEqualTo(requests);
			assertThat(load.failedSamples()).as("requests that failed for another reason than a killed backend")
				.isEmpty();
			assertThat(taskOutcomes.failed).as("@Async tasks that failed for another reason than a killed backend")
				.isEmpty();
			assertThat(load.settingsSamples()).as("requests that saw a session setting of an earlier request")
				.isEmpty();
			assertThat(tasks.settingsSeen()).as("@Async tasks that saw a session setting of an earlier request")
				.isEmpty();
			assertThat(rows.leakedSamples).as("rows of transactions left open or of failed statements, committed")
				.isEmpty();
			assertThat(rows.missingSamples).as("rows of committed transactions, missing").isEmpty();
			assertThat(rows.partialSamples).as("transactions of two rows committed in part").isEmpty();
			assertThat(active).as("connections HikariCP lends out at the end").isZero();
			assertThat(idleInTransaction).as("backends idle in a transaction at the end").isZero();
			assertThat(backends).as("backends at the end").isLessThanOrEqualTo(POOL_SIZE);
			assertThat(checked).as("physical connections under the concurrent-use check").isPositive();
			assertThat(clashes).as("physical connections used by two threads at once").isEmpty();
			assertThat(heapAtEnd - heapAfterWarmUp).as("growth of the heap after GC, in bytes")
				.isLessThanOrEqualTo(HEAP_BOUND_MB * MB);
		}
	}

	/**
	 * A table of the soak's own with its one seed row, in the chaos database.
	 * @return the session's settings as a new session has them
	 */
	private static String prepare(TestDatabase database, SoakSql sql) throws SQLException {
		try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
			statement.execute("drop table if exists " + SoakSql.TABLE);
			statement.execute(SoakSql.createTable());
			statement.execute("insert into " + SoakSql.TABLE + " (id, part, kind, label) values (" + SoakSql.SEED_ID
					+ ", 0, 'SEED', 'seed')");
			try (ResultSet result = statement.executeQuery(sql.read)) {
				result.next();
				return result.getString(1);
			}
		}
	}

	/** Wait until every task has run, every request has ended and every connection is back. */
	private static void settle(RunningApp app, Tasks tasks) throws Exception {
		long deadline = System.nanoTime() + SETTLED_WITHIN.toNanos();
		while (tasks.finishedCount() < tasks.submittedCount()) {
			assertThat(System.nanoTime() - deadline).as("@Async tasks still running after %s", SETTLED_WITHIN)
				.isNegative();
			Thread.sleep(10);
		}
		assertThat(app.awaitSettled(SETTLED_WITHIN)).as("requests ended and connections back").isTrue();
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	/**
	 * The heap in use after a full GC: the least of two attempts. Inside {@code ./mvnw verify} each
	 * full GC goes over the earlier tests' softly reachable application contexts (about 1.2 GB), so
	 * each attempt costs about a second there.
	 */
	private static long heapAfterGc() throws InterruptedException {
		long least = Long.MAX_VALUE;
		for (int attempt = 0; attempt < 2; attempt++) {
			System.gc();
			Thread.sleep(100);
			least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		}
		return least;
	}

	/**
	 * Read every row the requests left and hold them against what each request did: a row of a kind
	 * that commits nothing (or of an {@code @Async} task that left its transaction open) must not be
	 * there; every row of a request that succeeded with a commit must be; a request that failed because
	 * its backend was killed may have committed, but all its rows or none.
	 */
	private static Rows rows(TestDatabase database, SoakLoad load, TaskOutcomes tasks) throws SQLException {
		byte[] present = new byte[load.kinds.length];
		Rows rows = new Rows();
		try (Connection connection = database.open(); Statement statement = connection.createStatement();
				ResultSet result = statement
					.executeQuery("select id, part, kind from " + SoakSql.TABLE + " where id <> " + SoakSql.SEED_ID)) {
			while (result.next()) {
				long id = result.getLong(1);
				if (id < 1 || id > load.sent() || !load.kind(id).name().equals(result.getString(3))) {
					rows.leaked++;
					sample(rows.leakedSamples, "row " + id + "/" + result.getInt(2) + " of " + result.getString(3));
					continue;
				}
				present[(int) id] |= (byte) (1 << result.getInt(2));
			}
		}
		for (long id = 1; id <= load.sent(); id++) {
			SoakKind kind = load.kind(id);
			int found = present[(int) id];
			int all = (1 << kind.rows()) - 1;
			byte outcome = load.outcomes[(int) id];
			if (kind == SoakKind.ASYNC_TASK && outcome == SoakLoad.SUCCEEDED && tasks.killed(id)) {
				outcome = SoakLoad.KILLED;
			}
			if (!kind.commits(id)) {
				if (found != 0) {
					rows.leaked++;
					sample(rows.leakedSamples, kind + " " + id);
				}
			}
			else if (outcome == SoakLoad.SUCCEEDED) {
				if (found == all) {
					rows.committed += kind.rows();
				}
				else {
					rows.missing++;
					sample(rows.missingSamples, kind + " " + id + " found " + Integer.toBinaryString(found));
				}
			}
			else if (outcome == SoakLoad.KILLED && found != 0 && found != all) {
				rows.partial++;
				sample(rows.partialSamples, kind + " " + id + " found " + Integer.toBinaryString(found));
			}
		}
		return rows;
	}

	private static long count(Map<String, LongAdder> byCause) {
		return byCause.values().stream().mapToLong(LongAdder::sum).sum();
	}

	private static String causes(Map<String, LongAdder> byCause) {
		if (byCause.isEmpty()) {
			return "";
		}
		return byCause.entrySet()
			.stream()
			.sorted(Map.Entry.<String, LongAdder>comparingByValue((a, b) -> Long.compare(b.sum(), a.sum())))
			.map((entry) -> entry.getValue().sum() + " × " + entry.getKey())
			.collect(Collectors.joining("; ", " (", ")"));
	}

	private static void sample(List<String> samples, String sample) {
		if (samples.size() < 10) {
			samples.add(sample);
		}
	}

	/** What the rows showed. */
	private static final class Rows {

		long committed;

		long leaked;

		long missing;

		long partial;

		final List<String> leakedSamples = new ArrayList<>();

		final List<String> missingSamples = new ArrayList<>();

		final List<String> partialSamples = new ArrayList<>();

	}

	/**
	 * The {@code @Async} tasks that failed, sorted as the requests are: allowed when a kill was under
	 * way while the task ran and its error is a lost connection.
	 */
	private static final class TaskOutcomes {

		private final Map<Long, Boolean> killedById = new HashMap<>();

		private final List<String> failed = new ArrayList<>();

		private int killed;

		private int failedCount;

		TaskOutcomes(SoakLoad load, List<Failure> failures) {
			for (Failure failure : failures) {
				boolean killedTask = failure.cause().startsWith("CONNECTION_LOST;")
						&& load.metAKill(failure.start(), failure.end());
				this.killedById.put(failure.id(), killedTask);
				if (killedTask) {
					this.killed++;
				}
				else {
					this.failedCount++;
					sample(this.failed, "task " + failure.id() + ": " + failure.cause());
				}
			}
		}

		boolean killed(long id) {
			return this.killedById.getOrDefault(id, false);
		}

	}

}
