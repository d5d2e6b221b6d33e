package dev.dbconn.lifecycle;

/**
 * What to do when a database or connection does not use UTF-8 (PostgreSQL {@code UTF8}, MariaDB and
 * MySQL {@code utf8mb4}).
 */
public enum EncodingCheck {

	/** Log a warning, once per DataSource, saying how to fix it. */
	WARN,

	/** Refuse to start, or refuse the connection. */
	FAIL,

	/** Do not check. */
	OFF

}
