package dev.dbconn.integration;

/**
 * The kinds of request the soak ({@link SoakTests}) sends, each with its share of the requests and
 * the rows it leaves committed. Transactions left open are few (about 2 % of the requests, the
 * {@code @Async} tasks' included): dbconn closes the connection of each, and HikariCP opens the
 * replacements one at a time, 30 ms apart, which would otherwise set the pace of the whole soak.
 */
enum SoakKind {

	/** A query. */
	QUERY(370, 0, false),

	/** A statement with a syntax error, then a query on the same connection. */
	STATEMENT_ERROR(80, 0, false),

	/** An insert of a value too long for its column (SQLState class 22). */
	DATA_ERROR(60, 1, false),

	/** An insert of a primary key that is there already (SQLState class 23). */
	INTEGRITY_ERROR(60, 0, false),

	/** A row inserted with auto-commit switched off through JDBC, and the handle closed without a commit. */
	LEAKED_JDBC_TRANSACTION(5, 1, false),

	/** A row inserted after an SQL {@code BEGIN}, and the request ended without a commit. */
	LEAKED_SQL_TRANSACTION(5, 1, false),

	/** {@code BEGIN}, two inserts and {@code COMMIT}, each a statement of its own. */
	SQL_TRANSACTION(90, 2, true),

	/** Two inserts in a transaction of Spring's, committed. */
	JDBC_TRANSACTION(80, 2, true),

	/** Session settings changed with {@code SET}, and read back. */
	SESSION_SET(80, 0, false),

	/** An async request: a query on the request thread, an insert in the async part. */
	ASYNC_REQUEST(80, 1, true),

	/**
	 * A request that starts an {@code @Async} task and answers at once: the task inserts a row after
	 * an SQL {@code BEGIN} and commits it, but one task in ten (those whose id ends in 1), which
	 * leaves it open.
	 */
	ASYNC_TASK(90, 1, true);

	private final int weight;

	private final int rows;

	private final boolean commits;

	SoakKind(int weight, int rows, boolean commits) {
		this.weight = weight;
		this.rows = rows;
		this.commits = commits;
	}

	/** Of every 1,000 requests, how many are of this kind. */
	int weight() {
		return this.weight;
	}

	/** The rows a request of this kind inserts, committed or not. */
	int rows() {
		return this.rows;
	}

	/** Whether the request with this id, when it succeeds, leaves its rows committed. */
	boolean commits(long id) {
		return this.commits && (this != ASYNC_TASK || id % 10 != 1);
	}

	String path() {
		return "/soak/" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

}
