package dev.dbconn.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * {@link PreparedStatement} handed out by a {@link ConnectionHandle}; see {@link StatementWrapper}.
 *
 * @param <S> the type of the statement it wraps
 * <p>
 * Written by {@code tools/generate-jdbc-wrappers.py}: change the script, not this file.
 */
class PreparedStatementWrapper<S extends PreparedStatement> extends StatementWrapper<S>
		implements PreparedStatement {

	PreparedStatementWrapper(ConnectionHandle connection, S delegate) {
		super(connection, delegate);
	}

	@Override
	public ResultSet executeQuery() throws SQLException {
		try {
			return ResultSetWrapper.wrap(this.connection, this, this.delegate.executeQuery());
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int executeUpdate() throws SQLException {
		try {
			return this.delegate.executeUpdate();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setNull(int parameterIndex, int sqlType) throws SQLException {
		try {
			this.delegate.setNull(parameterIndex, sqlType);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setBoolean(int parameterIndex, boolean x) throws SQLException {
		try {
			this.delegate.setBoolean(parameterIndex, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setByte(int parameterIndex, byte x) throws SQLException {
		try {
			this.delegate.setByte(parameterIndex, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setShort(int parameterIndex, short x) throws SQLException {
		try {
			this.delegate.setShort(parameterIndex, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setInt(int parameterIndex, int x) throws SQLException {
		try {
			this.delegate.setInt(parameterIndex, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setLong(int parameterIndex, long x) throws SQLException {
		try {
			this.delegate.setLong(parameterIndex, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setFloat(int parameterIndex, float x) throws SQLException {
		try {
			this.delegate.setFloat(parameterIndex, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setDouble(int parameterIndex, double x) throws SQLException {
		try {
			this.delegate.setDouble(parameterIndex, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
		try {
			this.delegate.setBigDecimal(parameterIndex, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setString(int parameterIndex, String x) throws SQLException {
		try {
			this.delegate.setString(parameterIndex, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setBytes(int parameterIndex, byte[] x) throws SQLException {
		try {
			this.delegate.setBytes(parameterIndex, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setDate(int parameterIndex, java.sql.Date x) throws SQLException {
		try {
			this.delegate.setDate(parameterIndex, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setTime(int parameterIndex, java.sql.Time x) throws SQLException {
		try {
			this.delegate.setTime(parameterIndex, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setTimestamp(int parameterIndex, java.sql.Timestamp x) throws SQLException {
		try {
			this.delegate.setTimestamp(parameterIndex, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setAsciiStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
		try {
			this.delegate.setAsciiStream(parameterIndex, x, length);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setUnicodeStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
		try {
			this.delegate.setUnicodeStream(parameterIndex, x, length);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setBinaryStream(int parameterIndex, java.io.InputStream x, int length) throws SQLException {
		try {
			this.delegate.setBinaryStream(parameterIndex, x, length);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void clearParameters() throws SQLException {
		try {
			this.delegate.clearParameters();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
		try {
			this.delegate.setObject(parameterIndex, x, targetSqlType);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setObject(int parameterIndex, Object x) throws SQLException {
		try {
			this.delegate.setObject(parameterIndex, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean execute() throws SQLException {
		try {
			return this.delegate.execute();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void addBatch() throws SQLException {
		try {
			this.delegate.addBatch();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setCharacterStream(int parameterIndex, java.io.Reader reader, int length) throws SQLException {
		try {
			this.delegate.setCharacterStream(parameterIndex, reader, length);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setRef(int parameterIndex, Ref x) throws SQLException {
		try {
			this.delegate.setRef(parameterIndex, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setBlob(int parameterIndex, Blob x) throws SQLException {
		try {
			this.delegate.setBlob(parameterIndex, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setClob(int parameterIndex, Clob x) throws SQLException {
		try {
			this.delegate.setClob(parameterIndex, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setArray(int parameterIndex, Array x) throws SQLException {
		try {
			this.delegate.setArray(parameterIndex, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ResultSetMetaData getMetaData() throws SQLException {
		try {
			return this.delegate.getMetaData();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setDate(int parameterIndex, java.sql.Date x, Calendar cal) throws SQLException {
		try {
			this.delegate.setDate(parameterIndex, x, cal);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setTime(int parameterIndex, java.sql.Time x, Calendar cal) throws SQLException {
		try {
			this.delegate.setTime(parameterIndex, x, cal);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setTimestamp(int parameterIndex, java.sql.Timestamp x, Calendar cal) throws SQLException {
		try {
			this.delegate.setTimestamp(parameterIndex, x, cal);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
		try {
			this.delegate.setNull(parameterIndex, sqlType, typeName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setURL(int parameterIndex, java.net.URL x) throws SQLException {
		try {
			this.delegate.setURL(parameterIndex, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public ParameterMetaData getParameterMetaData() throws SQLException {
		try {
			return this.delegate.getParameterMetaData();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setRowId(int parameterIndex, RowId x) throws SQLException {
		try {
			this.delegate.setRowId(parameterIndex, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setNString(int parameterIndex, String value) throws SQLException {
		try {
			this.delegate.setNString(parameterIndex, value);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
		try {
			this.delegate.setNCharacterStream(parameterIndex, value, length);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setNClob(int parameterIndex, NClob value) throws SQLException {
		try {
			this.delegate.setNClob(parameterIndex, value);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
		try {
			this.delegate.setClob(parameterIndex, reader, length);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
		try {
			this.delegate.setBlob(parameterIndex, inputStream, length);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
		try {
			this.delegate.setNClob(parameterIndex, reader, length);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
		try {
			this.delegate.setSQLXML(parameterIndex, xmlObject);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
		try {
			this.delegate.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setAsciiStream(int parameterIndex, java.io.InputStream x, long length) throws SQLException {
		try {
			this.delegate.setAsciiStream(parameterIndex, x, length);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setBinaryStream(int parameterIndex, java.io.InputStream x, long length) throws SQLException {
		try {
			this.delegate.setBinaryStream(parameterIndex, x, length);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setCharacterStream(int parameterIndex, java.io.Reader reader, long length) throws SQLException {
		try {
			this.delegate.setCharacterStream(parameterIndex, reader, length);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setAsciiStream(int parameterIndex, java.io.InputStream x) throws SQLException {
		try {
			this.delegate.setAsciiStream(parameterIndex, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setBinaryStream(int parameterIndex, java.io.InputStream x) throws SQLException {
		try {
			this.delegate.setBinaryStream(parameterIndex, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setCharacterStream(int parameterIndex, java.io.Reader reader) throws SQLException {
		try {
			this.delegate.setCharacterStream(parameterIndex, reader);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
		try {
			this.delegate.setNCharacterStream(parameterIndex, value);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setClob(int parameterIndex, Reader reader) throws SQLException {
		try {
			this.delegate.setClob(parameterIndex, reader);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
		try {
			this.delegate.setBlob(parameterIndex, inputStream);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setNClob(int parameterIndex, Reader reader) throws SQLException {
		try {
			this.delegate.setNClob(parameterIndex, reader);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
		try {
			this.delegate.setObject(parameterIndex, x, targetSqlType, scaleOrLength);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
		try {
			this.delegate.setObject(parameterIndex, x, targetSqlType);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public long executeLargeUpdate() throws SQLException {
		try {
			return this.delegate.executeLargeUpdate();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

}
