package dev.dbconn.integration;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;

import dev.dbconn.testsupport.TestDatabase;
import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * A pool of the kind dbconn cannot see behind: each checkout lends a new proxy of a class dbconn does
 * not know, which answers {@code unwrap} and {@code isWrapperFor} for itself only, so the driver's
 * connection is out of reach. It behaves as pools do: a proxy's {@code close()} puts its connection
 * back among the idle ones, open, unless the connection is closed; {@code abort} ends the connection
 * (JDBC's way of telling a pool not to lend it again).
 */
final class SelfUnwrappingPool extends AbstractDataSource {

	private final TestDatabase database;

	private final boolean autoCommit;

	private final Deque<Connection> idle = new ArrayDeque<>();

	SelfUnwrappingPool(TestDatabase database, boolean autoCommit) {
		this.database = database;
		this.autoCommit = autoCommit;
	}

	@Override
	public Connection getConnection() throws SQLException {
		Connection physical;
		synchronized (this.idle) {
			physical = this.idle.poll();
		}
		if (physical == null) {
			physical = this.database.open();
		}
		physical.setAutoCommit(this.autoCommit);
		return (Connection) Proxy.newProxyInstance(SelfUnwrappingPool.class.getClassLoader(),
				new Class<?>[] { Connection.class }, new Lent(physical));
	}

	/** Close every idle connection. */
	void close() throws SQLException {
		synchronized (this.idle) {
			for (Connection connection : this.idle) {
				connection.close();
			}
			this.idle.clear();
		}
	}

	private void giveBack(Connection physical) throws SQLException {
		if (physical.isClosed()) {
			return;
		}
		if (!physical.getAutoCommit()) {
			physical.rollback();
		}
		synchronized (this.idle) {
			this.idle.push(physical);
		}
	}

	private final class Lent implements InvocationHandler {

		private final Connection physical;

		private boolean closed;

		Lent(Connection physical) {
			this.physical = physical;
		}

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			switch (method.getName()) {
				case "close":
					if (!this.closed) {
						this.closed = true;
						giveBack(this.physical);
					}
					return null;
				case "abort":
					this.closed = true;
					this.physical.abort((Executor) args[0]);
					return null;
				case "isClosed":
					return this.closed || this.physical.isClosed();
				case "unwrap":
					if (((Class<?>) args[0]).isInstance(proxy)) {
						return proxy;
					}
					throw new SQLException("Not a wrapper for " + args[0]);
				case "isWrapperFor":
					return ((Class<?>) args[0]).isInstance(proxy);
				case "equals":
					return proxy == args[0];
				case "hashCode":
					return System.identityHashCode(proxy);
				case "toString":
					return "SelfUnwrappingPool proxy@" + Integer.toHexString(System.identityHashCode(proxy));
				default:
					if (this.closed) {
						throw new SQLException("The connection is closed", "08003");
					}
					try {
						return method.invoke(this.physical, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
			}
		}

	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		throw new SQLFeatureNotSupportedException();
	}

}
