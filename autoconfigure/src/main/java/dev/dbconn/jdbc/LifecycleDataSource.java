package dev.dbconn.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import dev.dbconn.jdbc.driver.DriverSupport;
import dev.dbconn.jdbc.driver.ServerLimits;
import dev.dbconn.jdbc.pool.PoolSettings;
import dev.dbconn.lifecycle.ConfigurationReview;
import dev.dbconn.lifecycle.Finding;
import dev.dbconn.lifecycle.LifecyclePolicy;
import dev.dbconn.lifecycle.SessionPolicy;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A {@link DataSource} that gives the connections of the DataSource it wraps (usually HikariCP's
 * pool) Django's persistent-connection lifecycle.
 * <p>
 * Inside a {@link UnitOfWork} the first {@link #getConnection()} borrows a physical connection and
 * binds it to the unit; later calls get a new handle onto the same connection, also beside a handle
 * still open on it (JPA's open-in-view holds one through the request) as long as it is in
 * auto-commit mode. A call that overlaps an open handle with auto-commit off (a
 * {@code REQUIRES_NEW} transaction inside another, also before the outer one's first statement)
 * gets a connection of its own, settled when its handle is closed. When the unit
 * ends, each connection goes back to the pool still open, with its session state put back, or is
 * closed and removed from the pool, as the {@link LifecyclePolicy} decides. Outside a unit of work
 * each borrowed connection is a unit of its own.
 */
public class LifecycleDataSource extends DelegatingDataSource {

	private final LifecycleContext context;

	private final ConnectionSettler settler;

	private final ConnectionAcquirer acquirer;

	/**
	 * Create a new instance with the default session policy.
	 * @param target the DataSource whose connections to manage
	 * @param name the name of the DataSource, e.g. its bean name
	 * @param policy the lifecycle rules
	 */
	public LifecycleDataSource(DataSource target, String name, LifecyclePolicy policy) {
		this(target, name, policy, SessionPolicy.DEFAULTS);
	}

	/**
	 * Create a new instance.
	 * @param target the DataSource whose connections to manage
	 * @param name the name of the DataSource, e.g. its bean name
	 * @param policy the lifecycle rules
	 * @param sessionPolicy how session state is reset, forced and checked
	 */
	public LifecycleDataSource(DataSource target, String name, LifecyclePolicy policy, SessionPolicy sessionPolicy) {
		super(target);
		this.context = new LifecycleContext(name, policy, sessionPolicy, this::obtainTargetDataSource);
		this.settler = new ConnectionSettler(this.context);
		this.acquirer = new ConnectionAcquirer(this.context, this.settler);
	}

	/**
	 * The name of this DataSource.
	 * @return the name, e.g. the bean name
	 */
	public String getName() {
		return this.context.name;
	}

	/**
	 * The lifecycle rules this DataSource applies.
	 * @return the policy
	 */
	public LifecyclePolicy getPolicy() {
		return this.context.policy;
	}

	/**
	 * How this DataSource resets, forces and checks session state.
	 * @return the session policy
	 */
	public SessionPolicy getSessionPolicy() {
		return this.context.sessionPolicy;
	}

	/**
	 * What this DataSource did with its connections since it started.
	 * @return the counters
	 */
	public ConnectionStatistics getStatistics() {
		return this.context.events.statistics;
	}

	/**
	 * Be told of health checks and closes, with their measurements.
	 * @param observer the observer
	 */
	public void addObserver(LifecycleObserver observer) {
		this.context.events.addObserver(observer);
	}

	/**
	 * The physical connections this DataSource knows now: the ones a unit of work holds and the
	 * ones kept in the pool.
	 * @return the connections, oldest first
	 */
	public List<ConnectionSnapshot> getConnections() {
		List<ConnectionSnapshot> connections = new ArrayList<>();
		for (PhysicalConnection physical : this.context.registry.snapshot().values()) {
			connections.add(physical.snapshot());
		}
		connections.sort((a, b) -> b.age().compareTo(a.age()));
		return connections;
	}

	/**
	 * The settings of the pool behind this DataSource that bear on the lifecycle.
	 * @return the settings, with unknowns where the pool does not say
	 */
	public PoolSettings getPoolSettings() {
		try {
			return this.context.pool().settings();
		}
		catch (SQLException ex) {
			return PoolSettings.UNKNOWN;
		}
	}

	/**
	 * What {@link #review} found about this DataSource's configuration, and any encoding problem found
	 * at its first connection.
	 * @return the findings
	 */
	public List<Finding> getFindings() {
		return this.context.findings.all();
	}

	/**
	 * Close the connections kept in the pool now (after a database failover, say); the ones in use
	 * are closed when their unit of work ends.
	 * @return the number of idle connections closed
	 */
	public int closeIdleConnections() {
		// in use: closed and counted when its unit of work ends; idle: borrowed and closed through dbconn,
		// so that a connection lent meanwhile is neither closed under a request nor closed uncounted
		this.context.registry.snapshot().values().forEach(PhysicalConnection::requestRetirement);
		return IdleConnections.closeRetirementRequested(this.context);
	}

	/**
	 * Close the connections kept in the pool, counted as {@code shutdown}, and from now on keep none:
	 * a connection still in use is closed when its unit of work ends. Stops the thread that closes
	 * the connections opened directly under a zero maximum age. For when the application stops,
	 * before the pool is closed; the pool itself is left to its owner.
	 * @return the number of idle connections closed
	 */
	public int shutdown() {
		this.context.shutDown();
		return IdleConnections.closeAtShutdown(this.context);
	}

	/**
	 * Retirement without traffic (see {@link ConnectionRetirement}): close the idle connections past
	 * their age limit.
	 * @return nanoseconds until this DataSource wants to be looked at again
	 */
	long retireIdleConnections() {
		return IdleConnections.retire(this.context);
	}

	/**
	 * Check this DataSource against its pool, the servlet container and the database server, and its
	 * encodings, logging each finding once. Borrows one connection. Under {@code conn-max-age: 0} the
	 * pool keeps no idle connections from then on, and closes those start-up work left in it.
	 * @param maxWorkerThreads the servlet container's maximum worker threads, {@code -1} when
	 * unbounded or not a web application
	 * @param longestRequest the longest a request is expected to take
	 * @param property the property that sets one of this DataSource's settings, from the setting's
	 * name ({@code conn-max-age}), for the fixes the findings suggest
	 * @param openInView whether JPA's open-in-view holds an entity manager's connection through each
	 * request: a finding when the pool's auto-commit is off, since a request's other JDBC use can then
	 * never share that connection
	 * @return the findings
	 * @throws EncodingMismatchException when {@code db.encoding-check} is {@code fail} and an encoding
	 * is wrong
	 * @throws SQLException when no connection can be had
	 */
	public List<Finding> review(int maxWorkerThreads, Duration longestRequest, UnaryOperator<String> property,
			boolean openInView) throws SQLException {
		ServerLimits limits;
		boolean poolAutoCommit;
		try (Connection connection = getConnection()) {
			ManagedConnection managed = connection.unwrap(ManagedConnection.class);
			poolAutoCommit = managed.poolAutoCommit;
			Connection raw = managed.raw;
			DriverSupport driver = this.context.driver(raw);
			limits = DriverSupport.outsideTransaction(raw, () -> driver.serverLimits(raw));
		}
		this.context.prepareDirect();
		PoolSettings pool = getPoolSettings();
		LifecyclePolicy policy = this.context.policy;
		ConfigurationReview review = new ConfigurationReview(policy.maxAge(), policy.healthChecks(),
				pool.maximumPoolSize(), pool.maxLifetime(), pool.leakDetectionThreshold(), maxWorkerThreads,
				longestRequest, limits.connections(), limits.idleTimeout(), limits.idleTimeoutSetting(),
				limits.idleInTransactionTimeout(), limits.throughPooler());
		List<Finding> found = new ArrayList<>(review.findings(property));
		if (openInView && !poolAutoCommit) {
			found.add(ConfigurationReview.openInView());
		}
		return this.context.findings.add(found, "");
	}

	@Override
	public Connection getConnection() throws SQLException {
		ActiveUnit unit = UnitOfWork.current();
		if (unit == null) {
			return this.acquirer.acquire(false, true).openFirstHandle();
		}
		ManagedConnection bound = unit.boundTo(this.settler);
		if (bound != null && bound.hasOpenHandle()) {
			// never broken unseen with a handle open: what the handles leave is settled when the last
			// closes (a handle beside it that leaves a transaction of its own may mark it broken, seen)
			if (this.settler.mayShare(bound)) {
				// held open between transactions (JPA's open-in-view): one connection for the request
				return bound.openHandle();
			}
			// overlapping use with auto-commit off, e.g. REQUIRES_NEW: a connection of its own
			return this.acquirer.acquire(true, true).openFirstHandle();
		}
		if (bound != null && !bound.isBroken()) {
			return bound.openHandle();
		}
		if (bound != null) {
			// the server dropped it earlier in this unit: replace it rather than fail again
			unit.unbind(bound);
			bound.release();
			if (bound.brokenUnseen()) {
				// but fail once if only dbconn saw it go: the unit may have been inside a transaction on
				// it, which the server has rolled back; on a replacement its next statements would run
				// outside it, and its COMMIT would commit nothing
				throw connectionLostUnseen();
			}
		}
		ManagedConnection connection = this.acquirer.acquire(true, false);
		unit.bind(connection);
		// the unit is this thread's until it is handed on, so no other thread reaches the connection yet
		return connection.openFirstHandle();
	}

	private SQLNonTransientConnectionException connectionLostUnseen() {
		return new SQLNonTransientConnectionException("The connection of DataSource '" + this.context.name
				+ "' was lost, or failed as dbconn settled it, after this unit of work's last statement on it, "
				+ "maybe inside a transaction; what the unit did on it may be lost, so it is not replaced within "
				+ "the unit", "08006");
	}

	/**
	 * Borrow a connection for the given credentials straight from the target DataSource, outside the
	 * lifecycle: connections for other users are never kept between units of work.
	 */
	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return obtainTargetDataSource().getConnection(username, password);
	}

	@Override
	public String toString() {
		return "LifecycleDataSource '" + this.context.name + "' (" + this.context.policy + ", "
				+ this.context.sessionPolicy + ") over " + getTargetDataSource();
	}

}
