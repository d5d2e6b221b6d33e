package dev.dbconn.benchmark.stub;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * A connection to nothing: it keeps the state a pool reads and sets (auto-commit, closed), and hands
 * out its one {@link StubStatement} for every statement prepared or created on it, so that neither
 * allocates. One thread at a time uses it, as a pool guarantees.
 */
final class StubConnection implements Connection {

	private final StubStatement statement;

	private boolean autoCommit = true;

	private boolean closed;

	StubConnection(int rows) {
		this.statement = new StubStatement(this, rows);
	}

	@Override
	public void abort(Executor p0) throws SQLException {
	}

	@Override
	public void clearWarnings() throws SQLException {
	}

	@Override
	public void close() throws SQLException {
		this.closed = true;
	}

	@Override
	public void commit() throws SQLException {
	}

	@Override
	public Array createArrayOf(String p0, Object[] p1) throws SQLException {
		return null;
	}

	@Override
	public Blob createBlob() throws SQLException {
		return null;
	}

	@Override
	public Clob createClob() throws SQLException {
		return null;
	}

	@Override
	public NClob createNClob() throws SQLException {
		return null;
	}

	@Override
	public SQLXML createSQLXML() throws SQLException {
		return null;
	}

	@Override
	public Statement createStatement() throws SQLException {
		return this.statement.open();
	}

	@Override
	public Statement createStatement(int p0, int p1, int p2) throws SQLException {
		return null;
	}

	@Override
	public Statement createStatement(int p0, int p1) throws SQLException {
		return null;
	}

	@Override
	public Struct createStruct(String p0, Object[] p1) throws SQLException {
		return null;
	}

	@Override
	public boolean getAutoCommit() throws SQLException {
		return this.autoCommit;
	}

	@Override
	public String getCatalog() throws SQLException {
		return null;
	}

	@Override
	public Properties getClientInfo() throws SQLException {
		return null;
	}

	@Override
	public String getClientInfo(String p0) throws SQLException {
		return null;
	}

	@Override
	public int getHoldability() throws SQLException {
		return ResultSet.HOLD_CURSORS_OVER_COMMIT;
	}

	@Override
	public DatabaseMetaData getMetaData() throws SQLException {
		return null;
	}

	@Override
	public int getNetworkTimeout() throws SQLException {
		return 0;
	}

	@Override
	public String getSchema() throws SQLException {
		return null;
	}

	@Override
	public int getTransactionIsolation() throws SQLException {
		return Connection.TRANSACTION_READ_COMMITTED;
	}

	@Override
	public Map<String, Class<?>> getTypeMap() throws SQLException {
		return null;
	}

	@Override
	public SQLWarning getWarnings() throws SQLException {
		return null;
	}

	@Override
	public boolean isClosed() throws SQLException {
		return this.closed;
	}

	@Override
	public boolean isReadOnly() throws SQLException {
		return false;
	}

	@Override
	public boolean isValid(int p0) throws SQLException {
		return !this.closed;
	}

	@Override
	public boolean isWrapperFor(Class<?> p0) throws SQLException {
		return p0.isInstance(this);
	}

	@Override
	public String nativeSQL(String p0) throws SQLException {
		return null;
	}

	@Override
	public CallableStatement prepareCall(String p0, int p1, int p2, int p3) throws SQLException {
		return null;
	}

	@Override
	public CallableStatement prepareCall(String p0, int p1, int p2) throws SQLException {
		return null;
	}

	@Override
	public CallableStatement prepareCall(String p0) throws SQLException {
		return null;
	}

	@Override
	public PreparedStatement prepareStatement(String p0, int[] p1) throws SQLException {
		return null;
	}

	@Override
	public PreparedStatement prepareStatement(String p0, String[] p1) throws SQLException {
		return null;
	}

	@Override
	public PreparedStatement prepareStatement(String p0, int p1, int p2, int p3) throws SQLException {
		return null;
	}

	@Override
	public PreparedStatement prepareStatement(String p0, int p1, int p2) throws SQLException {
		return null;
	}

	@Override
	public PreparedStatement prepareStatement(String p0, int p1) throws SQLException {
		return null;
	}

	@Override
	public PreparedStatement prepareStatement(String p0) throws SQLException {
		return this.statement.open();
	}

	@Override
	public void releaseSavepoint(Savepoint p0) throws SQLException {
	}

	@Override
	public void rollback() throws SQLException {
	}

	@Override
	public void rollback(Savepoint p0) throws SQLException {
	}

	@Override
	public void setAutoCommit(boolean p0) throws SQLException {
		this.autoCommit = p0;
	}

	@Override
	public void setCatalog(String p0) throws SQLException {
	}

	@Override
	public void setClientInfo(String p0, String p1) throws SQLClientInfoException {
	}

	@Override
	public void setClientInfo(Properties p0) throws SQLClientInfoException {
	}

	@Override
	public void setHoldability(int p0) throws SQLException {
	}

	@Override
	public void setNetworkTimeout(Executor p0, int p1) throws SQLException {
	}

	@Override
	public void setReadOnly(boolean p0) throws SQLException {
	}

	@Override
	public Savepoint setSavepoint() throws SQLException {
		return null;
	}

	@Override
	public Savepoint setSavepoint(String p0) throws SQLException {
		return null;
	}

	@Override
	public void setSchema(String p0) throws SQLException {
	}

	@Override
	public void setTransactionIsolation(int p0) throws SQLException {
	}

	@Override
	public void setTypeMap(Map<String, Class<?>> p0) throws SQLException {
	}

	@Override
	public <T> T unwrap(Class<T> p0) throws SQLException {
		if (p0.isInstance(this)) {
			return p0.cast(this);
		}
		throw new SQLException("not a wrapper for " + p0.getName());
	}

}
