package dev.dbconn.jdbc;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The {@link Connection} an application gets from a {@link LifecycleDataSource}: a handle onto the
 * physical connection that the unit of work holds. Closing the handle gives the connection back to
 * the unit of work, not to the pool; every {@link SQLException} is reported to the connection so
 * that the end of the unit can decide whether to keep it. The methods below delegate; the lifecycle
 * lives in {@link ManagedConnection}.
 * <p>
 * Written by {@code tools/generate-jdbc-wrappers.py}: change the script, not this file.
 */
final class ConnectionHandle implements Connection {

	private final ManagedConnection managed;

	private final Connection delegate;

	private volatile boolean closed;

	ConnectionHandle(ManagedConnection managed, Connection delegate) {
		this.managed = managed;
		this.delegate = delegate;
	}

	SQLException onError(SQLException ex) {
		return this.managed.onError(ex);
	}

	void beforeStatement(String sql) {
		this.managed.beforeStatement(sql);
	}

	/**
	 * Called by the unit of work when it ends while the application still holds this handle.
	 */
	void invalidate() {
		this.closed = true;
	}

	private void checkOpen() throws SQLException {
		if (this.closed) {
			throw new SQLException("Connection handle is closed", "08003");
		}
	}

	private void checkOpenForClientInfo() throws SQLClientInfoException {
		if (this.closed) {
			throw new SQLClientInfoException("Connection handle is closed", "08003", 0, Map.of());
		}
	}

	@Override
	public void close() {
		if (!this.closed) {
			this.closed = true;
			this.managed.handleClosed(this);
		}
	}

	@Override
	public boolean isClosed() {
		return this.closed;
	}

