package dev.dbconn.integration;

import java.net.http.HttpResponse;
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
import dev.dbconn.testsupport.TestDatabase;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.SetupSource;
import dev.dbconn.testsupport.TestDatabase.Kind;
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

	@ParameterizedTest
	@SetupSource
	void withHealthChecksACutBetweenRequestsFailsNoRequest(Setup setup) throws Exception {
		TestDatabase direct = setup.database();
		try (TcpProxy proxy = TcpProxy.start(direct);
				RunningApp app = RunningApp.start(setup, direct.viaProxy(proxy), "db.conn-max-age=unlimited",
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
		TestDatabase direct = setup.database();
		try (TcpProxy proxy = TcpProxy.start(direct);
				RunningApp app = RunningApp.start(setup, direct.viaProxy(proxy), "db.conn-max-age=unlimited",
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

	@ParameterizedTest
	@SetupSource
	void aCutInTheMiddleOfARequestFailsOnlyThatRequest(Setup setup) throws Exception {
		TestDatabase direct = setup.database();
		try (TcpProxy proxy = TcpProxy.start(direct);
				RunningApp app = RunningApp.start(setup, direct.viaProxy(proxy), "db.conn-max-age=unlimited",
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
