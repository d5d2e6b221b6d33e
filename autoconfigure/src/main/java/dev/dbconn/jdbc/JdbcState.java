package dev.dbconn.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.Executor;

import dev.dbconn.jdbc.driver.DriverSupport;

/**
 * The JDBC-level state a unit of work changed through the connection API, with the value each had
 * before the first change, so that the end of the unit puts back only what changed.
 */
final class JdbcState {

	static final int AUTO_COMMIT = 1;

	static final int ISOLATION = 1 << 1;

	static final int READ_ONLY = 1 << 2;

	static final int CATALOG = 1 << 3;

	static final int SCHEMA = 1 << 4;

	static final int HOLDABILITY = 1 << 5;

	static final int NETWORK_TIMEOUT = 1 << 6;

	static final int CLIENT_INFO = 1 << 7;

	private static final Executor DIRECT = Runnable::run;

	private int changed;

	private boolean autoCommit;

	private int isolation;

	private boolean readOnly;

	private String catalog;

	private String schema;

	private int holdability;

	private int networkTimeout;

	private Properties clientInfo;

	/**
	 * Remember the current value of a property that is about to change, unless it already changed in
	 * this unit of work.
	 */
	void beforeChange(Connection connection, int property) throws SQLException {
		if ((this.changed & property) != 0) {
			return;
		}
		switch (property) {
			case AUTO_COMMIT -> this.autoCommit = connection.getAutoCommit();
			case ISOLATION -> this.isolation = connection.getTransactionIsolation();
			case READ_ONLY -> this.readOnly = connection.isReadOnly();
			case CATALOG -> this.catalog = connection.getCatalog();
			case SCHEMA -> this.schema = connection.getSchema();
			case HOLDABILITY -> this.holdability = connection.getHoldability();
			case NETWORK_TIMEOUT -> this.networkTimeout = connection.getNetworkTimeout();
			default -> throw new IllegalArgumentException("Unknown property " + property);
		}
		this.changed |= property;
	}

	/**
	 * Remember the client info before it changes, unless it already changed in this unit of work. The
	 * drivers of the MySQL family keep it on the client, where no reset reaches it (MySQL Connector/J
	 * sends it as a comment before each statement); pgjdbc sends ApplicationName as SET
	 * application_name. When the driver cannot tell it, nothing is remembered and the restore fails.
	 */
	void beforeClientInfoChange(Connection connection) {
		if ((this.changed & CLIENT_INFO) != 0) {
			return;
		}
		try {
			this.clientInfo = copy(connection.getClientInfo());
		}
		catch (SQLException | RuntimeException ex) {
			this.clientInfo = null;
		}
		this.changed |= CLIENT_INFO;
	}

	private void restoreClientInfo(Connection connection) throws SQLException {
		if (this.clientInfo == null) {
			throw new SQLException("The driver could not tell the client info before the application changed it, "
					+ "so it cannot be put back");
		}
		if (this.clientInfo.equals(connection.getClientInfo())) {
			// the change was refused, or set what there was
			return;
		}
		connection.setClientInfo(this.clientInfo);
		Properties now = connection.getClientInfo();
		if (now != null && !now.equals(this.clientInfo)) {
			// MariaDB Connector/J only adds what it is given, and hands out the Properties it keeps
			now.keySet().retainAll(this.clientInfo.keySet());
			now.putAll(this.clientInfo);
		}
	}

	private static Properties copy(Properties properties) {
		Properties copy = new Properties();
		if (properties != null) {
			copy.putAll(properties);
		}
		return copy;
	}

	boolean isChanged() {
		return this.changed != 0;
	}

	/**
	 * Put back every property that changed, as dbconn's own statements run (with auto-commit on: in a
	 * pool whose connections have auto-commit off, a setting made inside the implicit transaction
	 * would be undone when the pool rolls it back). Auto-commit goes last, to its value before the
	 * unit. The caller has made sure that no transaction is open, so switching auto-commit commits
	 * nothing.
	 * @param connection the pool's connection, through which the application changed the properties
	 * @param raw the driver's connection behind it
	 */
	void restore(Connection connection, Connection raw) throws SQLException {
		DriverSupport.outsideTransaction(raw, () -> {
			if ((this.changed & ISOLATION) != 0) {
				connection.setTransactionIsolation(this.isolation);
			}
			if ((this.changed & READ_ONLY) != 0) {
				connection.setReadOnly(this.readOnly);
			}
			if ((this.changed & CATALOG) != 0) {
				connection.setCatalog(this.catalog);
			}
			if ((this.changed & SCHEMA) != 0) {
				connection.setSchema(this.schema);
			}
			if ((this.changed & HOLDABILITY) != 0) {
				connection.setHoldability(this.holdability);
			}
			if ((this.changed & NETWORK_TIMEOUT) != 0) {
				connection.setNetworkTimeout(DIRECT, this.networkTimeout);
			}
			if ((this.changed & CLIENT_INFO) != 0) {
				restoreClientInfo(connection);
			}
			return null;
		});
		if ((this.changed & AUTO_COMMIT) != 0) {
			connection.setAutoCommit(this.autoCommit);
		}
		this.changed = 0;
	}

}
