package dev.dbconn.benchmark.stub;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A JDBC driver whose connections, statements and result sets do nothing and allocate nothing once
 * opened, so that a benchmark over it measures only the pool and the wrappers in front of it.
 * <p>
 * URL: {@code jdbc:dbconn-stub:<rows>}, where {@code rows} is how many rows every query returns
 * (default 1). Give the class name to the pool ({@code HikariConfig#setDriverClassName}); it is not
 * registered with {@link java.sql.DriverManager}.
 */
public final class StubDriver implements Driver {

	/** The prefix of the URLs this driver accepts. */
	public static final String URL_PREFIX = "jdbc:dbconn-stub:";

	/**
	 * The URL of a database whose queries return the given number of rows.
	 * @param rows how many rows each query returns
	 * @return the URL
	 */
	public static String url(int rows) {
		return URL_PREFIX + rows;
	}

	@Override
	public Connection connect(String url, Properties info) throws SQLException {
		if (!acceptsURL(url)) {
			return null;
		}
		String rows = url.substring(URL_PREFIX.length());
		try {
			return new StubConnection(rows.isEmpty() ? 1 : Integer.parseInt(rows));
		}
		catch (NumberFormatException ex) {
			throw new SQLException("not a row count: " + url, "08001", ex);
		}
	}

	@Override
	public boolean acceptsURL(String url) {
		return url != null && url.startsWith(URL_PREFIX);
	}

	@Override
	public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
		return new DriverPropertyInfo[0];
	}

	@Override
	public int getMajorVersion() {
		return 1;
	}

	@Override
	public int getMinorVersion() {
		return 0;
	}

	@Override
	public boolean jdbcCompliant() {
		return false;
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		throw new SQLFeatureNotSupportedException("no logging");
	}

}
