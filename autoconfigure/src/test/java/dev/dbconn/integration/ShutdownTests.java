package dev.dbconn.integration;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.lifecycle.CloseReason;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.SetupSource;
import dev.dbconn.testsupport.TestDatabase.Kind;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the application stops: the connections dbconn keeps are closed, counted as {@code shutdown},
 * and dbconn's own threads end with the application context.
 */
class ShutdownTests {

	private static final Duration GONE_WITHIN = Duration.ofSeconds(5);

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void closingTheApplicationClosesTheKeptConnectionsCountedAsShutdown(Setup setup) throws Exception {
		RunningApp app = RunningApp.start(setup, "db.conn-max-age=unlimited",
				"spring.datasource.hikari.maximum-pool-size=3");
		Set<Long> backends;
		LifecycleDataSource dataSource;
		MeterRegistry meters;
		try {
			backends = app.backendsTogether(3);
			dataSource = app.lifecycleDataSource();
			meters = app.context().getBean(MeterRegistry.class);
			assertThat(app.serverSide().backends()).as("kept after the requests").containsAll(backends);
		}
		finally {
			app.close();
		}
		for (long backend : backends) {
			assertThat(app.serverSide().awaitGone(backend, GONE_WITHIN)).as("backend %d gone", backend).isTrue();
		}
		assertThat(dataSource.getStatistics().closed(CloseReason.SHUTDOWN)).isEqualTo(3);
		assertThat(meters.get("dbconn.connections.closed").tag("reason", "shutdown").functionCounter().count())
			.isEqualTo(3);
		assertThat(dataSource.getConnections()).as("connections dbconn knows").isEmpty();
	}

	/**
	 * A pool suspended over JMX ({@code allow-pool-suspension}) while the application stops: closing
	 * what dbconn keeps does not wait for the pool to be resumed, which would hold the shutdown.
	 */
	@Test
	void aSuspendedPoolDoesNotHoldTheShutdown() throws Exception {
		RunningApp app = RunningApp.start(Setup.of(Kind.POSTGRESQL), "db.conn-max-age=unlimited",
				"spring.datasource.hikari.allow-pool-suspension=true", "spring.datasource.hikari.register-mbeans=true");
		HikariDataSource pool;
		try {
			app.getBackend();
			pool = app.lifecycleDataSource().unwrap(HikariDataSource.class);
			pool.getHikariPoolMXBean().suspendPool();
			ExecutorService stopping = Executors.newSingleThreadExecutor();
			try {
				Future<?> shutdown = stopping.submit(() -> app.lifecycleDataSource().shutdown());
				assertThat(shutdown).as("shut down while the pool is suspended").succeedsWithin(Duration.ofSeconds(10));
			}
			finally {
				pool.getHikariPoolMXBean().resumePool();
				stopping.shutdownNow();
			}
		}
		finally {
			app.close();
		}
	}

	@Test
	void theRetirementThreadEndsWithTheApplication() throws Exception {
		Set<Thread> before = threads("dbconn connection retirement");
		Set<Thread> started;
		try (RunningApp app = RunningApp.start(Setup.of(Kind.POSTGRESQL), "db.conn-max-age=2")) {
			app.getBackend();
			started = threads("dbconn connection retirement");
			started.removeAll(before);
			assertThat(started).as("the application's retirement threads").hasSize(1);
		}
		assertEnded(started);
	}

	@Test
	void theThreadClosingDirectConnectionsEndsWithTheApplication() throws Exception {
		Set<Thread> before = threads("dbconn dataSource connection closer");
		Set<Thread> retirementBefore = threads("dbconn connection retirement");
		Set<Thread> started;
		try (RunningApp app = RunningApp.start(Setup.of(Kind.POSTGRESQL), "db.conn-max-age=0")) {
			long backend = app.getBackend();
			// the request's connection is closed on that thread
			assertThat(app.serverSide().awaitGone(backend, GONE_WITHIN)).isTrue();
			started = threads("dbconn dataSource connection closer");
			started.removeAll(before);
			assertThat(started).as("the application's closing threads").hasSize(1);
			assertThat(threads("dbconn connection retirement")).as("no retirement with a zero age")
				.isEqualTo(retirementBefore);
		}
		assertEnded(started);
	}

	private static Set<Thread> threads(String name) {
		Set<Thread> found = new HashSet<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.getName().equals(name)) {
				found.add(thread);
			}
		}
		return found;
	}

	private static void assertEnded(Set<Thread> threads) throws InterruptedException {
		for (Thread thread : threads) {
			thread.join(GONE_WITHIN.toMillis());
			assertThat(thread.isAlive()).as("%s alive after the application closed", thread).isFalse();
		}
	}

}
