package dev.dbconn.jdbc.pool;

import java.time.Duration;

/**
 * The settings of the pool behind a {@link dev.dbconn.jdbc.LifecycleDataSource} that bear on its lifecycle.
 *
 * @param maximumPoolSize the maximum number of connections, or {@code -1} when unknown
 * @param maxLifetime the longest a connection lives, or {@code null} when unknown or unlimited
 * @param leakDetectionThreshold how long a borrowed connection may be held before it is reported as a
 * leak, or {@code null} when off
 */
public record PoolSettings(int maximumPoolSize, Duration maxLifetime, Duration leakDetectionThreshold) {

	public static final PoolSettings UNKNOWN = new PoolSettings(-1, null, null);

}
