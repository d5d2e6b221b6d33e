package dev.dbconn.jdbc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.dbconn.jdbc.pool.PoolSupport;

/**
 * What dbconn remembers of one physical connection between units of work.
 */
final class PhysicalConnection {

	private static final AtomicLong IDS = new AtomicLong();

	// Writes of the fields that change with every unit of work, by the one unit that holds the
	// connection: release stores, which readers elsewhere see in order, without the fence of a volatile
	// store on every unit.
	private static final VarHandle UNITS_SERVED;

	private static final VarHandle IN_USE;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			UNITS_SERVED = lookup.findVarHandle(PhysicalConnection.class, "unitsServed", long.class);
			IN_USE = lookup.findVarHandle(PhysicalConnection.class, "inUse", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final long id = IDS.incrementAndGet();

	private final long firstSeenNanos = System.nanoTime();

	// This connection's share of the maximum-age jitter, fixed for its whole life.
	private final double jitterDraw = ThreadLocalRandom.current().nextDouble();

	// Written only by the unit of work holding the connection; read from anywhere.
	private volatile long unitsServed;

	private volatile Object sessionBaseline;

	private volatile Long backendId;

	private volatile boolean inUse;

	private volatile boolean poolAutoCommit = true;

	private volatile PoolSupport pool;

	private volatile Instant lastHealthCheckAt;

	private volatile boolean lastHealthCheckPassed;

	private volatile boolean retirementRequested;

	// When a unit last ended with the connection kept and no error seen, or a check in
	// closeOldConnections() last passed; 0 for never.
	private volatile long lastSuccessNanos;

	private final AtomicBoolean closed = new AtomicBoolean();

	long id() {
		return this.id;
	}

	long ageNanos() {
		return ageNanos(System.nanoTime());
	}

	/** The age at a reading of {@link System#nanoTime()} taken just now. */
	long ageNanos(long nowNanos) {
		return nowNanos - this.firstSeenNanos;
	}

	/**
	 * The random fraction, from 0 to 1, of the policy's jitter by which this connection's maximum age
	 * is shortened (see {@link dev.dbconn.lifecycle.LifecyclePolicy#ageLimitNanos}).
	 */
	double jitterDraw() {
		return this.jitterDraw;
	}

	long unitsServed() {
		return this.unitsServed;
	}

	/**
	 * What the driver set up on the session after connecting, to set up again after a reset.
	 */
	Object sessionBaseline() {
		return this.sessionBaseline;
	}

	void setSessionBaseline(Object sessionBaseline) {
		this.sessionBaseline = sessionBaseline;
	}

	void setBackendId(Long backendId) {
		this.backendId = backendId;
	}

	/**
	 * The auto-commit mode the pool gives the connection whenever it hands it out.
	 */
	boolean poolAutoCommit() {
		return this.poolAutoCommit;
	}

	void setPoolAutoCommit(boolean poolAutoCommit) {
		this.poolAutoCommit = poolAutoCommit;
	}

	/**
	 * The pool the connection came from, whose configuration it has and through which it is closed.
	 */
	PoolSupport pool() {
		return this.pool;
	}

	void setPool(PoolSupport pool) {
		this.pool = pool;
	}

	void unitStarted() {
		UNITS_SERVED.setRelease(this, this.unitsServed + 1);
		IN_USE.setRelease(this, true);
	}

	void unitEnded() {
		IN_USE.setRelease(this, false);
	}

	/**
	 * Note that the connection completed a unit's work without error, or passed a check in
	 * {@code closeOldConnections()}.
	 * @param nowNanos a reading of {@link System#nanoTime()} taken just now
	 */
	void succeeded(long nowNanos) {
		this.lastSuccessNanos = nowNanos;
	}

	/**
	 * Time since the connection last completed a unit's work without error (or passed a check in
	 * {@code closeOldConnections()}).
	 * @return the time, {@link Long#MAX_VALUE} when it never did
	 */
	long nanosSinceLastSuccess() {
		return nanosSinceLastSuccess(System.nanoTime());
	}

	/** {@link #nanosSinceLastSuccess()} at a reading of {@link System#nanoTime()} taken just now. */
	long nanosSinceLastSuccess(long nowNanos) {
		long last = this.lastSuccessNanos;
		return (last == 0) ? Long.MAX_VALUE : nowNanos - last;
	}

	boolean inUse() {
		return this.inUse;
	}

	void healthChecked(boolean passed) {
		this.lastHealthCheckPassed = passed;
		this.lastHealthCheckAt = Instant.now();
	}

	/**
	 * Ask for the connection to be closed at the end of the unit of work that holds it, or when it is
	 * next borrowed.
	 */
	void requestRetirement() {
		this.retirementRequested = true;
	}

	boolean retirementRequested() {
		return this.retirementRequested;
	}

	/**
	 * Note that the connection is closed.
	 * @return {@code false} when that was already noted, so that a close is counted once
	 */
	boolean markClosed() {
		return this.closed.compareAndSet(false, true);
	}

	ConnectionSnapshot snapshot() {
		Instant checkedAt = this.lastHealthCheckAt;
		return new ConnectionSnapshot(this.id, this.backendId, Duration.ofNanos(ageNanos()), this.inUse,
				this.unitsServed, checkedAt,
				(checkedAt != null) ? this.lastHealthCheckPassed : null);
	}

}
