/**
 * What dbconn needs from the pool behind a DataSource (closing a connection physically, the pool's
 * own connection set-up and settings): HikariCP and a generic fallback. {@link
 * dev.dbconn.jdbc.pool.PoolSettings} is API; the rest is internal and may change in any release.
 */
package dev.dbconn.jdbc.pool;
