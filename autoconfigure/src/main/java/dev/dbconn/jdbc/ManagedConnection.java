package dev.dbconn.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.dbconn.lifecycle.CloseReason;
import dev.dbconn.lifecycle.SessionStatements;
import dev.dbconn.lifecycle.SqlErrors;

/**
 * One physical connection borrowed from the pool for a unit of work: what happened to it during
 * the unit, and the handles open on it. A second handle is opened beside an open one only while the
 * connection is in auto-commit mode, so that no handle opens into another's transaction; what the
 * handles leave is settled when the last of them closes, but for a transaction that a handle beside
 * another began itself (it switched auto-commit off), settled at that handle's own close.
 */
final class ManagedConnection implements ConnectionInfo {

	final ConnectionSettler settler;

	/** The connection as the pool handed it out; closing it returns it to the pool. */
	final Connection pooled;

	/** The driver's connection behind {@link #pooled}: identifies the physical connection. */
	final Connection raw;

	final PhysicalConnection physical;

	/** Whether the unit is a request or explicit scope, rather than a single checkout. */
	final boolean unitScoped;

	/** The auto-commit mode the pool gave the connection. */
	final boolean poolAutoCommit;

	private final boolean reused;

	private final boolean releaseWithHandle;

	private final boolean watchStatements;

	// Usually none or one, held in a field; more, in the list, while a handle is held open (JPA's
	// open-in-view) and others come and go.
	private ConnectionHandle openHandle;

	private List<ConnectionHandle> otherOpenHandles;

	private volatile boolean errorSeen;

	// a statement failed since the transaction status was last confirmed: MySQL-family drivers keep
	// the status of the server's last successful reply, which an error reply does not bring up to date
	private volatile boolean statementFailed;

	private volatile boolean broken;

	// broken while dbconn settled it after a handle closed: the application has not been told
	private volatile boolean brokenUnseen;

	private boolean sessionChangeSeen;

	private boolean transactionLeftOpen;

	private JdbcState jdbcState;

	private boolean released;

	ManagedConnection(ConnectionSettler settler, Connection pooled, Connection raw, PhysicalConnection physical,
			boolean reused, boolean unitScoped, boolean releaseWithHandle, boolean watchStatements) {
		this.settler = settler;
		this.pooled = pooled;
		this.raw = raw;
		this.physical = physical;
		this.reused = reused;
		this.unitScoped = unitScoped;
		this.releaseWithHandle = releaseWithHandle;
		this.watchStatements = watchStatements;
		this.poolAutoCommit = physical.poolAutoCommit();
	}

	/**
	 * The first handle onto a connection just acquired, which no other thread can reach yet (a unit is
	 * its thread's until it is handed on): opened without the lock, as whatever gives the unit to
	 * another thread later (an executor, the async hand-off) orders this before that thread's use.
	 */
	Connection openFirstHandle() {
		ConnectionHandle handle = new ConnectionHandle(this);
		this.openHandle = handle;
		return handle;
	}

	synchronized Connection openHandle() {
		ConnectionHandle handle = new ConnectionHandle(this);
		if (this.openHandle == null) {
			this.openHandle = handle;
		}
		else {
			if (this.otherOpenHandles == null) {
				this.otherOpenHandles = new ArrayList<>(2);
			}
			this.otherOpenHandles.add(handle);
		}
		return handle;
	}

	synchronized boolean hasOpenHandle() {
		return this.openHandle != null || (this.otherOpenHandles != null && !this.otherOpenHandles.isEmpty());
	}

	/**
	 * The application closed a handle. Settled under this object's lock, so that the end of the unit
	 * on another thread (an async hand-off) waits rather than using the connection at the same time.
	 */
	synchronized void handleClosed(ConnectionHandle handle) {
		if (this.released) {
			return;
		}
		if (this.openHandle == handle) {
			this.openHandle = null;
		}
		else if (this.otherOpenHandles != null) {
			this.otherOpenHandles.remove(handle);
		}
		if (this.releaseWithHandle) {
			release();
		}
		else if (!hasOpenHandle()) {
			this.settler.afterHandle(this);
		}
		else if (handle.ownsTransaction()) {
			// beside a handle held open (JPA's open-in-view), this one switched auto-commit off and left
			// a transaction of its own: settled now, as at any handle's close, before the held handle's
			// next transaction would commit it, and auto-commit is switched on again
			this.settler.afterHandleBeside(this);
		}
		// else another handle is still open on the connection, maybe in a transaction of its own begun
		// since: what this one left is settled when the last of them closes, or when the unit ends
	}

	/**
	 * End the connection's use: settle it and give it back to the pool or close it.
	 */
	synchronized void release() {
		this.settler.release(this);
	}

	/**
	 * End the connection's use by closing it physically, without settling it first: for a
	 * connection with nothing open on it that is to be closed anyway.
	 * @param reason why it is closed
	 */
	synchronized void closeNow(CloseReason reason) {
		if (!markReleased()) {
			return;
		}
		this.physical.unitEnded();
		this.settler.context().closePhysically(this.pooled, this.raw, this.physical, reason);
	}

