package dev.dbconn.jdbc;

import java.sql.SQLNonTransientConnectionException;
import java.util.List;

/**
 * Thrown instead of a connection when {@code db.encoding-check} is {@code fail} and the database or
 * the connection does not use UTF-8.
 */
public class EncodingMismatchException extends SQLNonTransientConnectionException {

	private final List<String> problems;

	EncodingMismatchException(String dataSourceName, List<String> problems) {
		super("DataSource '" + dataSourceName + "' does not use UTF-8 (db.encoding-check=fail): "
				+ String.join(" ", problems));
		this.problems = List.copyOf(problems);
	}

	/**
	 * The problems found, each with its fix.
	 * @return the problems
	 */
	public List<String> getProblems() {
		return this.problems;
	}

}
