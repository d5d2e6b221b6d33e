package dev.dbconn.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.dbconn.jdbc.driver.DriverSupport;
import dev.dbconn.lifecycle.CloseReason;
import dev.dbconn.lifecycle.EncodingCheck;
import dev.dbconn.lifecycle.Finding;
import dev.dbconn.lifecycle.Seconds;
import dev.dbconn.lifecycle.SessionReset;
import dev.dbconn.lifecycle.SqlErrors;

/**
 * Borrows connections from the pool for units of work: closes the ones the policy says are too old
 * or fail their health check and takes others, and sets up the ones dbconn sees for the first time.
 */
final class ConnectionAcquirer {

	// Each attempt closes one stale connection; this many in a row means something else is wrong.
	private static final int MAX_ATTEMPTS = 100;

	private final LifecycleContext context;

	private final ConnectionSettler settler;

	// Whether kept connections may ever have their session reset, and so need a baseline to restore.
	private final boolean sessionResets;

	private final AtomicBoolean encodingChecked = new AtomicBoolean();

	private volatile EncodingMismatchException encodingMismatch;

	ConnectionAcquirer(LifecycleContext context, ConnectionSettler settler) {
		this.context = context;
		this.settler = settler;
		this.sessionResets = context.sessionPolicy.reset() != SessionReset.NEVER
				&& context.sessionPolicy.resetSql().isEmpty();
	}

	/**
	 * Borrow a usable connection.
	 * @param unitScoped whether it serves a request or explicit unit of work
	 * @param releaseWithHandle whether closing its handle ends its use (a checkout outside units)
	 */
	ManagedConnection acquire(boolean unitScoped, boolean releaseWithHandle) throws SQLException {
		if (this.encodingMismatch != null) {
			throw this.encodingMismatch;
		}
		// how many health checks ran into their timeout
		int timedOut = 0;
		for (int attempt = 1;; attempt++) {
			Connection pooled = this.context.borrow(unitScoped);
			ManagedConnection connection;
			try {
				connection = manage(pooled, unitScoped, releaseWithHandle);
			}
			catch (CheckTimedOut ex) {
				// closed already
				timedOut++;
				if (!this.context.policy.checkAnotherAfterFailedCheck(timedOut)) {
					throw new SQLTransientConnectionException("DataSource '" + this.context.name + "': " + timedOut
							+ " connections did not answer their health check within "
							+ Seconds.text(this.context.policy.healthCheckTimeout())
							+ ": the database is not answering, so no other connection was tried", "08001");
				}
				connection = null;
			}
			catch (SQLException | RuntimeException | Error ex) {
				// set up again, from the start, whenever it is seen next
				this.context.registry.forget(LifecycleContext.driverConnection(pooled));
				this.context.giveBack(pooled);
				throw ex;
			}
			if (connection != null) {
				return connection;
			}
			if (attempt >= MAX_ATTEMPTS) {
				throw new SQLTransientConnectionException("DataSource '" + this.context.name + "' handed out "
						+ attempt + " unusable connections in a row", "08001");
			}
		}
	}

	/**
	 * Take charge of a connection just borrowed from the pool.
	 * @return the managed connection, or {@code null} when it was unusable and has been closed
	 * @throws CheckTimedOut when it has been closed after a health check that ran into its timeout
	 */
	private ManagedConnection manage(Connection pooled, boolean unitScoped, boolean releaseWithHandle)
			throws SQLException, CheckTimedOut {
		Connection raw = LifecycleContext.driverConnection(pooled);
		PhysicalConnection physical = this.context.registry.find(raw);
		boolean reused = physical != null;
		if (!reused) {
			physical = this.context.registry.register(raw);
		}
		// the clock read once, and only where the rules use it (about 25 ns a reading on a virtual machine)
		boolean clock = this.context.policy.readsClock();
		long now = clock ? System.nanoTime() : 0;
		CloseReason reason = reused ? this.context.policy.beforeReuse(clock ? physical.ageNanos(now) : 0,
				physical.jitterDraw(), physical.retirementRequested()) : null;
		// new to dbconn is not fresh: the pool may have opened it long ago; only one opened for this unit is
		boolean knownFresh = !reused && this.context.isDirect(pooled);
		if (reason == null && this.context.policy.healthCheckDue(knownFresh,
				clock ? physical.nanosSinceLastSuccess(now) : Long.MAX_VALUE)) {
			long checkNanos = healthCheck(raw, physical);
			if (checkNanos >= 0) {
				this.context.closePhysically(pooled, raw, physical, CloseReason.HEALTH_CHECK);
				if (this.context.policy.healthCheckTimedOut(checkNanos)) {
					throw CheckTimedOut.INSTANCE;
				}
				return null;
			}
		}
		if (reason == null) {
			reason = setUp(pooled, raw, physical, reused, unitScoped);
		}
		if (reason != null) {
			this.context.closePhysically(pooled, raw, physical, reason);
			return null;
		}
		physical.unitStarted();
		this.context.events.acquired(reused);
		return new ManagedConnection(this.settler, pooled, raw, physical, reused, unitScoped, releaseWithHandle,
				this.context.sessionPolicy.watchesStatements());
	}

