package dev.dbconn.integration;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.testsupport.TcpProxy;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.SetupSource;
import dev.dbconn.testsupport.TestDatabase.Kind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The network between the application and the server breaks (a TCP proxy in the test cuts every
 * connection): requests after the break work again, on new backends.
 */
class NetworkFailureTests {

	private static final Duration GONE_WITHIN = Duration.ofSeconds(5);

	private static final String POOL_OF_ONE = "spring.datasource.hikari.maximum-pool-size=1";

	@ParameterizedTest
	@SetupSource
	void withHealthChecksACutBetweenRequestsFailsNoRequest(Setup setup) throws Exception {
		try (TcpProxy proxy = TcpProxy.start(setup.database());
				RunningApp app = behind(proxy, setup, "db.conn-max-age=unlimited",
						"db.conn-health-checks=true", "spring.datasource.hikari.maximum-pool-size=1")) {
			long first = app.getBackend();
			proxy.cutAll();
			long second = app.getBackend();
			assertThat(second).isNotEqualTo(first);
			assertThat(app.serverSide().awaitGone(first, GONE_WITHIN)).isTrue();
			assertThat(app.getBackend()).isEqualTo(second);
		}
	}

	/**
	 * The pool opens connections while the network misbehaves, and then loses them all: each is new
	 * to dbconn but dead. With health checks on, dbconn checks such a connection although it has not
	 * seen it before (session reset off, so that no set-up statement of dbconn's runs on it); with
	 * them off, its own set-up statements fail on it and it is replaced. Either way no request fails.
	 */
	@ParameterizedTest
	@MethodSource("setupsWithAndWithoutHealthChecks")
	void connectionsThePoolOpenedDuringAFaultAndLostAreReplacedUnseen(Setup setup, boolean healthChecks,
			String sessionReset) throws Exception {
		try (TcpProxy proxy = TcpProxy.start(setup.database());
				RunningApp app = behind(proxy, setup, "db.conn-max-age=unlimited",
						"db.conn-health-checks=" + healthChecks, "db.session-reset=" + sessionReset,
						"spring.datasource.hikari.maximum-pool-size=4", "spring.datasource.hikari.minimum-idle=4")) {
			app.getBackend();
			HikariDataSource hikari = app.context().getBean(DataSource.class).unwrap(HikariDataSource.class);
			// a connection being opened when forwarding stops would hang the pool's only opening thread
			awaitTotal(hikari, 4);
			proxy.stallOpenConnections();
			// the pool closes its idle connections and opens new ones, borrowed past dbconn, so unseen by it
			hikari.getHikariPoolMXBean().softEvictConnections();
			openUnseen(hikari, 3);
			proxy.cutAll();
			for (int i = 0; i < 8; i++) {
				HttpResponse<String> response = app.send("GET", "/backend");
				assertThat(response.statusCode()).as("request %d: %s", i, response.body()).isEqualTo(200);
			}
		}
	}

	static Stream<Arguments> setupsWithAndWithoutHealthChecks() {
		return Setup.matrix(new Kind[0], true)
			.stream()
			.flatMap((setup) -> Stream.of(Arguments.of(setup, true, "never"), Arguments.of(setup, false, "auto")));
	}

	private static RunningApp behind(TcpProxy proxy, Setup setup, String... properties) throws SQLException {
		return RunningApp.start(setup, setup.database().viaProxy(proxy), properties);
	}

	private static void awaitTotal(HikariDataSource hikari, int connections) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (hikari.getHikariPoolMXBean().getTotalConnections() < connections && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(hikari.getHikariPoolMXBean().getTotalConnections()).as("connections the pool opened at start")
			.isEqualTo(connections);
	}

	private static void openUnseen(HikariDataSource hikari, int connections) throws SQLException {
		List<Connection> held = new ArrayList<>();
		try {
			for (int i = 0; i < connections; i++) {
				held.add(hikari.getConnection());
			}
		}
		finally {
			for (Connection connection : held) {
				connection.close();
			}
		}
	}

	/**
	 * A server that stopped answering: the health check gives up after {@code db.health-check-timeout}
	 * rounded up to whole seconds (1100 ms waits 2 s, never less than configured), and the request gets
	 * another connection. The check's duration meter records that wait.
	 */
	@ParameterizedTest
	@SetupSource
	void aHealthCheckOfAConnectionThatStoppedAnsweringGivesUpAfterTheTimeoutRoundedUp(Setup setup) throws Exception {
		try (TcpProxy proxy = TcpProxy.start(setup.database());
				RunningApp app = behind(proxy, setup, "db.conn-max-age=unlimited",
						"db.conn-health-checks=true", "db.health-check-timeout=1100ms", POOL_OF_ONE)) {
			long first = app.getBackend();
			app.awaitSettled();
			proxy.stallOpenConnections();
			long start = System.nanoTime();
			long second = app.getBackend();
			long requestMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
			assertThat(second).isNotEqualTo(first);
			assertThat(requestMillis).as("the request waited for the check's timeout, 2 s").isGreaterThanOrEqualTo(1900);
			Timer checks = app.context().getBean(MeterRegistry.class).get("dbconn.health.check.duration").timer();
			assertThat(checks.max(TimeUnit.MILLISECONDS)).as("longest check, as the meter recorded it")
				.isBetween(1900.0, (double) requestMillis);
		}
	}

