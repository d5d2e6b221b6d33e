package dev.dbconn.jdbc;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.dbconn.lifecycle.LifecyclePolicy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Retirement without traffic for the {@link LifecycleDataSource}s of one application: one daemon
 * thread closes each connection kept in a pool as soon as it reaches its age limit, so that a quiet
 * application keeps no connection past {@code conn-max-age} (Django closes one only when the next
 * request of the thread holding it starts). A connection a unit of work holds is left to its unit.
 * <p>
 * The thread looks when the next connection it knows reaches its limit, and at the latest after the
 * policy's {@link LifecyclePolicy#longestRetirementPauseNanos() longest pause}, which is short enough
 * to find a connection first seen meanwhile in time. It starts with the first DataSource whose policy
 * {@link LifecyclePolicy#retiresIdleConnections() retires idle connections}, and stops at
 * {@link #close()}.
 */
public final class ConnectionRetirement implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(LifecycleDataSource.class);

	// connections due within this of each other are closed in one look
	private static final long SHORTEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private static final long STOP_TIMEOUT_SECONDS = 10;

	private final Set<LifecycleDataSource> dataSources = new CopyOnWriteArraySet<>();

	// held by a look, so that a DataSource removed is not looked at once remove() returns
	private final Object looking = new Object();

	private ScheduledThreadPoolExecutor thread;

	private ScheduledFuture<?> nextLook;

	private boolean closed;

	/**
	 * Close the idle connections of a DataSource as they reach their age, from now on. A DataSource
	 * whose connections have no age limit (zero or unlimited) is not looked at.
	 * @param dataSource the DataSource
	 */
	public synchronized void add(LifecycleDataSource dataSource) {
		if (this.closed || !dataSource.getPolicy().retiresIdleConnections()) {
			return;
		}
		this.dataSources.add(dataSource);
		if (this.thread == null) {
			this.thread = new ScheduledThreadPoolExecutor(1, (task) -> {
				Thread thread = new Thread(task, "dbconn connection retirement");
				thread.setDaemon(true);
				return thread;
			});
			this.thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
			this.thread.setRemoveOnCancelPolicy(true);
		}
		scheduleLook(0);
	}

	/**
	 * Stop looking at a DataSource; waits for a look in progress to end.
	 * @param dataSource the DataSource
	 */
	public void remove(LifecycleDataSource dataSource) {
		synchronized (this.looking) {
			this.dataSources.remove(dataSource);
		}
	}

	/**
	 * Stop the thread, waiting for a look in progress to end.
	 */
	@Override
	public void close() {
		ScheduledThreadPoolExecutor thread;
		synchronized (this) {
			this.closed = true;
			thread = this.thread;
		}
		if (thread == null) {
			return;
		}
		thread.shutdown();
		try {
			if (!thread.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				thread.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			thread.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	private void look() {
		long pause = Long.MAX_VALUE;
		synchronized (this.looking) {
			for (LifecycleDataSource dataSource : this.dataSources) {
				try {
					pause = Math.min(pause, dataSource.retireIdleConnections());
				}
				catch (RuntimeException | Error ex) {
					// an observer's or a driver's failure, even an Error, must not end the looks for good
					logger.warn("Failed to close aged idle connections of DataSource '" + dataSource.getName() + "'",
							ex);
					pause = Math.min(pause, dataSource.getPolicy().longestRetirementPauseNanos());
				}
			}
		}
		scheduleLook(pause);
	}

	private synchronized void scheduleLook(long pauseNanos) {
		if (this.closed || pauseNanos == Long.MAX_VALUE) {
			return;
		}
		// one chain of looks: the look scheduled last replaces any still waiting
		if (this.nextLook != null) {
			this.nextLook.cancel(false);
		}
		this.nextLook = this.thread.schedule(this::look, Math.max(pauseNanos, SHORTEST_PAUSE_NANOS),
				TimeUnit.NANOSECONDS);
	}

}
