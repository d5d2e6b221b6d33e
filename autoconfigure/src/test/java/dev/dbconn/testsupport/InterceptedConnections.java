package dev.dbconn.testsupport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A pool whose connections let a test act before every call on them: fail it, or note the
 * circumstances. Each connection unwraps to itself, so that dbconn takes it for the driver's own and
 * every call it makes passes the hook too.
 */
public final class InterceptedConnections {

	private InterceptedConnections() {
	}

	/**
	 * Wrap a pool.
	 * @param pool the pool
	 * @param beforeCall what to do before each call on a connection
	 * @return the pool with its connections wrapped
	 */
	public static DataSource of(DataSource pool, BeforeCall beforeCall) {
		return watching(pool, (pooled, method, args) -> beforeCall.before(method));
	}

	/**
	 * Wrap a pool, telling the hook on which connection each call is made.
	 * @param pool the pool
	 * @param beforeCall what to do before each call on a connection
	 * @return the pool with its connections wrapped
	 */
	public static DataSource watching(DataSource pool, BeforeCallOn beforeCall) {
		return new DelegatingDataSource(pool) {

			@Override
			public Connection getConnection() throws SQLException {
				Connection pooled = super.getConnection();
				return (Connection) Proxy.newProxyInstance(InterceptedConnections.class.getClassLoader(),
						new Class<?>[] { Connection.class }, (proxy, method, args) -> {
							if (method.getName().equals("unwrap")) {
								return proxy;
							}
							beforeCall.before(pooled, method, args);
							try {
								return method.invoke(pooled, args);
							}
							catch (InvocationTargetException ex) {
								throw ex.getCause();
							}
						});
			}

		};
	}

	/**
	 * What a test does before a call on a connection.
	 */
	@FunctionalInterface
	public interface BeforeCall {

		/**
		 * Act before the call; what this throws, the call throws.
		 * @param method the method called
		 */
		void before(Method method);

	}

	/**
	 * What a test does before a call on a connection, knowing the connection.
	 */
	@FunctionalInterface
	public interface BeforeCallOn {

		/**
		 * Act before the call; what this throws, the call throws.
		 * @param pooled the connection the wrapped DataSource handed out, to be used directly (not
		 * through the hook)
		 * @param method the method called
		 * @param args its arguments, {@code null} for none
		 */
		void before(Connection pooled, Method method, Object[] args) throws SQLException;

	}

}
