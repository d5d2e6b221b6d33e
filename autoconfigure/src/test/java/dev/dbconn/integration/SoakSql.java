package dev.dbconn.integration;

import java.util.List;

import dev.dbconn.testsupport.TestDatabase.Kind;

/**
 * The SQL of the soak ({@link SoakTests}) on each server: the table its requests write to, and the
 * session settings one kind of request changes and every request reads, a variable of the soak's
 * own and a statement timeout. The reads name neither with {@code SET} nor with a MariaDB
 * {@code @variable}, so that dbconn's {@code db.session-reset: auto} sees no reason to reset the
 * session after them: only the requests that change a setting ask for a reset.
 */
enum SoakSql {

	POSTGRESQL("select coalesce(current_setting('dbconn.soak', true), '') || '/' || current_setting('statement_timeout')",
			"29s") {

		@Override
		List<String> set(long id) {
			return List.of("set dbconn.soak = '" + marker(id) + "'", "set statement_timeout = '29s'");
		}

	},

	MARIADB("select concat(coalesce((select variable_value from information_schema.user_variables"
			+ " where variable_name = 'soak'), ''), '/', (select variable_value from information_schema.session_variables"
			+ " where variable_name = 'MAX_STATEMENT_TIME'))", "29.000000") {

		@Override
		List<String> set(long id) {
			return List.of("set @soak = '" + marker(id) + "'", "set session max_statement_time = 29");
		}

	};

	/** The table the requests write to, in the chaos database of the run. */
	static final String TABLE = "soak_row";

	/** The one row every run starts with, which a request of {@link SoakKind#INTEGRITY_ERROR} inserts again. */
	static final long SEED_ID = 0;

	/** A label longer than the column, for {@link SoakKind#DATA_ERROR}. */
	static final String TOO_LONG = "x".repeat(60);

	/** How the session's settings read: the soak's variable, then the statement timeout. */
	final String read;

	private final String timeoutAfterSet;

	SoakSql(String read, String timeoutAfterSet) {
		this.read = read;
		this.timeoutAfterSet = timeoutAfterSet;
	}

	/**
	 * The statements that change the session's settings.
	 * @param id the request's id, which the soak's variable is set to show
	 */
	abstract List<String> set(long id);

	/** What {@link #read} shows after {@link #set(long)}. */
	String afterSet(long id) {
		return marker(id) + "/" + this.timeoutAfterSet;
	}

	static SoakSql of(Kind kind) {
		return (kind == Kind.POSTGRESQL) ? POSTGRESQL : MARIADB;
	}

	static String createTable() {
		return "create table " + TABLE
				+ " (id bigint not null, part int not null, kind varchar(30) not null, label varchar(50),"
				+ " primary key (id, part))";
	}

	private static String marker(long id) {
		return "s" + id;
	}

}
