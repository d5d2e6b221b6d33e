package dev.dbconn.jdbc;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The physical connections of one {@link LifecycleDataSource}, keyed by the identity of the
 * driver's connection object. Every unit of work looks here once, so lookups take no lock. Keys are
 * weak: a connection the pool closes by itself (HikariCP's {@code maxLifetime}) is forgotten once the
 * pool lets go of it.
 */
final class ConnectionRegistry {

	private final Map<Key, PhysicalConnection> connections = new ConcurrentHashMap<>();

	private final ReferenceQueue<Connection> collected = new ReferenceQueue<>();

	/**
	 * Return the physical connection for a driver connection, or {@code null} when it was never seen.
	 */
	PhysicalConnection find(Connection raw) {
		forgetCollected();
		return this.connections.get(new Key(raw, null));
	}

	PhysicalConnection register(Connection raw) {
		PhysicalConnection physical = new PhysicalConnection();
		this.connections.put(new Key(raw, this.collected), physical);
		return physical;
	}

	void forget(Connection raw) {
		this.connections.remove(new Key(raw, null));
	}

	/**
	 * The connections known now, with the driver connection each belongs to. Connections the pool
	 * has closed by itself since (HikariCP's {@code maxLifetime}, its own evictions) are forgotten
	 * here rather than whenever they are garbage collected.
	 */
	Map<Connection, PhysicalConnection> snapshot() {
		Map<Connection, PhysicalConnection> snapshot = new LinkedHashMap<>();
		this.connections.forEach((key, physical) -> {
			Connection raw = key.get();
			if (raw != null && !isClosed(raw)) {
				snapshot.put(raw, physical);
			}
			else {
				this.connections.remove(key);
			}
		});
		return snapshot;
	}

	// the driver's flag, read without a round trip by the drivers dbconn knows
	static boolean isClosed(Connection raw) {
		try {
			return raw.isClosed();
		}
		catch (SQLException | RuntimeException ex) {
			return true;
		}
	}

	private void forgetCollected() {
		for (Reference<? extends Connection> key = this.collected.poll(); key != null; key = this.collected.poll()) {
			this.connections.remove(key);
		}
	}

	/**
	 * A weak reference that compares by the identity of what it refers to, and keeps its hash after
	 * the referent is gone so that it can still be removed.
	 */
	private static final class Key extends WeakReference<Connection> {

		private final int hash;

		Key(Connection raw, ReferenceQueue<Connection> queue) {
			super(raw, queue);
			this.hash = System.identityHashCode(raw);
		}

		@Override
		public boolean equals(Object other) {
			if (this == other) {
				return true;
			}
			if (!(other instanceof Key that) || this.hash != that.hash) {
				return false;
			}
			Connection raw = get();
			return raw != null && raw == that.get();
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

	}

}
