package dev.dbconn.jdbc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.dbconn.lifecycle.CloseReason;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What a {@link LifecycleDataSource} did with its connections: counted in its
 * {@link ConnectionStatistics} and told to its {@link LifecycleObserver}s.
 */
final class LifecycleEvents {

	// an observer's failure is its own: the lifecycle goes on without it
	private static final Log logger = LogFactory.getLog(LifecycleDataSource.class);

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
			try {
				observer.healthChecked(passed, nanos);
			}
			catch (RuntimeException ex) {
				logger.warn("LifecycleObserver " + observer + " failed", ex);
			}
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
			try {
				observer.closed(reason, ageNanos);
			}
			catch (RuntimeException ex) {
				logger.warn("LifecycleObserver " + observer + " failed", ex);
			}
		}
		return true;
	}

}
