package dev.dbconn.jdbc;

import java.util.concurrent.Callable;

/**
 * Django's request, generalised: a stretch of work on one thread during which each
 * {@link LifecycleDataSource} hands out one physical connection, acquired at first use, and at whose
 * end that connection is kept or closed by the {@link dev.dbconn.lifecycle.LifecyclePolicy}.
 * <p>
 * HTTP requests are units of work by themselves; other work opens one explicitly:
 * <pre class="code">
 * try (UnitOfWork.Scope scope = UnitOfWork.begin()) {
 *     // database work
 * }
 * </pre>
 * or, for a block, {@code UnitOfWork.run(() -> ...)} and {@code UnitOfWork.call(() -> ...)}.
 * {@code @Async} and {@code @Scheduled} runs on Boot's auto-configured executor and scheduler are
 * units of work through {@link dev.dbconn.task.UnitOfWorkTaskDecorator}.
 * <p>
 * Units do not nest: {@link #begin()} inside a unit joins it, and closing the joined scope does
 * nothing.
 * <p>
 * Code that runs its own loop inside one unit (a queue consumer, a batch job) calls
 * {@link #closeOldConnections()} between iterations, as Django code calls
 * {@code close_old_connections()}.
 */
public final class UnitOfWork {

	private static final ThreadLocal<ActiveUnit> CURRENT = new ThreadLocal<>();

	private static final Scope JOINED = () -> {
	};

	private UnitOfWork() {
	}

	/**
	 * Begin a unit of work on the current thread, or join the one already running.
	 * @return the scope to close when the work is done
	 */
	public static Scope begin() {
		if (current() != null) {
			return JOINED;
		}
		ActiveUnit unit = new ActiveUnit();
		CURRENT.set(unit);
		return unit;
	}

	/**
	 * Run a block as a unit of work, or as part of the one already running on the current thread.
	 * @param work the work
	 */
	public static void run(Runnable work) {
		try (Scope scope = begin()) {
			work.run();
		}
	}

	/**
	 * Compute a value as a unit of work, or as part of the one already running on the current thread.
	 * @param <T> the type of the value
	 * @param work the work
	 * @return what the work returned
	 * @throws Exception what the work threw
	 */
	public static <T> T call(Callable<T> work) throws Exception {
		try (Scope scope = begin()) {
			return work.call();
		}
	}

	/**
	 * Django's {@code close_old_connections()}: close the current thread's connections that are past
	 * their age or unusable, so that the next iteration of a loop that runs as one long unit of work
	 * gets fresh ones. Django calls it at the start and end of every request and advises calling it in
	 * code that runs outside requests (a management command's loop, a task queue's worker); each of
	 * the thread's connections is closed when it has reached {@code CONN_MAX_AGE}, when an error left
	 * it unusable, or when the application left its auto-commit changed.
	 * <p>
	 * Here each connection the current unit holds, on every {@link LifecycleDataSource}, is judged by
	 * the {@link dev.dbconn.lifecycle.LifecyclePolicy}: closed when it is broken, fails the check after
	 * an error (or, with health checks on, its health check), has reached {@code db.conn-max-age}
	 * ({@code 0}: always) or was asked to retire; the next {@code getConnection()} then takes a fresh
	 * one, but fails once first when only dbconn saw the connection fail (the unit may have been
	 * inside a transaction begun in SQL on it). A connection that passes stays with the unit. A connection with an open handle or an open
	 * transaction is left alone: its work is not broken up. Outside a unit of work there is nothing to
	 * do, since every connection there is settled when its handle is closed.
	 * @return the number of connections closed
	 */
	public static int closeOldConnections() {
		ActiveUnit unit = current();
		if (unit == null) {
			return 0;
		}
		int closed = 0;
		for (ManagedConnection connection : unit.bound()) {
			if (OldConnections.closeIfOld(connection)) {
				closed++;
				if (!connection.brokenUnseen()) {
					unit.unbind(connection);
				}
				// else it stays bound, closed: the unit may have been inside a transaction on it, so its
				// next getConnection() fails once, as within a request
			}
		}
		return closed;
	}

	/**
	 * Whether the current thread is inside a unit of work.
	 * @return {@code true} inside a unit of work
	 */
	public static boolean isActive() {
		return current() != null;
	}

	static ActiveUnit current() {
		ActiveUnit unit = CURRENT.get();
		if (unit != null && unit.ended()) {
			// ended from another thread (an async hand-off): forget it here too
			CURRENT.set(null);
			return null;
		}
		return unit;
	}

	// a unit ended: forget it on this thread, if it is this thread's; the thread's entry is kept,
	// empty, rather than removed and made again by the next unit
	static void left(ActiveUnit unit) {
		if (CURRENT.get() == unit) {
			CURRENT.set(null);
		}
	}

	/**
	 * The extent of a unit of work; closing it ends the unit and settles its connections.
	 */
	@FunctionalInterface
	public interface Scope extends AutoCloseable {

		@Override
		void close();

	}

}
