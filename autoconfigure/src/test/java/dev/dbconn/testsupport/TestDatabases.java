package dev.dbconn.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import dev.dbconn.testsupport.TestDatabase.Kind;
import dev.dbconn.testsupport.TestDatabase.Origin;

/**
 * Finds the real PostgreSQL, MariaDB and MySQL servers the tests run against, once per JVM.
 * <p>
 * Each database is looked for in this order:
 * <ol>
 * <li>explicit settings: the system properties {@code dbconn.test.<kind>.url},
 * {@code dbconn.test.<kind>.username} and {@code dbconn.test.<kind>.password}, or else the
 * environment variables {@code DBCONN_TEST_<KIND>_URL}, {@code DBCONN_TEST_<KIND>_USERNAME} and
 * {@code DBCONN_TEST_<KIND>_PASSWORD}, where the kind is {@code postgres}, {@code mariadb} or
 * {@code mysql} (MySQL Connector/J, whose URL starts with {@code jdbc:mysql:}). A server
 * named this way must be reachable; there is no falling back to the other sources;</li>
 * <li>a Testcontainers container ({@code postgres:15}, {@code mariadb:10.11} or {@code mysql:8.4}) when a
 * Docker engine is available;</li>
 * <li>a server on the loopback interface on the default port: {@code jdbc:postgresql://127.0.0.1:5432/test}
 * as {@code postgres}, {@code jdbc:mariadb://127.0.0.1:3306/test} as {@code root}, or for MySQL
 * Connector/J {@code jdbc:mysql://127.0.0.1:3306/test} as {@code root} (a MySQL or MariaDB server), all
 * without a password.</li>
 * </ol>
 * When none works, the test fails with a message saying how to provide one: a test that needs a
 * database never passes without one.
 * <p>
 * The servers may be shared with other builds, so what a test counts on them must be its run's
 * own: PostgreSQL connections carry the application name {@link RunNames#APPLICATION_NAME}, and on
 * MariaDB and MySQL, whose process list shows no application name, the tests work in a database of
 * the run's own, {@link RunNames#DATABASE}, created next to the one the URL names and dropped when
 * the JVM exits.
 */
public final class TestDatabases {

	private static final Resolution POSTGRES = new Resolution(Kind.POSTGRESQL, "postgres",
			"jdbc:postgresql://127.0.0.1:5432/test", "postgres");

	private static final Resolution MARIADB = new Resolution(Kind.MARIADB, "mariadb",
			"jdbc:mariadb://127.0.0.1:3306/test", "root");

	private static final Resolution MYSQL = new Resolution(Kind.MYSQL, "mysql", "jdbc:mysql://127.0.0.1:3306/test",
			"root");

	private TestDatabases() {
	}

	/**
	 * The PostgreSQL server to test against.
	 * @return the database, the same instance for the whole JVM
	 * @throws AssertionError if no PostgreSQL server can be found, saying how to provide one
	 */
	public static TestDatabase postgres() {
		return POSTGRES.get();
	}

	/**
	 * The MariaDB server to test against.
	 * @return the database, the same instance for the whole JVM
	 * @throws AssertionError if no MariaDB server can be found, saying how to provide one
	 */
	public static TestDatabase mariadb() {
		return MARIADB.get();
	}

	/**
	 * The server to test MySQL Connector/J against: a MySQL server where one is given or Docker runs
	 * one, otherwise the MariaDB server on the loopback interface, reached with a {@code jdbc:mysql:}
	 * URL.
	 * @return the database, the same instance for the whole JVM
	 * @throws AssertionError if no such server can be found, saying how to provide one
	 */
	public static TestDatabase mysql() {
		return MYSQL.get();
	}

	/**
	 * The database of the given kind.
	 * @param kind the kind of server
	 * @return the database, the same instance for the whole JVM
	 * @throws AssertionError if no such server can be found, saying how to provide one
	 */
	public static TestDatabase get(Kind kind) {
		return switch (kind) {
			case POSTGRESQL -> postgres();
			case MARIADB -> mariadb();
			case MYSQL -> mysql();
		};
	}

	/**
	 * Looks for one kind of database the first time it is asked, then keeps the outcome, failure
	 * included, so that every test of a run sees the same database or the same explanation.
	 */
	private static final class Resolution {

		private final Kind kind;

		private final String settingName;

		private final String loopbackUrl;

		private final String loopbackUsername;

		private TestDatabase database;

		private String failure;

		Resolution(Kind kind, String settingName, String loopbackUrl, String loopbackUsername) {
			this.kind = kind;
			this.settingName = settingName;
			this.loopbackUrl = loopbackUrl;
			this.loopbackUsername = loopbackUsername;
		}

		synchronized TestDatabase get() {
			if (this.database == null && this.failure == null) {
				try {
					this.database = forThisRun(resolve());
				}
				catch (NotFound ex) {
					this.failure = ex.getMessage();
				}
			}
			if (this.failure != null) {
				// A new error each time, so that each failing test reports its own stack.
				throw new AssertionError(this.failure);
			}
			return this.database;
		}

