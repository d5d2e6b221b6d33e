package dev.dbconn.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import org.springframework.util.ClassUtils;

/**
 * Tells whether a connection is inside a transaction, JDBC-level (auto-commit off) or SQL-level
 * ({@code BEGIN} with auto-commit on). PostgreSQL and MariaDB drivers track the server's transaction
 * status on the client, so asking costs no round trip; other drivers are judged by auto-commit alone.
 */
@FunctionalInterface
interface TransactionProbe {

	TransactionProbe AUTO_COMMIT_OFF = (connection) -> !connection.getAutoCommit();

	boolean inTransaction(Connection connection) throws SQLException;

	/**
	 * Choose the probe for the driver behind a connection.
	 */
	static TransactionProbe forConnection(Connection connection) throws SQLException {
		ClassLoader classLoader = TransactionProbe.class.getClassLoader();
		if (ClassUtils.isPresent(PostgresTransactionProbe.DRIVER_CONNECTION, classLoader)
				&& PostgresTransactionProbe.supports(connection)) {
			return new PostgresTransactionProbe();
		}
		if (ClassUtils.isPresent(MariaDbTransactionProbe.DRIVER_CONNECTION, classLoader)
				&& MariaDbTransactionProbe.supports(connection)) {
			return new MariaDbTransactionProbe();
		}
		return AUTO_COMMIT_OFF;
	}

}
