package dev.dbconn.sample;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import dev.dbconn.jdbc.ConnectionInfo;

import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Asks the database which server-side session is behind the current connection, and dbconn
 * what it knows about the physical connection.
 */
@Component
public class ConnectionInspector {

	private final JdbcTemplate jdbcTemplate;

	private final Environment environment;

	// Resolved on first use rather than at startup so that the lookup borrows its connection
	// inside a request, like every other query this application runs.
	private volatile String database;

	private volatile String backendIdQuery;

	public ConnectionInspector(JdbcTemplate jdbcTemplate, Environment environment) {
		this.jdbcTemplate = jdbcTemplate;
		this.environment = environment;
	}

	/**
	 * Return the server-side id of the session that serves this query.
	 * @return the backend id
	 */
	public long backendId() {
		Long id = this.jdbcTemplate.queryForObject(backendIdQuery(), Long.class);
		return (id != null) ? id : -1;
	}

	/**
	 * Describe the connection that serves the current request.
	 * @return the report
	 */
	public ConnectionReport inspect() {
		long backendId = backendId();
		ConnectionInfo info = this.jdbcTemplate.execute((ConnectionCallback<ConnectionInfo>) this::connectionInfo);
		return ConnectionReport.of(database(), backendId, info, connMaxAge());
	}

	/**
	 * Return {@code db.conn-max-age} as written in the configuration, so that a reader sees
	 * {@code 10m} or {@code unlimited} rather than a converted value.
	 * @return the configured value, {@code 0} when unset
	 */
	public String connMaxAge() {
		return this.environment.getProperty("db.conn-max-age", "0");
	}

	private ConnectionInfo connectionInfo(Connection connection) throws SQLException {
		// Answer rather than fail when dbconn is switched off with db.enabled=false, so the
		// application can be used to compare both behaviours.
		return connection.isWrapperFor(ConnectionInfo.class) ? connection.unwrap(ConnectionInfo.class) : null;
	}

	private String database() {
		backendIdQuery();
		return this.database;
	}

	private String backendIdQuery() {
		String query = this.backendIdQuery;
		if (query == null) {
			// Two requests racing here both compute the same answer, so no lock is needed.
			String product = this.jdbcTemplate
				.execute((ConnectionCallback<String>) (con) -> con.getMetaData().getDatabaseProductName());
			query = queryFor(product);
			this.database = product;
			this.backendIdQuery = query;
		}
		return query;
	}

	private static String queryFor(String product) {
		String name = (product != null) ? product.toLowerCase(Locale.ROOT) : "";
		if (name.contains("h2")) {
			return "SELECT SESSION_ID()";
		}
		if (name.contains("postgresql")) {
			return "SELECT pg_backend_pid()";
		}
		// The MariaDB driver reports "MySQL" when it talks to a MySQL server; both know connection_id().
		if (name.contains("mariadb") || name.contains("mysql")) {
			return "SELECT CONNECTION_ID()";
		}
		throw new IllegalStateException("No backend id query known for database '" + product + "'");
	}

}
