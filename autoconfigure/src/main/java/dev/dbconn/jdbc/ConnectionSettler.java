package dev.dbconn.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import dev.dbconn.jdbc.driver.DriverSupport;
import dev.dbconn.jdbc.pool.PoolSupport;
import dev.dbconn.lifecycle.CloseReason;
import dev.dbconn.lifecycle.LifecyclePolicy;
import dev.dbconn.lifecycle.LifecyclePolicy.HandleClose;
import dev.dbconn.lifecycle.LifecyclePolicy.UnitEnd;
import dev.dbconn.lifecycle.SqlErrors;
import dev.dbconn.lifecycle.TransactionState;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Carries out the policy when a handle is closed and when a unit of work ends: rolls back, puts the
 * session state back, and returns the connection to the pool open or closes it.
 */
final class ConnectionSettler {

	private static final Log logger = LogFactory.getLog(LifecycleDataSource.class);

	private final LifecycleContext context;

	private final LifecyclePolicy policy;

	private volatile boolean noResetReported;

	private volatile boolean restoreFailureReported;

	ConnectionSettler(LifecycleContext context) {
		this.context = context;
		this.policy = context.policy;
	}

	/** What this settler shares with its DataSource's other parts; for {@link OldConnections}. */
	LifecycleContext context() {
		return this.context;
	}

	/**
	 * A handle on a connection its unit keeps was closed: settle what it left as a pool would on
	 * return, except an SQL transaction, which lasts until the unit ends.
	 */
	void afterHandle(ManagedConnection connection) {
		TransactionState state = null;
		boolean restoring = false;
		try {
			if (connection.isBroken()) {
				return;
			}
			state = transactionState(connection);
			HandleClose action = this.policy.atHandleClose(state);
			if (action == HandleClose.KEEP_TRANSACTION) {
				return;
			}
			if (action != HandleClose.RESTORE) {
				rollback(connection.raw);
			}
			if (action == HandleClose.ROLL_BACK_AND_RETIRE) {
				connection.markTransactionLeftOpen();
			}
			restoring = true;
			connection.restoreJdbcState();
		}
		catch (SQLException | RuntimeException ex) {
			if (restoring) {
				// what the handle changed could not be put back
				reportRestoreFailure(ex);
			}
			else {
				logger.debug("Failed to settle a connection of DataSource '" + this.context.name
						+ "' after a handle closed", ex);
			}
			if (state == null || state == TransactionState.SQL) {
				// the unit may be inside a transaction begun in SQL, which the server has lost with the connection
				connection.markBrokenUnseen();
			}
			else {
				// nothing the unit means to keep was open on it: what was open is rolled back at handle close anyway
				connection.markBroken();
			}
		}
		catch (Error ex) {
			// whatever the handle left may still be open: the unit must not go on with the connection,
			// nor, when it may have been inside a transaction begun in SQL, on another one unawares
			if (state == null || state == TransactionState.SQL) {
				connection.markBrokenUnseen();
			}
			else {
				connection.markBroken();
			}
			throw ex;
		}
	}

	/**
	 * A handle that switched auto-commit off and left a transaction of its own closed while another
	 * handle is open on the connection, which was in auto-commit mode when they came to share it:
	 * what it left open is settled as at any handle's close (a JDBC transaction rolled back, the
	 * connection retired at the unit's end), and auto-commit is switched on again, through the pool's
	 * connection so that the pool's view follows.
	 */
	void afterHandleBeside(ManagedConnection connection) {
		try {
			if (connection.isBroken() || connection.pooled.getAutoCommit()) {
				return;
			}
			HandleClose action = this.policy.atHandleClose(transactionState(connection));
			if (action != HandleClose.RESTORE) {
				connection.pooled.rollback();
			}
			if (action == HandleClose.ROLL_BACK_AND_RETIRE) {
				connection.markTransactionLeftOpen();
			}
			connection.pooled.setAutoCommit(true);
		}
		catch (SQLException | RuntimeException | Error ex) {
			logger.debug("Failed to settle what a handle of DataSource '" + this.context.name + "' left", ex);
			// what it left may still be open: the unit must not go on with the connection
			connection.markBroken();
			if (ex instanceof Error error) {
				throw error;
			}
		}
	}

	/**
	 * Settle a connection at the end of its use: back to the pool open, with its session state put
	 * back, or closed physically. Whatever is thrown, the connection is returned or closed exactly
	 * once; nothing is thrown for the connection's sake, since the work is done.
	 */
	void release(ManagedConnection connection) {
		if (!connection.markReleased()) {
			return;
		}
		PhysicalConnection physical = connection.physical;
		// closed unless every step below completes: an Error half-way must not hand the connection on
		CloseReason reason = CloseReason.ERROR;
		try {
			// the clock read once, and only where the rules use it
			boolean clock = this.policy.readsClock();
			long now = clock ? System.nanoTime() : 0;
			CloseReason decided = decide(connection, clock ? physical.ageNanos(now) : 0);
			if (decided == null && !restoreSession(connection)) {
				decided = this.policy.afterFailedRestore();
			}
			if (decided == null && !connection.errorSeen() && clock) {
				physical.succeeded(now);
			}
			reason = decided;
		}
		finally {
			// idle only once settled, and before the pool can hand it to someone else
			physical.unitEnded();
			if (reason == null && this.context.isShutDown()) {
				// the application stopped while this was settled (a session reset takes a round trip),
				// after the shutdown closed the idle ones: closed as they were, not given back open
				reason = this.policy.atShutdown();
			}
			if (reason == null) {
				this.context.giveBack(connection.pooled);
			}
			else {
				this.context.closePhysically(connection.pooled, connection.raw, physical, reason);
			}
		}
	}

