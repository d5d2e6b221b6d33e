package dev.dbconn.jdbc;

import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

import dev.dbconn.jdbc.delegate.DelegatingConnection;

/**
 * The {@link java.sql.Connection} an application gets from a {@link LifecycleDataSource}: a handle
 * onto the physical connection its unit of work holds. Closing the handle gives the connection back
 * to the unit of work, not to the pool. Only the methods that carry the lifecycle are here; the
 * generated {@link DelegatingConnection} passes everything else on.
 */
final class ConnectionHandle extends DelegatingConnection {

	private final ManagedConnection managed;

	private final HandleHooks handleHooks;

	ConnectionHandle(ManagedConnection managed, HandleHooks hooks) {
		super(managed.pooled, hooks);
		this.managed = managed;
		this.handleHooks = hooks;
	}

	/**
	 * Called when the unit of work ends while the application still holds this handle.
	 */
	void invalidate() {
		this.handleHooks.close();
	}

	@Override
	public void close() {
		if (this.handleHooks.close()) {
			this.managed.handleClosed(this);
		}
	}

	@Override
	public boolean isClosed() {
		return this.handleHooks.isClosed();
	}

	@Override
	public boolean isValid(int timeout) throws SQLException {
		return !this.handleHooks.isClosed() && super.isValid(timeout);
	}

	@Override
	public void abort(Executor executor) throws SQLException {
		if (!this.handleHooks.close()) {
			return;
		}
		// an aborted connection can never be handed on: the unit of work closes it for good
		this.managed.markBroken();
		try {
			this.delegate.abort(executor);
		}
		finally {
			this.managed.handleClosed(this);
		}
	}

	@Override
	public <T> T unwrap(Class<T> iface) throws SQLException {
		return iface.isInstance(this.managed) ? iface.cast(this.managed) : super.unwrap(iface);
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) throws SQLException {
		return iface.isInstance(this.managed) || super.isWrapperFor(iface);
	}

	@Override
	public void setAutoCommit(boolean autoCommit) throws SQLException {
		changing(JdbcState.AUTO_COMMIT);
		super.setAutoCommit(autoCommit);
	}

	@Override
	public void setTransactionIsolation(int level) throws SQLException {
		changing(JdbcState.ISOLATION);
		super.setTransactionIsolation(level);
	}

	@Override
	public void setReadOnly(boolean readOnly) throws SQLException {
		changing(JdbcState.READ_ONLY);
		super.setReadOnly(readOnly);
	}

	@Override
	public void setCatalog(String catalog) throws SQLException {
		changing(JdbcState.CATALOG);
		super.setCatalog(catalog);
	}

	@Override
	public void setSchema(String schema) throws SQLException {
		changing(JdbcState.SCHEMA);
		super.setSchema(schema);
	}

	@Override
	public void setHoldability(int holdability) throws SQLException {
		changing(JdbcState.HOLDABILITY);
		super.setHoldability(holdability);
	}

	@Override
	public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
		changing(JdbcState.NETWORK_TIMEOUT);
		super.setNetworkTimeout(executor, milliseconds);
	}

	@Override
	public void setClientInfo(String name, String value) throws SQLClientInfoException {
		checkOpenForClientInfo();
		super.setClientInfo(name, value);
	}

	@Override
	public void setClientInfo(Properties properties) throws SQLClientInfoException {
		checkOpenForClientInfo();
		super.setClientInfo(properties);
	}

	/** Remember a JDBC-level property before it changes, to put it back when the unit ends. */
	private void changing(int property) throws SQLException {
		this.handleHooks.beforeCall();
		try {
			this.managed.beforeJdbcStateChange(property);
		}
		catch (SQLException ex) {
			this.handleHooks.onException(ex);
			throw ex;
		}
	}

	private void checkOpenForClientInfo() throws SQLClientInfoException {
		if (this.handleHooks.isClosed()) {
			throw new SQLClientInfoException("Connection handle is closed", "08003", 0, Map.of());
		}
	}

}
