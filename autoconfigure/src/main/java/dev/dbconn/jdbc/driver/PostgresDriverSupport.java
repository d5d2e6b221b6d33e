package dev.dbconn.jdbc.driver;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.dbconn.lifecycle.Finding;
import dev.dbconn.lifecycle.Finding.Severity;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * pgjdbc: the server reports its transaction status with every ReadyForQuery message and its
 * encodings at start-up, so neither costs a round trip. Only loaded when pgjdbc is on the class path.
 */
final class PostgresDriverSupport implements DriverSupport {

	static final String DRIVER_CONNECTION = "org.postgresql.core.BaseConnection";

	static boolean supports(Connection connection) throws SQLException {
		return connection.isWrapperFor(BaseConnection.class);
	}

	@Override
	public boolean inTransaction(Connection connection) throws SQLException {
		return connection.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE;
	}

	/**
	 * The settings pgjdbc makes with {@code SET} after connecting (rather than in the start-up
	 * packet), which {@code DISCARD ALL} would take back to the server's defaults.
	 */
	@Override
	public Object captureSession(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT current_setting('application_name'), "
						+ "current_setting('extra_float_digits')")) {
			result.next();
			return new String[] { result.getString(1), result.getString(2) };
		}
	}

	/**
	 * {@code DISCARD ALL}: roles, settings, temporary tables, advisory locks, {@code LISTEN}s, cursors
	 * and SQL-level prepared statements; then the driver's own settings again.
	 * pgjdbc notices the command and forgets its own server-side prepared statements, so they keep
	 * working.
	 */
	@Override
	public boolean resetSession(Connection connection, Object captured) throws SQLException {
		DriverSupport.execute(connection, List.of("DISCARD ALL"));
		if (captured instanceof String[] settings) {
			// bound, not spliced: DISCARD ALL may bring back standard_conforming_strings=off
			try (PreparedStatement statement = connection.prepareStatement(
					"SELECT set_config('application_name', ?, false), set_config('extra_float_digits', ?, false)")) {
				statement.setString(1, settings[0]);
				statement.setString(2, settings[1]);
				statement.execute();
			}
		}
		return true;
	}

	@Override
	public List<Finding> encodingProblems(Connection connection) throws SQLException {
		PGConnection pg = connection.unwrap(PGConnection.class);
		String database = connection.getCatalog();
		List<Finding> problems = new ArrayList<>();
		String server = pg.getParameterStatus("server_encoding");
		if (server != null && !isUtf8(server)) {
			problems.add(new Finding(Severity.WARNING, "PostgreSQL database '" + database + "' uses encoding " + server
					+ ", not UTF8: text the application accepts may not fit or may be stored wrongly.",
					"Create a UTF8 database (CREATE DATABASE ... ENCODING 'UTF8' TEMPLATE template0) "
							+ "and move the data into it (pg_dump, then pg_restore)."));
		}
		String client = pg.getParameterStatus("client_encoding");
		if (client != null && !isUtf8(client)) {
			problems.add(new Finding(Severity.WARNING, "PostgreSQL connection to database '" + database
					+ "' uses client_encoding " + client + ", not UTF8.",
					"Remove the client_encoding setting (PGCLIENTENCODING, the role's or database's defaults, "
							+ "options in the JDBC URL)."));
		}
		return problems;
	}

	@Override
	public Long backendId(Connection connection) throws SQLException {
		return (long) connection.unwrap(PGConnection.class).getBackendPID();
	}

	/**
	 * {@code max_connections} less the slots reserved for superusers (and, from PostgreSQL 16, for
	 * {@code pg_use_reserved_connections}); {@code idle_session_timeout} (PostgreSQL 14 and later) and
	 * {@code idle_in_transaction_session_timeout}. A pooler such as PgBouncer gives its clients a
	 * process id of its own making for cancel requests: when the server's {@code pg_backend_pid()}
	 * is not the one the connection was given, something sits between them.
	 */
	@Override
	public ServerLimits serverLimits(Connection connection) throws SQLException {
		Map<String, Long> settings = new HashMap<>();
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT name, setting FROM pg_settings WHERE name IN "
						+ "('max_connections', 'superuser_reserved_connections', 'reserved_connections', "
						+ "'idle_session_timeout', 'idle_in_transaction_session_timeout') "
						+ "UNION ALL SELECT 'pg_backend_pid', pg_backend_pid()::text")) {
			while (result.next()) {
				settings.put(result.getString(1), Long.parseLong(result.getString(2)));
			}
		}
		long connections = settings.getOrDefault("max_connections", -1L)
				- settings.getOrDefault("superuser_reserved_connections", 0L)
				- settings.getOrDefault("reserved_connections", 0L);
		long idleMillis = settings.getOrDefault("idle_session_timeout", 0L);
		long idleInTransactionMillis = settings.getOrDefault("idle_in_transaction_session_timeout", 0L);
		Long serverPid = settings.get("pg_backend_pid");
		boolean throughPooler = serverPid != null && serverPid.longValue() != backendId(connection);
		return new ServerLimits((int) connections, (idleMillis > 0) ? Duration.ofMillis(idleMillis) : null,
				"idle_session_timeout",
				(idleInTransactionMillis > 0) ? Duration.ofMillis(idleInTransactionMillis) : null, throughPooler);
	}

	private static boolean isUtf8(String encoding) {
		return encoding.equalsIgnoreCase("UTF8") || encoding.equalsIgnoreCase("UTF-8");
	}

}
