package dev.dbconn.jdbc.driver;

import java.time.Duration;

/**
 * What the database server says about the connections it accepts, and whether a connection
 * pooler answers in its place.
 *
 * @param connections connections it accepts from ordinary users, or {@code -1} when unknown
 * @param idleTimeout after how long it closes an idle connection, or {@code null} when never
 * @param idleTimeoutSetting the setting behind {@code idleTimeout}
 * @param idleInTransactionTimeout after how long it closes a connection left idle inside a
 * transaction, or {@code null} when never
 * @param throughPooler whether the connection reaches the server through a connection pooler such
 * as PgBouncer rather than directly
 */
public record ServerLimits(int connections, Duration idleTimeout, String idleTimeoutSetting,
		Duration idleInTransactionTimeout, boolean throughPooler) {

	public static final ServerLimits UNKNOWN = new ServerLimits(-1, null, null, null, false);

}
