package dev.dbconn.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * pgjdbc's view of the server's transaction status, which it reads from every ReadyForQuery message.
 * Only loaded when pgjdbc is on the class path.
 */
final class PostgresTransactionProbe implements TransactionProbe {

	static final String DRIVER_CONNECTION = "org.postgresql.core.BaseConnection";

	static boolean supports(Connection connection) throws SQLException {
		return connection.isWrapperFor(BaseConnection.class);
	}

	@Override
	public boolean inTransaction(Connection connection) throws SQLException {
		return connection.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE;
	}

}
