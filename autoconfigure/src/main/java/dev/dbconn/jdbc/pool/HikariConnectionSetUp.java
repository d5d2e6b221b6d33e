package dev.dbconn.jdbc.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * HikariCP's set-up of a new connection ({@code PoolBase#setupConnection}), from the pool's
 * configuration, for the connections {@link DirectConnections} opens: read-only, transaction
 * isolation, catalog, schema, {@code connectionInitSql} and auto-commit, with the pool's validation
 * timeout as the network timeout meanwhile. Auto-commit comes last, so that in a pool with
 * auto-commit off no set-up statement is left in a transaction (HikariCP leaves its own in one
 * unless {@code isolateInternalQueries} is set).
 */
final class HikariConnectionSetUp {

	// under the category of the public class whose connections these are
	private static final Log logger = LogFactory.getLog(DirectConnections.class);

	private final HikariDataSource hikari;

	private final Integer isolation;

	private volatile int driverDefaultIsolation = -1;

	private volatile boolean networkTimeoutSupported = true;

	HikariConnectionSetUp(HikariDataSource hikari) {
		this.hikari = hikari;
		this.isolation = (hikari.getTransactionIsolation() != null)
				? HikariPoolSupport.isolationLevel(hikari.getTransactionIsolation()) : null;
	}

	/**
	 * Set up a connection the driver just opened, as the pool sets up its own.
	 * @param connection the driver's connection
	 * @throws SQLException when a step of the set-up fails
	 */
	void apply(Connection connection) throws SQLException {
		// bounded by the validation timeout, as HikariCP bounds its own: a server that stalls after
		// the connect, or an init statement that blocks, fails the set-up instead of holding the thread
		int driverTimeout = boundNetworkTimeout(connection);
		if (connection.isReadOnly() != this.hikari.isReadOnly()) {
			connection.setReadOnly(this.hikari.isReadOnly());
		}
		// the set-up runs with auto-commit on, switched off last for a pool with auto-commit off, so
		// that it opens no transaction: one left open would be the unit's (no isolation could be set
		// in it), and the first handle's close would roll the set-up back
		if (!connection.getAutoCommit()) {
			connection.setAutoCommit(true);
		}
		if (this.isolation != null) {
			int driverDefault = this.driverDefaultIsolation;
			if (driverDefault == -1) {
				// the same for every new connection: ask the first one only, as HikariCP does
				driverDefault = connection.getTransactionIsolation();
				this.driverDefaultIsolation = driverDefault;
			}
			if (this.isolation != driverDefault) {
				connection.setTransactionIsolation(this.isolation);
			}
		}
		if (this.hikari.getCatalog() != null) {
			connection.setCatalog(this.hikari.getCatalog());
		}
		if (this.hikari.getSchema() != null) {
			connection.setSchema(this.hikari.getSchema());
		}
		String initSql = this.hikari.getConnectionInitSql();
		if (initSql != null && !initSql.isBlank()) {
			try (Statement statement = connection.createStatement()) {
				statement.execute(initSql);
			}
		}
		if (!this.hikari.isAutoCommit()) {
			connection.setAutoCommit(false);
		}
		if (driverTimeout >= 0) {
			connection.setNetworkTimeout(Runnable::run, driverTimeout);
		}
	}

	// the driver's own network timeout, after setting the validation timeout; -1 when the driver has none
	private int boundNetworkTimeout(Connection connection) throws SQLException {
		if (!this.networkTimeoutSupported) {
			return -1;
		}
		try {
			int driverTimeout = connection.getNetworkTimeout();
			connection.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, this.hikari.getValidationTimeout()));
			return driverTimeout;
		}
		catch (SQLException ex) {
			// SQLState class 0A: feature not supported; any other failure is this connection's
			if (!(ex instanceof SQLFeatureNotSupportedException)
					&& (ex.getSQLState() == null || !ex.getSQLState().startsWith("0A"))) {
				throw ex;
			}
			return networkTimeoutUnsupported(ex);
		}
		catch (AbstractMethodError | UnsupportedOperationException ex) {
			return networkTimeoutUnsupported(ex);
		}
	}

	// a driver that cannot is not asked again
	private int networkTimeoutUnsupported(Throwable ex) {
		logger.debug("The driver does not support network timeouts; direct connections are set up without one", ex);
		this.networkTimeoutSupported = false;
		return -1;
	}

}
