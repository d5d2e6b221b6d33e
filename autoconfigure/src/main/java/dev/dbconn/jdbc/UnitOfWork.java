package dev.dbconn.jdbc;

import java.util.ArrayList;
import java.util.List;

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
 * Units do not nest: {@link #begin()} inside a unit joins it, and closing the joined scope does
 * nothing.
 */
public final class UnitOfWork {

	private static final ThreadLocal<UnitOfWork> CURRENT = new ThreadLocal<>();

	private static final Scope JOINED = () -> {
	};

	private final List<ManagedConnection> connections = new ArrayList<>(2);

	private volatile boolean ended;

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
		UnitOfWork unit = new UnitOfWork();
		CURRENT.set(unit);
		return unit::end;
	}

	/**
	 * Whether the current thread is inside a unit of work.
	 * @return {@code true} inside a unit of work
	 */
	public static boolean isActive() {
		return current() != null;
	}

	static UnitOfWork current() {
		UnitOfWork unit = CURRENT.get();
		if (unit != null && unit.ended) {
			// ended from another thread (an async hand-off): forget it here too
			CURRENT.remove();
			return null;
		}
		return unit;
	}

	ManagedConnection boundTo(ConnectionSettler owner) {
		for (ManagedConnection connection : this.connections) {
			if (connection.settler == owner) {
				return connection;
			}
		}
		return null;
	}

	void bind(ManagedConnection connection) {
		this.connections.add(connection);
	}

	void unbind(ManagedConnection connection) {
		this.connections.remove(connection);
	}

	private void end() {
		if (this.ended) {
			return;
		}
		this.ended = true;
		if (CURRENT.get() == this) {
			CURRENT.remove();
		}
		Throwable failure = null;
		for (ManagedConnection connection : this.connections) {
			try {
				connection.release();
			}
			catch (RuntimeException | Error ex) {
				// release the others anyway
				failure = (failure != null) ? failure : ex;
			}
		}
		this.connections.clear();
		if (failure instanceof RuntimeException runtime) {
			throw runtime;
		}
		if (failure instanceof Error error) {
			throw error;
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
