package dev.dbconn.jdbc;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What dbconn remembers of one physical connection between units of work.
 */
final class PhysicalConnection {

	private static final AtomicLong IDS = new AtomicLong();

	private final long id = IDS.incrementAndGet();

	private final long firstSeenNanos = System.nanoTime();

	// Written only by the unit of work holding the connection; read from anywhere.
	private volatile long unitsServed;

	private volatile Object sessionBaseline;

	long id() {
		return this.id;
	}

	long ageNanos() {
		return System.nanoTime() - this.firstSeenNanos;
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

	void unitStarted() {
		this.unitsServed++;
	}

}
