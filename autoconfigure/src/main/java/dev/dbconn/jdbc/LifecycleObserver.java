package dev.dbconn.jdbc;

import dev.dbconn.lifecycle.CloseReason;

/**
 * Told of the events of a {@link LifecycleDataSource} that carry a measurement, e.g. to record them
 * as metrics. Called on the thread of the unit of work: keep it quick.
 */
public interface LifecycleObserver {

	/**
	 * A kept connection was checked before use.
	 * @param passed whether it was alive
	 * @param nanos how long the check took
	 */
	default void healthChecked(boolean passed, long nanos) {
	}

	/**
	 * A connection was closed physically.
	 * @param reason why
	 * @param ageNanos its age when it was closed
	 */
	default void closed(CloseReason reason, long ageNanos) {
	}

}
