package dev.dbconn.lifecycle;

/**
 * Whether a connection is inside a transaction, and what kind: what {@link LifecyclePolicy} needs to
 * know to decide whether the transaction may outlive a handle or a unit of work.
 */
public enum TransactionState {

	/** No transaction is open. */
	NONE,

	/**
	 * A transaction begun in SQL ({@code BEGIN}, {@code START TRANSACTION}) while auto-commit is on.
	 * It belongs to the unit of work, across handles, as it would to Django's request.
	 */
	SQL,

	/** A transaction opened by switching auto-commit off through the JDBC API. */
	JDBC,

	/**
	 * The implicit transaction of a pool whose connections have auto-commit off by default: every
	 * statement opens one, and handing the connection back rolls it back.
	 */
	IMPLICIT;

	/**
	 * Tell the kind of transaction from what the driver and the pool say.
	 * @param inTransaction whether the driver reports an open transaction
	 * @param autoCommit the connection's auto-commit mode now
	 * @param poolAutoCommit the auto-commit mode the pool gives its connections
	 * @return the state
	 */
	public static TransactionState of(boolean inTransaction, boolean autoCommit, boolean poolAutoCommit) {
		if (!inTransaction) {
			return NONE;
		}
		if (autoCommit) {
			return SQL;
		}
		return poolAutoCommit ? JDBC : IMPLICIT;
	}

}
