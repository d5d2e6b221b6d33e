package dev.dbconn.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import dev.dbconn.lifecycle.CloseReason;
import dev.dbconn.lifecycle.LifecyclePolicy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Carries out {@link UnitOfWork#closeOldConnections()} for one connection a unit of work holds:
 * observes it, asks the {@link LifecyclePolicy}, and closes it when the policy says so.
 */
final class OldConnections {

	private static final Log logger = LogFactory.getLog(LifecycleDataSource.class);

	private OldConnections() {
	}

	/**
	 * Close a connection the current unit holds if it is past its age or unusable.
	 * @param connection the connection
	 * @return {@code true} when it was closed; the unit lets go of it unless only dbconn saw it fail
	 * ({@link ManagedConnection#brokenUnseen()}), when the unit's next {@code getConnection()} must
	 * fail once instead of replacing it unawares
	 */
	static boolean closeIfOld(ManagedConnection connection) {
		LifecycleContext context = connection.settler.context();
		LifecyclePolicy policy = context.policy;
		if (connection.hasOpenHandle() || connection.isReleased()) {
			// closed already, kept bound for the unit's next getConnection() to fail once
			return false;
		}
		Connection raw = connection.raw;
		PhysicalConnection physical = connection.physical;
		boolean broken = connection.isBroken();
		boolean unusable = false;
		if (!broken) {
			try {
				if (!policy.closeOldConnectionsMayJudge(false, context.driver(raw).inTransaction(raw))) {
					return false;
				}
			}
			catch (SQLException | RuntimeException ex) {
				logger.debug("Connection of DataSource '" + context.name + "' failed when its unit of work "
						+ "closed old connections", ex);
				// the unit may be inside a transaction begun in SQL, which the server lost with it
				connection.markBrokenUnseen();
				broken = true;
			}
		}
		if (!broken && policy.usabilityCheckDue(connection.errorSeen())) {
			unusable = !context.isUsable(raw);
			if (!unusable) {
				connection.clearErrorSeen();
			}
		}
		CloseReason reason = policy.atCloseOldConnections(physical.ageNanos(), physical.jitterDraw(), broken, unusable,
				physical.retirementRequested());
		// Django checks again at the next use after close_old_connections(); here the check is made now
		if (reason == null && policy.healthCheckDue(false, physical.nanosSinceLastSuccess())) {
			long start = System.nanoTime();
			boolean passed = context.isUsable(raw);
			long end = System.nanoTime();
			context.events.healthChecked(physical, passed, end - start);
			reason = passed ? null : CloseReason.HEALTH_CHECK;
			if (passed) {
				// a loop that calls this in one long unit (which records its success only when it ends)
				// is checked once per db.health-check-window, not at every call
				physical.succeeded(end);
			}
		}
		if (reason == null) {
			return false;
		}
		connection.closeNow(reason);
		return true;
	}

}
