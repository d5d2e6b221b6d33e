package dev.dbconn.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.dbconn.lifecycle.CloseReason;
import dev.dbconn.lifecycle.LifecyclePolicy;
import dev.dbconn.lifecycle.LifecyclePolicy.EndState;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A {@link DataSource} that gives the connections of the DataSource it wraps (usually HikariCP's
 * pool) Django's persistent-connection lifecycle.
 * <p>
 * Inside a {@link UnitOfWork} the first {@link #getConnection()} borrows a physical connection and
 * binds it to the unit; later calls get a new handle onto the same connection, as long as no other
 * handle on it is open. A call that overlaps an open handle (a {@code REQUIRES_NEW} transaction
 * inside another) gets a connection of its own, settled when its handle is closed. When the unit
 * ends, each connection goes back to the pool still open, or is closed and removed from the pool,
 * as the {@link LifecyclePolicy} decides. Outside a unit of work each borrowed connection is a unit
 * of its own.
 */
public class LifecycleDataSource extends DelegatingDataSource {

	private static final Log logger = LogFactory.getLog(LifecycleDataSource.class);

	// Each attempt closes one stale connection; this many in a row means something else is wrong.
	private static final int MAX_ACQUIRE_ATTEMPTS = 100;

	private final String name;

	private final LifecyclePolicy policy;

	private final ConnectionRegistry registry = new ConnectionRegistry();

	private final int healthCheckTimeoutSeconds;

	private volatile TransactionProbe transactionProbe;

	private volatile PhysicalCloser closer;

	/**
	 * Create a new instance.
	 * @param target the DataSource whose connections to manage
	 * @param name the name of the DataSource, e.g. its bean name
	 * @param policy the lifecycle rules
	 */
	public LifecycleDataSource(DataSource target, String name, LifecyclePolicy policy) {
		super(target);
		this.name = name;
		this.policy = policy;
		this.healthCheckTimeoutSeconds = (int) Math.max(1,
				Math.min(Integer.MAX_VALUE, (policy.healthCheckTimeout().toMillis() + 999) / 1000));
	}

	/**
	 * The name of this DataSource.
	 * @return the name, e.g. the bean name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * The lifecycle rules this DataSource applies.
	 * @return the policy
	 */
	public LifecyclePolicy getPolicy() {
		return this.policy;
	}

	@Override
	public Connection getConnection() throws SQLException {
		UnitOfWork unit = UnitOfWork.current();
		if (unit == null) {
			return acquire(false, true).openHandle();
		}
		ManagedConnection bound = unit.boundTo(this);
		if (bound != null && bound.hasOpenHandle()) {
			// overlapping use, e.g. REQUIRES_NEW: never share a connection that may be in a transaction
			return acquire(true, true).openHandle();
		}
		if (bound != null && !bound.isBroken()) {
			return bound.openHandle();
		}
		if (bound != null) {
			// the server dropped it earlier in this unit: replace it rather than fail again
			unit.unbind(bound);
			release(bound);
		}
		ManagedConnection connection = acquire(true, false);
		unit.bind(connection);
		return connection.openHandle();
	}

	/**
	 * Borrow a connection for the given credentials straight from the target DataSource, outside the
	 * lifecycle: connections for other users are never kept between units of work.
	 */
	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return obtainTargetDataSource().getConnection(username, password);
	}

	private ManagedConnection acquire(boolean unitScoped, boolean releaseWithHandle) throws SQLException {
		for (int attempt = 1;; attempt++) {
			Connection pooled = obtainTargetDataSource().getConnection();
			try {
				Connection raw = driverConnection(pooled);
				PhysicalConnection physical = this.registry.find(raw);
				boolean reused = physical != null;
				if (!reused) {
					physical = this.registry.register(raw);
				}
				else {
					CloseReason reason = this.policy.beforeReuse(physical.ageNanos());
					if (reason == null && this.policy.checkBeforeUse(false) && !isUsable(pooled)) {
						reason = CloseReason.HEALTH_CHECK;
					}
					if (reason != null) {
						closePhysically(pooled, raw, reason);
						if (attempt >= MAX_ACQUIRE_ATTEMPTS) {
							throw new SQLTransientConnectionException("DataSource '" + this.name
									+ "' handed out " + attempt + " unusable connections in a row", "08001");
						}
						continue;
					}
				}
				physical.unitStarted();
				return new ManagedConnection(this, pooled, raw, physical, reused, unitScoped, releaseWithHandle);
			}
			catch (SQLException | RuntimeException ex) {
				closeQuietly(pooled);
				throw ex;
			}
		}
	}

	/**
	 * Settle a connection at the end of its unit of work: keep it (back to the pool, open) or close
	 * it physically, as the policy decides. Never throws for the connection's sake: the work is done.
	 */
	void release(ManagedConnection connection) {
		if (!connection.markReleased()) {
			return;
		}
		EndState state = endState(connection);
		CloseReason reason = this.policy.atUnitEnd(connection.physical.ageNanos(), state, connection.unitScoped);
		if (reason == null) {
			closeQuietly(connection.pooled);
		}
		else {
			closePhysically(connection.pooled, connection.raw, reason);
		}
	}

	private EndState endState(ManagedConnection connection) {
		Connection pooled = connection.pooled;
		try {
			if (connection.isBroken() || pooled.isClosed()) {
				return EndState.BROKEN;
			}
			if (transactionProbe(pooled).inTransaction(pooled)) {
				rollback(pooled);
				return EndState.IN_TRANSACTION;
			}
			if (connection.errorSeen() && !isUsable(pooled)) {
				return EndState.BROKEN;
			}
			return EndState.CLEAN;
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Connection of DataSource '" + this.name + "' failed at the end of its unit of work", ex);
			return EndState.BROKEN;
		}
	}

	private void rollback(Connection pooled) throws SQLException {
		if (!pooled.getAutoCommit()) {
			pooled.rollback();
		}
		else {
			// a transaction begun in SQL; JDBC's rollback() refuses to act with auto-commit on
			try (Statement statement = pooled.createStatement()) {
				statement.execute("ROLLBACK");
			}
		}
	}

	private boolean isUsable(Connection pooled) {
		try {
			return pooled.isValid(this.healthCheckTimeoutSeconds);
		}
		catch (SQLException | RuntimeException ex) {
			return false;
		}
	}

	private void closePhysically(Connection pooled, Connection raw, CloseReason reason) {
		this.registry.forget(raw);
		try {
			closer().close(pooled, raw);
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Failed to close connection of DataSource '" + this.name + "'", ex);
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Closed connection of DataSource '" + this.name + "' (" + reason.tag() + ")");
		}
	}

	private static Connection driverConnection(Connection pooled) {
		try {
			Connection raw = pooled.unwrap(Connection.class);
			return (raw != null) ? raw : pooled;
		}
		catch (SQLException ex) {
			return pooled;
		}
	}

	private static void closeQuietly(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Failed to return connection to the pool", ex);
		}
	}

	private TransactionProbe transactionProbe(Connection pooled) throws SQLException {
		TransactionProbe probe = this.transactionProbe;
		if (probe == null) {
			probe = TransactionProbe.forConnection(pooled);
			this.transactionProbe = probe;
		}
		return probe;
	}

	private PhysicalCloser closer() throws SQLException {
		PhysicalCloser closer = this.closer;
		if (closer == null) {
			closer = PhysicalCloser.forTarget(obtainTargetDataSource());
			this.closer = closer;
		}
		return closer;
	}

	@Override
	public String toString() {
		return "LifecycleDataSource '" + this.name + "' (" + this.policy + ") over " + getTargetDataSource();
	}

}
