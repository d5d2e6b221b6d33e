package dev.dbconn.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.dbconn.jdbc.ConnectionSnapshot;
import dev.dbconn.jdbc.LifecycleObserver;
import dev.dbconn.lifecycle.CloseReason;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.SetupSource;
import org.junit.jupiter.params.ParameterizedTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retirement without traffic, observed from the server: with a positive {@code db.conn-max-age},
 * connections kept in the pool are closed in the background when they reach their age, where Django
 * closes one only when the next request of the thread holding it starts; the jitter spreads the
 * closes of connections opened together; a connection in use is never closed under its request.
 * <p>
 * Each connection's life is measured from when dbconn first saw it (its age counts from then, and
 * the start-up check may have seen it before the test's requests) to the first listing of the
 * server's backends without it. Retirement does not depend on the pool's auto-commit mode, so these
 * run with Boot's default only.
 */
class RetirementTests {

	/** How long the tests watch for backends to go: far more than any age they set. */
	private static final Duration WATCH = Duration.ofSeconds(30);

	/** What a loaded machine may add to the age: the server seeing the close, and the polling. */
	private static final Duration LATE = Duration.ofSeconds(3);

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void idleConnectionsAreClosedWhenTheyReachTheirAgeWithNoTrafficAtAll(Setup setup) throws Exception {
		for (Duration life : livesWithNoTraffic(setup, 2, 0, 3)) {
			assertThat(life).as("life of a connection").isGreaterThanOrEqualTo(Duration.ofSeconds(2))
				.isLessThanOrEqualTo(Duration.ofSeconds(2).plus(LATE));
		}
	}

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void connectionsOpenedTogetherAreClosedSpreadOverTheJitterAndNoneOutlivesTheAge(Setup setup) throws Exception {
		// each connection's age limit is somewhere from 1.5 s to 3 s
		List<Duration> lives = livesWithNoTraffic(setup, 3, 0.5, 10);
		Duration shortest = lives.get(0);
		Duration longest = lives.get(lives.size() - 1);
		assertThat(shortest).as("shortest life, of %s", lives).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
		assertThat(longest).as("longest life, of %s", lives).isLessThanOrEqualTo(Duration.ofSeconds(3).plus(LATE));
		// ten limits drawn over 1.5 s all fall within 0.4 s of each other about once in 20000 runs;
		// without the jitter they would differ by the polling alone
		assertThat(longest.minus(shortest)).as("longest less shortest life, of %s", lives)
			.isGreaterThan(Duration.ofMillis(400));
	}

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aConnectionInUseIsNotClosedUnderItsRequest(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=1", "db.conn-max-age-jitter=0",
				"spring.datasource.hikari.maximum-pool-size=1")) {
			// past its age for more than half the request, while the retirement looks at it
			String[] slow = app.get("/slow?millis=2500").split(",");
			assertThat(slow[1]).as("backend at the end of the request").isEqualTo(slow[0]);
			assertThat(app.serverSide().awaitGone(Long.parseLong(slow[0]), LATE)).as("closed once its request ended")
				.isTrue();
			assertThat(app.lifecycleDataSource().getStatistics().closed(CloseReason.ERROR)).isZero();
		}
	}

	/** A failure while connections are retired, even an Error, does not end retirement for good. */
	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void retirementGoesOnAfterAnObserverFailsWithAnError(Setup setup) throws Exception {
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=1", "db.conn-max-age-jitter=0",
				"spring.datasource.hikari.maximum-pool-size=2")) {
			AtomicBoolean failed = new AtomicBoolean();
			app.lifecycleDataSource().addObserver(new LifecycleObserver() {

				@Override
				public void closed(CloseReason reason, long ageNanos) {
					if (failed.compareAndSet(false, true)) {
						throw new NoClassDefFoundError("a class the observer needs");
					}
				}

			});
			Set<Long> backends = app.backendsTogether(2);
			assertThat(app.serverSide().watchUntilGone(backends, WATCH).keySet()).as("backends retired with no traffic")
				.containsExactlyInAnyOrderElementsOf(backends);
			assertThat(failed).as("the observer failed once").isTrue();
		}
	}

	/**
	 * Run the application with a pool of the given size, serve as many requests at once, each holding
	 * a connection of its own, then send none and watch the server until their backends have gone;
	 * each close is counted as {@code max-age}.
	 * @return the life of each backend, from when dbconn first saw its connection (as it says, no
	 * later than it did) to the first listing of the server's backends without it, shortest first
	 */
	private static List<Duration> livesWithNoTraffic(Setup setup, int maxAgeSeconds, double jitter, int poolSize)
			throws Exception {
		try (RunningApp app = RunningApp.start(setup, "db.conn-max-age=" + maxAgeSeconds,
				"db.conn-max-age-jitter=" + jitter, "spring.datasource.hikari.maximum-pool-size=" + poolSize)) {
			List<Duration> lives = livesAfter(app, poolSize);
			// the start-up check's connection may have aged and gone before the requests came
			assertThat(app.lifecycleDataSource().getStatistics().closed(CloseReason.MAX_AGE))
				.isGreaterThanOrEqualTo(poolSize);
			return lives;
		}
	}

	private static List<Duration> livesAfter(RunningApp app, int requests) throws Exception {
		Set<Long> backends = app.backendsTogether(requests);
		long now = System.nanoTime();
		Map<Long, Long> firstSeen = new HashMap<>();
		for (ConnectionSnapshot connection : app.lifecycleDataSource().getConnections()) {
			firstSeen.put(connection.backendId(), now - connection.age().toNanos());
		}
		assertThat(firstSeen.keySet()).as("backends dbconn knows").containsAll(backends);
		Map<Long, Long> goneAt = app.serverSide().watchUntilGone(backends, WATCH);
		assertThat(goneAt.keySet()).as("backends gone with no traffic").containsExactlyInAnyOrderElementsOf(backends);
		List<Duration> lives = new ArrayList<>();
		for (long backend : backends) {
			lives.add(Duration.ofNanos(goneAt.get(backend) - firstSeen.get(backend)));
		}
		Collections.sort(lives);
		return lives;
	}

}
