package dev.dbconn.testsupport;

import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import dev.dbconn.testsupport.TestDatabase.Kind;
import dev.dbconn.testsupport.TestDatabase.Origin;

/**
 * The database containers, started on first use and kept for the rest of the JVM. Testcontainers'
 * reaper removes them when the JVM exits.
 */
final class Containers {

	private static final String POSTGRES_IMAGE = "postgres:15";

	private static final String MARIADB_IMAGE = "mariadb:10.11";

	private static JdbcDatabaseContainer<?> postgres;

	private static JdbcDatabaseContainer<?> mariadb;

	private Containers() {
	}

	static String image(Kind kind) {
		return (kind == Kind.POSTGRESQL) ? POSTGRES_IMAGE : MARIADB_IMAGE;
	}

	static synchronized TestDatabase start(Kind kind) {
		JdbcDatabaseContainer<?> container;
		if (kind == Kind.POSTGRESQL) {
			if (postgres == null) {
				postgres = started(new PostgreSQLContainer(POSTGRES_IMAGE));
			}
			container = postgres;
		}
		else {
			if (mariadb == null) {
				// As root, because the side connections read information_schema.innodb_trx, which needs
				// the PROCESS privilege.
				mariadb = started(new MariaDBContainer(MARIADB_IMAGE).withUsername("root"));
			}
			container = mariadb;
		}
		return new TestDatabase(kind, container.getJdbcUrl(), container.getUsername(), container.getPassword(),
				Origin.TESTCONTAINERS);
	}

	private static JdbcDatabaseContainer<?> started(JdbcDatabaseContainer<?> container) {
		container.start();
		return container;
	}

}
