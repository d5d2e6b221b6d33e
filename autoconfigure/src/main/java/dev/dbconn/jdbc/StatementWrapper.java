package dev.dbconn.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * {@link Statement} handed out by a {@link ConnectionHandle}: reports every {@link SQLException} to
 * the connection it belongs to and answers {@link #getConnection()} with the handle, never with the
 * pooled connection behind it.
 *
 * @param <S> the type of the statement it wraps
 * <p>
 * Written by {@code tools/generate-jdbc-wrappers.py}: change the script, not this file.
 */
class StatementWrapper<S extends Statement> implements Statement {

	final ConnectionHandle connection;

	final S delegate;

	StatementWrapper(ConnectionHandle connection, S delegate) {
		this.connection = connection;
		this.delegate = delegate;
	}

	@Override
	public ResultSet executeQuery(String sql) throws SQLException {
		try {
			this.connection.beforeStatement(sql);
			return ResultSetWrapper.wrap(this.connection, this, this.delegate.executeQuery(sql));
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int executeUpdate(String sql) throws SQLException {
		try {
			this.connection.beforeStatement(sql);
			return this.delegate.executeUpdate(sql);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void close() throws SQLException {
		try {
			this.delegate.close();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getMaxFieldSize() throws SQLException {
		try {
			return this.delegate.getMaxFieldSize();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setMaxFieldSize(int max) throws SQLException {
		try {
			this.delegate.setMaxFieldSize(max);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getMaxRows() throws SQLException {
		try {
			return this.delegate.getMaxRows();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setMaxRows(int max) throws SQLException {
		try {
			this.delegate.setMaxRows(max);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setEscapeProcessing(boolean enable) throws SQLException {
		try {
			this.delegate.setEscapeProcessing(enable);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getQueryTimeout() throws SQLException {
		try {
			return this.delegate.getQueryTimeout();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setQueryTimeout(int seconds) throws SQLException {
		try {
			this.delegate.setQueryTimeout(seconds);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void cancel() throws SQLException {
		try {
			this.delegate.cancel();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public SQLWarning getWarnings() throws SQLException {
		try {
			return this.delegate.getWarnings();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void clearWarnings() throws SQLException {
		try {
			this.delegate.clearWarnings();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setCursorName(String name) throws SQLException {
		try {
			this.delegate.setCursorName(name);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean execute(String sql) throws SQLException {
		try {
			this.connection.beforeStatement(sql);
			return this.delegate.execute(sql);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getResultSet() throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, this, this.delegate.getResultSet());
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getUpdateCount() throws SQLException {
		try {
			return this.delegate.getUpdateCount();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean getMoreResults() throws SQLException {
		try {
			return this.delegate.getMoreResults();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setFetchDirection(int direction) throws SQLException {
		try {
			this.delegate.setFetchDirection(direction);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getFetchDirection() throws SQLException {
		try {
			return this.delegate.getFetchDirection();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setFetchSize(int rows) throws SQLException {
		try {
			this.delegate.setFetchSize(rows);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getFetchSize() throws SQLException {
		try {
			return this.delegate.getFetchSize();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getResultSetConcurrency() throws SQLException {
		try {
			return this.delegate.getResultSetConcurrency();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getResultSetType() throws SQLException {
		try {
			return this.delegate.getResultSetType();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void addBatch(String sql) throws SQLException {
		try {
			this.connection.beforeStatement(sql);
			this.delegate.addBatch(sql);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void clearBatch() throws SQLException {
		try {
			this.delegate.clearBatch();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int[] executeBatch() throws SQLException {
		try {
			return this.delegate.executeBatch();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public Connection getConnection() throws SQLException {
		return this.connection;
	}

	@Override
	public boolean getMoreResults(int current) throws SQLException {
		try {
			return this.delegate.getMoreResults(current);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSet getGeneratedKeys() throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, this, this.delegate.getGeneratedKeys());
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
		try {
			this.connection.beforeStatement(sql);
			return this.delegate.executeUpdate(sql, autoGeneratedKeys);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
		try {
			this.connection.beforeStatement(sql);
			return this.delegate.executeUpdate(sql, columnIndexes);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int executeUpdate(String sql, String[] columnNames) throws SQLException {
		try {
			this.connection.beforeStatement(sql);
			return this.delegate.executeUpdate(sql, columnNames);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
		try {
			this.connection.beforeStatement(sql);
			return this.delegate.execute(sql, autoGeneratedKeys);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean execute(String sql, int[] columnIndexes) throws SQLException {
		try {
			this.connection.beforeStatement(sql);
			return this.delegate.execute(sql, columnIndexes);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean execute(String sql, String[] columnNames) throws SQLException {
		try {
			this.connection.beforeStatement(sql);
			return this.delegate.execute(sql, columnNames);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getResultSetHoldability() throws SQLException {
		try {
			return this.delegate.getResultSetHoldability();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean isClosed() throws SQLException {
		try {
			return this.delegate.isClosed();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setPoolable(boolean poolable) throws SQLException {
		try {
			this.delegate.setPoolable(poolable);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean isPoolable() throws SQLException {
		try {
			return this.delegate.isPoolable();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void closeOnCompletion() throws SQLException {
		try {
			this.delegate.closeOnCompletion();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean isCloseOnCompletion() throws SQLException {
		try {
			return this.delegate.isCloseOnCompletion();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public long getLargeUpdateCount() throws SQLException {
		try {
			return this.delegate.getLargeUpdateCount();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setLargeMaxRows(long max) throws SQLException {
		try {
			this.delegate.setLargeMaxRows(max);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public long getLargeMaxRows() throws SQLException {
		try {
			return this.delegate.getLargeMaxRows();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public long[] executeLargeBatch() throws SQLException {
		try {
			return this.delegate.executeLargeBatch();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public long executeLargeUpdate(String sql) throws SQLException {
		try {
			this.connection.beforeStatement(sql);
			return this.delegate.executeLargeUpdate(sql);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
		try {
			this.connection.beforeStatement(sql);
			return this.delegate.executeLargeUpdate(sql, autoGeneratedKeys);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
		try {
			this.connection.beforeStatement(sql);
			return this.delegate.executeLargeUpdate(sql, columnIndexes);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
		try {
			this.connection.beforeStatement(sql);
			return this.delegate.executeLargeUpdate(sql, columnNames);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public String enquoteLiteral(String val) throws SQLException {
		try {
			return this.delegate.enquoteLiteral(val);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public String enquoteIdentifier(String identifier, boolean alwaysQuote) throws SQLException {
		try {
			return this.delegate.enquoteIdentifier(identifier, alwaysQuote);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean isSimpleIdentifier(String identifier) throws SQLException {
		try {
			return this.delegate.isSimpleIdentifier(identifier);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public String enquoteNCharLiteral(String val) throws SQLException {
		try {
			return this.delegate.enquoteNCharLiteral(val);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public <T> T unwrap(Class<T> iface) throws SQLException {
		if (iface.isInstance(this)) {
			return iface.cast(this);
		}
		return this.delegate.unwrap(iface);
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) throws SQLException {
		return iface.isInstance(this) || this.delegate.isWrapperFor(iface);
	}

}
