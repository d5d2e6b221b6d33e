package dev.dbconn.testsupport;

import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.mysql.MySQLContainer;
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

	private static final String MYSQL_IMAGE = "mysql:8.4";

	private static JdbcDatabaseContainer<?> postgres;

	private static JdbcDatabaseContainer<?> mariadb;

	private static JdbcDatabaseContainer<?> mysql;

	private Containers() {
	}

	static String image(Kind kind) {
		return switch (kind) {
			case POSTGRESQL -> POSTGRES_IMAGE;
			case MARIADB -> MARIADB_IMAGE;
			case MYSQL -> MYSQL_IMAGE;
		};
	}

	static synchronized TestDatabase start(Kind kind) {
		JdbcDatabaseContainer<?> container = switch (kind) {
			case POSTGRESQL -> {
				if (postgres == null) {
					postgres = started(new PostgreSQLContainer(POSTGRES_IMAGE));
				}
				yield postgres;
			}
			case MARIADB -> {
				if (mariadb == null) {
					// As root, because the side connections read information_schema.innodb_trx, which
					// needs the PROCESS privilege.
					mariadb = started(new MariaDBContainer(MARIADB_IMAGE).withUsername("root"));
				}
				yield mariadb;
			}
			case MYSQL -> {
				if (mysql == null) {
					// root for the same reason
					mysql = started(new MySQLContainer(MYSQL_IMAGE).withUsername("root"));
				}
				yield mysql;
			}
		};
		return new TestDatabase(kind, container.getJdbcUrl(), container.getUsername(), container.getPassword(),
				Origin.TESTCONTAINERS);
	}

	private static JdbcDatabaseContainer<?> started(JdbcDatabaseContainer<?> container) {
		container.start();
		return container;
	}

}
