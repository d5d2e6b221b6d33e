package dev.dbconn.chaos;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.Set;

import dev.dbconn.testsupport.RunNames;
import dev.dbconn.testsupport.TestDatabase;
import dev.dbconn.testsupport.TestDatabase.Kind;
import dev.dbconn.testsupport.TestDatabases;

/**
 * A database of the chaos tests' own ({@code ChaosTests} and {@code SoakTests}) on each server,
 * created for this run: the server's list of the backends in it is the list of the pool's under
 * test, so that "every backend" is killed without touching another client of the shared servers,
 * and counted without them.
 */
public final class ChaosDatabases {

	static final String NAME = RunNames.of("dbconn_chaos");

	private static final Set<Kind> CREATED = EnumSet.noneOf(Kind.class);

	private ChaosDatabases() {
	}

	/**
	 * The run's chaos database on the server of a kind, created the first time it is asked for.
	 * @param kind the kind of database and driver
	 * @return the database
	 * @throws SQLException if it cannot be created
	 */
	public static synchronized TestDatabase get(Kind kind) throws SQLException {
		TestDatabase server = TestDatabases.get(kind);
		if (!CREATED.contains(kind)) {
			// MariaDB Connector/J and MySQL Connector/J may both reach the one local MariaDB server
			execute(server, (kind == Kind.POSTGRESQL) ? "create database " + NAME
					: "create database if not exists " + NAME + " character set utf8mb4");
			CREATED.add(kind);
		}
		return server.inDatabase(NAME);
	}

	/** Drop every chaos database this run created. */
	public static synchronized void dropAll() throws SQLException {
		for (Kind kind : CREATED) {
			// FORCE: a backend a failed test left behind must not keep the database
			execute(TestDatabases.get(kind), (kind == Kind.POSTGRESQL) ? "drop database if exists " + NAME + " with (force)"
					: "drop database if exists " + NAME);
		}
		CREATED.clear();
	}

	private static void execute(TestDatabase server, String sql) throws SQLException {
		try (Connection connection = server.open(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
