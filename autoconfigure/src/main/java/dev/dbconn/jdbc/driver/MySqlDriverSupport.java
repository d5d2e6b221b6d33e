package dev.dbconn.jdbc.driver;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import com.mysql.cj.NativeSession;
import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.jdbc.JdbcConnection;
import dev.dbconn.lifecycle.Finding;

/**
 * MySQL Connector/J, against MySQL or MariaDB: the server sends its status flags with every OK
 * packet, and the protocol has a command that resets a session. Only loaded when Connector/J is on
 * the class path. Nothing here may assume which of the two servers answers, so session variables are
 * read with {@code SHOW SESSION VARIABLES}, which both have.
 */
final class MySqlDriverSupport implements DriverSupport {

	static final String DRIVER_CONNECTION = "com.mysql.cj.jdbc.JdbcConnection";

	// both spellings of isolation and read-only: MySQL 8 has only the long ones, MariaDB 10 only the short
	private static final String DRIVER_VARIABLES = "'sql_mode', 'time_zone', 'tx_isolation', 'transaction_isolation', "
			+ "'tx_read_only', 'transaction_read_only', 'character_set_client', 'character_set_connection', "
			+ "'character_set_results', 'collation_connection'";


	static boolean supports(Connection connection) throws SQLException {
		return connection.isWrapperFor(JdbcConnection.class);
	}

	/**
	 * Read the transaction flag the driver keeps from the last status the server sent. When a command
	 * fails, the driver carries the flag over from before it, which a rollback by the server (deadlock,
	 * lock wait timeout) makes stale; so a set flag is confirmed by a {@code SELECT 1}, whose
	 * status brings the flag up to date and which opens no transaction: a round trip only after real
	 * transactions and errors.
	 */
	@Override
	public boolean inTransaction(Connection connection) throws SQLException {
		JdbcConnection driverConnection = connection.unwrap(JdbcConnection.class);
		if (!driverConnection.getSession().getServerSession().inTransactionOnServer()) {
			return false;
		}
		return inTransactionAfterError(connection);
	}

	/**
	 * Connector/J reads a result set of fetch size {@code Integer.MIN_VALUE} row by row off the wire,
	 * and keeps it as the protocol's streaming data until it is read or closed; meanwhile it refuses
	 * every other statement on the connection ("Streaming result set ... is still active").
	 */
	@Override
	public boolean streamingResultOpen(Connection connection) throws SQLException {
		return connection.unwrap(JdbcConnection.class).getSession() instanceof NativeSession session
				&& session.getProtocol().getStreamingData() != null;
	}

	/**
	 * After a failed statement even a clear flag may be stale (the error reply carries no status; a
	 * procedure that inserted, then signalled an error, left its row in a transaction): confirmed
	 * with {@code SELECT 1} whatever the flag says.
	 */
	@Override
	public boolean inTransactionAfterError(Connection connection) throws SQLException {
		JdbcConnection driverConnection = connection.unwrap(JdbcConnection.class);
		try (Statement statement = driverConnection.createStatement();
				ResultSet result = statement.executeQuery("SELECT 1")) {
			result.next();
		}
		return driverConnection.getSession().getServerSession().inTransactionOnServer();
	}

	/**
	 * The session variables the driver or the pool may set after connecting ({@code sql_mode}, time
	 * zone, isolation, read-only, character sets), which {@code COM_RESET_CONNECTION} takes back to the
	 * server's defaults, and the current database and active roles, which it keeps. Each server lists only the names it
	 * has.
	 */
	@Override
	public Object captureSession(Connection connection) throws SQLException {
		return MySqlProtocol.capture(connection, DRIVER_VARIABLES);
	}

	/**
	 * {@code COM_RESET_CONNECTION}, sent by the driver's {@code resetServerState()}: user and session
	 * variables, temporary tables, named locks, table locks and prepared statements. The driver then
	 * sets up its character sets, the URL's {@code sessionVariables}, auto-commit and the
	 * {@code sql_mode} for truncation checks again, keeping its view of the connection in line; the
	 * captured variables cover the rest (e.g. {@code forceConnectionTimeZoneToSession}'s time zone), and
	 * the captured database and roles are set again where they changed, since a {@code USE} or
	 * {@code SET ROLE} survives the command.
	 * With {@code paranoid=true} the driver does not reset, and neither can this.
	 */
	@Override
	public boolean resetSession(Connection connection, Object captured) throws SQLException {
		JdbcConnection driverConnection = connection.unwrap(JdbcConnection.class);
		if (driverConnection.getPropertySet().getBooleanProperty(PropertyKey.paranoid).getValue()) {
			return false;
		}
		if (cachesServerPreparedStatements(driverConnection)) {
			throw new SQLException("MySQL Connector/J keeps server-side prepared statements in a cache "
					+ "(cachePrepStmts and useServerPrepStmts are both on), which a session reset would leave pointing at "
					+ "statements the server forgot; the connection is closed instead. Set cachePrepStmts=false or "
					+ "useServerPrepStmts=false in the JDBC URL to keep connections whose session state changed.", "0A000");
		}
		driverConnection.resetServerState();
		MySqlProtocol.restore(driverConnection, captured);
		return true;
	}

	private static boolean cachesServerPreparedStatements(JdbcConnection connection) {
		return connection.getPropertySet().getBooleanProperty(PropertyKey.cachePrepStmts).getValue()
				&& connection.getPropertySet().getBooleanProperty(PropertyKey.useServerPrepStmts).getValue();
	}


	/**
	 * The connection's and the database's character sets, which must be {@code utf8mb4} for 4-byte
	 * characters to survive; {@code utf8}/{@code utf8mb3} silently cannot hold them.
	 */
	@Override
	public List<Finding> encodingProblems(Connection connection) throws SQLException {
		return MySqlProtocol.encodingProblems(connection, "MySQL Connector/J", "Remove characterEncoding and "
				+ "connectionCollation from the JDBC URL (or set characterEncoding=UTF-8) and character-set settings from "
				+ "the server's init_connect, or set character_set_server=utf8mb4 on the server.");
	}

	/**
	 * The connection (thread) id the server sent in its handshake, which is what
	 * {@code CONNECTION_ID()}, the process list and {@code KILL} use.
	 */
	@Override
	public Long backendId(Connection connection) throws SQLException {
		return connection.unwrap(JdbcConnection.class).getId();
	}

	/**
	 * {@code max_connections}, and the session's {@code wait_timeout} (which the JDBC URL's
	 * {@code sessionVariables} may have changed from the server's default).
	 */
	@Override
	public ServerLimits serverLimits(Connection connection) throws SQLException {
		return MySqlProtocol.serverLimits(connection);
	}


}
