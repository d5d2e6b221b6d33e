package dev.dbconn.jdbc;

import java.time.Duration;

/**
 * What dbconn knows about the physical connection behind a {@link java.sql.Connection} handed out
 * by a {@link LifecycleDataSource}. Obtain it with {@code connection.unwrap(ConnectionInfo.class)}.
 */
public interface ConnectionInfo {

	/**
	 * Identifier dbconn gives the physical connection, stable for its whole life.
	 * @return the identifier, unique within the JVM
	 */
	long connectionId();

	/**
	 * Time since dbconn first saw the physical connection.
	 * @return the age of the physical connection
	 */
	Duration age();

	/**
	 * Number of units of work (requests, tasks, explicit scopes) the physical connection has served,
	 * the current one included.
	 * @return the number of units of work served
	 */
	long unitsServed();

	/**
	 * Whether the current unit of work got the connection from an earlier unit rather than opening it.
	 * @return {@code true} when the connection was kept from an earlier unit of work
	 */
	boolean reused();

}
