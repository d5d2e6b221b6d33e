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

	// Written atomically by close(); read plainly before each call, as a pool's proxies read theirs, so
	// that a loop over a result set is not held to a fresh read of it on every row: the thread that
	// closed the handle sees it at once, another thread once it synchronises with that one (the end of
	// a unit of work on another thread takes the connection's lock).
	private boolean closed;

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
		return (boolean) CLOSED.getVolatile(this);
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
