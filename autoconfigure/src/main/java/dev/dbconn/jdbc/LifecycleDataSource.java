package dev.dbconn.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import dev.dbconn.jdbc.driver.DriverSupport;
import dev.dbconn.jdbc.driver.ServerLimits;
import dev.dbconn.jdbc.pool.PoolSettings;
import dev.dbconn.jdbc.pool.PoolSupport;
import dev.dbconn.lifecycle.CloseReason;
import dev.dbconn.lifecycle.ConfigurationReview;
import dev.dbconn.lifecycle.EncodingCheck;
import dev.dbconn.lifecycle.Finding;
import dev.dbconn.lifecycle.LifecyclePolicy;
import dev.dbconn.lifecycle.LifecyclePolicy.EndState;
import dev.dbconn.lifecycle.SessionPolicy;
import dev.dbconn.lifecycle.SessionReset;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A {@link DataSource} that gives the connections of the DataSource it wraps (usually HikariCP's
 * pool) Django's persistent-connection lifecycle.
 * <p>
 * Inside a {@link UnitOfWork} the first {@link #getConnection()} borrows a physical connection and
 * binds it to the unit; later calls get a new handle onto the same connection, as long as no other
 * handle on it is open. A call that overlaps an open handle (a {@code REQUIRES_NEW} transaction
 * inside another) gets a connection of its own, settled when its handle is closed. When the unit
 * ends, each connection goes back to the pool still open, with its session state put back, or is
 * closed and removed from the pool, as the {@link LifecyclePolicy} decides. Outside a unit of work
 * each borrowed connection is a unit of its own.
 */
public class LifecycleDataSource extends DelegatingDataSource {

	private static final Log logger = LogFactory.getLog(LifecycleDataSource.class);

	// Each attempt closes one stale connection; this many in a row means something else is wrong.
	private static final int MAX_ACQUIRE_ATTEMPTS = 100;

	private final String name;

	private final LifecyclePolicy policy;

	private final SessionPolicy sessionPolicy;

	private final ConnectionRegistry registry = new ConnectionRegistry();

	private final ConnectionStatistics statistics = new ConnectionStatistics();

	private final List<LifecycleObserver> observers = new CopyOnWriteArrayList<>();

	private volatile List<Finding> findings = List.of();

	private final int healthCheckTimeoutSeconds;

	private volatile DriverSupport driverSupport;

	private volatile PoolSupport poolSupport;

	private final AtomicBoolean encodingChecked = new AtomicBoolean();

	private volatile EncodingMismatchException encodingMismatch;

	private volatile boolean noResetReported;

	// Whether kept connections may ever have their session reset, and so need a baseline to restore.
	private final boolean sessionResets;

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
		this.name = name;
		this.policy = policy;
		this.sessionPolicy = sessionPolicy;
		this.sessionResets = sessionPolicy.reset() != SessionReset.NEVER && sessionPolicy.resetSql().isEmpty();
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

	/**
	 * How this DataSource resets, forces and checks session state.
	 * @return the session policy
	 */
	public SessionPolicy getSessionPolicy() {
		return this.sessionPolicy;
	}

	/**
	 * What this DataSource did with its connections since it started.
	 * @return the counters
	 */
	public ConnectionStatistics getStatistics() {
		return this.statistics;
	}

	/**
	 * Be told of health checks and closes, with their measurements.
	 * @param observer the observer
	 */
	public void addObserver(LifecycleObserver observer) {
		this.observers.add(observer);
	}

	/**
	 * The physical connections this DataSource knows now: the ones a unit of work holds and the
	 * ones kept in the pool.
	 * @return the connections, oldest first
	 */
	public List<ConnectionSnapshot> getConnections() {
		List<ConnectionSnapshot> connections = new ArrayList<>();
		for (PhysicalConnection physical : this.registry.snapshot().values()) {
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
			return poolSupport().settings();
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
		return this.findings;
	}

	/**
	 * Close the connections kept in the pool now (after a database failover, say); the ones in use
	 * are closed when their unit of work ends.
	 * @return the number of idle connections closed
	 */
	public int closeIdleConnections() {
		int closed = 0;
		Map<Connection, PhysicalConnection> known = this.registry.snapshot();
		known.values().forEach(PhysicalConnection::requestRetirement);
		boolean evicted;
		try {
			evicted = poolSupport().evictIdle();
		}
		catch (SQLException ex) {
			evicted = false;
		}
		if (evicted) {
			for (Map.Entry<Connection, PhysicalConnection> entry : known.entrySet()) {
				if (!entry.getValue().inUse() && entry.getValue().markClosed()) {
					this.registry.forget(entry.getKey());
					this.statistics.recordClose(CloseReason.EXPLICIT);
					notifyClosed(entry.getValue(), CloseReason.EXPLICIT);
					closed++;
				}
			}
		}
		return closed;
	}

	/**
	 * Check this DataSource against its pool, the servlet container and the database server, and its
	 * encodings, logging each finding once. Borrows one connection.
	 * @param maxWorkerThreads the servlet container's maximum worker threads, {@code -1} when
	 * unbounded or not a web application
	 * @param longestRequest the longest a request is expected to take
	 * @return the findings
	 * @throws EncodingMismatchException when {@code db.encoding-check} is {@code fail} and an encoding
	 * is wrong
	 * @throws SQLException when no connection can be had
	 */
	public List<Finding> review(int maxWorkerThreads, Duration longestRequest) throws SQLException {
		ServerLimits limits;
		try (Connection connection = getConnection()) {
			Connection pooled = connection.unwrap(ManagedConnection.class).pooled;
			limits = driverSupport(pooled).serverLimits(pooled);
		}
		PoolSettings pool = getPoolSettings();
		ConfigurationReview review = new ConfigurationReview(this.policy.maxAge(), this.policy.healthChecks(),
				pool.maximumPoolSize(), pool.maxLifetime(), pool.leakDetectionThreshold(), maxWorkerThreads,
				longestRequest, limits.connections(), limits.idleTimeout(), limits.idleTimeoutSetting(),
				limits.idleInTransactionTimeout());
		return addFindings(review.findings(), "");
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
		if (this.encodingMismatch != null) {
			throw this.encodingMismatch;
		}
		for (int attempt = 1;; attempt++) {
			Connection pooled = obtainTargetDataSource().getConnection();
			ManagedConnection connection;
			try {
				connection = manage(pooled, unitScoped, releaseWithHandle);
			}
			catch (SQLException | RuntimeException ex) {
				closeQuietly(pooled);
				throw ex;
			}
			if (connection != null) {
				return connection;
			}
			if (attempt >= MAX_ACQUIRE_ATTEMPTS) {
				throw new SQLTransientConnectionException(
						"DataSource '" + this.name + "' handed out " + attempt + " unusable connections in a row",
						"08001");
			}
		}
	}

	/**
	 * Take charge of a connection just borrowed from the pool for a unit of work.
	 * @return the managed connection, or {@code null} when the connection was too old or dead and has
	 * been closed
	 */
	private ManagedConnection manage(Connection pooled, boolean unitScoped, boolean releaseWithHandle)
			throws SQLException {
		Connection raw = driverConnection(pooled);
		PhysicalConnection physical = this.registry.find(raw);
		boolean reused = physical != null;
		if (reused) {
			CloseReason reason = physical.retirementRequested() ? CloseReason.EXPLICIT
					: this.policy.beforeReuse(physical.ageNanos());
			if (reason == null && this.policy.healthChecks() && !healthCheck(pooled, physical)) {
				reason = CloseReason.HEALTH_CHECK;
			}
			if (reason != null) {
				closePhysically(pooled, raw, physical, reason);
				return null;
			}
		}
		else {
			checkEncoding(pooled);
			// a connection opened for a request is kept only with a positive maximum age; one opened
			// outside requests is kept whatever the age
			Object baseline = (this.sessionResets && (!this.policy.maxAge().isZero() || !unitScoped))
					? driverSupport(pooled).captureSession(pooled) : null;
			Long backendId = driverSupport(pooled).backendId(pooled);
			physical = this.registry.register(raw);
			physical.setBackendId(backendId);
			physical.setSessionBaseline(baseline);
		}
		if (!this.sessionPolicy.initSql().isEmpty()) {
			DriverSupport.execute(pooled, this.sessionPolicy.initSql());
		}
		physical.unitStarted();
		this.statistics.recordAcquired(reused);
		return new ManagedConnection(this, pooled, raw, physical, reused, unitScoped, releaseWithHandle,
				this.sessionPolicy.watchesStatements());
	}

	private void checkEncoding(Connection pooled) throws SQLException {
		if (this.sessionPolicy.encodingCheck() == EncodingCheck.OFF || !this.encodingChecked.compareAndSet(false, true)) {
			return;
		}
		List<Finding> problems;
		try {
			problems = driverSupport(pooled).encodingProblems(pooled);
		}
		catch (SQLException | RuntimeException ex) {
			// check again with the next new connection
			this.encodingChecked.set(false);
			throw ex;
		}
		if (problems.isEmpty()) {
			return;
		}
		if (this.sessionPolicy.encodingCheck() == EncodingCheck.FAIL) {
			this.encodingMismatch = new EncodingMismatchException(this.name, problems);
			throw this.encodingMismatch;
		}
		addFindings(problems, " (set db.encoding-check=fail to refuse to start, or off to silence this warning)");
	}

	/**
	 * Add findings not found before, logging each once.
	 */
	private synchronized List<Finding> addFindings(List<Finding> found, String logSuffix) {
		List<Finding> all = new ArrayList<>(this.findings);
		for (Finding finding : found) {
			if (!all.contains(finding)) {
				all.add(finding);
				String line = "DataSource '" + this.name + "': " + finding + logSuffix;
				if (finding.severity() == Finding.Severity.WARNING) {
					logger.warn(line);
				}
				else {
					logger.info(line);
				}
			}
		}
		this.findings = List.copyOf(all);
		return this.findings;
	}

	/**
	 * Settle a connection at the end of its unit of work: keep it (back to the pool, open, with its
	 * session state put back) or close it physically, as the policy decides. Never throws for the
	 * connection's sake: the work is done.
	 */
	void release(ManagedConnection connection) {
		if (!connection.markReleased()) {
			return;
		}
		PhysicalConnection physical = connection.physical;
		EndState state = endState(connection);
		CloseReason reason = this.policy.atUnitEnd(physical.ageNanos(), state, connection.unitScoped);
		if (reason == null && physical.retirementRequested()) {
			reason = CloseReason.EXPLICIT;
		}
		if (reason == null && !restoreSession(connection, physical)) {
			reason = CloseReason.ERROR;
		}
		// idle only once settled, and before the pool can hand it to someone else
		physical.unitEnded();
		if (reason == null) {
			closeQuietly(connection.pooled);
		}
		else {
			closePhysically(connection.pooled, connection.raw, physical, reason);
		}
	}

	/**
	 * Settle a connection its unit keeps after a handle on it was closed, as a pool would on return:
	 * roll back a transaction the handle left open (and remember it: the connection is then not handed
	 * on when the unit ends), and put back the JDBC-level state the handle changed.
	 */
	void settleAfterHandle(ManagedConnection connection) {
		Connection pooled = connection.pooled;
		try {
			if (connection.isBroken()) {
				return;
			}
			if (driverSupport(pooled).inTransaction(pooled)) {
				rollback(pooled);
				connection.markTransactionLeftOpen();
			}
			connection.restoreJdbcState();
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Failed to settle a connection of DataSource '" + this.name + "' after a handle closed", ex);
			connection.markBroken();
		}
	}

	private EndState endState(ManagedConnection connection) {
		Connection pooled = connection.pooled;
		try {
			if (connection.isBroken()) {
				return EndState.BROKEN;
			}
			if (driverSupport(pooled).inTransaction(pooled)) {
				rollback(pooled);
				return EndState.IN_TRANSACTION;
			}
			if (connection.transactionLeftOpen()) {
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

	/**
	 * Put back the JDBC-level state the unit changed and, when the session policy says so, reset the
	 * SQL-level session state.
	 * @return {@code false} when that failed and the connection must not be handed on
	 */
	private boolean restoreSession(ManagedConnection connection, PhysicalConnection physical) {
		Connection pooled = connection.pooled;
		try {
			connection.restoreJdbcState();
			if (this.sessionPolicy.resetAtUnitEnd(connection.sessionChangeSeen())) {
				resetSession(pooled, connection.raw, physical.sessionBaseline());
			}
			return true;
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Failed to restore the session of a connection of DataSource '" + this.name + "'", ex);
			return false;
		}
	}

	private void resetSession(Connection pooled, Connection raw, Object sessionBaseline) throws SQLException {
		if (!this.sessionPolicy.resetSql().isEmpty()) {
			DriverSupport.execute(pooled, this.sessionPolicy.resetSql());
		}
		else if (!driverSupport(pooled).resetSession(pooled, sessionBaseline)) {
			if (!this.noResetReported) {
				this.noResetReported = true;
				logger.warn("DataSource '" + this.name + "': no session reset is known for this database; "
						+ "set db.session-reset-sql, or db.session-reset=never to silence this warning");
			}
			return;
		}
		// the reset undid what the pool set up when it opened the connection
		PoolSupport pool = poolSupport();
		pool.restoreConfiguredState(raw);
		String poolInitSql = pool.connectionInitSql();
		if (poolInitSql != null && !poolInitSql.isBlank()) {
			DriverSupport.execute(pooled, List.of(poolInitSql));
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

	private boolean healthCheck(Connection pooled, PhysicalConnection physical) {
		long start = System.nanoTime();
		boolean passed = isUsable(pooled);
		long nanos = System.nanoTime() - start;
		physical.healthChecked(passed);
		this.statistics.recordHealthCheck(passed);
		for (LifecycleObserver observer : this.observers) {
			observer.healthChecked(passed, nanos);
		}
		return passed;
	}

	private void closePhysically(Connection pooled, Connection raw, PhysicalConnection physical, CloseReason reason) {
		this.registry.forget(raw);
		recordClose(physical, reason);
		try {
			poolSupport().closePhysically(pooled, raw);
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Failed to close connection of DataSource '" + this.name + "'", ex);
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Closed connection of DataSource '" + this.name + "' (" + reason.tag() + ")");
		}
	}

	private void recordClose(PhysicalConnection physical, CloseReason reason) {
		if (!physical.markClosed()) {
			return;
		}
		this.statistics.recordClose(reason);
		notifyClosed(physical, reason);
	}

	private void notifyClosed(PhysicalConnection physical, CloseReason reason) {
		long ageNanos = physical.ageNanos();
		for (LifecycleObserver observer : this.observers) {
			observer.closed(reason, ageNanos);
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

	private DriverSupport driverSupport(Connection pooled) throws SQLException {
		DriverSupport support = this.driverSupport;
		if (support == null) {
			support = DriverSupport.forConnection(pooled);
			this.driverSupport = support;
		}
		return support;
	}

	private PoolSupport poolSupport() throws SQLException {
		PoolSupport support = this.poolSupport;
		if (support == null) {
			support = PoolSupport.forTarget(obtainTargetDataSource());
			this.poolSupport = support;
		}
		return support;
	}

	@Override
	public String toString() {
		return "LifecycleDataSource '" + this.name + "' (" + this.policy + ", " + this.sessionPolicy + ") over "
				+ getTargetDataSource();
	}

}
