package dev.dbconn.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.dbconn.jdbc.pool.PoolSupport;
import dev.dbconn.lifecycle.CloseReason;
import dev.dbconn.lifecycle.LifecyclePolicy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Closes connections kept in the pool, which no unit of work holds: the ones past their age limit
 * (retirement without traffic), and all of them when the application shuts down. A pool lets a
 * connection be closed only while it is borrowed, so each idle connection is borrowed for an instant:
 * the ones to close are closed through the pool, the others are given back once the pool has lent
 * every idle connection it had, so that it does not lend the same one twice.
 */
final class IdleConnections {

	private static final Log logger = LogFactory.getLog(LifecycleDataSource.class);

	private IdleConnections() {
	}

	/**
	 * Close the idle connections past their age limit, as {@link LifecyclePolicy#whileIdle} says.
	 * @return how long until the next connection known now reaches its age limit, or the policy's
	 * longest pause between two looks if that is sooner
	 */
	static long retire(LifecycleContext context) {
		LifecyclePolicy policy = context.policy;
		long next = policy.longestRetirementPauseNanos();
		int due = 0;
		for (PhysicalConnection physical : context.registry.snapshot().values()) {
			long remaining = policy.nanosUntilAgeLimit(physical.ageNanos(), physical.jitterDraw());
			if (remaining > 0) {
				next = Math.min(next, remaining);
			}
			else if (!physical.inUse()) {
				due++;
			}
			// one in use past its limit is closed when its unit of work ends
		}
		if (due > 0 && !context.isShutDown()) {
			close(context, due, (physical) -> policy.whileIdle(physical.ageNanos(), physical.jitterDraw()));
		}
		return next;
	}

	/**
	 * Close every idle connection dbconn knows, counted as {@link LifecyclePolicy#atShutdown()}.
	 * @return the number closed
	 */
	static int closeAtShutdown(LifecycleContext context) {
		int idle = 0;
		for (PhysicalConnection physical : context.registry.snapshot().values()) {
			idle += physical.inUse() ? 0 : 1;
		}
		CloseReason reason = context.policy.atShutdown();
		return (idle > 0) ? close(context, idle, (physical) -> reason) : 0;
	}

	/**
	 * Close every idle connection dbconn knows whose retirement was requested, counted as
	 * {@link CloseReason#EXPLICIT}.
	 * @return the number closed
	 */
	static int closeRetirementRequested(LifecycleContext context) {
		int idle = 0;
		for (PhysicalConnection physical : context.registry.snapshot().values()) {
			idle += (!physical.inUse() && physical.retirementRequested()) ? 1 : 0;
		}
		return (idle > 0) ? close(context, idle,
				(physical) -> physical.retirementRequested() ? CloseReason.EXPLICIT : null) : 0;
	}

	/**
	 * Borrow idle connections until {@code wanted} of them have been closed or none is left idle.
	 * @param judge why to close a connection dbconn knows, or {@code null} to give it back
	 */
	private static int close(LifecycleContext context, int wanted, Function<PhysicalConnection, CloseReason> judge) {
		List<Connection> passed = new ArrayList<>();
		int closed = 0;
		try {
			PoolSupport pool = context.pool();
			// a busy pool gets connections back all the time: look at no more than it holds
			int borrows = Math.max(wanted, pool.settings().maximumPoolSize());
			for (int i = 0; i < borrows && closed < wanted; i++) {
				Connection pooled = pool.borrowIdle();
				if (pooled == null) {
					break;
				}
				// given back at the end unless closed below, whatever is thrown meanwhile
				passed.add(pooled);
				Connection raw = LifecycleContext.driverConnection(pooled);
				PhysicalConnection physical = context.registry.find(raw);
				// lent by the pool, so no unit of work holds it; never judge one that says otherwise
				CloseReason reason = (physical != null && !physical.inUse()) ? judge.apply(physical) : null;
				if (reason != null) {
					passed.remove(passed.size() - 1);
					context.closePhysically(pooled, raw, physical, reason);
					closed++;
				}
			}
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Failed to close idle connections of DataSource '" + context.name + "'", ex);
		}
		finally {
			passed.forEach(context::giveBack);
		}
		return closed;
	}

}
