package dev.dbconn.testsupport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A test mode in which a physical connection used by two threads at once fails at once: HikariCP
 * gets its connections from a DataSource that wraps each driver connection, and its statements,
 * result sets and metadata, so that every JDBC call notes the thread inside it; a second thread
 * entering while one is inside gets an {@link IllegalStateException}, and the clash is recorded for
 * the test ({@link #clashes()}), since the application may swallow the exception. Let through
 * are {@code Statement.cancel} and {@code Connection.abort}, made to be called from another thread,
 * and {@code isClosed}, which dbconn's registry asks of every connection it knows, lent out or not:
 * the drivers dbconn knows answer it from a flag, without a round trip or a lock; so are
 * {@code hashCode}, {@code equals} and {@code toString}, which maps of connections call.
 * <p>
 * On unless the system property {@value #PROPERTY} is {@code false}. As a JUnit extension it
 * clears the record before each test and fails the test after it when a clash was recorded.
 */
public final class ConcurrentUseCheck implements BeforeEachCallback, AfterEachCallback {

	/** The system property that turns the check off with {@code false}. */
	public static final String PROPERTY = "dbconn.test.check-concurrent-use";

	private static final Set<String> OTHER_THREAD_CALLS = Set.of("cancel", "abort", "isClosed");

	private static final Set<Class<?>> WRAPPED = Set.of(Statement.class, java.sql.PreparedStatement.class,
			java.sql.CallableStatement.class, ResultSet.class, DatabaseMetaData.class);

	private static final Set<String> EVICTING_STATES = Set.of("0A000", "57P01", "57P02", "57P03", "01002", "JZ0C0",
			"JZ0C1");

	private static final Set<Integer> EVICTING_CODES = Set.of(500150, 2399, 1105);

	private static final List<String> clashes = new CopyOnWriteArrayList<>();

	private static final LongAdder checked = new LongAdder();

	/**
	 * Whether the check is on for this run.
	 * @return {@code true} unless turned off
	 */
	public static boolean isOn() {
		return !"false".equals(System.getProperty(PROPERTY));
	}

	/**
	 * The clashes recorded since the last {@link #clear()}.
	 * @return each clash: the two threads and the calls
	 */
	public static List<String> clashes() {
		return List.copyOf(clashes);
	}

	/**
	 * How many physical connections have been put under the check since the JVM started, so that a
	 * test can tell that the check applies to the connections its application opened.
	 * @return the number of connections wrapped
	 */
	public static long connectionsChecked() {
		return checked.sum();
	}

	/** Forget the clashes recorded so far. */
	public static void clear() {
		clashes.clear();
	}

	/**
	 * A bean post processor that makes every HikariCP pool of the application take its connections
	 * through the check, when it is on.
	 * @return the post processor
	 */
	public static BeanPostProcessor forHikariPools() {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (isOn() && bean instanceof HikariDataSource pool && pool.getDataSource() == null) {
					pool.setDataSource(wrap(new DriverDataSource(pool.getJdbcUrl(), pool.getDriverClassName(),
							pool.getDataSourceProperties(), pool.getUsername(), pool.getPassword())));
				}
				return bean;
			}

		};
	}

	/**
	 * Wrap a DataSource of physical connections.
	 * @param physical the driver's DataSource
	 * @return the DataSource whose connections check their use
	 */
	public static DataSource wrap(DataSource physical) {
		return new DelegatingDataSource(physical) {

			@Override
			public Connection getConnection() throws SQLException {
				return checked(super.getConnection());
			}

			@Override
			public Connection getConnection(String username, String password) throws SQLException {
				return checked(super.getConnection(username, password));
			}

		};
	}

	private static Connection checked(Connection physical) {
		checked.increment();
		return checked(physical, Connection.class, new Use());
	}

	private static <T> T checked(T target, Class<T> type, Use inside) {
		Object proxy = Proxy.newProxyInstance(ConcurrentUseCheck.class.getClassLoader(), new Class<?>[] { type },
				(self, method, args) -> invoke(target, method, args, inside));
		return type.cast(proxy);
	}

	private static Object invoke(Object target, Method method, Object[] args, Use inside)
			throws Throwable {
		Thread current = Thread.currentThread();
		// a call made from inside another one on the same thread (a statement closing its result sets)
		boolean outermost = method.getDeclaringClass() != Object.class && !OTHER_THREAD_CALLS.contains(method.getName())
				&& !inside.lost && inside.get() != current;
		if (outermost && !inside.compareAndSet(null, current)) {
			Thread other = inside.get();
			String clash = "Thread '" + current.getName() + "' called " + method.getDeclaringClass().getSimpleName()
					+ "." + method.getName() + " on a physical connection while thread '"
					+ ((other != null) ? other.getName() : "?") + "' was inside a call on it";
			clashes.add(clash);
			throw new IllegalStateException(clash);
		}
		try {
			Object result = method.invoke(target, args);
			Class<?> returned = method.getReturnType();
			return (result != null && WRAPPED.contains(returned)) ? checked(result, cast(returned), inside) : result;
		}
		catch (InvocationTargetException ex) {
			if (ex.getCause() instanceof SQLException sql && evictedByThePool(sql)) {
				// the server dropped the connection, or HikariCP takes the error for that: the pool now
				// closes it on a thread of its own while the application still closes its statements,
				// which HikariCP alone does too, and harmless on a connection no one uses again
				inside.lost = true;
			}
			throw ex.getCause();
		}
		finally {
			if (outermost) {
				inside.set(null);
			}
		}
	}

	// Whether HikariCP 7 evicts a connection on this error and closes it on its closer thread
	// (ProxyConnection.checkException): it reads the chain of next exceptions, ten deep, for a
	// connection-exception class, one of these states or one of these vendor codes. A syntax error
	// whose backend was killed before the error's end reaches pgjdbc as 42601, then 57P01, then 08006.
	private static boolean evictedByThePool(SQLException error) {
		SQLException next = error;
		for (int depth = 0; next != null && depth < 10; depth++) {
			String state = next.getSQLState();
			if ((state != null && (state.startsWith("08") || EVICTING_STATES.contains(state)))
					|| EVICTING_CODES.contains(next.getErrorCode())) {
				return true;
			}
			next = next.getNextException();
		}
		return false;
	}

	/** Who is inside a call on one physical connection, and whether the pool has given it up. */
	private static final class Use extends AtomicReference<Thread> {

		private volatile boolean lost;

	}

	@SuppressWarnings("unchecked")
	private static <T> Class<T> cast(Class<?> type) {
		return (Class<T>) type;
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		clear();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		List<String> found = clashes();
		clear();
		if (!found.isEmpty()) {
			throw new AssertionError("A physical connection was used by two threads at once: " + found);
		}
	}

}
