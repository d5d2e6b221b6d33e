package dev.dbconn.datajdbc;

import dev.dbconn.testsupport.RunNames;
import dev.dbconn.testsupport.TestDatabase.Kind;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.data.relational.core.mapping.NamingStrategy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Data JDBC application, repositories from Boot's auto-configuration: a request runs
 * repository calls and {@code JdbcTemplate} queries outside a transaction and inside a
 * {@code @Transactional} service that commits or rolls back, each telling which backend served it.
 */
@SpringBootApplication
public class DataJdbcApplication {

	/** The notes table of this run. */
	static final String TABLE = RunNames.of("dbconn_data_jdbc_note");

	/** What a request saw: the backend of each call, and whether the service's write was rolled back. */
	record Seen(long repository, long jdbc, long repositoryInTransaction, long jdbcInTransaction,
			boolean rolledBack) {
	}

	@Bean
	NamingStrategy runNamedTables() {
		return new NamingStrategy() {

			@Override
			public String getTableName(Class<?> type) {
				return TABLE;
			}

		};
	}

	/** Which backend serves a query, asked through the repository and through {@code JdbcTemplate}. */
	@Service
	static class Backends {

		private final Notes notes;

		private final JdbcTemplate jdbcTemplate;

		private final Kind kind;

		Backends(Notes notes, JdbcTemplate jdbcTemplate, @Value("${it.database-kind}") Kind kind) {
			this.notes = notes;
			this.jdbcTemplate = jdbcTemplate;
			this.kind = kind;
		}

		long ofRepository() {
			return (this.kind == Kind.POSTGRESQL) ? this.notes.postgresqlBackend() : this.notes.mariadbBackend();
		}

		long ofJdbcTemplate() {
			return this.jdbcTemplate.queryForObject(
					(this.kind == Kind.POSTGRESQL) ? "select pg_backend_pid()" : "select connection_id()", Long.class);
		}

	}

	@Service
	static class Writer {

		private final Notes notes;

		private final Backends backends;

		Writer(Notes notes, Backends backends) {
			this.notes = notes;
			this.backends = backends;
		}

		/** Save a note and tell the transaction's backends; roll it back if asked to. */
		@Transactional
		long[] write(String text, boolean fail) {
			this.notes.save(new Note(text));
			long[] seen = { this.backends.ofRepository(), this.backends.ofJdbcTemplate() };
			if (fail) {
				throw new RollBack(seen);
			}
			return seen;
		}

	}

	/** Thrown to roll the service's transaction back, with the backends it saw. */
	static class RollBack extends RuntimeException {

		final long[] seen;

		RollBack(long[] seen) {
			super("rolled back on purpose", null, false, false);
			this.seen = seen;
		}

	}

	@RestController
	static class NotesController {

		private final Backends backends;

		private final Writer writer;

		NotesController(Backends backends, Writer writer) {
			this.backends = backends;
			this.writer = writer;
		}

		@GetMapping("/notes")
		Seen notes(@RequestParam String text, @RequestParam boolean fail) {
			long repository = this.backends.ofRepository();
			long jdbc = this.backends.ofJdbcTemplate();
			long[] inTransaction;
			try {
				inTransaction = this.writer.write(text, fail);
			}
			catch (RollBack ex) {
				inTransaction = ex.seen;
			}
			return new Seen(repository, jdbc, inTransaction[0], inTransaction[1], fail);
		}

	}

}
