package dev.dbconn.sample;

import java.time.Duration;

import dev.dbconn.jdbc.ConnectionInfo;

/**
 * What one request saw of the connection that served it: the database server's own id for
 * the session, and what dbconn tracks about the physical connection.
 *
 * @param database the database product name reported by the driver
 * @param backendId the server-side id of the session (process id on PostgreSQL)
 * @param connectionId dbconn's id for the physical connection, or {@code null} when dbconn is
 * not wrapping the DataSource
 * @param ageSeconds age of the physical connection in seconds, or {@code null} without dbconn
 * @param unitsServed units of work the physical connection has served, this one included, or
 * {@code null} without dbconn
 * @param reused whether the connection was kept from an earlier request, or {@code null}
 * without dbconn
 * @param connMaxAge the {@code db.conn-max-age} setting exactly as configured
 */
public record ConnectionReport(String database, long backendId, Long connectionId, Double ageSeconds,
		Long unitsServed, Boolean reused, String connMaxAge) {

	static ConnectionReport of(String database, long backendId, ConnectionInfo info, String connMaxAge) {
		if (info == null) {
			return new ConnectionReport(database, backendId, null, null, null, null, connMaxAge);
		}
		return new ConnectionReport(database, backendId, info.connectionId(), seconds(info.age()),
				info.unitsServed(), info.reused(), connMaxAge);
	}

	// Millisecond precision is plenty to watch a connection age between requests.
	private static double seconds(Duration age) {
		return Math.round(age.toNanos() / 1_000_000.0) / 1_000.0;
	}

}
