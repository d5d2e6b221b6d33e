package dev.dbconn.jdbc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

import dev.dbconn.jdbc.delegate.DelegatingConnection;
import dev.dbconn.jdbc.delegate.JdbcHooks;

/**
 * The {@link java.sql.Connection} an application gets from a {@link LifecycleDataSource}: a handle
 * onto the physical connection its unit of work holds. Closing the handle gives the connection back
 * to the unit of work, not to the pool. Only the methods that carry the lifecycle are here; the
 * generated {@link DelegatingConnection} passes everything else on.
 * <p>
 * The handle is also the {@link JdbcHooks} of itself and of every statement, result set and
 * metadata object obtained through it: it reports their SQL texts and errors to its connection, and
 * refuses every call once it is closed, so that nothing obtained in one unit of work reaches a
 * connection another unit holds.
 */
final class ConnectionHandle extends DelegatingConnection implements JdbcHooks {

	private static final VarHandle CLOSED;

	static {
		try {
			CLOSED = MethodHandles.lookup().findVarHandle(ConnectionHandle.class, "closed", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final ManagedConnection managed;

	// Set once, by a compare-and-set in markClosed(). Read as a volatile before every call: the end of
	// a unit of work closes the handles of its connections from whatever thread ends it (an async
	// hand-off), and a thread still holding a statement or result set of the handle must be refused
	// from then on, though it synchronises with nothing. A plain read was tried: it let the JIT lift
	// the check out of a loop over a result set (1.1 ns a call less over a stub driver), at the price
	// of that guarantee.
	private volatile boolean closed;

	// set by the thread using the handle, read at its close on the same thread: whether it switched
	// auto-commit off and has not switched it on again, and whether the transaction open is its own
	private boolean manual;

	private boolean ownsTransaction;

	ConnectionHandle(ManagedConnection managed) {
		super(managed.pooled);
		this.managed = managed;
	}

	/**
	 * Called when the unit of work ends while the application still holds this handle.
	 */
	void invalidate() {
		markClosed();
	}

	/**
	 * Mark the handle closed.
	 * @return {@code false} when it already was
	 */
	private boolean markClosed() {
		// read first: the end of a unit closes again what the application closed, without an atomic write
		return !this.closed && CLOSED.compareAndSet(this, false, true);
	}

	@Override
	public void beforeCall() throws SQLException {
		if (this.closed) {
			throw new SQLException("Connection handle is closed", "08003");
		}
		if (this.manual) {
			// any call through the handle or what it made (a prepared statement executed again, a
			// batch sent) after its last commit or rollback: the transaction open is taken as its own,
			// so that what it left is rolled back at its close rather than committed by another handle
			this.ownsTransaction = true;
		}
	}

	@Override
	public void beforeSql(String sql) {
		this.managed.beforeStatement(sql);
	}

	@Override
	public void onException(SQLException ex) {
		this.managed.onError(ex);
	}

	@Override
	public void close() {
		if (markClosed()) {
			this.managed.handleClosed(this);
		}
	}

	@Override
	public boolean isClosed() {
		return this.closed;
	}

	@Override
	public boolean isValid(int timeout) throws SQLException {
		return !this.closed && super.isValid(timeout);
	}

	@Override
	public void abort(Executor executor) throws SQLException {
		if (!markClosed()) {
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
		boolean beginning = !autoCommit && autoCommitOn();
		if (beginning && inSqlTransaction()) {
			throw this.managed.jdbcTransactionRefused();
		}
		changing(JdbcState.AUTO_COMMIT);
		super.setAutoCommit(autoCommit);
		if (beginning) {
			this.manual = true;
			this.ownsTransaction = true;
		}
		else if (autoCommit) {
			this.manual = false;
			this.ownsTransaction = false;
		}
	}

	@Override
	public void commit() throws SQLException {
		super.commit();
		this.ownsTransaction = false;
	}

	@Override
	public void rollback() throws SQLException {
		super.rollback();
		this.ownsTransaction = false;
	}

	/**
	 * Whether this handle switched auto-commit off and, since then, has made any call through itself
	 * or what it made after its last commit or rollback: the transaction open is then its own to
	 * settle at its close, even with another handle open on the connection. One whose transaction
	 * ended and that did nothing since leaves the connection as it is (auto-commit off included) to
	 * the last handle's close: another handle may have begun a transaction meanwhile, with no
	 * statement yet, which no driver can tell from none.
	 */
	boolean ownsTransaction() {
		return this.ownsTransaction;
	}

	private boolean autoCommitOn() throws SQLException {
		beforeCall();
		try {
			return this.managed.raw.getAutoCommit();
		}
		catch (SQLException ex) {
			onException(ex);
			throw ex;
		}
	}

	private boolean inSqlTransaction() throws SQLException {
		beforeCall();
		try {
			return this.managed.inSqlTransaction();
		}
		catch (SQLException ex) {
			onException(ex);
			throw ex;
		}
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
		beforeCall();
		try {
			this.managed.beforeJdbcStateChange(property);
		}
		catch (SQLException ex) {
			onException(ex);
			throw ex;
		}
	}

	private void checkOpenForClientInfo() throws SQLClientInfoException {
		if (this.closed) {
			throw new SQLClientInfoException("Connection handle is closed", "08003", 0, Map.of());
		}
		this.managed.beforeClientInfoChange();
	}

}
