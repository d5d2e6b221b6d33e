package dev.dbconn.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real database server the tests run against: its kind, JDBC URL and credentials, and where the
 * harness found it. Obtain one from {@link TestDatabases}.
 * <p>
 * Instances are immutable; {@link #viaProxy(TcpProxy)} and {@link #withUrl(String)} return copies.
 */
public final class TestDatabase {

	/**
	 * How long {@link #open()} waits for the server before giving up, so that a missing server is
	 * reported quickly instead of hanging a test.
	 */
	static final int CONNECT_TIMEOUT_SECONDS = 3;

	/**
	 * Read timeout of side connections: generous, but a side query must never hang the build.
	 */
	private static final int SOCKET_TIMEOUT_SECONDS = 30;

	private final Kind kind;

	private final String jdbcUrl;

	private final String username;

	private final String password;

	private final Origin origin;

	/**
	 * Create a description of a test database.
	 * @param kind the kind of server
	 * @param jdbcUrl the JDBC URL, {@code jdbc:postgresql://host:port/db...},
	 * {@code jdbc:mariadb://host:port/db...} or {@code jdbc:mysql://host:port/db...}
	 * @param username the user name
	 * @param password the password, empty for none
	 * @param origin where the database came from
	 */
	public TestDatabase(Kind kind, String jdbcUrl, String username, String password, Origin origin) {
		this.kind = Objects.requireNonNull(kind, "kind");
		this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
		this.username = Objects.requireNonNull(username, "username");
		this.password = (password != null) ? password : "";
		this.origin = Objects.requireNonNull(origin, "origin");
		if (!jdbcUrl.startsWith(kind.urlPrefix())) {
			throw new IllegalArgumentException(
					"A " + kind.displayName() + " JDBC URL must start with " + kind.urlPrefix() + ": " + jdbcUrl);
		}
	}

	/**
	 * The kind of server.
	 * @return the kind
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * The JDBC URL, suitable for {@code spring.datasource.url}.
	 * @return the JDBC URL
	 */
	public String jdbcUrl() {
		return this.jdbcUrl;
	}

	/**
	 * The user name, suitable for {@code spring.datasource.username}.
	 * @return the user name
	 */
	public String username() {
		return this.username;
	}

	/**
	 * The password, suitable for {@code spring.datasource.password}.
	 * @return the password, empty when there is none
	 */
	public String password() {
		return this.password;
	}

	/**
	 * Where the harness found this database.
	 * @return the origin
	 */
	public Origin origin() {
		return this.origin;
	}

	/**
	 * The host named in the JDBC URL.
	 * @return the host
	 */
	public String host() {
		return JdbcUrlAddress.parse(this.jdbcUrl, this.kind.defaultPort()).host();
	}

	/**
	 * The port named in the JDBC URL, or the kind's default port when the URL names none.
	 * @return the port
	 */
	public int port() {
		return JdbcUrlAddress.parse(this.jdbcUrl, this.kind.defaultPort()).port();
	}

	/**
	 * Human-readable account of the database and where it came from, for test output and failure
	 * messages.
	 * @return a one-line description
	 */
	public String describe() {
		return this.kind.displayName() + " at " + this.jdbcUrl + " as '" + this.username + "' (from "
				+ this.origin.description() + ")";
	}

	/**
	 * A HikariCP pool of this database that is not a bean, for tests that build their DataSource
	 * themselves; close it when done.
	 * @param maximumPoolSize the pool's maximum
	 * @return the pool, started on first use
	 */
	public HikariDataSource pool(int maximumPoolSize) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(this.jdbcUrl);
		pool.setUsername(this.username);
		pool.setPassword(this.password);
		pool.setMaximumPoolSize(maximumPoolSize);
		return pool;
	}

	/**
	 * A pool as {@link #pool(int)} whose connections give up on a server that stops answering: the
	 * driver's connect and socket timeouts are set, as the driver names them.
	 * @param maximumPoolSize the pool's maximum
	 * @param connectTimeoutSeconds how long opening a connection may take
	 * @param socketTimeoutSeconds how long a read from the server may wait
	 * @return the pool, started on first use
	 */
	public HikariDataSource pool(int maximumPoolSize, int connectTimeoutSeconds, int socketTimeoutSeconds) {
		HikariDataSource pool = pool(maximumPoolSize);
		Properties timeouts = new Properties();
		this.kind.addTimeouts(timeouts, connectTimeoutSeconds, socketTimeoutSeconds);
		pool.setDataSourceProperties(timeouts);
		return pool;
	}

	/**
	 * Open a new connection straight through {@link DriverManager}, outside any pool. Use it for
	 * setup and for watching the server while a pool is under test.
	 * @return a new connection, in auto-commit mode
	 * @throws SQLException if the server cannot be reached
	 */
	public Connection open() throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", this.username);
		properties.setProperty("password", this.password);
		// Timeouts go in the properties, not the URL, so that jdbcUrl() stays what a pool would use.
		this.kind.addTimeouts(properties, CONNECT_TIMEOUT_SECONDS, SOCKET_TIMEOUT_SECONDS);
		return DriverManager.getConnection(this.jdbcUrl, properties);
	}

	/**
	 * Make this database the application's DataSource in a Spring test context, from a
	 * {@code @DynamicPropertySource} method.
	 * @param registry the registry the method is given
	 */
	public void registerAsDataSource(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", this::jdbcUrl);
		registry.add("spring.datasource.username", this::username);
		registry.add("spring.datasource.password", this::password);
	}

	/**
	 * Helpers that look at and act on this server's backends through side connections.
	 * @return the server-side helpers
	 */
	public ServerSide serverSide() {
		return new ServerSide(this);
	}

	/**
	 * A copy of this database with another JDBC URL of the same kind.
	 * @param url the new JDBC URL
	 * @return the copy
	 */
	public TestDatabase withUrl(String url) {
		return new TestDatabase(this.kind, url, this.username, this.password, this.origin);
	}

	/**
	 * A copy of this database whose JDBC URL carries further parameters, after any it had.
	 * @param parameters {@code name=value} pairs joined by {@code &}, encoded as the driver expects
	 * @return the copy
	 * @see JdbcUrls#withParameters(String, String)
	 */
	public TestDatabase withParameters(String parameters) {
		return withUrl(JdbcUrls.withParameters(this.jdbcUrl, parameters));
	}

	/**
	 * A copy of this database that names another database on the same server, with the same
	 * credentials: the name is the path of the JDBC URL, and any parameters after it are kept.
	 * @param name the database's name
	 * @return the copy
	 */
	public TestDatabase inDatabase(String name) {
		String url = this.jdbcUrl;
		int authority = url.indexOf("://");
		if (authority < 0) {
			throw new IllegalArgumentException("Cannot name another database in " + url);
		}
		int addressEnd = authority + 3;
		while (addressEnd < url.length() && "/?;".indexOf(url.charAt(addressEnd)) < 0) {
			addressEnd++;
		}
		int nameEnd = addressEnd;
		if (nameEnd < url.length() && url.charAt(nameEnd) == '/') {
			nameEnd++;
			while (nameEnd < url.length() && "?;".indexOf(url.charAt(nameEnd)) < 0) {
				nameEnd++;
			}
		}
		return withUrl(url.substring(0, addressEnd) + "/" + name + url.substring(nameEnd));
	}

	/**
	 * A copy of this database whose JDBC URL goes through the given proxy instead of straight to the
	 * server. The database name and URL parameters are kept.
	 * @param proxy a proxy forwarding to this database's {@link #host()} and {@link #port()}
	 * @return the copy
	 */
	public TestDatabase viaProxy(TcpProxy proxy) {
		return withUrl(JdbcUrlAddress.replace(this.jdbcUrl, proxy.host(), proxy.port()));
	}

	@Override
	public String toString() {
		// The password is left out on purpose: this ends up in test reports.
		return "TestDatabase[" + describe() + "]";
	}

	/**
	 * The kinds of server the tests need.
	 */
	public enum Kind {

		/**
		 * PostgreSQL, through the PostgreSQL JDBC driver.
		 */
		POSTGRESQL("PostgreSQL", "jdbc:postgresql:", 5432) {

			@Override
			void addTimeouts(Properties properties, int connectSeconds, int socketSeconds) {
				properties.setProperty("connectTimeout", Integer.toString(connectSeconds));
				properties.setProperty("loginTimeout", Integer.toString(connectSeconds));
				properties.setProperty("socketTimeout", Integer.toString(socketSeconds));
			}

		},

		/**
		 * MariaDB, through MariaDB Connector/J.
		 */
		MARIADB("MariaDB", "jdbc:mariadb:", 3306) {

			@Override
			void addTimeouts(Properties properties, int connectSeconds, int socketSeconds) {
				// Connector/J takes milliseconds where the PostgreSQL driver takes seconds.
				properties.setProperty("connectTimeout", Integer.toString(connectSeconds * 1000));
				properties.setProperty("socketTimeout", Integer.toString(socketSeconds * 1000));
			}

		},

		/**
		 * MySQL Connector/J, against a MySQL server or, where there is none, a MariaDB server: the
		 * server answers the same administrative SQL either way, but see
		 * {@link ServerSide#isMariaDb()} for the variables whose names differ.
		 */
		MYSQL("MySQL Connector/J", "jdbc:mysql:", 3306) {

			@Override
			void addTimeouts(Properties properties, int connectSeconds, int socketSeconds) {
				// milliseconds, like MariaDB Connector/J
				properties.setProperty("connectTimeout", Integer.toString(connectSeconds * 1000));
				properties.setProperty("socketTimeout", Integer.toString(socketSeconds * 1000));
			}

		};

		private final String displayName;

		private final String urlPrefix;

		private final int defaultPort;

		Kind(String displayName, String urlPrefix, int defaultPort) {
			this.displayName = displayName;
			this.urlPrefix = urlPrefix;
			this.defaultPort = defaultPort;
		}

		/**
		 * The product name, for messages.
		 * @return the product name
		 */
		public String displayName() {
			return this.displayName;
		}

		/**
		 * The prefix every JDBC URL of this kind starts with.
		 * @return the URL prefix
		 */
		public String urlPrefix() {
			return this.urlPrefix;
		}

		/**
		 * The port the server listens on unless configured otherwise.
		 * @return the default port
		 */
		public int defaultPort() {
			return this.defaultPort;
		}

		abstract void addTimeouts(Properties properties, int connectSeconds, int socketSeconds);

	}

	/**
	 * Where the harness found a database.
	 */
	public enum Origin {

		/**
		 * From {@code dbconn.test.*} system properties or {@code DBCONN_TEST_*} environment variables.
		 */
		EXPLICIT_SETTINGS("explicit settings"),

		/**
		 * From a container Testcontainers started for this JVM.
		 */
		TESTCONTAINERS("Testcontainers"),

		/**
		 * From a server already listening on the loopback interface on the default port.
		 */
		LOOPBACK_DEFAULT("loopback default"),

		/**
		 * Through a {@link PgBouncer} the tests started in front of the PostgreSQL server they found.
		 */
		PGBOUNCER("a PgBouncer of the tests");

		private final String description;

		Origin(String description) {
			this.description = description;
		}

		/**
		 * Short description, for messages.
		 * @return the description
		 */
		public String description() {
			return this.description;
		}

	}

}
