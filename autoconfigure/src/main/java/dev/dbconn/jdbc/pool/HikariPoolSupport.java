package dev.dbconn.jdbc.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import com.zaxxer.hikari.pool.ProxyConnection;
import com.zaxxer.hikari.util.UtilityElf;
import dev.dbconn.jdbc.driver.DriverSupport;

import org.springframework.aop.scope.ScopedObject;

/**
 * HikariCP: eviction closes a borrowed connection at once and removes it from the pool. Only loaded
 * when HikariCP is on the class path.
 */
final class HikariPoolSupport implements PoolSupport {

	static final String HIKARI_DATA_SOURCE = "com.zaxxer.hikari.HikariDataSource";

	private static final int BORROW_IDLE_ATTEMPTS = 3;

	private final HikariDataSource hikari;

	private HikariPoolSupport(HikariDataSource hikari) {
		this.hikari = hikari;
	}

	static PoolSupport forTarget(DataSource target) throws SQLException {
		HikariDataSource hikari = poolBehind(target);
		return (hikari != null) ? new HikariPoolSupport(hikari) : null;
	}

	/**
	 * The HikariCP pool behind a DataSource, which a scoped or refreshable proxy resolves anew.
	 * @return the pool, or {@code null} when the DataSource does not lead to HikariCP
	 */
	static HikariDataSource poolBehind(DataSource target) throws SQLException {
		if (!target.isWrapperFor(HikariDataSource.class)) {
			return null;
		}
		HikariDataSource pool = target.unwrap(HikariDataSource.class);
		// a scoped or refreshable bean's class-based proxy, which Spring gives back for the pool's
		// unwrap returning itself: the pool it leads to now, so that a replaced pool is told apart
		return (pool instanceof ScopedObject scoped && scoped.getTargetObject() instanceof HikariDataSource current)
				? current : pool;
	}

	@Override
	public void closePhysically(Connection pooled, Connection raw) throws SQLException {
		if (!(pooled instanceof ProxyConnection)) {
			PoolSupport.Generic.INSTANCE.closePhysically(pooled, raw);
		}
		else if (pooled.isClosed()) {
			// HikariCP evicted it itself after a fatal error; closing the proxy only tidies it up
			pooled.close();
		}
		else {
			// closes the backend now; the proxy must not be closed or used afterwards
			this.hikari.evictConnection(pooled);
		}
	}

	@Override
	public boolean isCurrentFor(DataSource target) throws SQLException {
		return target == this.hikari || poolBehind(target) == this.hikari;
	}

	@Override
	public void restoreConfiguredState(Connection raw) throws SQLException {
		if (this.hikari.getCatalog() != null) {
			raw.setCatalog(this.hikari.getCatalog());
		}
		if (this.hikari.getSchema() != null) {
			raw.setSchema(this.hikari.getSchema());
		}
		if (this.hikari.getTransactionIsolation() != null) {
			raw.setTransactionIsolation(isolationLevel(this.hikari.getTransactionIsolation()));
		}
		if (this.hikari.isReadOnly()) {
			if (raw.isReadOnly()) {
				// the session reset took read-only back on the server, but not in the driver, which then
				// sends nothing for setReadOnly(true) (pgjdbc with readOnlyMode=always): off, then on again
				raw.setReadOnly(false);
			}
			raw.setReadOnly(true);
		}
		// after the settings, as HikariCP runs it on a new connection, so that it may build on them (a
		// search_path that extends the schema); before auto-commit goes off, so that it opens no
		// transaction
		String initSql = this.hikari.getConnectionInitSql();
		if (initSql != null && !initSql.isBlank()) {
			DriverSupport.execute(raw, List.of(initSql));
		}
		// both ways: a reset may leave auto-commit off in a pool with it on (MariaDB Connector/J's
		// reset() sets the URL's autocommit=false again; COM_RESET_CONNECTION takes the session to the
		// server's global autocommit)
		if (raw.getAutoCommit() != this.hikari.isAutoCommit()) {
			raw.setAutoCommit(this.hikari.isAutoCommit());
		}
	}

	/**
	 * The level of a {@code transactionIsolation} setting, read as HikariCP reads it: any name of its
	 * {@code IsolationLevel} (the JDBC levels and drivers' own, such as SQL Server's snapshot
	 * isolation) or a level's number. The pool refused any other value when it started.
	 */
	static int isolationLevel(String name) {
		return UtilityElf.getTransactionIsolation(name);
	}

	@Override
	public PoolSettings settings() {
		long maxLifetime = this.hikari.getMaxLifetime();
		long leakDetection = this.hikari.getLeakDetectionThreshold();
		return new PoolSettings(this.hikari.getMaximumPoolSize(),
				(maxLifetime > 0) ? Duration.ofMillis(maxLifetime) : null,
				(leakDetection > 0) ? Duration.ofMillis(leakDetection) : null);
	}

	@Override
	public Connection borrowIdle() throws SQLException {
		if (this.hikari.isClosed() || !(this.hikari.getHikariPoolMXBean() instanceof HikariPool pool)
				|| pool.poolState == HikariPool.POOL_SUSPENDED) {
			// a suspended pool (allowPoolSuspension, suspendPool() over JMX) would hold the borrower,
			// uninterruptibly, until resumed: the retirement thread, or the application's shutdown
			return null;
		}
		for (int attempt = 0; attempt < BORROW_IDLE_ATTEMPTS && pool.getIdleConnections() > 0; attempt++) {
			try {
				// no wait: an idle connection is handed out at once
				return pool.getConnection(0);
			}
			catch (SQLTransientConnectionException ex) {
				// a unit of work took the last one meanwhile, or the pool closed an evicted one it met
			}
		}
		return null;
	}

}
