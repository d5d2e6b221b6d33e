package dev.dbconn.jdbc;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import dev.dbconn.lifecycle.CloseReason;

/**
 * Counters of what a {@link LifecycleDataSource} did with its connections since it started.
 */
public final class ConnectionStatistics {

	// acquired = reused + opened, so that an acquisition counts once
	private final LongAdder reused = new LongAdder();

	private final LongAdder opened = new LongAdder();

	private final LongAdder healthChecksPassed = new LongAdder();

	private final LongAdder healthChecksFailed = new LongAdder();

	private final Map<CloseReason, LongAdder> closed = new EnumMap<>(CloseReason.class);

	ConnectionStatistics() {
		for (CloseReason reason : CloseReason.values()) {
			this.closed.put(reason, new LongAdder());
		}
	}

	void recordAcquired(boolean reused) {
		(reused ? this.reused : this.opened).increment();
	}

	void recordHealthCheck(boolean passed) {
		(passed ? this.healthChecksPassed : this.healthChecksFailed).increment();
	}

	void recordClose(CloseReason reason) {
		this.closed.get(reason).increment();
	}

	/**
	 * Connections handed to units of work.
	 * @return the count
	 */
	public long acquired() {
		return this.reused.sum() + this.opened.sum();
	}

	/**
	 * Connections handed to units of work that had been kept from an earlier one.
	 * @return the count
	 */
	public long reused() {
		return this.reused.sum();
	}

	/**
	 * Connections handed to units of work that dbconn saw for the first time.
	 * @return the count
	 */
	public long opened() {
		return this.opened.sum();
	}

	/**
	 * Health checks that found the connection alive.
	 * @return the count
	 */
	public long healthChecksPassed() {
		return this.healthChecksPassed.sum();
	}

	/**
	 * Health checks that found the connection dead.
	 * @return the count
	 */
	public long healthChecksFailed() {
		return this.healthChecksFailed.sum();
	}

	/**
	 * Connections closed for a reason.
	 * @param reason the reason
	 * @return the count
	 */
	public long closed(CloseReason reason) {
		return this.closed.get(reason).sum();
	}

}
