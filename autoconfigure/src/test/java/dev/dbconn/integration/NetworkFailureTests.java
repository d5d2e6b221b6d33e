package dev.dbconn.integration;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.dbconn.testsupport.TcpProxy;
import dev.dbconn.testsupport.TestDatabase;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.SetupSource;
import dev.dbconn.testsupport.TestDatabase.Kind;
import org.junit.jupiter.params.ParameterizedTest;

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
