package dev.dbconn.spring;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import dev.dbconn.testsupport.TestDatabase.Kind;

/**
 * Which backend on the server ran each statement on the tables of a test: the hook of a DataSource
 * wrapped by {@code InterceptedConnections#watching}. The backend is asked of the server on the
 * statement's connection, just before the statement.
 */
final class StatementLog {

	/**
	 * One statement.
	 * @param backend the backend that served it, as the server tells
	 * @param sql the statement
	 */
	record Entry(long backend, String sql) {
	}

	private final String marker;

	private final String backendSql;

	private final List<Entry> entries = new CopyOnWriteArrayList<>();

	/**
	 * @param marker what the statements to note contain (the prefix of the test's tables)
	 * @param kind the kind of server
	 */
	StatementLog(String marker, Kind kind) {
		this.marker = marker.toLowerCase(Locale.ROOT);
		this.backendSql = (kind == Kind.POSTGRESQL) ? "select pg_backend_pid()" : "select connection_id()";
	}

	void beforeCall(Connection connection, Method method, Object[] args) throws SQLException {
		if (args == null || !(args[0] instanceof String sql) || !sql.toLowerCase(Locale.ROOT).contains(this.marker)) {
			return;
		}
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(this.backendSql)) {
			result.next();
			this.entries.add(new Entry(result.getLong(1), sql));
		}
	}

	/** Forget what was noted so far. */
	void clear() {
		this.entries.clear();
	}

	List<Entry> entries() {
		return List.copyOf(this.entries);
	}

	/** The backends that ran the noted statements. */
	Set<Long> backends() {
		return this.entries.stream().map(Entry::backend).collect(Collectors.toSet());
	}

}
