package dev.dbconn.jdbc.driver;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import dev.dbconn.lifecycle.Finding;
import org.mariadb.jdbc.message.client.ResetPacket;
import org.mariadb.jdbc.util.Security;
import org.mariadb.jdbc.util.constants.ServerStatus;

/**
 * MariaDB Connector/J: the server sends its status flags with every OK packet, and the protocol has
 * a command that resets a session. Only loaded when the MariaDB driver is on the class path.
 */
final class MariaDbDriverSupport implements DriverSupport {

	static final String DRIVER_CONNECTION = "org.mariadb.jdbc.Connection";

	private static final String DRIVER_VARIABLES = "'SQL_MODE', 'TIME_ZONE', 'TX_ISOLATION', 'TRANSACTION_ISOLATION', "
			+ "'TX_READ_ONLY', 'TRANSACTION_READ_ONLY', 'SESSION_TRACK_SYSTEM_VARIABLES', 'CHARACTER_SET_CLIENT', "
			+ "'CHARACTER_SET_CONNECTION', 'CHARACTER_SET_RESULTS', 'COLLATION_CONNECTION'";


	static boolean supports(Connection connection) throws SQLException {
		return connection.isWrapperFor(org.mariadb.jdbc.Connection.class);
	}

	/**
	 * Read the transaction flag from the last status the server sent. After an error the driver keeps
	 * the flag set until the next command, so a set flag is confirmed by a {@code SELECT 1}, whose
	 * status brings the flag up to date and which opens no transaction: a round trip only after
	 * errors and real transactions. ({@code @@in_transaction} would say the same on MariaDB, but a
	 * MySQL server, which this driver also connects to, has no such variable.)
	 */
	@Override
	public boolean inTransaction(Connection connection) throws SQLException {
		org.mariadb.jdbc.Connection driverConnection = connection.unwrap(org.mariadb.jdbc.Connection.class);
		if (!inTransactionOnServer(driverConnection)) {
			return false;
		}
		return inTransactionAfterError(connection);
	}

	/**
	 * After a failed statement even a clear flag may be stale (the error reply carries no status):
	 * confirmed with {@code SELECT 1} whatever the flag says.
	 */
	@Override
	public boolean inTransactionAfterError(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("SELECT 1")) {
			result.next();
		}
		return inTransactionOnServer(connection.unwrap(org.mariadb.jdbc.Connection.class));
	}

	private static boolean inTransactionOnServer(org.mariadb.jdbc.Connection driverConnection) {
		return (driverConnection.getContext().getServerStatus() & ServerStatus.IN_TRANSACTION) != 0;
	}

	/**
	 * The session variables the driver sets after connecting ({@code sql_mode}, time zone, isolation,
	 * character sets, session tracking), which {@code COM_RESET_CONNECTION} takes back to the server's
	 * defaults, and the current database and active roles, which it keeps.
	 */
	@Override
	public Object captureSession(Connection connection) throws SQLException {
		return MySqlProtocol.capture(connection, DRIVER_VARIABLES);
	}

	/**
	 * {@code COM_RESET_CONNECTION}: user and session variables, temporary tables, named locks, table
	 * locks and prepared statements; then the JDBC URL's {@code sessionVariables}, the driver's session
	 * variables, and the captured database and roles where they changed (a {@code USE} or
	 * {@code SET ROLE} survives the command). The driver's own
	 * {@code reset()} sends the command only when the URL asks for {@code useResetConnection}, and then
	 * loses its session variables; here it is sent whatever the URL says, and the driver brings its
	 * view of the connection (auto-commit, isolation, statement caches) back in line afterwards.
	 */
	@Override
	public boolean resetSession(Connection connection, Object captured) throws SQLException {
		org.mariadb.jdbc.Connection driverConnection = connection.unwrap(org.mariadb.jdbc.Connection.class);
		driverConnection.getClient().execute(ResetPacket.INSTANCE, true);
		// the driver's own reset goes first: with useResetConnection it resets the session once more
		driverConnection.reset();
		// the JDBC URL's sessionVariables, which the driver sets after connecting and not after a reset,
		// set again in the driver's own words
		String urlVariables = driverConnection.getContext().getConf().sessionVariables();
		if (urlVariables != null && !urlVariables.isBlank()) {
			try (Statement statement = connection.createStatement()) {
				statement.execute("set " + Security.parseSessionVariables(urlVariables));
			}
		}
		MySqlProtocol.restore(connection, captured);
		return true;
	}


	@Override
	public List<Finding> encodingProblems(Connection connection) throws SQLException {
		return MySqlProtocol.encodingProblems(connection, "MariaDB", "Remove character-set settings from the JDBC URL "
				+ "and the server's init-connect, or set character-set-server=utf8mb4 on the server.");
	}

	@Override
	public Long backendId(Connection connection) throws SQLException {
		return connection.unwrap(org.mariadb.jdbc.Connection.class).getThreadId();
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