	/**
	 * Record what an error raised through this connection says about it.
	 */
	void onError(SQLException ex) {
		this.statementFailed = true;
		switch (SqlErrors.classify(ex)) {
			case CONNECTION_LOST -> this.broken = true;
			case OTHER -> this.errorSeen = true;
			default -> {
				// data and integrity errors say nothing about the connection
			}
		}
	}

	/**
	 * Note the text of a statement about to run, to tell whether the session needs a reset.
	 */
	void beforeStatement(String sql) {
		if (this.watchStatements && !this.sessionChangeSeen && SessionStatements.mayChangeSessionState(sql)) {
			this.sessionChangeSeen = true;
		}
	}

	/**
	 * Note client info set through the connection API, to put it back when the unit ends: pgjdbc sends
	 * {@code ApplicationName} as {@code SET application_name}, session state that the session reset
	 * sets back too. A driver that cannot tell its client info makes or refuses the change as without
	 * dbconn, and the connection is then not handed on: the unit's next checkout gets another.
	 */
	void beforeClientInfoChange() {
		if (this.watchStatements) {
			this.sessionChangeSeen = true;
		}
		if (this.jdbcState == null) {
			this.jdbcState = new JdbcState();
		}
		this.jdbcState.beforeClientInfoChange(this.pooled);
	}

	boolean sessionChangeSeen() {
		return this.sessionChangeSeen;
	}

	/**
	 * Whether a transaction begun in SQL ({@code BEGIN}, {@code START TRANSACTION}) is open; asked with
	 * auto-commit on. Switching auto-commit off then (as Spring's transaction managers do to begin a
	 * transaction) is refused: the driver would send nothing, and the JDBC transaction's commit or
	 * rollback would end the SQL one with it, its statements before included, whatever the
	 * application does afterwards.
	 */
	boolean inSqlTransaction() throws SQLException {
		return this.settler.inSqlTransaction(this);
	}

	/** The refusal of a JDBC transaction inside an SQL one, SQLState {@code 25001} (active SQL transaction). */
	SQLException jdbcTransactionRefused() {
		return new SQLException("A transaction begun in SQL (BEGIN, START TRANSACTION) is open on this connection of "
				+ "DataSource '" + this.settler.context().name + "': end it with COMMIT or ROLLBACK before beginning "
				+ "a transaction through the JDBC API (setAutoCommit(false), @Transactional), whose commit or "
				+ "rollback would end the SQL transaction with it", "25001");
	}

	/**
	 * Note that a JDBC-level property is about to change through the connection API.
	 */
	void beforeJdbcStateChange(int property) throws SQLException {
		if (this.jdbcState == null) {
			this.jdbcState = new JdbcState();
		}
		this.jdbcState.beforeChange(this.pooled, property);
	}

	/**
	 * Put back the JDBC-level properties the unit of work changed.
	 */
	void restoreJdbcState() throws SQLException {
		if (this.jdbcState != null && this.jdbcState.isChanged()) {
			this.jdbcState.restore(this.pooled, this.raw);
		}
	}

	void markBroken() {
		this.broken = true;
	}

	/**
	 * Mark the connection broken by something only dbconn met, settling it after a handle closed:
	 * the application has not been told, and may be inside a transaction the server has lost.
	 */
	void markBrokenUnseen() {
		this.brokenUnseen = true;
		this.broken = true;
	}

	/** Whether {@link #markBrokenUnseen()} was called. */
	boolean brokenUnseen() {
		return this.brokenUnseen;
	}

	/**
	 * Whether the connection is known to be unusable: an error said so, or the pool has already
	 * closed it (HikariCP does after errors it considers fatal).
	 */
	boolean isBroken() {
		try {
			return this.broken || this.pooled.isClosed();
		}
		catch (SQLException ex) {
			return true;
		}
	}

	void markTransactionLeftOpen() {
		this.transactionLeftOpen = true;
	}

	boolean transactionLeftOpen() {
		return this.transactionLeftOpen;
	}

	boolean errorSeen() {
		return this.errorSeen;
	}

	/**
	 * Whether a statement failed since this was last asked; asked where the transaction status is
	 * read, which a failure may have left stale.
	 */
	boolean takeStatementFailed() {
		if (!this.statementFailed) {
			return false;
		}
		this.statementFailed = false;
		return true;
	}

	/**
	 * Forget the errors seen so far, once a check found the connection still works (Django clears
	 * {@code errors_occurred} then).
	 */
	void clearErrorSeen() {
		this.errorSeen = false;
	}

	/** Whether its use has ended (settled, or closed). */
	synchronized boolean isReleased() {
		return this.released;
	}

	/**
	 * Mark the connection released, closing any handle the application still holds.
	 * @return {@code false} when it had already been released
	 */
	synchronized boolean markReleased() {
		if (this.released) {
			return false;
		}
		this.released = true;
		if (this.openHandle != null) {
			this.openHandle.invalidate();
			this.openHandle = null;
		}
		if (this.otherOpenHandles != null) {
			this.otherOpenHandles.forEach(ConnectionHandle::invalidate);
			this.otherOpenHandles = null;
		}
		return true;
	}

	@Override
	public long connectionId() {
		return this.physical.id();
	}

	@Override
	public Duration age() {
		return Duration.ofNanos(this.physical.ageNanos());
	}

	@Override
	public long unitsServed() {
		return this.physical.unitsServed();
	}

	@Override
	public boolean reused() {
		return this.reused;
	}

}
