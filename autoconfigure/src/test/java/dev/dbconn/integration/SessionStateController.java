package dev.dbconn.integration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.TestDatabase.Kind;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints that change session state the way applications do, and that read it back. Every answer
 * starts with the backend id, so that a test can tell it is looking at the same connection.
 */
@RestController
class SessionStateController {

	private final JdbcTemplate jdbcTemplate;

	private final DataSource dataSource;

	private final BackendQueries queries;

	private final Kind kind;

	private final ServerSide serverSide;

	SessionStateController(JdbcTemplate jdbcTemplate, DataSource dataSource, BackendQueries queries,
			@Value("${it.database-kind}") Kind kind, ServerSide serverSide) {
		this.jdbcTemplate = jdbcTemplate;
		this.dataSource = dataSource;
		this.queries = queries;
		this.kind = kind;
		this.serverSide = serverSide;
	}

	/** Run a statement through the application's JdbcTemplate. */
	@PostMapping("/sql/execute")
	String execute(@RequestParam String sql) {
		this.jdbcTemplate.execute(sql);
		return String.valueOf(this.queries.backend());
	}

	/** Read one value; "error" when the query fails (e.g. a temporary table that is not there). */
	@GetMapping("/sql/value")
	String value(@RequestParam String sql) {
		String value;
		try {
			value = this.jdbcTemplate.queryForObject(sql, String.class);
		}
		catch (DataAccessException ex) {
			value = "error";
		}
		return this.queries.backend() + "|" + value;
	}

	/** Read one value twice in the request, on two handles one after the other. */
	@GetMapping("/sql/value-twice")
	String valueTwice(@RequestParam String sql) {
		String first = this.jdbcTemplate.queryForObject(sql, String.class);
		String second = this.jdbcTemplate.queryForObject(sql, String.class);
		return this.queries.backend() + "|" + first + "|" + second;
	}

	/**
	 * Run a statement on the driver's own connection, behind dbconn's back: dbconn cannot see it, so
	 * it cannot be the reason for a reset.
	 */
	@PostMapping("/sql/behind-the-back")
	String behindTheBack(@RequestParam String sql) throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			Class<? extends Connection> driverType = switch (this.kind) {
				case POSTGRESQL -> org.postgresql.core.BaseConnection.class;
				case MARIADB -> org.mariadb.jdbc.Connection.class;
				case MYSQL -> com.mysql.cj.jdbc.JdbcConnection.class;
			};
			Connection driverConnection = connection.unwrap(driverType);
			try (Statement statement = driverConnection.createStatement()) {
				statement.execute(sql);
			}
		}
		return String.valueOf(this.queries.backend());
	}

	/** Run the same query several times in one request, as a prepared statement. */
	@GetMapping("/sql/prepared")
	String prepared(@RequestParam int times) {
		List<Integer> results = new ArrayList<>();
		for (int i = 0; i < times; i++) {
			results.add(this.jdbcTemplate.queryForObject("select ? + 1", Integer.class, i));
		}
		return this.queries.backend() + "|" + results;
	}

	/** Change JDBC-level state through the connection API and leave it changed. */
	@PostMapping("/jdbc/change")
	String changeJdbcState() throws SQLException {
		long backend = this.queries.backend();
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setReadOnly(true);
			connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
			if (this.kind == Kind.POSTGRESQL) {
				connection.setSchema("pg_catalog");
				connection.setHoldability(flip(connection.getHoldability()));
			}
			else {
				connection.setCatalog("information_schema");
			}
			connection.setNetworkTimeout(Runnable::run, 123_456);
			// pgjdbc sends it as SET application_name; the MySQL-family drivers keep it on the client
			connection.setClientInfo("ApplicationName", "dbconn-client-info");
			connection.setAutoCommit(false);
			connection.commit();
		}
		return String.valueOf(backend);
	}

	/** Report JDBC-level state: as the server sees it where it can, as the driver sees it otherwise. */
	@GetMapping("/jdbc/state")
	String jdbcState() throws SQLException {
		long backend = this.queries.backend();
		try (Connection connection = this.dataSource.getConnection(); Statement statement = connection.createStatement()) {
			String serverSql = (this.kind == Kind.POSTGRESQL)
					? "select current_setting('transaction_read_only') || ',' || current_setting('transaction_isolation') "
							+ "|| ',' || current_schema() || ',' || current_setting('application_name')"
					: "select concat(@@session." + this.serverSide.readOnlyVariable() + " + 0, ',', @@session."
							+ this.serverSide.isolationVariable() + ", ',', database(), ',', @@session.autocommit + 0, ',', "
							// the statement as the server received it: MySQL Connector/J puts client info in
							// a comment before each statement
							+ "(select info from information_schema.processlist where id = connection_id()))";
			String server;
			try (ResultSet result = statement.executeQuery(serverSql)) {
				result.next();
				server = result.getString(1);
			}
			return backend + "|" + server + "|readOnly=" + connection.isReadOnly() + ",holdability=" + connection.getHoldability()
					+ ",networkTimeout=" + connection.getNetworkTimeout() + ",autoCommit="
					+ connection.getAutoCommit() + ",clientInfo=" + connection.getClientInfo();
		}
	}

	private static int flip(int holdability) {
		return (holdability == ResultSet.HOLD_CURSORS_OVER_COMMIT) ? ResultSet.CLOSE_CURSORS_AT_COMMIT
				: ResultSet.HOLD_CURSORS_OVER_COMMIT;
	}

}