		private TestDatabase resolve() throws NotFound {
			String url = setting("url");
			if (url != null) {
				return fromExplicitSettings(url);
			}
			if (Docker.isAvailable()) {
				try {
					return Containers.start(this.kind);
				}
				catch (RuntimeException ex) {
					// Docker is there, so a failure is a real problem worth reporting, not a reason to
					// quietly test against some other server.
					throw new NotFound("A Docker engine is available but the " + Containers.image(this.kind)
							+ " container did not start: " + ex + ". To use another server instead, set "
							+ propertyName("url") + " / " + variableName("url") + ".");
				}
			}
			TestDatabase loopback = new TestDatabase(this.kind, this.loopbackUrl, this.loopbackUsername, "",
					Origin.LOOPBACK_DEFAULT);
			String problem = connectionProblem(loopback);
			if (problem == null) {
				return loopback;
			}
			throw new NotFound(howToProvide(problem));
		}

		private static TestDatabase forThisRun(TestDatabase found) throws NotFound {
			if (found.kind() == Kind.POSTGRESQL) {
				return found.withParameters("ApplicationName=" + RunNames.APPLICATION_NAME);
			}
			try {
				execute(found, "create database if not exists " + RunNames.DATABASE + " character set utf8mb4");
			}
			catch (SQLException ex) {
				throw new NotFound("Cannot create this run's database " + RunNames.DATABASE + " on " + found.describe()
						+ "; the tests need CREATE and DROP on databases other than the one the URL names: " + ex);
			}
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					execute(found, "drop database if exists " + RunNames.DATABASE);
				}
				catch (SQLException ex) {
					// nothing more to do as the JVM exits
				}
			}, "drop-" + RunNames.DATABASE));
			return found.inDatabase(RunNames.DATABASE);
		}

		private static void execute(TestDatabase database, String sql) throws SQLException {
			try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
				statement.execute(sql);
			}
		}

		private TestDatabase fromExplicitSettings(String url) throws NotFound {
			String username = setting("username");
			TestDatabase explicit;
			try {
				explicit = new TestDatabase(this.kind, url, (username != null) ? username : this.loopbackUsername,
						setting("password"), Origin.EXPLICIT_SETTINGS);
			}
			catch (IllegalArgumentException ex) {
				throw new NotFound(ex.getMessage() + " (check " + propertyName("url") + " / " + variableName("url")
						+ ")");
			}
			String problem = connectionProblem(explicit);
			if (problem != null) {
				throw new NotFound("The " + this.kind.displayName() + " server given by " + propertyName("url")
						+ " / " + variableName("url") + " cannot be reached: " + explicit.describe() + ": "
						+ problem);
			}
			return explicit;
		}

		private String howToProvide(String loopbackProblem) {
			String nl = System.lineSeparator();
			return "No " + this.kind.displayName() + " server to run the tests against. Provide one in any of these ways:"
					+ nl + "  - name it with the system properties " + propertyName("url") + ", "
					+ propertyName("username") + " and " + propertyName("password")
					+ " (for example ./mvnw verify -D" + propertyName("url") + "=" + this.loopbackUrl
					+ "), or with the environment variables " + variableName("url") + ", " + variableName("username")
					+ " and " + variableName("password") + ";" + nl
					+ "  - start a Docker engine, so that Testcontainers can run " + Containers.image(this.kind)
					+ " (no Docker engine was found);" + nl + "  - start a local " + this.kind.displayName()
					+ " server on its default port, with a database 'test' that user '" + this.loopbackUsername
					+ "' can use without a password (connecting to " + this.loopbackUrl + " failed: "
					+ loopbackProblem + ").";
		}

		private String setting(String name) {
			String value = System.getProperty(propertyName(name));
			if (value == null) {
				value = System.getenv(variableName(name));
			}
			// An empty password is a real setting; an empty URL or user name means "not set".
			if (value != null && value.isBlank() && !name.equals("password")) {
				return null;
			}
			return value;
		}

		private String propertyName(String name) {
			return "dbconn.test." + this.settingName + "." + name;
		}

		private String variableName(String name) {
			return ("DBCONN_TEST_" + this.settingName + "_" + name).toUpperCase(Locale.ROOT);
		}

		private static String connectionProblem(TestDatabase database) {
			try (Connection connection = database.open()) {
				return connection.isValid(TestDatabase.CONNECT_TIMEOUT_SECONDS) ? null
						: "the connection opened but is not valid";
			}
			catch (SQLException ex) {
				return ex.toString();
			}
		}

	}

	/**
	 * Thrown inside the resolution when a database cannot be found; its message is the full
	 * explanation given to the tests.
	 */
	private static final class NotFound extends Exception {

		private static final long serialVersionUID = 1L;

		NotFound(String message) {
			super(message, null, false, false);
		}

	}

}
