package dev.dbconn.jdbc.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariCredentialsProvider;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import com.zaxxer.hikari.util.Credentials;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.ClassUtils;

/**
 * Physical connections for units of work under {@code db.conn-max-age: 0}, opened on the thread that
 * asks for one, through the driver DataSource of the HikariCP pool behind dbconn, and closed on a
 * thread of their own.
 * <p>
 * With a zero maximum age every unit of work needs a new physical connection. HikariCP opens its
 * connections on a single thread that sleeps 30 ms after each one it adds
 * ({@code HikariPool.PoolEntryCreator}), so a pool whose connections are all evicted after one use
 * delivers at most one new connection every connect time + 30 ms, whatever the number of clients.
 * Here each unit opens its own, in parallel with the others, as an application without a pool
 * would; a semaphore of the pool's {@code maximumPoolSize} permits keeps the number open for units
 * of work within the pool's maximum, and a permit is given back only once its connection is closed.
 * <p>
 * Each new connection is opened as HikariCP opens its own, with the user and password of the pool's
 * credentials provider when it has one, and set up as HikariCP sets up its own
 * ({@link HikariConnectionSetUp}). The pool
 * itself keeps no idle connections ({@code minimumIdle} is set to 0): under a zero maximum age only
 * work outside units of work borrows from it.
 */
public final class DirectConnections {

	private static final Log logger = LogFactory.getLog(DirectConnections.class);

	private static final long SHUTDOWN_TIMEOUT_SECONDS = 10;

	private static final long CLOSER_KEEP_ALIVE_SECONDS = 30;

	private final HikariDataSource hikari;

	private final DataSource driver;

	private final int maximum;

	private final Semaphore permits;

	private final Set<Connection> open = ConcurrentHashMap.newKeySet();

	private final ExecutorService closer;

	private final HikariConnectionSetUp setUp;

