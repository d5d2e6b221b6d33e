package dev.dbconn.jdbc;

import java.sql.Connection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The physical connections of one {@link LifecycleDataSource}, keyed by the driver's connection
 * object. Keys are weak: a connection the pool closes by itself (HikariCP's {@code maxLifetime}) is
 * forgotten once the pool lets go of it.
 */
final class ConnectionRegistry {

	private final Map<Connection, PhysicalConnection> connections = Collections.synchronizedMap(new WeakHashMap<>());

	/**
	 * Return the physical connection for a driver connection, or {@code null} when it was never seen.
	 */
	PhysicalConnection find(Connection raw) {
		return this.connections.get(raw);
	}

	PhysicalConnection register(Connection raw) {
		PhysicalConnection physical = new PhysicalConnection();
		this.connections.put(raw, physical);
		return physical;
	}

	void forget(Connection raw) {
		this.connections.remove(raw);
	}

	/**
	 * The connections known now, with the driver connection each belongs to.
	 */
	Map<Connection, PhysicalConnection> snapshot() {
		synchronized (this.connections) {
			return new LinkedHashMap<>(this.connections);
		}
	}

}
