package dev.dbconn.jdbc.driver;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.dbconn.lifecycle.Finding;

import org.springframework.util.ClassUtils;

/**
 * What dbconn needs from a JDBC driver beyond the JDBC API: whether a connection is inside a
 * transaction (also one begun in SQL), how to reset its SQL-level session state, and whether its
 * encodings are UTF-8. The PostgreSQL, MariaDB and MySQL drivers get dedicated support; other drivers
 * get what plain JDBC allows.
 */
public interface DriverSupport {

	/**
	 * Whether the connection is inside a transaction.
	 */
	boolean inTransaction(Connection connection) throws SQLException;

	/**
	 * Whether a result set read as a stream holds the connection, so that the driver refuses any other
	 * statement on it until the stream is read to its end or closed (MySQL Connector/J does).
	 * @param connection the driver's connection
	 * @return {@code true} while such a stream is open
	 * @throws SQLException when the driver cannot tell
	 */
	default boolean streamingResultOpen(Connection connection) throws SQLException {
		return false;
	}

	/**
	 * Whether the connection is inside a transaction, asked after a statement on it failed. A driver
	 * that reads the transaction status from the server's last successful reply asks the server:
	 * an error reply carries no status, and a statement may fail after it wrote.
	 */
	default boolean inTransactionAfterError(Connection connection) throws SQLException {
		return inTransaction(connection);
	}

	/**
	 * Read what the driver set up on the session after it connected, which a session reset undoes,
	 * so that {@link #resetSession} can set it up again.
	 * @return the driver's session set-up, or {@code null} when there is nothing to keep
	 */
	Object captureSession(Connection connection) throws SQLException;

	/**
	 * Reset the session's SQL-level state to what it was when the connection was opened.
	 * @param captured what {@link #captureSession} returned for this connection, or {@code null}
	 * @return {@code false} when this driver has no known way to do it
	 */
	boolean resetSession(Connection connection, Object captured) throws SQLException;

	/**
	 * Describe, each with its fix, the ways in which the database or the connection does not use
	 * UTF-8.
	 * @return the problems, empty when there are none or the driver cannot tell
	 */
	List<Finding> encodingProblems(Connection connection) throws SQLException;

	/**
	 * The server's id for the session behind the connection, as the driver knows it.
	 * @return the id, or {@code null} when the driver does not say
	 */
	Long backendId(Connection connection) throws SQLException;

	/**
	 * Ask the server how many connections it accepts and when it closes idle ones.
	 * @return the limits, with unknowns where the driver cannot tell
	 */
	ServerLimits serverLimits(Connection connection) throws SQLException;

	/**
	 * The drivers' own connection types, by name, which {@link #driverConnectionTypes()} loads where
	 * present: the three drivers dbconn supports, which {@link #forConnection(Connection)} also looks
	 * for, and H2's. A native image finds them only when they are registered for reflection.
	 * @return the class names
	 */
	static List<String> driverConnectionTypeNames() {
		return DriverConnectionTypes.NAMES;
	}

	/**
	 * The drivers' own connection types present on the class path, to unwrap a pool's connection to
	 * when the pool answers {@code unwrap(Connection.class)} with its own proxy (Commons DBCP2 lends a
	 * new proxy at each checkout, so the driver's connection is what identifies the physical one).
	 * @return the types, loaded once
	 */
	static List<Class<? extends Connection>> driverConnectionTypes() {
		return DriverConnectionTypes.PRESENT;
	}

	/**
	 * Whether a connection is one of {@link #driverConnectionTypes()}: the driver's own, which closes
	 * physically, rather than a pool's proxy that answers for itself.
	 */
	static boolean isDriverConnection(Connection connection) {
		for (Class<? extends Connection> type : DriverConnectionTypes.PRESENT) {
			if (type.isInstance(connection)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Choose the support for the driver behind a connection.
	 */
	static DriverSupport forConnection(Connection connection) throws SQLException {
		ClassLoader classLoader = DriverSupport.class.getClassLoader();
		if (ClassUtils.isPresent(PostgresDriverSupport.DRIVER_CONNECTION, classLoader)
				&& PostgresDriverSupport.supports(connection)) {
			return new PostgresDriverSupport();
		}
		if (ClassUtils.isPresent(MariaDbDriverSupport.DRIVER_CONNECTION, classLoader)
				&& MariaDbDriverSupport.supports(connection)) {
			return new MariaDbDriverSupport();
		}
		if (ClassUtils.isPresent(MySqlDriverSupport.DRIVER_CONNECTION, classLoader)
				&& MySqlDriverSupport.supports(connection)) {
			return new MySqlDriverSupport();
		}
		return Generic.INSTANCE;
	}

	/**
	 * Run each statement on the connection.
	 */
	static void execute(Connection connection, List<String> statements) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	/**
	 * Run dbconn's own statements with auto-commit on, so that in a pool whose connections have
	 * auto-commit off they neither open a transaction the application's next statement would run in,
	 * nor run inside one the application will roll back. Call it only where no transaction is open:
	 * switching auto-commit on commits one.
	 * @param raw the driver's connection
	 * @param work the statements
	 * @return what the work returns
	 */
	static <T> T outsideTransaction(Connection raw, SqlWork<T> work) throws SQLException {
		boolean autoCommit = raw.getAutoCommit();
		if (!autoCommit) {
			raw.setAutoCommit(true);
		}
		try {
			return work.run();
		}
		finally {
			if (!autoCommit) {
				raw.setAutoCommit(false);
			}
		}
	}

	/**
	 * Work on a connection that may fail with an {@link SQLException}.
	 * @param <T> what it returns
	 */
	@FunctionalInterface
	interface SqlWork<T> {

		T run() throws SQLException;

	}

	/** Plain JDBC: a transaction is open when auto-commit is off; no reset; no encoding check. */
	final class Generic implements DriverSupport {

		static final Generic INSTANCE = new Generic();

		@Override
		public boolean inTransaction(Connection connection) throws SQLException {
			return !connection.getAutoCommit();
		}

		@Override
		public Object captureSession(Connection connection) {
			return null;
		}

		@Override
		public boolean resetSession(Connection connection, Object captured) {
			return false;
		}

		@Override
		public List<Finding> encodingProblems(Connection connection) {
			return List.of();
		}

		@Override
		public Long backendId(Connection connection) {
			return null;
		}

		@Override
		public ServerLimits serverLimits(Connection connection) {
			return ServerLimits.UNKNOWN;
		}

	}

	/** The drivers' connection types, loaded once where present. */
	final class DriverConnectionTypes {

		private static final List<String> NAMES = List.of(PostgresDriverSupport.DRIVER_CONNECTION,
				MariaDbDriverSupport.DRIVER_CONNECTION, MySqlDriverSupport.DRIVER_CONNECTION,
				"org.h2.jdbc.JdbcConnection");

		private static final List<Class<? extends Connection>> PRESENT = load();

		private DriverConnectionTypes() {
		}

		private static List<Class<? extends Connection>> load() {
			ClassLoader classLoader = DriverSupport.class.getClassLoader();
			List<Class<? extends Connection>> present = new ArrayList<>();
			for (String name : NAMES) {
				if (ClassUtils.isPresent(name, classLoader)) {
					Class<?> type = ClassUtils.resolveClassName(name, classLoader);
					if (Connection.class.isAssignableFrom(type)) {
						present.add(type.asSubclass(Connection.class));
					}
				}
			}
			return List.copyOf(present);
		}

	}

}
