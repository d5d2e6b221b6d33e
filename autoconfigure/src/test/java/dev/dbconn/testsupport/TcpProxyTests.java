package dev.dbconn.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The proxy's black hole and refusal, seen by raw sockets and JDBC connections to the MariaDB server,
 * which greets a client as soon as it connects: a greeting that does not come shows that nothing is
 * forwarded.
 */
class TcpProxyTests {

	// nothing has arrived in this long: the proxy is holding it (anything forwarded arrives in far less)
	private static final int SILENCE_MILLIS = 300;

	private static final int ARRIVAL_MILLIS = 10_000;

	private final TestDatabase database = TestDatabases.mariadb();

	@Test
	void aBlackHoleStallsOpenConnectionsAndHoldsNewOnesUntilForwardingResumes() throws Exception {
		ExecutorService timeouts = Executors.newSingleThreadExecutor();
		try (TcpProxy proxy = TcpProxy.start(this.database);
				Connection stalled = this.database.viaProxy(proxy).open();
				Connection idle = this.database.viaProxy(proxy).open()) {
			proxy.blackHole();
			stalled.setNetworkTimeout(timeouts, SILENCE_MILLIS);
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> selectOne(stalled));
			try (Socket held = connect(proxy)) {
				assertThat(greeting(held, SILENCE_MILLIS)).as("greeting in the black hole").isEqualTo(-1);
				proxy.resumeForwarding();
				assertThat(greeting(held, ARRIVAL_MILLIS)).as("greeting once forwarding resumed").isPositive();
			}
			assertThat(selectOne(idle)).as("a connection left alone in the black hole").isEqualTo(1);
		}
		finally {
			timeouts.shutdownNow();
		}
	}

	@Test
	void cuttingAllCutsTheConnectionsHeldInABlackHole() throws Exception {
		try (TcpProxy proxy = TcpProxy.start(this.database); Socket forwarded = connect(proxy)) {
			awaitOpenConnections(proxy, 1);
			proxy.blackHole();
			try (Socket held = connect(proxy)) {
				awaitOpenConnections(proxy, 2);
				proxy.cutAll();
				assertThat(proxy.openConnections()).isZero();
				assertThatExceptionOfType(IOException.class).isThrownBy(() -> readUntilEnd(held));
			}
		}
	}

	@Test
	void refusedConnectionsFailAtOnceAndTheSamePortAcceptsThemAgain() throws Exception {
		try (TcpProxy proxy = TcpProxy.start(this.database); Connection open = this.database.viaProxy(proxy).open()) {
			proxy.refuseConnections();
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(proxy).close());
			assertThat(selectOne(open)).as("a connection open before the refusal").isEqualTo(1);
			proxy.acceptConnections();
			try (Connection reopened = this.database.viaProxy(proxy).open()) {
				assertThat(selectOne(reopened)).isEqualTo(1);
			}
		}
	}

	@Test
	void closingTheProxyEndsTheThreadsOfHeldConnections() throws Exception {
		String threadPrefix;
		try (TcpProxy proxy = TcpProxy.start(this.database)) {
			threadPrefix = "tcp-proxy-" + proxy.port() + "-";
			proxy.blackHole();
			Socket held = connect(proxy);
			awaitOpenConnections(proxy, 1);
			// the connection counts as open before the thread that holds it has started
			awaitArrival(() -> proxyThreads(threadPrefix).size() >= 2);
			assertThat(proxyThreads(threadPrefix)).hasSize(2);
			held.close();
		}
		assertThat(proxyThreads(threadPrefix)).isEmpty();
	}

	private static Socket connect(TcpProxy proxy) throws IOException {
		return new Socket(proxy.host(), proxy.port());
	}

	/** The first byte the server sent, or -1 when nothing came within the time. */
	private static int greeting(Socket socket, int millis) throws IOException {
		socket.setSoTimeout(millis);
		try {
			return socket.getInputStream().read() >= 0 ? 1 : 0;
		}
		catch (SocketTimeoutException ex) {
			return -1;
		}
	}

	private static void readUntilEnd(Socket socket) throws IOException {
		socket.setSoTimeout(ARRIVAL_MILLIS);
		InputStream in = socket.getInputStream();
		while (in.read() >= 0) {
			// a reset ends this with an exception; an orderly end would end it quietly
		}
		throw new IOException("ended without a reset");
	}

	private static void awaitOpenConnections(TcpProxy proxy, int expected) throws InterruptedException {
		awaitArrival(() -> proxy.openConnections() >= expected);
		assertThat(proxy.openConnections()).isEqualTo(expected);
	}

	// waits until the condition holds or ARRIVAL_MILLIS have passed; the caller asserts what it needs
	private static void awaitArrival(Waiting.Condition<RuntimeException> condition) throws InterruptedException {
		Waiting.upTo(Duration.ofMillis(ARRIVAL_MILLIS), condition);
	}

	private static List<Thread> proxyThreads(String prefix) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith(prefix) && thread.isAlive())
			.toList();
	}

	private static int selectOne(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("select 1")) {
			result.next();
			return result.getInt(1);
		}
	}

}
