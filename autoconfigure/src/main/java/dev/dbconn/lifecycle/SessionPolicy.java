package dev.dbconn.lifecycle;

import java.util.List;

/**
 * Django's three answers to session state that outlives a request (restore the defaults at the end,
 * force your values at the start, or do not keep connections), automated.
 *
 * @param reset when to reset SQL-level session state at the end of a unit of work
 * @param resetSql statements that reset a session, replacing the database's own reset; empty to use
 * the database's ({@code DISCARD ALL} on PostgreSQL, a connection reset on MariaDB)
 * @param initSql statements run at the start of every unit of work, on new and kept connections
 * @param encodingCheck what to do about a database or connection that does not use UTF-8
 */
public record SessionPolicy(SessionReset reset, List<String> resetSql, List<String> initSql,
		EncodingCheck encodingCheck) {

	/** Reset when needed, nothing forced at the start, warn about encodings. */
	public static final SessionPolicy DEFAULTS = new SessionPolicy(SessionReset.AUTO, List.of(), List.of(),
			EncodingCheck.WARN);

	public SessionPolicy {
		if (reset == null || encodingCheck == null) {
			throw new IllegalArgumentException("reset and encodingCheck must not be null");
		}
		resetSql = (resetSql != null) ? List.copyOf(resetSql) : List.of();
		initSql = (initSql != null) ? List.copyOf(initSql) : List.of();
	}

	/**
	 * Whether statements are to be watched for ones that change session state.
	 * @return {@code true} in {@link SessionReset#AUTO} mode
	 */
	public boolean watchesStatements() {
		return this.reset == SessionReset.AUTO;
	}

}
