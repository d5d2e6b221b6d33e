package dev.dbconn.integration;

import dev.dbconn.testsupport.TestDatabase.Kind;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Asks the server which backend serves the current connection.
 */
class BackendQueries {

	private final JdbcTemplate jdbcTemplate;

	private final String backendSql;

	BackendQueries(JdbcTemplate jdbcTemplate, Kind kind) {
		this.jdbcTemplate = jdbcTemplate;
		this.backendSql = (kind == Kind.POSTGRESQL) ? "select pg_backend_pid()" : "select connection_id()";
	}

	long backend() {
		return this.jdbcTemplate.queryForObject(this.backendSql, Long.class);
	}

}