	/**
	 * Run dbconn's own statements on a connection: the first-sight checks and the init SQL.
	 * @return {@link CloseReason#ERROR} when the server dropped the connection meanwhile, so that
	 * another is taken without the unit seeing it; {@code null} when set up
	 */
	private CloseReason setUp(Connection pooled, Connection raw, PhysicalConnection physical, boolean reused,
			boolean unitScoped) throws SQLException {
		try {
			DriverSupport driver = this.context.driver(pooled);
			if (!reused) {
				// seen for the first time, it is as the pool hands out every connection
				boolean poolAutoCommit = raw.getAutoCommit();
				physical.setPoolAutoCommit(poolAutoCommit);
				if (!poolAutoCommit && driver.inTransaction(raw)) {
					// HikariCP runs its set-up (schema, connection-init-sql) in a pool with auto-commit off
					// in a transaction it leaves open: committed, so that the first handle's close does not
					// roll the set-up back, and so that the unit does not begin inside it
					raw.commit();
				}
				physical.setPool(this.context.pool());
				checkEncoding(driver, raw);
				// a connection opened for a request is kept only with a positive maximum age; one opened
				// outside requests is kept whatever the age
				if (this.sessionResets && (!this.context.policy.maxAge().isZero() || !unitScoped)) {
					physical.setSessionBaseline(DriverSupport.outsideTransaction(raw, () -> driver.captureSession(raw)));
				}
				physical.setBackendId(driver.backendId(raw));
			}
			List<String> initSql = this.context.sessionPolicy.initSql();
			if (!initSql.isEmpty()) {
				DriverSupport.outsideTransaction(raw, () -> {
					DriverSupport.execute(raw, initSql);
					return null;
				});
			}
			return null;
		}
		catch (EncodingMismatchException ex) {
			// the database's answer, not the connection's failure
			throw ex;
		}
		catch (SQLException ex) {
			if (this.context.policy.replaceAfterSetUpFailure(SqlErrors.classify(ex))
					|| ConnectionRegistry.isClosed(raw)) {
				return CloseReason.ERROR;
			}
			throw ex;
		}
	}

	/** @return how long the check took when it failed, -1 when it passed */
	private long healthCheck(Connection raw, PhysicalConnection physical) {
		long start = System.nanoTime();
		boolean passed = this.context.isUsable(raw);
		long nanos = System.nanoTime() - start;
		this.context.events.healthChecked(physical, passed, nanos);
		return passed ? -1 : nanos;
	}

	private void checkEncoding(DriverSupport driver, Connection raw) throws SQLException {
		EncodingCheck mode = this.context.sessionPolicy.encodingCheck();
		if (mode == EncodingCheck.OFF || !this.encodingChecked.compareAndSet(false, true)) {
			return;
		}
		List<Finding> problems;
		try {
			problems = DriverSupport.outsideTransaction(raw, () -> driver.encodingProblems(raw));
		}
		catch (SQLException | RuntimeException ex) {
			// check again with the next new connection
			this.encodingChecked.set(false);
			throw ex;
		}
		if (problems.isEmpty()) {
			return;
		}
		if (mode == EncodingCheck.FAIL) {
			this.encodingMismatch = new EncodingMismatchException(this.context.name, problems);
			throw this.encodingMismatch;
		}
		this.context.findings.add(problems,
				" (set db.encoding-check=fail to refuse to start, or off to silence this warning)");
	}

	/**
	 * A health check ran into its timeout (its connection closed already); one instance, without a
	 * stack trace, as it only tells the loop that borrows to count it.
	 */
	private static final class CheckTimedOut extends Exception {

		private static final long serialVersionUID = 1L;

		static final CheckTimedOut INSTANCE = new CheckTimedOut();

		private CheckTimedOut() {
			super(null, null, false, false);
		}

	}

}
