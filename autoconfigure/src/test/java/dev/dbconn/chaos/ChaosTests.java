package dev.dbconn.chaos;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.dbconn.chaos.Faults.Kill;
import dev.dbconn.chaos.Figures.Clarity;
import dev.dbconn.jdbc.UnitOfWork;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.TestDatabase.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Faults under load: {@value Load#CLIENTS} clients send requests while every backend is killed, the
 * network refuses connections, stops answering, or the database restarts. Each fault comes twice:
 * while requests are under way, and while the clients are held between two requests, so that every
 * connection is idle in the pool when it breaks and the next request to get each is sure to begin
 * after the fault (a site restarting its database at a quiet moment). Each test prints its figures
 * at the end, in lines starting {@code [chaos]}; {@code docs/reliability.md} records them.
 * <p>
 * {@code ./mvnw verify} runs the short versions: one round of faults each, on PostgreSQL and
 * MariaDB. With {@value #SECONDS_PROPERTY} set (e.g. {@code -Ddbconn.chaos.seconds=300}) each test
 * repeats its round of faults for that long, with longer calm spells, on every cell of the test
 * matrix the run selects.
 */
@Tag("chaos")
class ChaosTests {

	/** System property: how long each test repeats its faults, in seconds; unset for the short versions. */
	static final String SECONDS_PROPERTY = "dbconn.chaos.seconds";

	private static final Duration RUN = Duration.ofSeconds(Long.getLong(SECONDS_PROPERTY, 0));

	private static final boolean LONG = !RUN.isZero();

	// load without a fault before each fault, and after the last
	private static final Duration CALM = Duration.ofMillis(LONG ? 5000 : 500);

	/**
	 * Just under one of the moments HikariCP tries to connect again after a failure (it waits 10 ms,
	 * then twice as long each time, up to 5 s: 5.11 s after the first), so that the pool reconnects
	 * within a connection timeout of the outage's end.
	 */
	private static final Duration OUTAGE = Duration.ofSeconds(5);

	/**
	 * Short: just under HikariCP's attempt 2.55 s after the first, as for {@link #OUTAGE}, and
	 * longer than {@link #CONNECTION_TIMEOUT}, so that requests in it certainly fail for want of a
	 * connection; a kill alone fails only the requests that had a statement under way at that moment,
	 * and there may be none.
	 */
	private static final Duration RESTART = LONG ? OUTAGE : Duration.ofMillis(2500);

	// a fault at a quiet moment: what matters is what it leaves in the pool
	private static final Duration QUIET_FAULT = Duration.ofMillis(500);

	// the clients are then told to stop, and finish in it: a statement under way times out there
	private static final Duration BLACK_HOLE = Duration.ofMillis(LONG ? 10_000 : 2500);

	/** HikariCP's connection timeout where requests are to fail fast. */
	private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);

	/**
	 * The longest a request may take when it fails fast: the connection timeout and the health-check
	 * timeout, and a margin for a loaded machine. Shorter than an outage, so that a request waiting
	 * for the database to come back is caught.
	 */
	private static final Duration FAIL_FAST = CONNECTION_TIMEOUT.plus(PoolUnderTest.HEALTH_CHECK_TIMEOUT)
		.plusMillis(1500);

	/** The longest a health check may take: its timeout and a margin for a loaded machine. */
	private static final Duration HEALTH_CHECK_BOUND = PoolUnderTest.HEALTH_CHECK_TIMEOUT.plusMillis(1500);

	/**
	 * How long clients may take to finish their requests in a black hole: a statement's socket
	 * timeout, the connection timeout, the two health checks that may run into their timeout before
	 * the request fails and one after an error, and a margin. A client that hangs takes for ever.
	 */
	private static final Duration FINISH_IN_BLACK_HOLE = PoolUnderTest.SOCKET_TIMEOUT.plus(CONNECTION_TIMEOUT)
		.plus(PoolUnderTest.HEALTH_CHECK_TIMEOUT.multipliedBy(3))
		.plusSeconds(5);

	private static final Duration FINISH = Duration.ofSeconds(30);

	static Stream<Setup> setups() {
		return LONG ? Setup.matrix(new Kind[0], true).stream()
				: Setup.matrix(new Kind[] { Kind.POSTGRESQL, Kind.MARIADB }, false).stream();
	}

	static Stream<Arguments> setupsWithAndWithoutHealthChecks() {
		return setups().flatMap((setup) -> Stream.of(Arguments.of(setup, true), Arguments.of(setup, false)));
	}

	@AfterAll
	static void dropDatabases() throws SQLException {
		ChaosDatabases.dropAll();
	}

	/**
	 * Django's promise: a request whose statement was under way when its backend died may fail; with
	 * health checks, every request whose first use of the database begins after the kill succeeds;
	 * without, each killed connection fails at most one more request, the one it is handed to next.
	 */
	@ParameterizedTest(name = "{0}, health checks {1}")
	@MethodSource("setupsWithAndWithoutHealthChecks")
	void killingEveryBackendUnderLoad(Setup setup, boolean healthChecks) throws Exception {
		try (PoolUnderTest target = PoolUnderTest.start(setup, healthChecks, Duration.ofSeconds(5))) {
			Load load = target.load();
			Faults rounds = repeat(load, target::killEveryBackend, target::killEveryBackend);
			List<Request> requests = load.stop(FINISH);
			// a backend id may come back in a later round (PostgreSQL reuses process ids): the last kill counts
			Map<Long, Kill> killed = rounds.kills()
				.stream()
				.collect(Collectors.toMap(Kill::backend, (kill) -> kill, (first, last) -> last));
			List<Request> underWay = new ArrayList<>();
			List<Request> afterKill = new ArrayList<>();
			for (Request request : requests) {
				Kill kill = killed.get(request.backend());
				if (request.failed()) {
					boolean metTheKill = kill != null && request.firstUse() <= kill.gone()
							&& request.ended() >= kill.start();
					(metTheKill ? underWay : afterKill).add(request);
				}
			}
			List<Request> afterQuietKill = afterKill.stream()
				.filter((request) -> killed.containsKey(request.backend()) && killed.get(request.backend()).quiet())
				.toList();
			new Figures("kill every backend, " + setup + ", health checks " + (healthChecks ? "on" : "off"))
				.add("%d clients, pool of %d, %d rounds of kills (every other one with the clients between requests), "
						+ "%d connections killed", Load.CLIENTS, PoolUnderTest.POOL_SIZE, rounds.count(),
						rounds.kills().size())
				.requests("requests", requests)
				.failures("failed with their backend killed under them (allowed)", underWay)
				.failures("failed after their backend was killed", afterKill)
				.failures("of which killed with the clients between requests", afterQuietKill)
				.requests("requests that began after a round of kills ended, and ended before the next",
						requests.stream().filter(rounds::between).toList())
				.durations("durations", requests)
				.occupancy(requests, PoolUnderTest.POOL_SIZE)
				.healthChecks(target)
				.print();
			assertThat(rounds.kills()).as("connections killed").isNotEmpty();
			if (healthChecks) {
				assertThat(afterKill).as("requests that failed after their backend was killed").isEmpty();
			}
			else {
				// each failed on the dead connection it was handed next, which was then closed
				assertThat(afterQuietKill).as("requests that failed after a kill with the clients between requests")
					.isNotEmpty();
				assertThat(afterKill).as("requests that failed after their backend was killed")
					.hasSizeLessThanOrEqualTo(rounds.kills().size());
				assertThat(afterKill.stream().collect(Collectors.groupingBy(Request::backend, Collectors.counting())))
					.as("requests failed on each killed connection after the kill")
					.allSatisfy((backend, failed) -> assertThat(failed).isEqualTo(1));
			}
			target.assertNothingCountsAsLiveThatIsNot();
		}
	}

	/**
	 * The network refuses connections and drops the open ones, for {@link #OUTAGE} under load, then for
	 * {@link #QUIET_FAULT} with the clients between requests: requests fail fast with a clear error,
	 * and every request that begins once connections are accepted again succeeds, each client's first
	 * one included.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("setups")
	void anOutageFailsRequestsFastAndTheFirstAfterItSucceeds(Setup setup) throws Exception {
		assertFailsFastAndRecovers(setup, "outage: connections refused and cut", OUTAGE, ChaosTests::outage);
	}

	/**
	 * A restart of the database: every backend is killed and connections are refused for
	 * {@link #RESTART} under load, then for {@link #QUIET_FAULT} with the clients between requests.
	 * The same as an outage, and the same as a kill once it is over.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("setups")
	void aRestartFailsRequestsFastAndEveryRequestAfterItSucceeds(Setup setup) throws Exception {
		Faults restarts = assertFailsFastAndRecovers(setup, "restart: every backend killed, connections refused",
				RESTART, ChaosTests::restart);
		assertThat(restarts.kills()).as("backends killed").isNotEmpty();
	}

	/**
	 * The network stops answering: nothing is forwarded, new connections are accepted and never
	 * answered. Health checks give up within their timeout, requests get a fresh connection or a clear
	 * error, and every client finishes its request in bounded time while the black hole lasts. When the
	 * stalled connections are cut and forwarding resumes, every request succeeds, also after a black
	 * hole that came with the clients between requests, and no connection dbconn lists has lost its
	 * backend.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("setups")
	void aBlackHoleHangsNoThreadAndEveryRequestAfterItSucceeds(Setup setup) throws Exception {
		try (PoolUnderTest target = PoolUnderTest.start(setup, true, CONNECTION_TIMEOUT)) {
			Faults blackHoles = new Faults();
			List<Request> requests = new ArrayList<>();
			List<Long> finishing = new ArrayList<>();
			long deadline = System.nanoTime() + RUN.toNanos();
			do {
				Load load = target.load();
				Thread.sleep(CALM.toMillis());
				load.hold(FINISH);
				blackHoles.run(() -> blackHole(target, QUIET_FAULT, null), true);
				load.release();
				Thread.sleep(CALM.toMillis());
				// the clients finish while it lasts: one stuck on a connection does not
				blackHoles.run(() -> blackHole(target, BLACK_HOLE, () -> {
					long stopping = System.nanoTime();
					requests.addAll(load.stop(FINISH_IN_BLACK_HOLE));
					finishing.add(System.nanoTime() - stopping);
				}), false);
			}
			while (System.nanoTime() < deadline);
			Load load = target.load();
			Thread.sleep(CALM.toMillis());
			requests.addAll(load.stop(FINISH));
			List<Request> met = requests.stream().filter(blackHoles::overlaps).toList();
			List<Request> after = requests.stream().filter(blackHoles::between).toList();
			new Figures("black hole, " + setup + ", health checks on")
				.add("%d clients, pool of %d, %d black holes of %d ms under load and %d of %d ms between requests, "
						+ "socket timeout %d s, connection timeout %d ms, health-check timeout %d s", Load.CLIENTS,
						PoolUnderTest.POOL_SIZE, finishing.size(), BLACK_HOLE.toMillis(), finishing.size(),
						QUIET_FAULT.toMillis(), PoolUnderTest.SOCKET_TIMEOUT.toSeconds(), CONNECTION_TIMEOUT.toMillis(),
						PoolUnderTest.HEALTH_CHECK_TIMEOUT.toSeconds())
				.requests("requests", requests)
				.requests("requests that met a black hole", met)
				.durations("their durations", met)
				.add("clients told to stop in the black hole finished within %s (bound %s)",
						Figures.millis(finishing.stream().mapToLong(Long::longValue).max().orElse(0)),
						Figures.millis(FINISH_IN_BLACK_HOLE.toNanos()))
				.requests("requests that began once the stalled connections were cut and forwarding resumed, "
						+ "and ended before the next black hole", after)
				.durations("their durations", after)
				.healthChecks(target)
				.print();
			assertThat(unclear(requests)).as("requests that failed without a clear error").isEmpty();
			assertThat(Duration.ofNanos(target.longestHealthCheckNanos.get())).as("the longest health check")
				.isLessThanOrEqualTo(HEALTH_CHECK_BOUND);
			assertThat(failed(requests.stream().filter((request) -> !blackHoles.overlaps(request)).toList()))
				.as("requests that did not meet a black hole, that failed")
				.isEmpty();
			assertThat(after).as("requests after a black hole").isNotEmpty();
			target.assertNothingCountsAsLiveThatIsNot();
		}
	}

	/**
	 * One request alone in a black hole, with every connection of the pool kept and idle: its health
	 * checks of two connections run into their timeout, and it fails then with a clear error, rather
	 * than having every kept connection checked in turn, one timeout each. When the stalled
	 * connections are cut and forwarding resumes, the next request succeeds.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("setups")
	void aLoneRequestInABlackHoleWaitsForOneHealthCheckNotOnePerKeptConnection(Setup setup) throws Exception {
		try (PoolUnderTest target = PoolUnderTest.start(setup, true, CONNECTION_TIMEOUT)) {
			target.keepEveryConnection();
			target.proxy.blackHole();
			long start = System.nanoTime();
			Throwable failure = catchThrowable(() -> loneRequest(target));
			long nanos = System.nanoTime() - start;
			int kept = target.dataSource.getConnections().size();
			target.proxy.cutAll();
			target.proxy.resumeForwarding();
			Throwable afterwards = catchThrowable(() -> loneRequest(target));
			new Figures("a lone request in a black hole, " + setup + ", health checks on")
				.add("pool of %d connections, all kept, health-check timeout %d s, connection timeout %d ms",
						PoolUnderTest.POOL_SIZE, PoolUnderTest.HEALTH_CHECK_TIMEOUT.toSeconds(),
						CONNECTION_TIMEOUT.toMillis())
				.add("the request failed after %s with %s", Figures.millis(nanos),
						(failure != null) ? Figures.cause(failure) : "nothing")
				.add("connections dbconn kept meanwhile: %d", kept)
				.healthChecks(target)
				.add("the request after the stalled connections were cut: %s",
						(afterwards != null) ? Figures.cause(afterwards) : "succeeded")
				.print();
			assertThat(failure).isInstanceOf(SQLTransientConnectionException.class)
				.hasMessageContaining("did not answer their health check");
			assertThat(Duration.ofNanos(nanos)).as("how long the request took")
				.isLessThan(PoolUnderTest.HEALTH_CHECK_TIMEOUT.plus(HEALTH_CHECK_BOUND));
			assertThat(kept).as("connections dbconn kept, all but the two checked")
				.isEqualTo(PoolUnderTest.POOL_SIZE - 2);
			assertThat(afterwards).as("the request after the stalled connections were cut").isNull();
		}
	}

	private static void loneRequest(PoolUnderTest target) throws SQLException {
		try (UnitOfWork.Scope scope = UnitOfWork.begin(); Connection connection = target.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("select 1");
		}
	}

	/**
	 * Run a round of faults, the first while the clients send requests, the second while they are held
	 * between two, after a calm spell each; again until the run's time is up; then a last calm spell.
	 */
	private static Faults repeat(Load load, Faults.Fault underLoad, Faults.Fault quiet) throws Exception {
		Faults faults = new Faults();
		long deadline = System.nanoTime() + RUN.toNanos();
		do {
			Thread.sleep(CALM.toMillis());
			faults.run(underLoad, false);
			Thread.sleep(CALM.toMillis());
			load.hold(FINISH);
			faults.run(quiet, true);
			load.release();
		}
		while (System.nanoTime() < deadline);
		Thread.sleep(CALM.toMillis());
		return faults;
	}

	private static Set<Long> outage(PoolUnderTest target, Duration length) throws Exception {
		target.proxy.refuseConnections();
		target.proxy.cutAll();
		Thread.sleep(length.toMillis());
		target.proxy.acceptConnections();
		return Set.of();
	}

	private static Set<Long> restart(PoolUnderTest target, Duration length) throws Exception {
		long start = System.nanoTime();
		target.proxy.refuseConnections();
		Set<Long> killed = target.killEveryBackend();
		Thread.sleep(Math.max(0, length.minusNanos(System.nanoTime() - start).toMillis()));
		target.proxy.acceptConnections();
		return killed;
	}

	/**
	 * Stop forwarding for a while, do what is to be done while nothing is forwarded, then cut the
	 * stalled connections and forward again.
	 */
	private static Set<Long> blackHole(PoolUnderTest target, Duration length, Step inIt) throws Exception {
		target.proxy.blackHole();
		try {
			Thread.sleep(length.toMillis());
			if (inIt != null) {
				inIt.run();
			}
		}
		finally {
			target.proxy.cutAll();
			target.proxy.resumeForwarding();
		}
		return Set.of();
	}

	/**
	 * Cause a fault under load for the given length, and for {@link #QUIET_FAULT} between requests:
	 * requests fail fast with a clear error, and every request after it succeeds.
	 */
	private static Faults assertFailsFastAndRecovers(Setup setup, String description, Duration length,
			TimedFault fault) throws Exception {
		try (PoolUnderTest target = PoolUnderTest.start(setup, true, CONNECTION_TIMEOUT)) {
			Load load = target.load();
			Faults faults = repeat(load, () -> fault.run(target, length), () -> fault.run(target, QUIET_FAULT));
			List<Request> requests = load.stop(FINISH);
			assertFailFastAndRecovery(description + " for " + length.toMillis() + " ms under load and "
					+ QUIET_FAULT.toMillis() + " ms between requests, " + faults.kills().size() + " backends killed",
					target, requests, faults);
			return faults;
		}
	}

	private static void assertFailFastAndRecovery(String fault, PoolUnderTest target, List<Request> requests,
			Faults faults) throws SQLException {
		List<Request> met = requests.stream().filter(faults::overlaps).toList();
		List<Request> after = requests.stream().filter(faults::between).toList();
		List<Request> firstAfter = faults.firstOfEachClientAfter(requests);
		new Figures(fault + ", " + target.setup + ", health checks on")
			.add("%d clients, pool of %d, %d faults, connection timeout %d ms, health-check timeout %d s",
					Load.CLIENTS, PoolUnderTest.POOL_SIZE, faults.count(), CONNECTION_TIMEOUT.toMillis(),
					PoolUnderTest.HEALTH_CHECK_TIMEOUT.toSeconds())
			.requests("requests", requests)
			.requests("requests that met a fault", met)
			.durations("their durations (bound " + Figures.millis(FAIL_FAST.toNanos()) + ")", met)
			.requests("requests that began after a fault ended, and ended before the next", after)
			.requests("each client's first request after a fault", firstAfter)
			.durations("their durations", firstAfter)
			.healthChecks(target)
			.print();
		assertThat(unclear(requests)).as("requests that failed without a clear error").isEmpty();
		assertThat(failed(met)).as("requests that failed in a fault").isNotEmpty();
		assertThat(requests.stream().filter((request) -> request.nanos() > FAIL_FAST.toNanos()).toList())
			.as("requests that took longer than %s", FAIL_FAST)
			.isEmpty();
		assertThat(firstAfter).as("each client's first request after a fault").hasSize(Load.CLIENTS * faults.count());
		assertThat(failed(after)).as("requests that began after a fault ended, and ended before the next, that failed")
			.isEmpty();
		target.assertNothingCountsAsLiveThatIsNot();
	}

	/** A fault that lasts as long as it is told. */
	@FunctionalInterface
	private interface TimedFault {

		Set<Long> run(PoolUnderTest target, Duration length) throws Exception;

	}

	/** Something done in the middle of a fault. */
	@FunctionalInterface
	private interface Step {

		void run() throws Exception;

	}

	private static List<Request> failed(List<Request> requests) {
		return requests.stream().filter(Request::failed).toList();
	}

	private static List<Request> unclear(List<Request> requests) {
		return requests.stream()
			.filter((request) -> request.failed() && Figures.clarity(request.failure()) == Clarity.OTHER)
			.toList();
	}

}