	private DirectConnections(HikariDataSource hikari, DataSource driver, String name) {
		this.hikari = hikari;
		this.driver = driver;
		this.maximum = hikari.getMaximumPoolSize();
		this.permits = new Semaphore(this.maximum, true);
		this.setUp = new HikariConnectionSetUp(hikari);
		// one thread at most, which ends when it has had nothing to close for a while
		ThreadPoolExecutor closer = new ThreadPoolExecutor(1, 1, CLOSER_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), (task) -> {
					Thread thread = new Thread(task, "dbconn " + name + " connection closer");
					thread.setDaemon(true);
					return thread;
				});
		closer.allowCoreThreadTimeOut(true);
		this.closer = closer;
	}

	/**
	 * The HikariCP pool behind {@code target}, which identifies its direct connections.
	 * @param target the DataSource dbconn wraps
	 * @return the pool, or {@code null} when it is not HikariCP
	 * @throws SQLException when the target cannot say
	 */
	public static Object poolOf(DataSource target) throws SQLException {
		return ClassUtils.isPresent(HikariPoolSupport.HIKARI_DATA_SOURCE, DirectConnections.class.getClassLoader())
				? HikariPoolSupport.poolBehind(target) : null;
	}

	/**
	 * Direct connections for a pool {@link #poolOf} found, when that pool is HikariCP.
	 * @param found the pool
	 * @param name the name of the DataSource, for the closing thread's name
	 * @return the direct connections, or {@code null} when the pool is not HikariCP
	 * @throws SQLException when the pool cannot be started
	 */
	public static DirectConnections forPool(Object found, String name) throws SQLException {
		if (!(found instanceof HikariDataSource hikari)) {
			return null;
		}
		// idle pool connections are of no use to units of work that each open their own
		hikari.setMinimumIdle(0);
		if (!(hikari.getHikariPoolMXBean() instanceof HikariPool)) {
			// start the pool, which makes the driver DataSource with the pool's login timeout
			Connection first = hikari.getConnection();
			hikari.evictConnection(first);
		}
		if (!(hikari.getHikariPoolMXBean() instanceof HikariPool pool)) {
			return null;
		}
		// close the idle connections the pool opened before, so that they do not add to the open ones
		pool.softEvictConnections();
		return new DirectConnections(hikari, pool.getUnwrappedDataSource(), name);
	}

	/**
	 * Open a physical connection on the calling thread, waiting up to the pool's connection timeout
	 * while the pool's maximum of connections are open.
	 * @return the driver's connection, set up as the pool sets up its own
	 * @throws SQLException when the maximum stays reached for the whole timeout, or opening fails
	 */
	public Connection open() throws SQLException {
		if (this.hikari.isClosed()) {
			throw new SQLTransientConnectionException(this.hikari.getPoolName() + " has been closed", "08003");
		}
		long timeout = this.hikari.getConnectionTimeout();
		try {
			if (!this.permits.tryAcquire(timeout, TimeUnit.MILLISECONDS)) {
				throw new SQLTransientConnectionException(this.hikari.getPoolName() + " - Connection is not available, "
						+ "request timed out after " + timeout + "ms (all " + this.hikari.getMaximumPoolSize()
						+ " connections in use)", "08001");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SQLTransientConnectionException("Interrupted while waiting for a connection", "08001", ex);
		}
		Connection connection = null;
		try {
			// the user and password as HikariCP takes them for each new connection: from the pool's
			// credentials provider when it has one (rotating tokens), else its own pair, read at once
			HikariCredentialsProvider provider = this.hikari.getCredentialsProvider();
			Credentials credentials = (provider != null) ? provider.getCredentials() : this.hikari.getCredentials();
			String username = (credentials != null) ? credentials.getUsername() : null;
			connection = (username != null) ? this.driver.getConnection(username, credentials.getPassword())
					: this.driver.getConnection();
			this.setUp.apply(connection);
			this.open.add(connection);
			return connection;
		}
		catch (SQLException | RuntimeException | Error ex) {
			if (connection != null) {
				closeNow(connection);
			}
			this.permits.release();
			throw ex;
		}
	}

	/**
	 * Whether this still serves the pool behind {@code target} (a scoped or refreshable DataSource
	 * bean may replace its pool).
	 * @param target the DataSource dbconn wraps
	 * @return {@code false} when the target now leads to another pool
	 * @throws SQLException when the target cannot say
	 */
	public boolean isCurrentFor(DataSource target) throws SQLException {
		return target == this.hikari || HikariPoolSupport.poolBehind(target) == this.hikari;
	}

	/**
	 * Whether these are of a pool that was closed (replaced, as a refreshed scope replaces it) and
	 * none of them is open any more: nothing will use them again.
	 */
	public boolean isDone() {
		// every permit back: none open, and none being opened
		return this.hikari.isClosed() && this.permits.availablePermits() == this.maximum;
	}

	/**
	 * Whether {@code connection} is one this instance opened and has not closed.
	 * @param connection the driver's connection
	 * @return whether it is
	 */
	public boolean owns(Connection connection) {
		return this.open.contains(connection);
	}

	/**
	 * Close a connection {@link #open} returned, on the closing thread; its permit is given back once
	 * it is closed.
	 * @param connection the driver's connection
	 */
	public void close(Connection connection) {
		if (!this.open.remove(connection)) {
			return;
		}
		try {
			this.closer.execute(() -> {
				try {
					closeNow(connection);
				}
				finally {
					this.permits.release();
				}
			});
		}
		catch (RuntimeException | Error ex) {
			// no closing thread (rejected, or none could be started): closed here, the permit given back
			closeNow(connection);
			this.permits.release();
			if (ex instanceof Error error) {
				throw error;
			}
		}
	}

	/**
	 * Let the closing thread end once it has closed what it was handed, without waiting for it.
	 */
	public void release() {
		this.closer.shutdown();
	}

	/**
	 * Stop the closing thread once it has closed the connections handed to it; a connection closed
	 * after this is closed on the calling thread.
	 */
	public void shutdown() {
		this.closer.shutdown();
		try {
			if (!this.closer.awaitTermination(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				logger.debug("Direct connections still closing after " + SHUTDOWN_TIMEOUT_SECONDS + " s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void closeNow(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException | RuntimeException ex) {
			logger.debug("Failed to close a direct connection", ex);
		}
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "DirectConnections(%d of %d open)", this.open.size(),
				this.hikari.getMaximumPoolSize());
	}

}
