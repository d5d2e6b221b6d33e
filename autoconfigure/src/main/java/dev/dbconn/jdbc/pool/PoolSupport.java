package dev.dbconn.jdbc.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;

import javax.sql.DataSource;

import dev.dbconn.jdbc.driver.DriverSupport;
import org.springframework.util.ClassUtils;

/**
 * What dbconn needs from the pool behind a {@link dev.dbconn.jdbc.LifecycleDataSource}: closing a borrowed
 * connection physically, and the SQL the pool runs on each new connection (which a session reset
 * undoes, so it is run again after one).
 */
public interface PoolSupport {

	/**
	 * Close the physical connection behind {@code pooled}; {@code pooled} must not be used afterwards.
	 */
	void closePhysically(Connection pooled, Connection raw) throws SQLException;

	/**
	 * Set up again what the pool sets up on a new connection, on a connection whose session was just
	 * reset, which undid it on the server: the JDBC-level state it configures (catalog, schema,
	 * isolation, read-only), then the SQL it runs on a new connection, after those as the pool runs
	 * it, then auto-commit, so that nothing of it runs in a transaction.
	 */
	void restoreConfiguredState(Connection raw) throws SQLException;

	/**
	 * The pool's settings that bear on the lifecycle.
	 * @return the settings, with unknowns where the pool does not say
	 */
	PoolSettings settings();

	/**
	 * Borrow one of the pool's idle connections, without waiting for one and without having the pool
	 * open one: the only way to reach an idle connection in a pool that closes connections only when
	 * they are borrowed. Closing it gives it back.
	 * @return the connection as the pool hands it out, or {@code null} when none is idle now or the
	 * pool cannot lend one so
	 * @throws SQLException when the pool fails
	 */
	Connection borrowIdle() throws SQLException;

	/**
	 * Whether this still is the pool behind {@code target}: a scoped or refreshable DataSource bean
	 * may be a proxy whose pool is replaced while the application runs.
	 * @param target the DataSource dbconn wraps
	 * @return {@code false} when the target now leads to another pool
	 */
	default boolean isCurrentFor(DataSource target) throws SQLException {
		return true;
	}

	/**
	 * The pool classes dbconn looks up by name to choose the support, which a native image finds
	 * only when they are registered for reflection.
	 * @return the class names
	 */
	static List<String> poolClassNames() {
		return List.of(HikariPoolSupport.HIKARI_DATA_SOURCE, Dbcp2Connections.DELEGATING_CONNECTION);
	}

	/**
	 * The driver's connection behind a pool's proxy that answers {@code unwrap(Connection.class)}
	 * with itself: Commons DBCP2 does, with a new proxy at each checkout, whatever the driver.
	 * @param pooled the connection as the pool lent it
	 * @return the driver's connection, or {@code null} when the pool is not one that dbconn knows so
	 */
	static Connection driverConnectionBehindProxy(Connection pooled) {
		return Dbcp2Connections.PRESENT ? Dbcp2Connections.innermost(pooled) : null;
	}

	static PoolSupport forTarget(DataSource target) throws SQLException {
		if (ClassUtils.isPresent(HikariPoolSupport.HIKARI_DATA_SOURCE, PoolSupport.class.getClassLoader())) {
			PoolSupport hikari = HikariPoolSupport.forTarget(target);
			if (hikari != null) {
				return hikari;
			}
		}
		return Generic.INSTANCE;
	}

	/**
	 * Any pool: close the driver's connection, then hand the dead one back for the pool to drop. Where
	 * the driver's connection cannot be reached (a pool's proxy that answers {@code unwrap} for itself,
	 * over a driver dbconn does not know), the proxy is aborted before it is closed: JDBC's way of
	 * saying that the connection is to be ended, not lent again.
	 */
	final class Generic implements PoolSupport {

		static final Generic INSTANCE = new Generic();

		@Override
		public void closePhysically(Connection pooled, Connection raw) throws SQLException {
			try {
				if (raw != pooled) {
					raw.close();
				}
				else if (!DriverSupport.isDriverConnection(pooled)) {
					abort(pooled);
				}
			}
			finally {
				pooled.close();
			}
		}

		// a driver's own connection closes physically either way; a pool's proxy closed without being
		// aborted would go back to the pool open
		private static void abort(Connection pooled) throws SQLException {
			try {
				pooled.abort(Runnable::run);
			}
			catch (AbstractMethodError | UnsupportedOperationException ex) {
				throw new SQLFeatureNotSupportedException("The connection cannot be aborted", "0A000", ex);
			}
		}

		@Override
		public void restoreConfiguredState(Connection raw) {
		}

		@Override
		public PoolSettings settings() {
			return PoolSettings.UNKNOWN;
		}

		@Override
		public Connection borrowIdle() {
			// a pool of unknown kind might wait, or open a connection, to lend one
			return null;
		}

	}

}
