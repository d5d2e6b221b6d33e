package dev.dbconn.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.dbconn.testsupport.TestDatabase.Kind;
import dev.dbconn.testsupport.TestDatabase.Origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the database test harness: {@link TestDatabases}, {@link ServerSide} and {@link TcpProxy}
 * against the real servers.
 */
class TestDatabasesTests {

	private static final Duration GONE_TIMEOUT = Duration.ofSeconds(5);

	@Test
	void resolvesEachDatabaseOncePerJvm() {
		TestDatabase postgres = TestDatabases.postgres();
		TestDatabase mariadb = TestDatabases.mariadb();
		assertThat(postgres.kind()).isEqualTo(Kind.POSTGRESQL);
		assertThat(postgres.jdbcUrl()).startsWith("jdbc:postgresql://");
		assertThat(mariadb.kind()).isEqualTo(Kind.MARIADB);
		assertThat(mariadb.jdbcUrl()).startsWith("jdbc:mariadb://");
		assertThat(TestDatabases.postgres()).isSameAs(postgres);
		assertThat(TestDatabases.mariadb()).isSameAs(mariadb);
		assertThat(TestDatabases.get(Kind.MARIADB)).isSameAs(mariadb);
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void describeSaysWhereTheDatabaseCameFrom(Kind kind) {
		TestDatabase database = TestDatabases.get(kind);
		assertThat(database.describe()).contains(kind.displayName(), database.jdbcUrl(),
				database.origin().description());
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void separateConnectionsHaveSeparateBackends(Kind kind) throws SQLException {
		TestDatabase database = TestDatabases.get(kind);
		ServerSide server = database.serverSide();
		try (Connection first = database.open(); Connection second = database.open()) {
			long firstId = server.backendId(first);
			long secondId = server.backendId(second);
			assertThat(firstId).isNotEqualTo(secondId);
			assertThat(server.backendExists(firstId)).isTrue();
			assertThat(server.backends()).contains(firstId, secondId);
		}
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void killedBackendIsGoneAndItsConnectionFailsOnNextUse(Kind kind) throws SQLException {
		TestDatabase database = TestDatabases.get(kind);
		ServerSide server = database.serverSide();
		try (Connection victim = database.open(); Connection bystander = database.open()) {
			long victimId = server.backendId(victim);
			long bystanderId = server.backendId(bystander);
			server.killBackend(victimId);
			assertThat(server.backendExists(victimId)).isFalse();
			assertThat(server.backendExists(bystanderId)).isTrue();
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> selectOne(victim));
			assertThat(victim.isClosed()).isTrue();
			assertThat(selectOne(bystander)).isEqualTo(1);
		}
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void seesTransactionsLeftOpen(Kind kind) throws SQLException {
		TestDatabase database = TestDatabases.get(kind);
		String table = createTable(database, "dbconn_harness");
		ServerSide server = database.serverSide();
		try (Connection connection = database.open()) {
			long id = server.backendId(connection);
			int idleBefore = server.countIdleInTransaction();
			assertThat(server.inTransaction(id)).isFalse();
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.executeQuery("select count(*) from " + table).close();
			}
			assertThat(server.inTransaction(id)).isTrue();
			assertThat(server.countIdleInTransaction()).isEqualTo(idleBefore + 1);
			connection.rollback();
			assertThat(server.inTransaction(id)).isFalse();
			assertThat(server.countIdleInTransaction()).isEqualTo(idleBefore);
		}
		finally {
			execute(database, "drop table if exists " + table);
		}
	}

	/**
	 * A client of another run on the same server, left idle in a transaction, is neither listed nor
	 * counted: it has another application name on PostgreSQL, works in another database on MariaDB.
	 */
	@ParameterizedTest
	@EnumSource(Kind.class)
	void countsAndListsOnlyThisRunsBackends(Kind kind) throws SQLException {
		TestDatabase database = TestDatabases.get(kind);
		String table = createTable(database, "dbconn_harness_other");
		TestDatabase otherRun = (kind == Kind.POSTGRESQL) ? database.withParameters("ApplicationName=another-run")
				: database.inDatabase("information_schema");
		String qualified = (kind == Kind.POSTGRESQL) ? table : RunNames.DATABASE + "." + table;
		ServerSide server = database.serverSide();
		try (Connection own = database.open(); Connection other = otherRun.open()) {
			long ownId = server.backendId(own);
			long otherId = server.backendId(other);
			int idleBefore = server.countIdleInTransaction();
			other.setAutoCommit(false);
			try (Statement statement = other.createStatement()) {
				statement.executeQuery("select count(*) from " + qualified).close();
			}
			assertThat(server.inTransaction(otherId)).as("the other run's backend is in a transaction").isTrue();
			assertThat(server.countIdleInTransaction()).isEqualTo(idleBefore);
			assertThat(server.backends()).contains(ownId).doesNotContain(otherId);
			other.rollback();
		}
		finally {
			execute(database, "drop table if exists " + table);
		}
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void cuttingTheProxyBreaksItsConnectionsButNotNewOnes(Kind kind) throws Exception {
		TestDatabase database = TestDatabases.get(kind);
		ServerSide server = database.serverSide();
		try (TcpProxy proxy = TcpProxy.start(database)) {
			TestDatabase proxied = database.viaProxy(proxy);
			assertThat(proxied.jdbcUrl()).contains("127.0.0.1:" + proxy.port());
			try (Connection connection = proxied.open()) {
				long id = server.backendId(connection);
				assertThat(selectOne(connection)).isEqualTo(1);
				assertThat(proxy.openConnections()).isEqualTo(1);
				proxy.cutAll();
				assertThat(proxy.openConnections()).isZero();
				assertThatExceptionOfType(SQLException.class).isThrownBy(() -> selectOne(connection));
				assertThat(server.awaitGone(id, GONE_TIMEOUT)).isTrue();
			}
			try (Connection connection = proxied.open()) {
				assertThat(selectOne(connection)).isEqualTo(1);
				assertThat(proxy.openConnections()).isEqualTo(1);
			}
		}
	}

	@Test
	void closingTheProxyStopsItsThreads() throws Exception {
		TestDatabase database = TestDatabases.postgres();
		String threadPrefix;
		try (TcpProxy proxy = TcpProxy.start(database)) {
			threadPrefix = "tcp-proxy-" + proxy.port() + "-";
			try (Connection connection = database.viaProxy(proxy).open()) {
				assertThat(selectOne(connection)).isEqualTo(1);
				assertThat(proxyThreads(threadPrefix)).hasSize(3);
			}
		}
		assertThat(proxyThreads(threadPrefix)).isEmpty();
	}

	@Test
	void viaProxyKeepsDatabaseAndParameters() throws Exception {
		TestDatabase database = new TestDatabase(Kind.POSTGRESQL,
				"jdbc:postgresql://localhost:32768/test?loggerLevel=OFF", "test", "test", Origin.TESTCONTAINERS);
		try (TcpProxy proxy = TcpProxy.start(database)) {
			assertThat(database.host()).isEqualTo("localhost");
			assertThat(database.port()).isEqualTo(32768);
			assertThat(database.viaProxy(proxy).jdbcUrl())
				.isEqualTo("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?loggerLevel=OFF");
			assertThat(database.viaProxy(proxy).origin()).isEqualTo(Origin.TESTCONTAINERS);
		}
	}

	@Test
	void jdbcUrlAddressHandlesDefaultPortsAndIpv6() {
		TestDatabase noPort = new TestDatabase(Kind.MARIADB, "jdbc:mariadb://db.example/test", "root", null,
				Origin.EXPLICIT_SETTINGS);
		assertThat(noPort.host()).isEqualTo("db.example");
		assertThat(noPort.port()).isEqualTo(3306);
		assertThat(noPort.password()).isEmpty();
		TestDatabase ipv6 = noPort.withUrl("jdbc:mariadb://[::1]:3307/test");
		assertThat(ipv6.host()).isEqualTo("::1");
		assertThat(ipv6.port()).isEqualTo(3307);
		assertThat(JdbcUrlAddress.replace("jdbc:mariadb://[::1]:3307/test", "127.0.0.1", 4000))
			.isEqualTo("jdbc:mariadb://127.0.0.1:4000/test");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> noPort.withUrl("jdbc:mariadb://one:3306,two:3306/test").port());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> noPort.withUrl("jdbc:postgresql://127.0.0.1:5432/test"));
	}

	private static int selectOne(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select 1")) {
			assertThat(result.next()).isTrue();
			return result.getInt(1);
		}
	}

	private static String createTable(TestDatabase database, String base) throws SQLException {
		String table = RunNames.of(base + "_" + database.kind().name().toLowerCase(Locale.ROOT));
		// MariaDB only reports a transaction once it has touched an InnoDB table.
		execute(database, "create table if not exists " + table + " (id int)"
				+ ((database.kind() == Kind.POSTGRESQL) ? "" : " engine=InnoDB"));
		return table;
	}

	private static void execute(TestDatabase database, String sql) throws SQLException {
		try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static Set<Thread> proxyThreads(String prefix) {
		Set<Thread> threads = Thread.getAllStackTraces().keySet();
		threads.removeIf((thread) -> !thread.getName().startsWith(prefix));
		return threads;
	}

}
