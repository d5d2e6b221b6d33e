package dev.dbconn.jdbc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.SQLException;

import dev.dbconn.jdbc.delegate.JdbcHooks;

/**
 * Ties a {@link ConnectionHandle} and every statement, result set and metadata object obtained
 * through it to its connection: reports SQL texts and errors, and refuses every call once the handle
 * is closed, so that nothing obtained in one unit of work reaches a connection another unit holds.
 */
final class HandleHooks implements JdbcHooks {

	private static final VarHandle CLOSED;

	static {
		try {
			CLOSED = MethodHandles.lookup().findVarHandle(HandleHooks.class, "closed", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final ManagedConnection connection;

	// Set once, by a compare-and-set in close(). Read as a volatile before every call: the end of a
	// unit of work closes the handles of its connections from whatever thread ends it (an async
	// hand-off), and a thread still holding a statement or result set of the handle must be refused from
	// then on, though it synchronises with nothing. A plain read was tried: it let the JIT lift the
	// check out of a loop over a result set (1.1 ns a call less over a stub driver), at the price of
	// that guarantee.
	private volatile boolean closed;

	HandleHooks(ManagedConnection connection) {
		this.connection = connection;
	}

	@Override
	public void beforeCall() throws SQLException {
		if (this.closed) {
			throw new SQLException("Connection handle is closed", "08003");
		}
	}

	@Override
	public boolean isClosed() {
		return this.closed;
	}

	@Override
	public void beforeSql(String sql) {
		this.connection.beforeStatement(sql);
	}

	@Override
	public void onException(SQLException ex) {
		this.connection.onError(ex);
	}

	/**
	 * Mark the handle closed.
	 * @return {@code false} when it already was
	 */
	boolean close() {
		// read first: the end of a unit closes again what the application closed, without an atomic write
		return !isClosed() && CLOSED.compareAndSet(this, false, true);
	}

}
