package dev.dbconn.jdbc;

import java.sql.SQLException;

import dev.dbconn.jdbc.delegate.JdbcHooks;

/**
 * Ties a {@link ConnectionHandle} and every statement, result set and metadata object obtained
 * through it to its connection: reports SQL texts and errors, and refuses every call once the handle
 * is closed, so that nothing obtained in one unit of work reaches a connection another unit holds.
 */
final class HandleHooks implements JdbcHooks {

	private final ManagedConnection connection;

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
	synchronized boolean close() {
		if (this.closed) {
			return false;
		}
		this.closed = true;
		return true;
	}

}
