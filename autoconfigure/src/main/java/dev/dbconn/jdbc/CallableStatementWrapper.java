package dev.dbconn.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * {@link CallableStatement} handed out by a {@link ConnectionHandle}; see {@link StatementWrapper}.
 * <p>
 * Written by {@code tools/generate-jdbc-wrappers.py}: change the script, not this file.
 */
final class CallableStatementWrapper extends PreparedStatementWrapper<CallableStatement>
		implements CallableStatement {

	CallableStatementWrapper(ConnectionHandle connection, CallableStatement delegate) {
		super(connection, delegate);
	}

	@Override
	public void registerOutParameter(int parameterIndex, int sqlType) throws SQLException {
		try {
			this.delegate.registerOutParameter(parameterIndex, sqlType);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void registerOutParameter(int parameterIndex, int sqlType, int scale) throws SQLException {
		try {
			this.delegate.registerOutParameter(parameterIndex, sqlType, scale);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean wasNull() throws SQLException {
		try {
			return this.delegate.wasNull();
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public String getString(int parameterIndex) throws SQLException {
		try {
			return this.delegate.getString(parameterIndex);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean getBoolean(int parameterIndex) throws SQLException {
		try {
			return this.delegate.getBoolean(parameterIndex);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public byte getByte(int parameterIndex) throws SQLException {
		try {
			return this.delegate.getByte(parameterIndex);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public short getShort(int parameterIndex) throws SQLException {
		try {
			return this.delegate.getShort(parameterIndex);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getInt(int parameterIndex) throws SQLException {
		try {
			return this.delegate.getInt(parameterIndex);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public long getLong(int parameterIndex) throws SQLException {
		try {
			return this.delegate.getLong(parameterIndex);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public float getFloat(int parameterIndex) throws SQLException {
		try {
			return this.delegate.getFloat(parameterIndex);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public double getDouble(int parameterIndex) throws SQLException {
		try {
			return this.delegate.getDouble(parameterIndex);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public BigDecimal getBigDecimal(int parameterIndex, int scale) throws SQLException {
		try {
			return this.delegate.getBigDecimal(parameterIndex, scale);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public byte[] getBytes(int parameterIndex) throws SQLException {
		try {
			return this.delegate.getBytes(parameterIndex);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public java.sql.Date getDate(int parameterIndex) throws SQLException {
		try {
			return this.delegate.getDate(parameterIndex);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public java.sql.Time getTime(int parameterIndex) throws SQLException {
		try {
			return this.delegate.getTime(parameterIndex);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public java.sql.Timestamp getTimestamp(int parameterIndex) throws SQLException {
		try {
			return this.delegate.getTimestamp(parameterIndex);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public Object getObject(int parameterIndex) throws SQLException {
		try {
			return this.delegate.getObject(parameterIndex);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public BigDecimal getBigDecimal(int parameterIndex) throws SQLException {
		try {
			return this.delegate.getBigDecimal(parameterIndex);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public Object getObject(int parameterIndex, java.util.Map<String,Class<?>> map) throws SQLException {
		try {
			return this.delegate.getObject(parameterIndex, map);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public Ref getRef(int parameterIndex) throws SQLException {
		try {
			return this.delegate.getRef(parameterIndex);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public Blob getBlob(int parameterIndex) throws SQLException {
		try {
			return this.delegate.getBlob(parameterIndex);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public Clob getClob(int parameterIndex) throws SQLException {
		try {
			return this.delegate.getClob(parameterIndex);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public Array getArray(int parameterIndex) throws SQLException {
		try {
			return this.delegate.getArray(parameterIndex);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public java.sql.Date getDate(int parameterIndex, Calendar cal) throws SQLException {
		try {
			return this.delegate.getDate(parameterIndex, cal);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public java.sql.Time getTime(int parameterIndex, Calendar cal) throws SQLException {
		try {
			return this.delegate.getTime(parameterIndex, cal);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public java.sql.Timestamp getTimestamp(int parameterIndex, Calendar cal) throws SQLException {
		try {
			return this.delegate.getTimestamp(parameterIndex, cal);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void registerOutParameter(int parameterIndex, int sqlType, String typeName) throws SQLException {
		try {
			this.delegate.registerOutParameter(parameterIndex, sqlType, typeName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void registerOutParameter(String parameterName, int sqlType) throws SQLException {
		try {
			this.delegate.registerOutParameter(parameterName, sqlType);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void registerOutParameter(String parameterName, int sqlType, int scale) throws SQLException {
		try {
			this.delegate.registerOutParameter(parameterName, sqlType, scale);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void registerOutParameter(String parameterName, int sqlType, String typeName) throws SQLException {
		try {
			this.delegate.registerOutParameter(parameterName, sqlType, typeName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public java.net.URL getURL(int parameterIndex) throws SQLException {
		try {
			return this.delegate.getURL(parameterIndex);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setURL(String parameterName, java.net.URL val) throws SQLException {
		try {
			this.delegate.setURL(parameterName, val);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setNull(String parameterName, int sqlType) throws SQLException {
		try {
			this.delegate.setNull(parameterName, sqlType);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setBoolean(String parameterName, boolean x) throws SQLException {
		try {
			this.delegate.setBoolean(parameterName, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setByte(String parameterName, byte x) throws SQLException {
		try {
			this.delegate.setByte(parameterName, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setShort(String parameterName, short x) throws SQLException {
		try {
			this.delegate.setShort(parameterName, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setInt(String parameterName, int x) throws SQLException {
		try {
			this.delegate.setInt(parameterName, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setLong(String parameterName, long x) throws SQLException {
		try {
			this.delegate.setLong(parameterName, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setFloat(String parameterName, float x) throws SQLException {
		try {
			this.delegate.setFloat(parameterName, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setDouble(String parameterName, double x) throws SQLException {
		try {
			this.delegate.setDouble(parameterName, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setBigDecimal(String parameterName, BigDecimal x) throws SQLException {
		try {
			this.delegate.setBigDecimal(parameterName, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setString(String parameterName, String x) throws SQLException {
		try {
			this.delegate.setString(parameterName, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setBytes(String parameterName, byte[] x) throws SQLException {
		try {
			this.delegate.setBytes(parameterName, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setDate(String parameterName, java.sql.Date x) throws SQLException {
		try {
			this.delegate.setDate(parameterName, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setTime(String parameterName, java.sql.Time x) throws SQLException {
		try {
			this.delegate.setTime(parameterName, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setTimestamp(String parameterName, java.sql.Timestamp x) throws SQLException {
		try {
			this.delegate.setTimestamp(parameterName, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setAsciiStream(String parameterName, java.io.InputStream x, int length) throws SQLException {
		try {
			this.delegate.setAsciiStream(parameterName, x, length);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setBinaryStream(String parameterName, java.io.InputStream x, int length) throws SQLException {
		try {
			this.delegate.setBinaryStream(parameterName, x, length);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setObject(String parameterName, Object x, int targetSqlType, int scale) throws SQLException {
		try {
			this.delegate.setObject(parameterName, x, targetSqlType, scale);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setObject(String parameterName, Object x, int targetSqlType) throws SQLException {
		try {
			this.delegate.setObject(parameterName, x, targetSqlType);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setObject(String parameterName, Object x) throws SQLException {
		try {
			this.delegate.setObject(parameterName, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setCharacterStream(String parameterName, java.io.Reader reader, int length) throws SQLException {
		try {
			this.delegate.setCharacterStream(parameterName, reader, length);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setDate(String parameterName, java.sql.Date x, Calendar cal) throws SQLException {
		try {
			this.delegate.setDate(parameterName, x, cal);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setTime(String parameterName, java.sql.Time x, Calendar cal) throws SQLException {
		try {
			this.delegate.setTime(parameterName, x, cal);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setTimestamp(String parameterName, java.sql.Timestamp x, Calendar cal) throws SQLException {
		try {
			this.delegate.setTimestamp(parameterName, x, cal);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setNull(String parameterName, int sqlType, String typeName) throws SQLException {
		try {
			this.delegate.setNull(parameterName, sqlType, typeName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public String getString(String parameterName) throws SQLException {
		try {
			return this.delegate.getString(parameterName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public boolean getBoolean(String parameterName) throws SQLException {
		try {
			return this.delegate.getBoolean(parameterName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public byte getByte(String parameterName) throws SQLException {
		try {
			return this.delegate.getByte(parameterName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public short getShort(String parameterName) throws SQLException {
		try {
			return this.delegate.getShort(parameterName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public int getInt(String parameterName) throws SQLException {
		try {
			return this.delegate.getInt(parameterName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public long getLong(String parameterName) throws SQLException {
		try {
			return this.delegate.getLong(parameterName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public float getFloat(String parameterName) throws SQLException {
		try {
			return this.delegate.getFloat(parameterName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public double getDouble(String parameterName) throws SQLException {
		try {
			return this.delegate.getDouble(parameterName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public byte[] getBytes(String parameterName) throws SQLException {
		try {
			return this.delegate.getBytes(parameterName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public java.sql.Date getDate(String parameterName) throws SQLException {
		try {
			return this.delegate.getDate(parameterName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public java.sql.Time getTime(String parameterName) throws SQLException {
		try {
			return this.delegate.getTime(parameterName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public java.sql.Timestamp getTimestamp(String parameterName) throws SQLException {
		try {
			return this.delegate.getTimestamp(parameterName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public Object getObject(String parameterName) throws SQLException {
		try {
			return this.delegate.getObject(parameterName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public BigDecimal getBigDecimal(String parameterName) throws SQLException {
		try {
			return this.delegate.getBigDecimal(parameterName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public Object getObject(String parameterName, java.util.Map<String,Class<?>> map) throws SQLException {
		try {
			return this.delegate.getObject(parameterName, map);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public Ref getRef(String parameterName) throws SQLException {
		try {
			return this.delegate.getRef(parameterName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public Blob getBlob(String parameterName) throws SQLException {
		try {
			return this.delegate.getBlob(parameterName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public Clob getClob(String parameterName) throws SQLException {
		try {
			return this.delegate.getClob(parameterName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public Array getArray(String parameterName) throws SQLException {
		try {
			return this.delegate.getArray(parameterName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public java.sql.Date getDate(String parameterName, Calendar cal) throws SQLException {
		try {
			return this.delegate.getDate(parameterName, cal);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public java.sql.Time getTime(String parameterName, Calendar cal) throws SQLException {
		try {
			return this.delegate.getTime(parameterName, cal);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public java.sql.Timestamp getTimestamp(String parameterName, Calendar cal) throws SQLException {
		try {
			return this.delegate.getTimestamp(parameterName, cal);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public java.net.URL getURL(String parameterName) throws SQLException {
		try {
			return this.delegate.getURL(parameterName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public RowId getRowId(int parameterIndex) throws SQLException {
		try {
			return this.delegate.getRowId(parameterIndex);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public RowId getRowId(String parameterName) throws SQLException {
		try {
			return this.delegate.getRowId(parameterName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setRowId(String parameterName, RowId x) throws SQLException {
		try {
			this.delegate.setRowId(parameterName, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setNString(String parameterName, String value) throws SQLException {
		try {
			this.delegate.setNString(parameterName, value);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setNCharacterStream(String parameterName, Reader value, long length) throws SQLException {
		try {
			this.delegate.setNCharacterStream(parameterName, value, length);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setNClob(String parameterName, NClob value) throws SQLException {
		try {
			this.delegate.setNClob(parameterName, value);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setClob(String parameterName, Reader reader, long length) throws SQLException {
		try {
			this.delegate.setClob(parameterName, reader, length);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setBlob(String parameterName, InputStream inputStream, long length) throws SQLException {
		try {
			this.delegate.setBlob(parameterName, inputStream, length);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setNClob(String parameterName, Reader reader, long length) throws SQLException {
		try {
			this.delegate.setNClob(parameterName, reader, length);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public NClob getNClob(int parameterIndex) throws SQLException {
		try {
			return this.delegate.getNClob(parameterIndex);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public NClob getNClob(String parameterName) throws SQLException {
		try {
			return this.delegate.getNClob(parameterName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setSQLXML(String parameterName, SQLXML xmlObject) throws SQLException {
		try {
			this.delegate.setSQLXML(parameterName, xmlObject);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public SQLXML getSQLXML(int parameterIndex) throws SQLException {
		try {
			return this.delegate.getSQLXML(parameterIndex);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public SQLXML getSQLXML(String parameterName) throws SQLException {
		try {
			return this.delegate.getSQLXML(parameterName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public String getNString(int parameterIndex) throws SQLException {
		try {
			return this.delegate.getNString(parameterIndex);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public String getNString(String parameterName) throws SQLException {
		try {
			return this.delegate.getNString(parameterName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public java.io.Reader getNCharacterStream(int parameterIndex) throws SQLException {
		try {
			return this.delegate.getNCharacterStream(parameterIndex);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public java.io.Reader getNCharacterStream(String parameterName) throws SQLException {
		try {
			return this.delegate.getNCharacterStream(parameterName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public java.io.Reader getCharacterStream(int parameterIndex) throws SQLException {
		try {
			return this.delegate.getCharacterStream(parameterIndex);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public java.io.Reader getCharacterStream(String parameterName) throws SQLException {
		try {
			return this.delegate.getCharacterStream(parameterName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setBlob(String parameterName, Blob x) throws SQLException {
		try {
			this.delegate.setBlob(parameterName, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setClob(String parameterName, Clob x) throws SQLException {
		try {
			this.delegate.setClob(parameterName, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setAsciiStream(String parameterName, java.io.InputStream x, long length) throws SQLException {
		try {
			this.delegate.setAsciiStream(parameterName, x, length);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setBinaryStream(String parameterName, java.io.InputStream x, long length) throws SQLException {
		try {
			this.delegate.setBinaryStream(parameterName, x, length);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setCharacterStream(String parameterName, java.io.Reader reader, long length) throws SQLException {
		try {
			this.delegate.setCharacterStream(parameterName, reader, length);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setAsciiStream(String parameterName, java.io.InputStream x) throws SQLException {
		try {
			this.delegate.setAsciiStream(parameterName, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setBinaryStream(String parameterName, java.io.InputStream x) throws SQLException {
		try {
			this.delegate.setBinaryStream(parameterName, x);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setCharacterStream(String parameterName, java.io.Reader reader) throws SQLException {
		try {
			this.delegate.setCharacterStream(parameterName, reader);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setNCharacterStream(String parameterName, Reader value) throws SQLException {
		try {
			this.delegate.setNCharacterStream(parameterName, value);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setClob(String parameterName, Reader reader) throws SQLException {
		try {
			this.delegate.setClob(parameterName, reader);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setBlob(String parameterName, InputStream inputStream) throws SQLException {
		try {
			this.delegate.setBlob(parameterName, inputStream);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setNClob(String parameterName, Reader reader) throws SQLException {
		try {
			this.delegate.setNClob(parameterName, reader);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public <T> T getObject(int parameterIndex, Class<T> type) throws SQLException {
		try {
			return this.delegate.getObject(parameterIndex, type);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public <T> T getObject(String parameterName, Class<T> type) throws SQLException {
		try {
			return this.delegate.getObject(parameterName, type);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setObject(String parameterName, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
		try {
			this.delegate.setObject(parameterName, x, targetSqlType, scaleOrLength);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void setObject(String parameterName, Object x, SQLType targetSqlType) throws SQLException {
		try {
			this.delegate.setObject(parameterName, x, targetSqlType);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void registerOutParameter(int parameterIndex, SQLType sqlType) throws SQLException {
		try {
			this.delegate.registerOutParameter(parameterIndex, sqlType);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void registerOutParameter(int parameterIndex, SQLType sqlType, int scale) throws SQLException {
		try {
			this.delegate.registerOutParameter(parameterIndex, sqlType, scale);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void registerOutParameter(int parameterIndex, SQLType sqlType, String typeName) throws SQLException {
		try {
			this.delegate.registerOutParameter(parameterIndex, sqlType, typeName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void registerOutParameter(String parameterName, SQLType sqlType) throws SQLException {
		try {
			this.delegate.registerOutParameter(parameterName, sqlType);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void registerOutParameter(String parameterName, SQLType sqlType, int scale) throws SQLException {
		try {
			this.delegate.registerOutParameter(parameterName, sqlType, scale);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

	@Override
	public void registerOutParameter(String parameterName, SQLType sqlType, String typeName) throws SQLException {
		try {
			this.delegate.registerOutParameter(parameterName, sqlType, typeName);
		}
		catch (SQLException ex) {
			throw this.connection.onError(ex);
		}
	}

}