	private CloseReason decide(ManagedConnection connection, long ageNanos) {
		boolean broken = connection.isBroken();
		TransactionState open = TransactionState.NONE;
		boolean unusable = false;
		try {
			if (!broken) {
				open = transactionState(connection);
				if (open != TransactionState.NONE) {
					rollback(connection.raw);
				}
				unusable = this.policy.usabilityCheckDue(connection.errorSeen())
						&& !this.context.isUsable(connection.raw);
			}
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Connection of DataSource '" + this.context.name + "' failed at the end of its unit of work",
					ex);
			broken = true;
		}
		PhysicalConnection physical = connection.physical;
		return this.policy.atUnitEnd(new UnitEnd(ageNanos, physical.jitterDraw(), broken, unusable, open,
				connection.transactionLeftOpen(), physical.retirementRequested(), connection.unitScoped,
				this.context.isShutDown()));
	}

	/**
	 * Whether another handle may be opened on a connection beside the one open on it: only while it is
	 * in auto-commit mode (the open handle is held between transactions, as JPA's open-in-view holds
	 * the entity manager's connection), so that the new handle's statements join no transaction of
	 * the open handle's; a transaction begun in SQL belongs to the unit, as it does with no handle
	 * open. With auto-commit off a transaction may have begun with no statement run yet (Spring's
	 * transaction managers switch it off to begin one, a {@code REQUIRES_NEW} method may come before
	 * the outer transaction's first statement), which no driver can tell from none: the new handle
	 * then needs a connection of its own.
	 */
	boolean mayShare(ManagedConnection connection) {
		if (connection.isBroken()) {
			return false;
		}
		try {
			// a stream being read on it (MySQL Connector/J refuses any statement beside one): the call
			// gets a connection of its own, as it would from the pool alone
			Connection raw = connection.raw;
			return raw.getAutoCommit() && !this.context.driver(raw).streamingResultOpen(raw);
		}
		catch (SQLException | RuntimeException ex) {
			return false;
		}
	}

	/** Whether a transaction begun in SQL is open on the connection, auto-commit being on. */
	boolean inSqlTransaction(ManagedConnection connection) throws SQLException {
		return transactionState(connection) == TransactionState.SQL;
	}

	private TransactionState transactionState(ManagedConnection connection) throws SQLException {
		Connection raw = connection.raw;
		DriverSupport driver = this.context.driver(raw);
		// after a failed statement the driver's status may be stale (a procedure that wrote, then
		// failed, left its write in a transaction the status does not show): asked of the server
		boolean inTransaction = connection.takeStatementFailed() ? driver.inTransactionAfterError(raw)
				: driver.inTransaction(raw);
		return inTransaction ? TransactionState.of(true, raw.getAutoCommit(), connection.poolAutoCommit)
				: TransactionState.NONE;
	}

	/**
	 * Put back the JDBC-level state the unit changed and, when the policy says so, reset the
	 * SQL-level session state.
	 * @return {@code false} when that failed and the connection must not be handed on
	 */
	private boolean restoreSession(ManagedConnection connection) {
		try {
			connection.restoreJdbcState();
			if (this.policy.sessionResetDue(this.context.sessionPolicy.reset(), connection.sessionChangeSeen())) {
				resetSession(connection);
			}
			return true;
		}
		catch (SQLException | RuntimeException ex) {
			reportRestoreFailure(ex);
			return false;
		}
	}

	private void reportRestoreFailure(Exception ex) {
		String message = "Failed to restore the session of a connection of DataSource '" + this.context.name
				+ "', so it is closed rather than handed on: " + ex.getMessage();
		if (ex instanceof SQLException sql && SqlErrors.classify(sql) == SqlErrors.Kind.CONNECTION_LOST) {
			// the connection died meanwhile, as any may: nothing about the configuration to tell
			logger.debug(message, ex);
			return;
		}
		if (!this.restoreFailureReported) {
			// once at WARN, so that a configuration that defeats every reset is seen
			this.restoreFailureReported = true;
			logger.warn(message);
		}
		logger.debug(message, ex);
	}

	private void resetSession(ManagedConnection connection) throws SQLException {
		Connection raw = connection.raw;
		PoolSupport pool = this.context.pool(connection.physical);
		boolean reset = DriverSupport.outsideTransaction(raw, () -> {
			List<String> resetSql = this.context.sessionPolicy.resetSql();
			if (!resetSql.isEmpty()) {
				DriverSupport.execute(raw, resetSql);
			}
			else if (!this.context.driver(raw).resetSession(raw, connection.physical.sessionBaseline())) {
				return false;
			}
			// the reset undid what the pool set up when it opened the connection: the JDBC-level state
			// it configures and its connection-init-sql, auto-commit last; with auto-commit on until
			// then, since in a pool with it off setting the schema would open a transaction, in which
			// the isolation can no longer be set
			pool.restoreConfiguredState(raw);
			return true;
		});
		if (!reset) {
			reportNoReset();
		}
	}

	private void reportNoReset() {
		if (!this.noResetReported) {
			this.noResetReported = true;
			logger.warn("DataSource '" + this.context.name + "': no session reset is known for this database; "
					+ "set db.session-reset-sql, or db.session-reset=never to silence this warning");
		}
	}

	/** Roll back, also a transaction begun in SQL, which JDBC's {@code rollback()} ignores. */
	private static void rollback(Connection raw) throws SQLException {
		if (!raw.getAutoCommit()) {
			raw.rollback();
			return;
		}
		try (Statement statement = raw.createStatement()) {
			statement.execute("ROLLBACK");
		}
	}

}
