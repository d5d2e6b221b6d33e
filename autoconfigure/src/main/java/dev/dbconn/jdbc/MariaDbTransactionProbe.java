package dev.dbconn.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import org.mariadb.jdbc.util.constants.ServerStatus;

/**
 * MariaDB Connector/J's copy of the server status flags, which the server sends with every OK
 * packet. Only loaded when the MariaDB driver is on the class path.
 */
final class MariaDbTransactionProbe implements TransactionProbe {

	static final String DRIVER_CONNECTION = "org.mariadb.jdbc.Connection";

	static boolean supports(Connection connection) throws SQLException {
		return connection.isWrapperFor(org.mariadb.jdbc.Connection.class);
	}

	@Override
	public boolean inTransaction(Connection connection) throws SQLException {
		org.mariadb.jdbc.Connection driverConnection = connection.unwrap(org.mariadb.jdbc.Connection.class);
		return (driverConnection.getContext().getServerStatus() & ServerStatus.IN_TRANSACTION) != 0;
	}

}
