package dev.dbconn.testsupport;

import java.security.SecureRandom;

/**
 * Names of the objects the tests create on the shared servers (tables, roles, databases, advisory
 * locks), unique to this test run, so that two builds against the same servers do not meet.
 */
public final class RunNames {

	private static final SecureRandom RANDOM = new SecureRandom();

	/** Lowercase letters and digits that identify this run, usable in any SQL identifier. */
	public static final String RUN_ID = Long.toString(ProcessHandle.current().pid(), 36)
			+ Integer.toString(RANDOM.nextInt(36 * 36 * 36 * 36), 36);

	/**
	 * The {@code application_name} of every PostgreSQL connection the tests open, by which the
	 * harness tells this run's backends from those of anything else on the server.
	 */
	public static final String APPLICATION_NAME = "dbconn-test-" + RUN_ID;

	/**
	 * The database the tests work in on MariaDB and MySQL servers, created for this run: the process
	 * list there shows no application name, but it shows each connection's database.
	 */
	public static final String DATABASE = of("dbconn_test");

	private static final int LOCK_BASE = 1_000_000 + RANDOM.nextInt(1_000_000_000);

	private RunNames() {
	}

	/**
	 * Return the name with this run's id appended.
	 * @param base the name shared by all runs
	 * @return a name of this run only
	 */
	public static String of(String base) {
		return base + "_" + RUN_ID;
	}

	/**
	 * Return an advisory lock key of this run only.
	 * @param offset which of the run's keys (small, non-negative)
	 * @return a positive key that fits an {@code int}
	 */
	public static int lockKey(int offset) {
		return LOCK_BASE + offset;
	}

}
