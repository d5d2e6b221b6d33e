package dev.dbconn.testsupport;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The check of concurrent use lets HikariCP's closer thread close a connection while the thread
 * that saw it fail still closes its statement, when the failure is one on which HikariCP evicts the
 * connection (it reads the chain of next exceptions), and reports the same overlap otherwise.
 */
class ConcurrentUseCheckTests {

	@BeforeEach
	@AfterEach
	void forget() {
		ConcurrentUseCheck.clear();
	}

	@ParameterizedTest(name = "{0} then {1}: clash reported {2}")
	@CsvSource({
			// a statement error whose backend was killed before its end, as pgjdbc reports it
			"42601, 57P01, false",
			"42601, 08006, false",
			"57P01, , false",
			// an error the pool does not evict on: the closer thread must not be inside then
			"42601, , true",
			"42601, 23505, true" })
	void aCloseFromAnotherThreadAfterAnErrorIsAClashUnlessThePoolEvictsOnIt(String state, String nextState,
			boolean clash) throws Exception {
		CountDownLatch inClose = new CountDownLatch(1);
		CountDownLatch leaveClose = new CountDownLatch(1);
		SQLException failure = new SQLException("failed", state);
		if (nextState != null) {
			failure.setNextException(new SQLException("next", nextState));
		}
		Connection connection = ConcurrentUseCheck.wrap(driver(failure, inClose, leaveClose)).getConnection();
		Statement statement = connection.createStatement();
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> statement.execute("selec 1"));
		AtomicReference<Throwable> userFailure = new AtomicReference<>();
		Thread user = new Thread(() -> {
			try {
				statement.close();
			}
			catch (SQLException | RuntimeException ex) {
				userFailure.set(ex);
			}
		}, "user");
		user.start();
		assertThat(inClose.await(5, TimeUnit.SECONDS)).isTrue();
		try {
			if (clash) {
				assertThatExceptionOfType(IllegalStateException.class).isThrownBy(connection::close);
			}
			else {
				connection.close();
			}
		}
		finally {
			leaveClose.countDown();
			user.join(5000);
		}
		assertThat(user.isAlive()).as("the user thread has closed its statement").isFalse();
		assertThat(userFailure.get()).as("the user thread's close").isNull();
		assertThat(ConcurrentUseCheck.clashes()).hasSize(clash ? 1 : 0);
	}

	// a driver's DataSource whose statements fail with the given error and whose Statement.close
	// waits until released, so that another thread's call falls inside it
	private static DataSource driver(SQLException failure, CountDownLatch inClose, CountDownLatch leaveClose) {
		Statement statement = proxy(Statement.class, (name) -> {
			if (name.equals("execute")) {
				throw failure;
			}
			if (name.equals("close")) {
				inClose.countDown();
				leaveClose.await(5, TimeUnit.SECONDS);
			}
			return null;
		});
		Connection connection = proxy(Connection.class, (name) -> name.equals("createStatement") ? statement : null);
		return proxy(DataSource.class, (name) -> name.equals("getConnection") ? connection : null);
	}

	@FunctionalInterface
	private interface Answer {

		Object call(String method) throws Exception;

	}

	private static <T> T proxy(Class<T> type, Answer answer) {
		return type.cast(Proxy.newProxyInstance(ConcurrentUseCheckTests.class.getClassLoader(), new Class<?>[] { type },
				(self, method, args) -> {
					if (method.getDeclaringClass() == Object.class) {
						return switch (method.getName()) {
							case "hashCode" -> System.identityHashCode(self);
							case "equals" -> self == args[0];
							default -> type.getSimpleName();
						};
					}
					Object result = answer.call(method.getName());
					return (result == null && method.getReturnType() == boolean.class) ? false : result;
				}));
	}

}