	/**
	 * MariaDB and MySQL tell some losses of the connection by the error code alone, with an SQLState
	 * that says nothing of the kind: 1927 (connection killed) comes with 70100; 2006 and 2013 (server
	 * gone, connection lost) and 4031 (disconnected for inactivity) with HY000; 1053 (shutdown) with
	 * 08S01. The proxy answers the request's statement with the server's error packet and hangs up, as
	 * the server does; the driver reports the error, and dbconn replaces the connection for the rest
	 * of the request. Without the codes the request's next statement would meet the closed connection:
	 * so it would with MySQL Connector/J; MariaDB Connector/J and HikariCP see most of these losses
	 * themselves.
	 */
	@ParameterizedTest
	@SetupSource(kinds = { Kind.MARIADB, Kind.MYSQL })
	void aConnectionLossToldByItsErrorCodeIsReplacedWithinTheRequest(Setup setup) throws Exception {
		try (TcpProxy proxy = TcpProxy.start(setup.database());
				RunningApp app = behind(proxy, setup, "db.conn-max-age=unlimited",
						POOL_OF_ONE)) {
			for (ServerError error : CONNECTION_LOST) {
				long before = app.getBackend();
				app.awaitSettled();
				proxy.answerNextRequestAndHangUp(error::packet);
				String[] result = app.get("/query-after-failure").split(",");
				// MySQL Connector/J turns 4031 into a communications failure of its own, with no code
				boolean ownFailure = setup.kind() == Kind.MYSQL && error.code() == 4031;
				assertThat(result[0]).as("error code the driver reported for %s", error)
					.isEqualTo(ownFailure ? "0" : String.valueOf(error.code()));
				assertThat(Long.parseLong(result[1])).as("backend after %s", error).isNotEqualTo(before);
				assertThat(app.serverSide().awaitGone(before, GONE_WITHIN)).isTrue();
			}
		}
	}

	private static final List<ServerError> CONNECTION_LOST = List.of(new ServerError(1927, "70100", "Connection was killed"),
			new ServerError(2006, "HY000", "MySQL server has gone away"),
			new ServerError(2013, "HY000", "Lost connection to server during query"),
			new ServerError(4031, "HY000", "The client was disconnected by the server because of inactivity"),
			new ServerError(1053, "08S01", "Server shutdown in progress"));

	/** An error as the MySQL protocol sends it: an ERR packet answering the client's command. */
	private record ServerError(int code, String sqlState, String message) {

		byte[] packet(byte[] request) {
			byte[] text = ("#" + this.sqlState + this.message).getBytes(StandardCharsets.US_ASCII);
			int length = 3 + text.length;
			byte[] packet = new byte[4 + length];
			packet[0] = (byte) length;
			packet[1] = (byte) (length >> 8);
			packet[2] = (byte) (length >> 16);
			// the answer's sequence number follows the command's
			packet[3] = (byte) (request[3] + 1);
			packet[4] = (byte) 0xff;
			packet[5] = (byte) this.code;
			packet[6] = (byte) (this.code >> 8);
			System.arraycopy(text, 0, packet, 7, text.length);
			return packet;
		}

	}

	@ParameterizedTest
	@SetupSource
	void aCutInTheMiddleOfARequestFailsOnlyThatRequest(Setup setup) throws Exception {
		try (TcpProxy proxy = TcpProxy.start(setup.database());
				RunningApp app = behind(proxy, setup, "db.conn-max-age=unlimited",
						"spring.datasource.hikari.maximum-pool-size=1")) {
			long first = app.getBackend();
			CompletableFuture<HttpResponse<String>> slow = CompletableFuture
				.supplyAsync(() -> app.send("GET", "/slow?millis=1500"));
			Thread.sleep(500);
			proxy.cutAll();
			assertThat(slow.get(30, TimeUnit.SECONDS).statusCode()).as("the request whose connection was cut")
				.isEqualTo(500);
			long next = app.getBackend();
			assertThat(next).isNotEqualTo(first);
			assertThat(app.getBackend()).isEqualTo(next);
		}
	}

}
