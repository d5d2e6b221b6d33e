package dev.dbconn.jdbc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.dbconn.lifecycle.CloseReason;

/**
 * What a {@link LifecycleDataSource} did with its connections: counted in its
 * {@link ConnectionStatistics} and told to its {@link LifecycleObserver}s.
 */
final class LifecycleEvents {

	final ConnectionStatistics statistics = new ConnectionStatistics();

	private final List<LifecycleObserver> observers = new CopyOnWriteArrayList<>();

	void addObserver(LifecycleObserver observer) {
		this.observers.add(observer);
	}

	void acquired(boolean reused) {
		this.statistics.recordAcquired(reused);
	}

	void healthChecked(PhysicalConnection physical, boolean passed, long nanos) {
		physical.healthChecked(passed);
		this.statistics.recordHealthCheck(passed);
		for (LifecycleObserver observer : this.observers) {
			observer.healthChecked(passed, nanos);
		}
	}

	/**
	 * Count a close, once per physical connection whoever closes it.
	 * @return {@code false} when it had been counted already
	 */
	boolean closed(PhysicalConnection physical, CloseReason reason) {
		if (!physical.markClosed()) {
			return false;
		}
		this.statistics.recordClose(reason);
		long ageNanos = physical.ageNanos();
		for (LifecycleObserver observer : this.observers) {
			observer.closed(reason, ageNanos);
		}
		return true;
	}

}
