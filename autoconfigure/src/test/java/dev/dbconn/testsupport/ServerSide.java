package dev.dbconn.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Looks at and acts on a test database's backends (server processes or threads, one per client
 * connection) the way an administrator would: through side connections of its own, never through
 * the pool under test.
 * <p>
 * Every method opens a fresh side connection and closes it before returning, so nothing lingers on
 * the shared server. The side connection itself is left out of every listing and count, and so is
 * every client of another run: listings and counts cover this run's backends only, on PostgreSQL
 * those with the run's {@code application_name}, on MariaDB and MySQL those in the run's database
 * (see {@link TestDatabases}).
 * <p>
 * A note on what "in a transaction" means on each server. PostgreSQL reports it as soon as a
 * {@code BEGIN} has run; the PostgreSQL driver sends that with the first statement after
 * {@code setAutoCommit(false)}, not on the call itself. MariaDB only lists a transaction in
 * {@code information_schema.innodb_trx} once it has touched an InnoDB table, so a test that wants to
 * see one must read or write such a table inside it. MariaDB also serves that table from a cache that
 * it refreshes only once nobody has read it for 100 ms, so the methods reading it first wait for that
 * much quiet time.
 */
public final class ServerSide {

	/**
	 * How long {@link #killBackend(long)} waits for the server to finish with a backend.
	 */
	public static final Duration KILL_TIMEOUT = Duration.ofSeconds(5);

	private static final long POLL_MILLIS = 25;

	private static final Map<String, Boolean> MARIADB_SERVERS = new ConcurrentHashMap<>();

	private final TestDatabase database;

	ServerSide(TestDatabase database) {
		this.database = database;
	}

	/**
	 * The server's identifier for the backend serving a connection: the process id on PostgreSQL, the
	 * connection id on MariaDB and MySQL. Runs a query on that connection.
	 * @param connection a connection to this database, pooled or not
	 * @return the backend id
	 * @throws SQLException if the query fails
	 */
	public long backendId(Connection connection) throws SQLException {
		return queryLong(connection, dialect().backendIdQuery());
	}

	/**
	 * Whether a backend is still known to the server.
	 * @param backendId the backend id
	 * @return {@code true} while the server lists the backend
	 * @throws SQLException if the side query fails
	 */
	public boolean backendExists(long backendId) throws SQLException {
		try (Connection side = this.database.open()) {
			return exists(side, backendId);
		}
	}

	/**
	 * The backends of this run's other clients connected to this database, the pool's included.
	 * @return the backend ids
	 * @throws SQLException if the side query fails
	 */
	public Set<Long> backends() throws SQLException {
		try (Connection side = this.database.open(); Statement statement = side.createStatement()) {
			return backends(statement);
		}
	}

	/**
	 * The backends of this run's other clients, read through a side connection the caller keeps
	 * open (see {@link #openSide()}): for reading them again and again, where a side connection
	 * opened for each reading would still be ending, and counted, at the next.
	 * @param side the side connection
	 * @return the backend ids
	 * @throws SQLException if the side query fails
	 */
	public Set<Long> backends(Connection side) throws SQLException {
		try (Statement statement = side.createStatement()) {
			return backends(statement);
		}
	}

	/**
	 * Open a side connection of the test's own, not one of the application's.
	 * @return the connection, for the caller to close
	 * @throws SQLException if the server cannot be reached
	 */
	public Connection openSide() throws SQLException {
		return this.database.open();
	}

	private Set<Long> backends(Statement side) throws SQLException {
		Set<Long> ids = new LinkedHashSet<>();
		try (ResultSet result = side.executeQuery(dialect().otherBackendsQuery())) {
			while (result.next()) {
				ids.add(result.getLong(1));
			}
		}
		return ids;
	}

	/**
	 * Watch backends until each has gone, listing the server's backends every {@value #POLL_MILLIS} ms
	 * through one side connection, and note when each went.
	 * @param backendIds the backend ids
	 * @param timeout how long to watch at most
	 * @return for each backend gone within the timeout, the {@link System#nanoTime()} of the first
	 * listing without it
	 * @throws SQLException if the side query fails
	 */
	public Map<Long, Long> watchUntilGone(Collection<Long> backendIds, Duration timeout) throws SQLException {
		Map<Long, Long> goneAt = new LinkedHashMap<>();
		long deadline = System.nanoTime() + timeout.toNanos();
		try (Connection side = this.database.open(); Statement statement = side.createStatement()) {
			while (goneAt.size() < backendIds.size() && System.nanoTime() - deadline < 0) {
				Set<Long> listed = backends(statement);
				long now = System.nanoTime();
				for (long id : backendIds) {
					if (!listed.contains(id)) {
						goneAt.putIfAbsent(id, now);
					}
				}
				pause(backendIds);
			}
		}
		return goneAt;
	}

