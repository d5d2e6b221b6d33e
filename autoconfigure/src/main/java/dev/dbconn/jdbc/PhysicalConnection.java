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

	long id() {
		return this.id;
	}

	long ageNanos() {
		return System.nanoTime() - this.firstSeenNanos;
	}

	long unitsServed() {
		return this.unitsServed;
	}

	void unitStarted() {
		this.unitsServed++;
	}

}
