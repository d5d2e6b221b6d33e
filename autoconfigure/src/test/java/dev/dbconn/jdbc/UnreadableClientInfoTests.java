package dev.dbconn.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.lifecycle.ConnMaxAge;
import dev.dbconn.lifecycle.LifecyclePolicy;
import dev.dbconn.testsupport.Logged;
import dev.dbconn.testsupport.TestDatabase;
import dev.dbconn.testsupport.TestDatabases;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A driver that cannot tell its client info: the application's change goes to the server as without
 * dbconn, and since it cannot be put back, the connection is not handed on with it: the next
 * checkout gets another, in the same unit, in the next unit or outside units, and a WARN says so
 * once. Read from the server: the backend and the {@code application_name} it lists.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnreadableClientInfoTests {

	private static final LifecyclePolicy KEEP = new LifecyclePolicy(ConnMaxAge.UNLIMITED, false, Duration.ofSeconds(5));

	private static final String CHANGED = "dbconn-changed";

	private static final String WARNING = "Failed to restore the session of a connection of DataSource 'unreadable', "
			+ "so it is closed rather than handed on: The driver could not tell the client info";

	@ParameterizedTest(name = "pool auto-commit {0}")
	@ValueSource(booleans = { true, false })
	void theNextUnitGetsAnotherConnection(boolean poolAutoCommit, CapturedOutput output) throws SQLException {
		changeOnce(poolAutoCommit, output, (dataSource) -> {
			String[] first;
			try (UnitOfWork.Scope scope = UnitOfWork.begin()) {
				first = changeClientInfo(dataSource);
			}
			try (UnitOfWork.Scope scope = UnitOfWork.begin(); Connection connection = dataSource.getConnection()) {
				assertNotHandedOn(first, backend(connection));
			}
		});
	}

	@ParameterizedTest(name = "pool auto-commit {0}")
	@ValueSource(booleans = { true, false })
	void theNextHandleOfTheSameUnitGetsAnotherConnection(boolean poolAutoCommit, CapturedOutput output)
			throws SQLException {
		changeOnce(poolAutoCommit, output, (dataSource) -> {
			try (UnitOfWork.Scope scope = UnitOfWork.begin()) {
				// twice: each change costs its connection, and the warning is said once
				for (int change = 0; change < 2; change++) {
					String[] changed = changeClientInfo(dataSource);
					try (Connection connection = dataSource.getConnection()) {
						assertNotHandedOn(changed, backend(connection));
					}
				}
			}
		});
	}

	@ParameterizedTest(name = "pool auto-commit {0}")
	@ValueSource(booleans = { true, false })
	void theNextCheckoutOutsideUnitsGetsAnotherConnection(boolean poolAutoCommit, CapturedOutput output)
			throws SQLException {
		changeOnce(poolAutoCommit, output, (dataSource) -> {
			String[] first = changeClientInfo(dataSource);
			try (Connection connection = dataSource.getConnection()) {
				assertNotHandedOn(first, backend(connection));
			}
		});
	}

	/**
	 * Run a scenario on a DataSource over a pool of one connection whose driver cannot tell its client
	 * info, then check that the restore's failure was said once at WARN.
	 */
	private static void changeOnce(boolean poolAutoCommit, CapturedOutput output, Scenario scenario)
			throws SQLException {
		try (HikariDataSource pool = pool(poolAutoCommit)) {
			scenario.run(new LifecycleDataSource(pool, "unreadable", KEEP));
		}
		assertThat(output).containsOnlyOnce(WARNING);
		assertThat(Logged.at(output, "WARN", WARNING)).as("logged at WARN").hasSize(1);
	}

	private static HikariDataSource pool(boolean autoCommit) {
		HikariDataSource pool = new HikariDataSource();
		pool.setDataSource(withoutClientInfo(TestDatabases.postgres()));
		pool.setMaximumPoolSize(1);
		pool.setAutoCommit(autoCommit);
		return pool;
	}

	/** Set the application name through a handle of its own, closed afterwards; answers its backend. */
	private static String[] changeClientInfo(LifecycleDataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			connection.setClientInfo("ApplicationName", CHANGED);
			String[] backend = backend(connection);
			assertThat(backend[1]).as("application_name once set").isEqualTo(CHANGED);
			return backend;
		}
	}

	private static void assertNotHandedOn(String[] changed, String[] next) {
		assertThat(next[0]).as("backend after the change").isNotEqualTo(changed[0]);
		assertThat(next[1]).as("application_name of that backend").isNotEqualTo(CHANGED);
	}

	/** The driver's connections, each refusing to tell its client info; everything else as it is. */
	private static DelegatingDataSource withoutClientInfo(TestDatabase database) {
		return new DelegatingDataSource(
				new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password())) {

			@Override
			public Connection getConnection() throws SQLException {
				Connection connection = super.getConnection();
				return (Connection) Proxy.newProxyInstance(UnreadableClientInfoTests.class.getClassLoader(),
						new Class<?>[] { Connection.class }, (proxy, method, arguments) -> {
							if (method.getName().equals("getClientInfo")) {
								throw new SQLFeatureNotSupportedException("getClientInfo");
							}
							try {
								return method.invoke(connection, arguments);
							}
							catch (InvocationTargetException ex) {
								throw ex.getTargetException();
							}
						});
			}

		};
	}

	/** The backend's process id and the application_name the server lists for it. */
	private static String[] backend(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(
						"SELECT pid, application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()")) {
			result.next();
			String[] backend = { result.getString(1), result.getString(2) };
			if (!connection.getAutoCommit()) {
				connection.commit();
			}
			return backend;
		}
	}

	/** What a test does with the DataSource. */
	@FunctionalInterface
	private interface Scenario {

		void run(LifecycleDataSource dataSource) throws SQLException;

	}

}
