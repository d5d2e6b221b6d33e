package dev.dbconn.integration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sql.DataSource;

import dev.dbconn.autoconfigure.DbConnAutoConfiguration;
import dev.dbconn.jdbc.EncodingMismatchException;
import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.lifecycle.Finding;
import dev.dbconn.testsupport.RunNames;
import dev.dbconn.testsupport.TestDatabase;
import dev.dbconn.testsupport.TestDatabase.Kind;
import dev.dbconn.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code db.encoding-check} against databases that really do not use UTF-8: a PostgreSQL database in
 * LATIN1 and one in SQL_ASCII, and a MariaDB database whose default character set is utf8mb3. The
 * drivers themselves talk UTF-8 to the server, so what is wrong is the database, which only the
 * check sees.
 */
@ExtendWith(OutputCaptureExtension.class)
class EncodingCheckTests {

	private static final String LATIN1 = RunNames.of("dbconn_latin1");

	private static final String SQL_ASCII = RunNames.of("dbconn_sql_ascii");

	private static final String UTF8MB3 = RunNames.of("dbconn_utf8mb3");

	// the hint every encoding warning ends with, whatever the problem
	private static final String WARNING_HINT = "set db.encoding-check=fail to refuse to start";

	/** A database that does not use UTF-8, and the part of the warning that names it and its problem. */
	record WrongEncoding(Kind kind, String database, String problem) {

		TestDatabase testDatabase() {
			return TestDatabases.get(this.kind).inDatabase(this.database);
		}

		@Override
		public String toString() {
			return this.kind.displayName() + " " + this.database;
		}

	}

	static Stream<WrongEncoding> wrongEncodings() {
		return Stream.of(new WrongEncoding(Kind.POSTGRESQL, LATIN1, "database '" + LATIN1 + "' uses encoding LATIN1"),
				new WrongEncoding(Kind.POSTGRESQL, SQL_ASCII, "database '" + SQL_ASCII + "' uses encoding SQL_ASCII"),
				new WrongEncoding(Kind.MARIADB, UTF8MB3,
						"database '" + UTF8MB3 + "' has default character set utf8mb3"));
	}

