package dev.dbconn.slices;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import dev.dbconn.testsupport.RunNames;
import dev.dbconn.testsupport.SpringStack;
import dev.dbconn.testsupport.TestDatabase;
import dev.dbconn.testsupport.TestDatabase.Kind;
import dev.dbconn.testsupport.TestDatabases;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The table the slice tests write to, of this run only, and what they need to see on the server
 * whether a test's rows were committed.
 */
final class SliceRows {

	/** The table of rows the tests write. */
	static final String TABLE = RunNames.of("dbconn_slice_row");

	private SliceRows() {
	}

	/** The real database of the slice tests that keep their DataSource. */
	static TestDatabase postgresql() {
		return TestDatabases.get(Kind.POSTGRESQL);
	}

	/** Point the test's application at {@link #postgresql()}. */
	static void usePostgresql(DynamicPropertyRegistry registry) {
		postgresql().registerAsDataSource(registry);
	}

	/** Leave the rest of the Spring stack out of a test's full auto-configuration. */
	static void leaveOutTheSpringStack(DynamicPropertyRegistry registry) {
		String[] leftOut = SpringStack.LEFT_OUT.split("=", 2);
		registry.add(leftOut[0], () -> leftOut[1]);
	}

	static void create(JdbcTemplate jdbcTemplate) {
		jdbcTemplate.execute("create table if not exists " + TABLE + " (text varchar(100))");
	}

	/** Create the table on a connection of its own: the pool under test may have auto-commit off. */
	static void create(TestDatabase database) throws SQLException {
		try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
			statement.execute("create table if not exists " + TABLE + " (text varchar(100))");
		}
	}

	static void insert(JdbcTemplate jdbcTemplate, String text) {
		jdbcTemplate.update("insert into " + TABLE + " (text) values (?)", text);
	}

	/** The rows of the text the application sees, inside its transaction if it has one. */
	static long count(JdbcTemplate jdbcTemplate, String text) {
		return jdbcTemplate.queryForObject("select count(*) from " + TABLE + " where text = ?", Long.class, text);
	}

	/** The backend of the connection the template uses now: the transaction's, if there is one. */
	static long backend(JdbcTemplate jdbcTemplate) {
		return jdbcTemplate.execute((ConnectionCallback<Long>) (connection) -> {
			String sql = connection.getMetaData().getURL().startsWith("jdbc:postgresql:") ? "select pg_backend_pid()"
					: "select connection_id()";
			try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
				result.next();
				return result.getLong(1);
			}
		});
	}

	/** The committed rows of a table with the text, as another client sees them. */
	static long committed(TestDatabase database, String table, String text) throws SQLException {
		return database.serverSide().committedRows(table, "text", text);
	}

	static long committed(TestDatabase database, String text) throws SQLException {
		return committed(database, TABLE, text);
	}

	static void drop(TestDatabase database) throws SQLException {
		try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
			statement.execute("drop table if exists " + TABLE);
		}
	}

}
