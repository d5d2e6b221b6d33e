package dev.dbconn.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.dbconn.jdbc.driver.DriverSupport;
import dev.dbconn.jdbc.pool.DirectConnections;
import dev.dbconn.jdbc.pool.PoolSupport;
import dev.dbconn.lifecycle.CloseReason;
import dev.dbconn.lifecycle.LifecyclePolicy;
import dev.dbconn.lifecycle.SessionPolicy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What the parts of one {@link LifecycleDataSource} share: its rules, the pool behind it, the
 * physical connections it knows and what it reports, with the few operations they all need.
 */
final class LifecycleContext {

	private static final Log logger = LogFactory.getLog(LifecycleDataSource.class);

	final String name;

	final LifecyclePolicy policy;

	final SessionPolicy sessionPolicy;

	final ConnectionRegistry registry = new ConnectionRegistry();

	final LifecycleEvents events = new LifecycleEvents();

	final FindingsLog findings;

	private final Supplier<DataSource> target;

	private final int healthCheckTimeoutSeconds;

	private volatile DriverSupport driverSupport;

	private volatile PoolSupport poolSupport;

	private volatile DirectConnections directConnections;

	private volatile boolean directResolved;

	LifecycleContext(String name, LifecyclePolicy policy, SessionPolicy sessionPolicy, Supplier<DataSource> target) {
		this.name = name;
		this.policy = policy;
		this.sessionPolicy = sessionPolicy;
		this.target = target;
		this.findings = new FindingsLog(name);
		// JDBC counts whole seconds; round up so that a check is never cut shorter than configured
		long millis = policy.healthCheckTimeout().toMillis();
		this.healthCheckTimeoutSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (millis + 999) / 1000));
	}

	/**
	 * Borrow a connection: from the pool, or, for a unit of work under a zero maximum age, one opened
	 * on this thread (see {@link DirectConnections}: the pool would open its replacement serially).
	 */
	Connection borrow(boolean unitScoped) throws SQLException {
		if (unitScoped && this.policy.maxAge().isZero()) {
			DirectConnections direct = direct();
			if (direct != null) {
				return direct.open();
			}
		}
		return this.target.get().getConnection();
	}

	/** Whether the connection was opened for its unit of work just now, rather than by the pool. */
	boolean isDirect(Connection raw) {
		DirectConnections direct = this.directConnections;
		return direct != null && direct.owns(raw);
	}

	private DirectConnections direct() throws SQLException {
		DirectConnections current = this.directConnections;
		if (current != null && !current.isCurrentFor(this.target.get())) {
			// the pool was replaced: connections opened for the old one close as plain driver connections
			this.directResolved = false;
		}
		if (!this.directResolved) {
			synchronized (this) {
				if (!this.directResolved) {
					this.directConnections = DirectConnections.forTarget(this.target.get(), this.name);
					this.directResolved = true;
					if (this.directConnections != null) {
						logger.info("DataSource '" + this.name + "': db.conn-max-age is 0, so each request opens its "
								+ "own connection on its own thread (at most the pool's maximum-pool-size at once) "
								+ "and closes it at its end; the pool keeps no idle connections for them "
								+ "(minimum-idle 0)");
					}
				}
			}
		}
		return this.directConnections;
	}

	DriverSupport driver(Connection connection) throws SQLException {
		DriverSupport support = this.driverSupport;
		if (support == null) {
			support = DriverSupport.forConnection(connection);
			this.driverSupport = support;
		}
		return support;
	}

	/** The support for the pool behind the target now, which a scoped or refreshable bean may replace. */
	PoolSupport pool() throws SQLException {
		PoolSupport support = this.poolSupport;
		DataSource target = this.target.get();
		if (support == null || !support.isCurrentFor(target)) {
			support = PoolSupport.forTarget(target);
			this.poolSupport = support;
		}
		return support;
	}

	/** The support for the pool a connection came from: the one it is closed through. */
	PoolSupport pool(PhysicalConnection physical) throws SQLException {
		PoolSupport support = physical.pool();
		return (support != null) ? support : pool();
	}

	/** JDBC's {@code isValid} within the health-check timeout; Django's {@code is_usable()}. */
	boolean isUsable(Connection raw) {
		try {
			return raw.isValid(this.healthCheckTimeoutSeconds);
		}
		catch (SQLException | RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Close a connection physically and remove it from the pool, counting the close once. Never
	 * throws: the connection is gone either way.
	 */
	void closePhysically(Connection pooled, Connection raw, PhysicalConnection physical, CloseReason reason) {
		this.registry.forget(raw);
		try {
			if (isDirect(raw)) {
				this.directConnections.close(raw);
			}
			else {
				pool(physical).closePhysically(pooled, raw);
			}
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Failed to close connection of DataSource '" + this.name + "'", ex);
		}
		finally {
			// counted once the pool's slot is free, whatever an observer then does
			this.events.closed(physical, reason);
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Closed connection of DataSource '" + this.name + "' (" + reason.tag() + ")");
		}
	}

	/** Give a connection back to the pool, open, or close it if it was opened directly. Never throws. */
	void giveBack(Connection pooled) {
		if (isDirect(pooled)) {
			this.directConnections.close(pooled);
			return;
		}
		returnToPool(pooled);
	}

	private static void returnToPool(Connection pooled) {
		try {
			pooled.close();
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Failed to return connection to the pool", ex);
		}
	}

	/** The driver's connection behind the pool's, which identifies the physical connection. */
	static Connection driverConnection(Connection pooled) {
		try {
			Connection raw = pooled.unwrap(Connection.class);
			return (raw != null) ? raw : pooled;
		}
		catch (SQLException ex) {
			return pooled;
		}
	}

}