	@BeforeAll
	static void createDatabases() throws SQLException {
		// dropped first, in case an earlier run stopped before its clean-up
		dropDatabases();
		try (Connection connection = TestDatabases.postgres().open();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + LATIN1 + " ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' "
					+ "TEMPLATE template0");
			statement.execute("CREATE DATABASE " + SQL_ASCII + " ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' "
					+ "TEMPLATE template0");
		}
		try (Connection connection = TestDatabases.mariadb().open();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + UTF8MB3 + " CHARACTER SET utf8mb3");
		}
	}

	@AfterEach
	void noConnectionIsLeftOpen() throws Exception {
		// closing the context closes its pool: nothing may keep the databases busy, or be cut off
		// when they are dropped; a closed backend can take a moment to leave the server's lists
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		int open = openConnections();
		while (open > 0 && System.nanoTime() < deadline) {
			Thread.sleep(50);
			open = openConnections();
		}
		assertThat(open).as("connections still open to the test databases").isZero();
	}

	@AfterAll
	static void dropDatabases() throws SQLException {
		try (Connection connection = TestDatabases.postgres().open();
				Statement statement = connection.createStatement()) {
			// FORCE: a connection a failed test left behind must not keep the database
			statement.execute("DROP DATABASE IF EXISTS " + LATIN1 + " WITH (FORCE)");
			statement.execute("DROP DATABASE IF EXISTS " + SQL_ASCII + " WITH (FORCE)");
		}
		try (Connection connection = TestDatabases.mariadb().open();
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + UTF8MB3);
		}
	}

	@ParameterizedTest
	@MethodSource("wrongEncodings")
	void warnsOncePerDataSourceByDefault(WrongEncoding wrong, CapturedOutput output) {
		runner(wrong.testDatabase()).run((context) -> {
			assertThat(context).hasNotFailed();
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(LifecycleDataSource.class);
			// two connections open at once are two physical connections, then a third: the check is
			// made for the DataSource, not again for every connection it opens
			try (Connection first = dataSource.getConnection(); Connection second = dataSource.getConnection()) {
				assertThat(backendId(first)).isNotEqualTo(backendId(second));
			}
			try (Connection third = dataSource.getConnection()) {
				assertThat(third.isValid(5)).isTrue();
			}
			assertThat(((LifecycleDataSource) dataSource).getFindings()).map(Finding::message)
				.filteredOn((message) -> message.contains(wrong.problem()))
				.hasSize(1);
		});
		assertThat(output).containsOnlyOnce(wrong.problem());
		String warning = lineContaining(output, wrong.problem());
		assertThat(warning).contains("WARN").contains("Fix:").contains(WARNING_HINT);
		// the drivers ask for UTF-8 on the connection themselves: only the database is wrong
		assertThat(output).doesNotContain("client_encoding").doesNotContain("MariaDB connection to database");
	}

	@ParameterizedTest
	@MethodSource("wrongEncodings")
	void refusesToStartInFailMode(WrongEncoding wrong) {
		runner(wrong.testDatabase(), "db.encoding-check=fail").run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			String messages = messageChain(failure);
			assertThat(messages).contains(wrong.problem())
				.contains("Fix:")
				.contains("Set db.encoding-check=warn to start anyway");
			assertThat(causeOfType(failure, EncodingMismatchException.class).getProblems())
				.anySatisfy((problem) -> assertThat(problem).contains(wrong.problem()));
		});
	}

	@ParameterizedTest
	@MethodSource("wrongEncodings")
	void staysSilentWhenOff(WrongEncoding wrong, CapturedOutput output) {
		runner(wrong.testDatabase(), "db.encoding-check=off").run((context) -> {
			assertThat(context).hasNotFailed();
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(LifecycleDataSource.class);
			try (Connection connection = dataSource.getConnection()) {
				assertThat(connection.isValid(5)).isTrue();
			}
			assertThat(((LifecycleDataSource) dataSource).getFindings()).map(Finding::message)
				.noneMatch((message) -> message.contains(wrong.problem()));
		});
		// the start-up summary shows the setting took effect, so the silence below is not vacuous
		assertThat(output).contains("encoding check off");
		assertThat(output).doesNotContain(wrong.problem()).doesNotContain(WARNING_HINT);
	}

	@ParameterizedTest
	@EnumSource(Kind.class)
	void aUtf8DatabaseGivesNoWarning(Kind kind, CapturedOutput output) {
		runner(TestDatabases.get(kind)).run((context) -> {
			assertThat(context).hasNotFailed();
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(LifecycleDataSource.class);
			try (Connection connection = dataSource.getConnection()) {
				assertThat(connection.isValid(5)).isTrue();
			}
		});
		assertThat(output).contains("encoding check warn");
		assertThat(output).doesNotContain(WARNING_HINT).doesNotContain("not UTF8").doesNotContain("not utf8mb4");
	}

	private static ApplicationContextRunner runner(TestDatabase database, String... properties) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, DbConnAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + database.jdbcUrl(),
					"spring.datasource.username=" + database.username(),
					"spring.datasource.password=" + database.password(),
					// enough for the two connections a test holds at once, and no more to clean up
					"spring.datasource.hikari.maximum-pool-size=2")
			.withPropertyValues(properties);
	}

	private static Object backendId(Connection connection) throws SQLException {
		String sql = connection.getMetaData().getURL().startsWith("jdbc:postgresql:") ? "select pg_backend_pid()"
				: "select connection_id()";
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getObject(1);
		}
	}

	private static String lineContaining(CapturedOutput output, String text) {
		return output.getAll().lines().filter((line) -> line.contains(text)).findFirst().orElseThrow();
	}

	private static String messageChain(Throwable failure) {
		List<String> messages = new ArrayList<>();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.add(String.valueOf(cause.getMessage()));
		}
		return String.join(" <- ", messages);
	}

	private static <T extends Throwable> T causeOfType(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		throw new AssertionError("No " + type.getSimpleName() + " in the causes of " + failure);
	}

	private static int openConnections() throws SQLException {
		return count(TestDatabases.postgres(), "select count(*) from pg_stat_activity where datname in ('" + LATIN1
				+ "', '" + SQL_ASCII + "')")
				+ count(TestDatabases.mariadb(),
						"select count(*) from information_schema.processlist where db = '" + UTF8MB3 + "'");
	}

	private static int count(TestDatabase database, String sql) throws SQLException {
		try (Connection connection = database.open(); Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getInt(1);
		}
	}

}
