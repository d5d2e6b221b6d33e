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
 * driver's connection object. Every unit of work looks here once, so lookups take no lock, and one
 * of a connection looked up before reads a small table of recent entries and allocates nothing.
 * Keys are weak: a connection the pool closes by itself (HikariCP's {@code maxLifetime}) is
 * forgotten once the pool lets go of it.
 */
final class ConnectionRegistry {

	// Slots of the table of recent entries: a pool's connections each get one, unless two share it.
	private static final int RECENT = 128;

	// Each entry is its own key, so that a removed one can be marked forgotten.
	private final Map<Key, Key> connections = new ConcurrentHashMap<>();

	// Entries found or registered lately, by identity hash: a racy cache, harmless here, since an
	// entry is written whole, a hit must refer to the very connection looked up, and an entry removed
	// from the map is marked forgotten as it is removed (a driver connection is looked up by the one
	// thread that holds it, which is also the one that forgets it, or it is closed).
	private final Key[] recent = new Key[RECENT];

	private final ReferenceQueue<Connection> collected = new ReferenceQueue<>();

	/**
	 * Return the physical connection for a driver connection, or {@code null} when it was never seen.
	 */
	PhysicalConnection find(Connection raw) {
		int hash = System.identityHashCode(raw);
		Key recent = this.recent[hash & (RECENT - 1)];
		if (recent != null && recent.refersTo(raw) && !recent.forgotten) {
			return recent.physical;
		}
		forgetCollected();
		Key known = this.connections.get(new Key(raw, hash, null, null));
		if (known == null) {
			return null;
		}
		this.recent[hash & (RECENT - 1)] = known;
		return known.physical;
	}

	PhysicalConnection register(Connection raw) {
		forgetCollected();
		int hash = System.identityHashCode(raw);
		Key key = new Key(raw, hash, this.collected, new PhysicalConnection());
		Key earlier = this.connections.put(key, key);
		if (earlier != null) {
			earlier.forgotten = true;
		}
		this.recent[hash & (RECENT - 1)] = key;
		return key.physical;
	}

	void forget(Connection raw) {
		remove(new Key(raw, System.identityHashCode(raw), null, null));
	}

	/**
	 * The connections known now, with the driver connection each belongs to. Connections the pool
	 * has closed by itself since (HikariCP's {@code maxLifetime}, its own evictions) are forgotten
	 * here rather than whenever they are garbage collected.
	 */
	Map<Connection, PhysicalConnection> snapshot() {
		Map<Connection, PhysicalConnection> snapshot = new LinkedHashMap<>();
		this.connections.forEach((key, known) -> {
			Connection raw = key.get();
			if (raw != null && !isClosed(raw)) {
				snapshot.put(raw, known.physical);
			}
			else {
				remove(key);
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
			remove((Key) key);
		}
	}

	private void remove(Key key) {
		Key removed = this.connections.remove(key);
		if (removed != null) {
			removed.forgotten = true;
		}
	}

	/**
	 * A weak reference that compares by the identity of what it refers to, and keeps its hash after
	 * the referent is gone so that it can still be removed; as an entry of the map, it holds the
	 * physical connection too.
	 */
	private static final class Key extends WeakReference<Connection> {

		private final int hash;

		private final PhysicalConnection physical;

		// removed from the map: no longer to be found in the table of recent entries
		private volatile boolean forgotten;

		Key(Connection raw, int hash, ReferenceQueue<Connection> queue, PhysicalConnection physical) {
			super(raw, queue);
			this.hash = hash;
			this.physical = physical;
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
			return raw != null && that.refersTo(raw);
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

	}

}
