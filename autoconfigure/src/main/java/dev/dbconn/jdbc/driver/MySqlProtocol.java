package dev.dbconn.jdbc.driver;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.dbconn.lifecycle.Finding;
import dev.dbconn.lifecycle.Finding.Severity;

/**
 * What MariaDB Connector/J and MySQL Connector/J ask the server the same way, since both servers
 * answer the same system variables: the character sets and the connection limits.
 */
final class MySqlProtocol {

	private static final String[] CONNECTION_CHARSETS = { "character_set_client", "character_set_connection",
			"character_set_results" };

	// the one captured variable whose empty value the server lists for NULL
	private static final String NULLABLE = "character_set_results";

	private MySqlProtocol() {
	}

	/**
	 * The connection's and the database's character sets, which must be {@code utf8mb4} for 4-byte
	 * characters to survive; {@code utf8}/{@code utf8mb3} silently cannot hold them.
	 * @param driver how the findings name the connection, e.g. {@code MariaDB}
	 * @param connectionFix how to fix the connection's character sets with this driver
	 */
	static List<Finding> encodingProblems(Connection connection, String driver, String connectionFix)
			throws SQLException {
		List<Finding> problems = new ArrayList<>();
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT @@character_set_client, "
						+ "@@character_set_connection, @@character_set_results, @@character_set_database, DATABASE()")) {
			result.next();
			String database = result.getString(5);
			for (int i = 0; i < CONNECTION_CHARSETS.length; i++) {
				String charset = result.getString(i + 1);
				if (!isUtf8mb4(charset)) {
					problems.add(new Finding(Severity.WARNING,
							driver + " connection to database '" + database + "' uses " + CONNECTION_CHARSETS[i] + "="
									+ charset + ", not utf8mb4: 4-byte characters (emoji, many CJK characters) are "
									+ "rejected or lost.",
							connectionFix));
				}
			}
			String databaseCharset = result.getString(4);
			if (!isUtf8mb4(databaseCharset)) {
				problems.add(new Finding(Severity.WARNING,
						"The database '" + database + "' has default character set " + databaseCharset
								+ ", not utf8mb4: 4-byte characters (emoji, many CJK characters) are rejected or lost.",
						"ALTER DATABASE `" + database + "` CHARACTER SET utf8mb4, then "
								+ "ALTER TABLE ... CONVERT TO CHARACTER SET utf8mb4 for existing tables."));
			}
		}
		return problems;
	}

	/**
	 * {@code max_connections}, and the session's {@code wait_timeout} (which the JDBC URL's
	 * {@code sessionVariables} may have changed from the server's default).
	 */
	static ServerLimits serverLimits(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT @@max_connections, @@session.wait_timeout")) {
			result.next();
			long waitTimeout = result.getLong(2);
			return new ServerLimits(result.getInt(1), (waitTimeout > 0) ? Duration.ofSeconds(waitTimeout) : null,
					"wait_timeout", null, false);
		}
	}

	/**
	 * Read session variables ({@code SHOW SESSION VARIABLES}, which MySQL 8 and MariaDB both have;
	 * MySQL 8 has no {@code information_schema.session_variables}).
	 * @param names the variables, as a quoted, comma-separated SQL list; names a server lacks are
	 * left out of the answer
	 * @return the values by lower-case name, as listed (an empty value for NULL too)
	 */
	static Map<String, String> sessionVariables(Connection connection, String names) throws SQLException {
		Map<String, String> variables = new LinkedHashMap<>();
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SHOW SESSION VARIABLES WHERE variable_name IN (" + names + ")")) {
			while (result.next()) {
				variables.put(result.getString(1).toLowerCase(Locale.ROOT), result.getString(2));
			}
		}
		return variables;
	}

	/**
	 * What a session reset ({@code COM_RESET_CONNECTION}) does not set back: session variables the
	 * driver or the pool set after connecting, and the current database and active roles, which the
	 * command keeps as they are, so that a {@code USE} or {@code SET ROLE} in one unit of work would
	 * otherwise reach the next.
	 * @param variables the values by lower-case name
	 * @param database the database selected when captured, {@code null} for none
	 * @param readsRoles whether the server has {@code CURRENT_ROLE()} (MariaDB 10.0.5, MySQL 8.0)
	 * @param roles what {@code CURRENT_ROLE()} answered: {@code null} for none on MariaDB,
	 * {@code NONE} on MySQL, otherwise a role (MariaDB) or a list of {@code `role`@`host`} (MySQL)
	 */
	record Baseline(Map<String, String> variables, String database, boolean readsRoles, String roles) {

	}

	private static final String SESSION = "SELECT DATABASE(), CURRENT_ROLE()";

	private static final String DATABASE_ONLY = "SELECT DATABASE()";

	/**
	 * Read what {@link #restore} sets back after a reset.
	 * @param names the session variables, as for {@link #sessionVariables}
	 */
	static Baseline capture(Connection connection, String names) throws SQLException {
		Map<String, String> variables = sessionVariables(connection, names);
		try (Statement statement = connection.createStatement()) {
			try (ResultSet result = statement.executeQuery(SESSION)) {
				result.next();
				return new Baseline(variables, result.getString(1), true, result.getString(2));
			}
			catch (SQLException ex) {
				// a server without roles (MySQL 5.7)
				try (ResultSet result = statement.executeQuery(DATABASE_ONLY)) {
					result.next();
					return new Baseline(variables, result.getString(1), false, null);
				}
			}
		}
	}

	/**
	 * After a reset, set the captured variables back, and the captured database and roles where the
	 * unit changed them (one query tells). A connection that had no database selected and has one
	 * now cannot be taken back (the server has no command for that): it fails, and is closed rather
	 * than handed on.
	 */
	static void restore(Connection connection, Object captured) throws SQLException {
		if (!(captured instanceof Baseline baseline)) {
			return;
		}
		setSessionVariables(connection, baseline.variables());
		try (Statement statement = connection.createStatement()) {
			String database;
			String roles;
			try (ResultSet result = statement.executeQuery(baseline.readsRoles() ? SESSION : DATABASE_ONLY)) {
				result.next();
				database = result.getString(1);
				roles = baseline.readsRoles() ? result.getString(2) : null;
			}
			if (!Objects.equals(database, baseline.database())) {
				if (baseline.database() == null) {
					throw new SQLException("The connection had no database selected when it was opened and has '"
							+ database + "' now (USE), which cannot be undone", "0A000");
				}
				statement.execute("USE " + quoted(baseline.database()));
			}
			if (!Objects.equals(roles, baseline.roles())) {
				statement.execute("SET ROLE " + roleList(baseline.roles()));
			}
		}
	}

	// MySQL's CURRENT_ROLE() lists `role`@`host` names as SET ROLE takes them; MariaDB's is one bare name
	private static String roleList(String roles) {
		if (roles == null || roles.equals("NONE")) {
			return "NONE";
		}
		return roles.contains("@") ? roles : quoted(roles);
	}

	private static String quoted(String name) {
		return "`" + name.replace("`", "``") + "`";
	}

	/**
	 * Set session variables back to captured values in one statement.
	 * @param variables the values by name, as {@code SHOW SESSION VARIABLES} lists them: an empty
	 * {@code character_set_results} stands for NULL (results sent as stored), any other empty value
	 * for the empty string ({@code sql_mode}, {@code session_track_system_variables}), which the
	 * server refuses to set to NULL
	 */
	static void setSessionVariables(Connection connection, Map<?, ?> variables) throws SQLException {
		if (variables.isEmpty()) {
			return;
		}
		StringBuilder sql = new StringBuilder("SET SESSION ");
		variables.keySet().forEach((name) -> sql.append(name).append(" = ?, "));
		// bound, not spliced: the driver escapes as the session's sql_mode requires
		try (PreparedStatement statement = connection.prepareStatement(sql.substring(0, sql.length() - 2))) {
			int index = 1;
			for (Map.Entry<?, ?> variable : variables.entrySet()) {
				String text = (String) variable.getValue();
				boolean unset = text == null || (text.isEmpty() && NULLABLE.equals(variable.getKey()));
				statement.setString(index++, unset ? null : text);
			}
			statement.execute();
		}
	}

	private static boolean isUtf8mb4(String charset) {
		// NULL: results are sent as stored, e.g. character_set_results unset by the application
		return charset == null || charset.equalsIgnoreCase("utf8mb4");
	}

}
