package dev.dbconn.testsupport;

import java.util.Objects;

/**
 * Adds parameters to a JDBC URL of the {@code jdbc:<driver>://host:port/database?a=1&b=2} form that
 * the PostgreSQL, MariaDB and MySQL drivers share. A URL may already carry parameters (Testcontainers'
 * PostgreSQL URL ends in {@code ?loggerLevel=OFF}), so a second {@code ?} would turn them into one
 * garbled value: the new ones go after a {@code ?} only when there is none yet, after a {@code &}
 * otherwise.
 */
public final class JdbcUrls {

	private JdbcUrls() {
	}

	/**
	 * Append parameters to a JDBC URL.
	 * @param url the JDBC URL, with or without parameters
	 * @param parameters {@code name=value} pairs joined by {@code &}, already encoded as the driver
	 * expects (for example {@code options=-c%20statement_timeout%3D5000})
	 * @return the URL with the parameters added after those it had
	 * @throws IllegalArgumentException if the parameters are empty or start with {@code ?} or
	 * {@code &}, which would leave an empty parameter in the URL
	 */
	public static String withParameters(String url, String parameters) {
		Objects.requireNonNull(url, "url");
		if (parameters == null || parameters.isBlank() || parameters.startsWith("?") || parameters.startsWith("&")) {
			throw new IllegalArgumentException("Expected name=value pairs joined by '&', got '" + parameters + "'");
		}
		int query = url.indexOf('?');
		if (query < 0) {
			return url + "?" + parameters;
		}
		if (query == url.length() - 1 || url.endsWith("&")) {
			return url + parameters;
		}
		return url + "&" + parameters;
	}

}
