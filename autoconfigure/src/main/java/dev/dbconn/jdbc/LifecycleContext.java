package dev.dbconn.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

	private final Map<Object, DirectConnections> directByPool = new ConcurrentHashMap<>();

	private volatile DirectConnections lastDirect;

	private volatile boolean shutDown;

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
	boolean isDirect(Connection connection) {
		return directOwner(connection) != null;
	}

	private DirectConnections directOwner(Connection connection) {
		if (this.directByPool.isEmpty()) {
			// a positive maximum age: no iterator made for every connection given back
			return null;
		}
		for (DirectConnections direct : this.directByPool.values()) {
			if (direct.owns(connection)) {
				return direct;
			}
		}
		return null;
	}

	/**
	 * Under {@code conn-max-age: 0}, set up the direct connections now rather than at the first unit
	 * of work: the pool stops keeping idle connections and closes those that work before it (a
	 * migration at start-up) left there.
	 */
	void prepareDirect() throws SQLException {
		if (this.policy.maxAge().isZero()) {
			direct();
		}
	}

	/**
	 * The direct connections of the pool behind the target now. A scoped target may lead to another
	 * pool on another thread or after a refresh: each pool has its own, within its own maximum.
	 */
	private DirectConnections direct() throws SQLException {
		DataSource target = this.target.get();
		DirectConnections last = this.lastDirect;
		if (last != null && last.isCurrentFor(target)) {
			return last;
		}
		Object pool = DirectConnections.poolOf(target);
		if (pool == null) {
			return null;
		}
		DirectConnections direct = this.directByPool.get(pool);
		List<DirectConnections> done = List.of();
		if (direct == null) {
			synchronized (this.directByPool) {
				direct = this.directByPool.get(pool);
				if (direct == null) {
					direct = DirectConnections.forPool(pool, this.name);
					if (direct == null) {
						return null;
					}
					// those of a pool replaced before (a refreshed scope) that nothing uses any more
					done = removeDone();
					this.directByPool.put(pool, direct);
					if (this.directByPool.size() == 1 && this.lastDirect == null) {
						logger.info("DataSource '" + this.name + "': conn-max-age is 0, so each request opens its "
								+ "own connection on its own thread (at most the pool's maximum-pool-size at once) "
								+ "and closes it at its end; the pool keeps no idle connections for them "
								+ "(minimum-idle 0)");
					}
				}
			}
		}
		this.lastDirect = direct;
		// their closing threads let go, without waiting for them on this thread
		done.forEach(DirectConnections::release);
		return direct;
	}

	private List<DirectConnections> removeDone() {
		List<DirectConnections> done = new ArrayList<>();
		for (Iterator<DirectConnections> all = this.directByPool.values().iterator(); all.hasNext();) {
			DirectConnections direct = all.next();
			if (direct.isDone()) {
				all.remove();
				done.add(direct);
			}
		}
		return done;
	}

	/**
	 * Keep no connection from now on, and stop the thread that closes direct connections once it has
	 * closed the ones handed to it.
	 */
	void shutDown() {
		this.shutDown = true;
		this.directByPool.values().forEach(DirectConnections::shutdown);
	}

	boolean isShutDown() {
		return this.shutDown;
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
			DirectConnections direct = directOwner(pooled);
			if (direct != null) {
				direct.close(pooled);
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
		DirectConnections direct = directOwner(pooled);
		if (direct != null) {
			direct.close(pooled);
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
			if (raw != null && raw != pooled) {
				return raw;
			}
			// the pool's proxy answered for itself (Commons DBCP2 does, with a new proxy per checkout), or
			// this is the driver's own connection: ask the pool, then for the driver's type
			Connection behind = PoolSupport.driverConnectionBehindProxy(pooled);
			if (behind != null) {
				return behind;
			}
			for (Class<? extends Connection> type : DriverSupport.driverConnectionTypes()) {
				if (pooled.isWrapperFor(type)) {
					return pooled.unwrap(type);
				}
			}
			return (raw != null) ? raw : pooled;
		}
		catch (SQLException ex) {
			return pooled;
		}
	}

}
