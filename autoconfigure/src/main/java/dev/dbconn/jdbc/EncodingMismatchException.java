package dev.dbconn.jdbc;

import java.sql.SQLNonTransientConnectionException;
import java.util.List;
import java.util.stream.Collectors;

import dev.dbconn.lifecycle.Finding;

/**
 * Thrown instead of a connection when {@code db.encoding-check} is {@code fail} and the database or
 * the connection does not use UTF-8.
 */
public class EncodingMismatchException extends SQLNonTransientConnectionException {

	private final List<String> problems;

	EncodingMismatchException(String dataSourceName, List<Finding> problems) {
		super("DataSource '" + dataSourceName + "' does not use UTF-8 (db.encoding-check=fail): "
				+ problems.stream().map(Finding::toString).collect(Collectors.joining(" ")));
		this.problems = problems.stream().map(Finding::toString).toList();
	}

	/**
	 * The problems found, each with its fix.
	 * @return the problems
	 */
	public List<String> getProblems() {
		return this.problems;
	}

}
