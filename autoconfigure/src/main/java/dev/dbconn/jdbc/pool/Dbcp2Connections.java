package dev.dbconn.jdbc.pool;

import java.sql.Connection;

import org.springframework.util.ClassUtils;

/**
 * Commons DBCP2's connection proxies, whose {@code unwrap(Connection.class)} answers with the proxy
 * itself; touched only when DBCP2 is on the class path (its types are in {@link Innermost}).
 */
final class Dbcp2Connections {

	static final String DELEGATING_CONNECTION = "org.apache.commons.dbcp2.DelegatingConnection";

	static final boolean PRESENT = ClassUtils.isPresent(DELEGATING_CONNECTION, Dbcp2Connections.class.getClassLoader());

	private Dbcp2Connections() {
	}

	/** The driver's connection behind a DBCP2 proxy, or {@code null} when it is none. */
	static Connection innermost(Connection pooled) {
		return Innermost.of(pooled);
	}

	private static final class Innermost {

		static Connection of(Connection pooled) {
			// the innermost delegate, whether or not the pool allows the application access to it:
			// dbconn only knows the physical connection by it and closes it, which the pool then sees
			return (pooled instanceof org.apache.commons.dbcp2.DelegatingConnection<?> proxy)
					? proxy.getInnermostDelegateInternal() : null;
		}

	}

}
