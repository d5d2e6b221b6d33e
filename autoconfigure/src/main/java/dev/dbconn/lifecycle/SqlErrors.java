package dev.dbconn.lifecycle;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.util.Set;

/**
 * Sorts the {@link SQLException}s raised through a connection into what they mean for the connection,
 * as Django does: data and integrity errors say nothing about it, a lost connection is lost, and any
 * other error means the connection must be checked before it is handed on.
 */
public final class SqlErrors {

	/** What an error means for the connection that raised it. */
	public enum Kind {

		/** Data or integrity error (SQLState classes 22 and 23): the connection is fine. */
		DATA,

		/** The connection to the server is gone. */
		CONNECTION_LOST,

		/** Any other error: check the connection before handing it on. */
		OTHER

	}

	// PostgreSQL: shutdowns, database dropped, idle session and idle-in-transaction timeouts (all
	// FATAL); SQL-92's disconnect error; Sybase's disconnect errors.
	private static final Set<String> CONNECTION_LOST_STATES = Set.of("57P01", "57P02", "57P03", "57P04", "57P05",
			"25P03", "01002", "JZ0C0", "JZ0C1");

	// MariaDB/MySQL: connection killed, server shutdown, server gone away, lost connection, and
	// disconnected for inactivity.
	private static final Set<Integer> CONNECTION_LOST_CODES = Set.of(1927, 1053, 2006, 2013, 4031);

	private static final int MAX_CHAIN = 10;

	private SqlErrors() {
	}

	/**
	 * Classify an exception, looking along its chain of next exceptions.
	 * @param ex the exception
	 * @return what the exception means for its connection
	 */
	public static Kind classify(SQLException ex) {
		boolean allData = true;
		SQLException current = ex;
		for (int depth = 0; current != null && depth < MAX_CHAIN; depth++) {
			if (isConnectionLost(current)) {
				return Kind.CONNECTION_LOST;
			}
			allData &= isDataError(current.getSQLState());
			current = current.getNextException();
		}
		return allData ? Kind.DATA : Kind.OTHER;
	}

	private static boolean isConnectionLost(SQLException ex) {
		String state = ex.getSQLState();
		return ex instanceof SQLNonTransientConnectionException || ex instanceof SQLRecoverableException
				|| (state != null && (state.startsWith("08") || CONNECTION_LOST_STATES.contains(state)))
				|| CONNECTION_LOST_CODES.contains(ex.getErrorCode());
	}

	private static boolean isDataError(String state) {
		return state != null && (state.startsWith("22") || state.startsWith("23"));
	}

}