	/**
	 * Whether a backend has an open transaction.
	 * @param backendId the backend id
	 * @return {@code true} if the backend is inside a transaction (see the class notes on when each
	 * server reports one); also {@code true} while a statement runs in auto-commit mode, since the
	 * servers run it in a transaction of its own
	 * @throws SQLException if the side query fails
	 */
	public boolean inTransaction(long backendId) throws SQLException {
		try (Connection side = this.database.open()) {
			return dialect().readTransactions(() -> {
				try (PreparedStatement statement = side.prepareStatement(dialect().inTransactionQuery())) {
					statement.setLong(1, backendId);
					try (ResultSet result = statement.executeQuery()) {
						return result.next();
					}
				}
			});
		}
	}

	/**
	 * Number of committed rows of a table whose column has a value, as another client sees them.
	 * @param table the table
	 * @param column the column
	 * @param value its value
	 * @return the number of rows
	 * @throws SQLException if the side query fails
	 */
	public long committedRows(String table, String column, Object value) throws SQLException {
		try (Connection side = this.database.open();
				PreparedStatement statement = side
					.prepareStatement("select count(*) from " + table + " where " + column + " = ?")) {
			statement.setObject(1, value);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getLong(1);
			}
		}
	}

	/**
	 * Number of this run's other backends on this database that sit idle with a transaction open, the
	 * state a pool must never leave a connection in between units of work.
	 * @return the number of backends idle in a transaction
	 * @throws SQLException if the side query fails
	 */
	public int countIdleInTransaction() throws SQLException {
		try (Connection side = this.database.open()) {
			return dialect().readTransactions(
					() -> Math.toIntExact(queryLong(side, dialect().idleInTransactionCountQuery())));
		}
	}

	/**
	 * Terminate a backend, as an administrator or a server restart would, and wait until the server
	 * has let go of it. The client holding the connection only notices when it next uses it.
	 * @param backendId the backend id
	 * @throws SQLException if the side query fails
	 * @throws AssertionError if the backend is still there after {@link #KILL_TIMEOUT}
	 */
	public void killBackend(long backendId) throws SQLException {
		try (Connection side = this.database.open()) {
			dialect().kill(side, backendId);
			if (!awaitGone(side, backendId, KILL_TIMEOUT)) {
				throw new AssertionError("Backend " + backendId + " of " + this.database.describe()
						+ " was still there " + KILL_TIMEOUT.toMillis() + " ms after it was killed");
			}
		}
	}

	/**
	 * Terminate several backends at once, as a restart of the server does, and wait until the server
	 * has let go of them all. A backend that has gone by itself meanwhile is left out.
	 * @param backendIds the backend ids
	 * @return the ids of the backends that were terminated
	 * @throws SQLException if a side query fails
	 * @throws AssertionError if a backend is still there after {@link #KILL_TIMEOUT}
	 */
	public Set<Long> killBackends(Set<Long> backendIds) throws SQLException {
		Set<Long> killed = new LinkedHashSet<>();
		try (Connection side = this.database.open()) {
			for (long backendId : backendIds) {
				try {
					dialect().kill(side, backendId);
					killed.add(backendId);
				}
				catch (SQLException ex) {
					// MariaDB refuses to kill a connection that has just ended
					if (exists(side, backendId)) {
						throw ex;
					}
				}
			}
			// polled without a pause: the caller times what happens once they are gone
			long deadline = System.nanoTime() + KILL_TIMEOUT.toNanos();
			Set<Long> left = new LinkedHashSet<>(killed);
			for (left.removeIf((backendId) -> !stillThere(side, backendId)); !left.isEmpty();
					left.removeIf((backendId) -> !stillThere(side, backendId))) {
				if (System.nanoTime() - deadline >= 0) {
					throw new AssertionError("Backends " + left + " of " + this.database.describe()
							+ " were still there " + KILL_TIMEOUT.toMillis() + " ms after they were killed");
				}
			}
		}
		return killed;
	}

	private boolean stillThere(Connection side, long backendId) {
		try {
			return exists(side, backendId);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot tell whether backend " + backendId + " is still there", ex);
		}
	}

	/**
	 * Wait until the server no longer lists a backend, for example after the network to it was cut.
	 * @param backendId the backend id
	 * @param timeout how long to wait at most
	 * @return {@code true} if the backend is gone, {@code false} if it was still there at the timeout
	 * @throws SQLException if the side query fails
	 */
	public boolean awaitGone(long backendId, Duration timeout) throws SQLException {
		try (Connection side = this.database.open()) {
			return awaitGone(side, backendId, timeout);
		}
	}

	private boolean awaitGone(Connection side, long backendId, Duration timeout) throws SQLException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (exists(side, backendId)) {
			if (System.nanoTime() - deadline >= 0) {
				return false;
			}
			pause(backendId);
		}
		return true;
	}

	private static void pause(Object awaited) {
		try {
			Thread.sleep(POLL_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for backend " + awaited, ex);
		}
	}

	private boolean exists(Connection side, long backendId) throws SQLException {
		try (PreparedStatement statement = side.prepareStatement(dialect().backendExistsQuery())) {
			statement.setLong(1, backendId);
			try (ResultSet result = statement.executeQuery()) {
				return result.next();
			}
		}
	}

	/**
	 * Whether the server is MariaDB, rather than MySQL or PostgreSQL. MySQL Connector/J reaches either
	 * of the first two, and a few session variables are named differently on them: see
	 * {@link #isolationVariable()}.
	 * @return {@code true} on a MariaDB server
	 * @throws SQLException if the side query fails
	 */
	public boolean isMariaDb() throws SQLException {
		return switch (this.database.kind()) {
			case POSTGRESQL -> false;
			case MARIADB -> true;
			case MYSQL -> MARIADB_SERVERS.computeIfAbsent(this.database.jdbcUrl(), (url) -> askIsMariaDb());
		};
	}

	/**
	 * The session's isolation level as a MySQL-family server names it: {@code tx_isolation} on
	 * MariaDB (which has {@code transaction_isolation} only from 11.1), {@code transaction_isolation}
	 * on MySQL (which dropped {@code tx_isolation} in 8.0).
	 * @return the variable's name, for {@code @@session.<name>}
	 * @throws SQLException if the side query fails
	 */
	public String isolationVariable() throws SQLException {
		return isMariaDb() ? "tx_isolation" : "transaction_isolation";
	}

	/**
	 * The session's read-only flag as a MySQL-family server names it, as for
	 * {@link #isolationVariable()}.
	 * @return the variable's name, for {@code @@session.<name>}
	 * @throws SQLException if the side query fails
	 */
	public String readOnlyVariable() throws SQLException {
		return isMariaDb() ? "tx_read_only" : "transaction_read_only";
	}

	private boolean askIsMariaDb() {
		try (Connection side = this.database.open();
				Statement statement = side.createStatement();
				ResultSet result = statement.executeQuery("select version()")) {
			result.next();
			return result.getString(1).contains("MariaDB");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot tell which server " + this.database.describe() + " is", ex);
		}
	}

	private Dialect dialect() {
		// MySQL has the same process list, innodb_trx and KILL as MariaDB
		return (this.database.kind() == TestDatabase.Kind.POSTGRESQL) ? Dialect.POSTGRESQL : Dialect.MARIADB;
	}

	private static long queryLong(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			if (!result.next()) {
				throw new SQLException("No row from: " + sql);
			}
			return result.getLong(1);
		}
	}

	/**
	 * The administrative SQL of each server.
	 */
	private enum Dialect {

		POSTGRESQL("select pg_backend_pid()",
				"select 1 from pg_stat_activity where pid = ?",
				"select pid from pg_stat_activity where datname = current_database()"
						+ " and backend_type = 'client backend' and pid <> pg_backend_pid()"
						+ " and application_name = '" + RunNames.APPLICATION_NAME + "' order by pid",
				"select 1 from pg_stat_activity where pid = ? and xact_start is not null",
				"select count(*) from pg_stat_activity where datname = current_database()"
						+ " and state like 'idle in transaction%' and pid <> pg_backend_pid()"
						+ " and application_name = '" + RunNames.APPLICATION_NAME + "'") {

			@Override
			void kill(Connection side, long backendId) throws SQLException {
				try (PreparedStatement statement = side.prepareStatement("select pg_terminate_backend(?)")) {
					// pg_terminate_backend takes an int; a long parameter would not match its signature.
					statement.setInt(1, Math.toIntExact(backendId));
					statement.execute();
				}
			}

		},

		MARIADB("select connection_id()",
				"select 1 from information_schema.processlist where id = ?",
				"select id from information_schema.processlist where db = database()"
						+ " and id <> connection_id() order by id",
				"select 1 from information_schema.innodb_trx where trx_mysql_thread_id = ?",
				"select count(*) from information_schema.innodb_trx t"
						+ " join information_schema.processlist p on p.id = t.trx_mysql_thread_id"
						+ " where p.command = 'Sleep' and p.db = database() and p.id <> connection_id()") {

			@Override
			void kill(Connection side, long backendId) throws SQLException {
				try (Statement statement = side.createStatement()) {
					// KILL takes no placeholders; the id is a number, so concatenating it is safe.
					statement.execute("KILL CONNECTION " + backendId);
				}
			}

			@Override
			<T> T readTransactions(SqlQuery<T> query) throws SQLException {
				return InnodbTrxCache.read(query);
			}

		};

		private final String backendIdQuery;

		private final String backendExistsQuery;

		private final String otherBackendsQuery;

		private final String inTransactionQuery;

		private final String idleInTransactionCountQuery;

		Dialect(String backendIdQuery, String backendExistsQuery, String otherBackendsQuery,
				String inTransactionQuery, String idleInTransactionCountQuery) {
			this.backendIdQuery = backendIdQuery;
			this.backendExistsQuery = backendExistsQuery;
			this.otherBackendsQuery = otherBackendsQuery;
			this.inTransactionQuery = inTransactionQuery;
			this.idleInTransactionCountQuery = idleInTransactionCountQuery;
		}

		String backendIdQuery() {
			return this.backendIdQuery;
		}

		String backendExistsQuery() {
			return this.backendExistsQuery;
		}

		String otherBackendsQuery() {
			return this.otherBackendsQuery;
		}

		String inTransactionQuery() {
			return this.inTransactionQuery;
		}

		String idleInTransactionCountQuery() {
			return this.idleInTransactionCountQuery;
		}

		abstract void kill(Connection side, long backendId) throws SQLException;

		/**
		 * Run a query about open transactions so that its answer is current.
		 */
		<T> T readTransactions(SqlQuery<T> query) throws SQLException {
			return query.run();
		}

	}

	/**
	 * A query run on a side connection.
	 *
	 * @param <T> the type of the answer
	 */
	@FunctionalInterface
	private interface SqlQuery<T> {

		T run() throws SQLException;

	}

	/**
	 * Serializes this JVM's reads of {@code information_schema.innodb_trx}. InnoDB refreshes the cache
	 * behind that table only when it has not been refreshed for 100 ms; reading it sooner returns the
	 * previous answer, which would make a test see a transaction that has already ended, or miss a new
	 * one. Another build on the same server may have read it just before, so each read also waits
	 * until the cache can only have been refreshed after the read was asked for, when what the caller
	 * wants to see has happened.
	 */
	private static final class InnodbTrxCache {

		private static final long QUIET_NANOS = Duration.ofMillis(150).toNanos();

		private static final long FRESH_NANOS = Duration.ofMillis(110).toNanos();

		private static long lastRead = System.nanoTime() - QUIET_NANOS;

		static <T> T read(SqlQuery<T> query) throws SQLException {
			return read(query, System.nanoTime() + FRESH_NANOS);
		}

		private static synchronized <T> T read(SqlQuery<T> query, long freshAfter) throws SQLException {
			long wait = Math.max(lastRead + QUIET_NANOS, freshAfter) - System.nanoTime();
			if (wait > 0) {
				try {
					Thread.sleep(Duration.ofNanos(wait).toMillis() + 1);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("Interrupted while waiting for MariaDB's transaction view", ex);
				}
			}
			try {
				return query.run();
			}
			finally {
				lastRead = System.nanoTime();
			}
		}

	}

}