	@Override
	public boolean isValid(int timeout) throws SQLException {
		if (this.closed) {
			return false;
		}
		try {
			return this.delegate.isValid(timeout);
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public void abort(Executor executor) throws SQLException {
		if (this.closed) {
			return;
		}
		// An aborted connection can never be handed on: the unit of work closes it for good.
		this.managed.markBroken();
		this.closed = true;
		try {
			this.delegate.abort(executor);
		}
		finally {
			this.managed.handleClosed(this);
		}
	}

	@Override
	public <T> T unwrap(Class<T> iface) throws SQLException {
		if (iface.isInstance(this)) {
			return iface.cast(this);
		}
		if (iface.isInstance(this.managed)) {
			return iface.cast(this.managed);
		}
		return this.delegate.unwrap(iface);
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) throws SQLException {
		return iface.isInstance(this) || iface.isInstance(this.managed) || this.delegate.isWrapperFor(iface);
	}

	@Override
	public Statement createStatement() throws SQLException {
		checkOpen();
		try {
			return new StatementWrapper<>(this, this.delegate.createStatement());
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public PreparedStatement prepareStatement(String sql) throws SQLException {
		checkOpen();
		try {
			this.managed.beforeStatement(sql);
			return new PreparedStatementWrapper<>(this, this.delegate.prepareStatement(sql));
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public CallableStatement prepareCall(String sql) throws SQLException {
		checkOpen();
		try {
			this.managed.beforeStatement(sql);
			return new CallableStatementWrapper(this, this.delegate.prepareCall(sql));
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public String nativeSQL(String sql) throws SQLException {
		checkOpen();
		try {
			return this.delegate.nativeSQL(sql);
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public void setAutoCommit(boolean autoCommit) throws SQLException {
		checkOpen();
		try {
			this.managed.beforeJdbcStateChange(JdbcState.AUTO_COMMIT);
			this.delegate.setAutoCommit(autoCommit);
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public boolean getAutoCommit() throws SQLException {
		checkOpen();
		try {
			return this.delegate.getAutoCommit();
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public void commit() throws SQLException {
		checkOpen();
		try {
			this.delegate.commit();
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public void rollback() throws SQLException {
		checkOpen();
		try {
			this.delegate.rollback();
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public DatabaseMetaData getMetaData() throws SQLException {
		checkOpen();
		try {
			return new DatabaseMetaDataWrapper(this, this.delegate.getMetaData());
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public void setReadOnly(boolean readOnly) throws SQLException {
		checkOpen();
		try {
			this.managed.beforeJdbcStateChange(JdbcState.READ_ONLY);
			this.delegate.setReadOnly(readOnly);
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public boolean isReadOnly() throws SQLException {
		checkOpen();
		try {
			return this.delegate.isReadOnly();
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public void setCatalog(String catalog) throws SQLException {
		checkOpen();
		try {
			this.managed.beforeJdbcStateChange(JdbcState.CATALOG);
			this.delegate.setCatalog(catalog);
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public String getCatalog() throws SQLException {
		checkOpen();
		try {
			return this.delegate.getCatalog();
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public void setTransactionIsolation(int level) throws SQLException {
		checkOpen();
		try {
			this.managed.beforeJdbcStateChange(JdbcState.ISOLATION);
			this.delegate.setTransactionIsolation(level);
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public int getTransactionIsolation() throws SQLException {
		checkOpen();
		try {
			return this.delegate.getTransactionIsolation();
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public SQLWarning getWarnings() throws SQLException {
		checkOpen();
		try {
			return this.delegate.getWarnings();
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public void clearWarnings() throws SQLException {
		checkOpen();
		try {
			this.delegate.clearWarnings();
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
		checkOpen();
		try {
			return new StatementWrapper<>(this, this.delegate.createStatement(resultSetType, resultSetConcurrency));
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
		checkOpen();
		try {
			this.managed.beforeStatement(sql);
			return new PreparedStatementWrapper<>(this, this.delegate.prepareStatement(sql, resultSetType, resultSetConcurrency));
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
		checkOpen();
		try {
			this.managed.beforeStatement(sql);
			return new CallableStatementWrapper(this, this.delegate.prepareCall(sql, resultSetType, resultSetConcurrency));
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public java.util.Map<String,Class<?>> getTypeMap() throws SQLException {
		checkOpen();
		try {
			return this.delegate.getTypeMap();
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public void setTypeMap(java.util.Map<String,Class<?>> map) throws SQLException {
		checkOpen();
		try {
			this.delegate.setTypeMap(map);
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public void setHoldability(int holdability) throws SQLException {
		checkOpen();
		try {
			this.managed.beforeJdbcStateChange(JdbcState.HOLDABILITY);
			this.delegate.setHoldability(holdability);
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public int getHoldability() throws SQLException {
		checkOpen();
		try {
			return this.delegate.getHoldability();
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public Savepoint setSavepoint() throws SQLException {
		checkOpen();
		try {
			return this.delegate.setSavepoint();
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public Savepoint setSavepoint(String name) throws SQLException {
		checkOpen();
		try {
			return this.delegate.setSavepoint(name);
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public void rollback(Savepoint savepoint) throws SQLException {
		checkOpen();
		try {
			this.delegate.rollback(savepoint);
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public void releaseSavepoint(Savepoint savepoint) throws SQLException {
		checkOpen();
		try {
			this.delegate.releaseSavepoint(savepoint);
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
		checkOpen();
		try {
			return new StatementWrapper<>(this, this.delegate.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability));
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
		checkOpen();
		try {
			this.managed.beforeStatement(sql);
			return new PreparedStatementWrapper<>(this, this.delegate.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability));
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
		checkOpen();
		try {
			this.managed.beforeStatement(sql);
			return new CallableStatementWrapper(this, this.delegate.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability));
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
		checkOpen();
		try {
			this.managed.beforeStatement(sql);
			return new PreparedStatementWrapper<>(this, this.delegate.prepareStatement(sql, autoGeneratedKeys));
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
		checkOpen();
		try {
			this.managed.beforeStatement(sql);
			return new PreparedStatementWrapper<>(this, this.delegate.prepareStatement(sql, columnIndexes));
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
		checkOpen();
		try {
			this.managed.beforeStatement(sql);
			return new PreparedStatementWrapper<>(this, this.delegate.prepareStatement(sql, columnNames));
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public Clob createClob() throws SQLException {
		checkOpen();
		try {
			return this.delegate.createClob();
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public Blob createBlob() throws SQLException {
		checkOpen();
		try {
			return this.delegate.createBlob();
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public NClob createNClob() throws SQLException {
		checkOpen();
		try {
			return this.delegate.createNClob();
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public SQLXML createSQLXML() throws SQLException {
		checkOpen();
		try {
			return this.delegate.createSQLXML();
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public void setClientInfo(String name, String value) throws SQLClientInfoException {
		checkOpenForClientInfo();
		this.delegate.setClientInfo(name, value);
	}

	@Override
	public void setClientInfo(Properties properties) throws SQLClientInfoException {
		checkOpenForClientInfo();
		this.delegate.setClientInfo(properties);
	}

	@Override
	public String getClientInfo(String name) throws SQLException {
		checkOpen();
		try {
			return this.delegate.getClientInfo(name);
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public Properties getClientInfo() throws SQLException {
		checkOpen();
		try {
			return this.delegate.getClientInfo();
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
		checkOpen();
		try {
			return this.delegate.createArrayOf(typeName, elements);
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
		checkOpen();
		try {
			return this.delegate.createStruct(typeName, attributes);
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public void setSchema(String schema) throws SQLException {
		checkOpen();
		try {
			this.managed.beforeJdbcStateChange(JdbcState.SCHEMA);
			this.delegate.setSchema(schema);
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public String getSchema() throws SQLException {
		checkOpen();
		try {
			return this.delegate.getSchema();
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
		checkOpen();
		try {
			this.managed.beforeJdbcStateChange(JdbcState.NETWORK_TIMEOUT);
			this.delegate.setNetworkTimeout(executor, milliseconds);
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public int getNetworkTimeout() throws SQLException {
		checkOpen();
		try {
			return this.delegate.getNetworkTimeout();
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public void beginRequest() throws SQLException {
		checkOpen();
		try {
			this.delegate.beginRequest();
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public void endRequest() throws SQLException {
		checkOpen();
		try {
			this.delegate.endRequest();
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public boolean setShardingKeyIfValid(ShardingKey shardingKey, ShardingKey superShardingKey, int timeout) throws SQLException {
		checkOpen();
		try {
			return this.delegate.setShardingKeyIfValid(shardingKey, superShardingKey, timeout);
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
		checkOpen();
		try {
			return this.delegate.setShardingKeyIfValid(shardingKey, timeout);
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey) throws SQLException {
		checkOpen();
		try {
			this.delegate.setShardingKey(shardingKey, superShardingKey);
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public void setShardingKey(ShardingKey shardingKey) throws SQLException {
		checkOpen();
		try {
			this.delegate.setShardingKey(shardingKey);
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

}
