package dev.dbconn.datajdbc;

import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.TestDatabase;
import dev.dbconn.testsupport.TestDatabase.Kind;
import dev.dbconn.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jdbc.test.autoconfigure.DataJdbcTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase.Replace;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.transaction.AfterTransaction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @DataJdbcTest} on the application's own database ({@code replace = NONE}), PostgreSQL: the
 * repository runs on dbconn's DataSource, in the test's transaction, which stays open on the server
 * while the test runs and is rolled back.
 */
// the slice has Flyway, and the shared database has tables of other tests; the application's
// nested services come along as member classes of its configuration and need the kind
@DataJdbcTest(properties = { "spring.flyway.enabled=false", "it.database-kind=POSTGRESQL" })
@AutoConfigureTestDatabase(replace = Replace.NONE)
class DataJdbcSliceTests {

	private static final String TEXT = "written by a @DataJdbcTest on PostgreSQL";

	@Autowired
	private DataSource dataSource;

	@Autowired
	private Notes notes;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		database().registerAsDataSource(registry);
	}

	@BeforeAll
	static void createTable() throws Exception {
		DataJdbcTests.createTable(database());
	}

	@Test
	void theRepositoryRunsInTheTestsTransactionOnDbconnsDataSource() throws Exception {
		assertThat(this.dataSource.isWrapperFor(LifecycleDataSource.class)).as("dbconn's DataSource").isTrue();
		this.notes.save(new Note(TEXT));
		long backend = this.notes.postgresqlBackend();
		ServerSide server = database().serverSide();
		assertThat(server.inTransaction(backend)).as("the test's transaction open on the server").isTrue();
		assertThat(server.committedRows(DataJdbcApplication.TABLE, "text", TEXT))
			.as("committed rows while the test runs")
			.isZero();
	}

	@AfterTransaction
	void rolledBack() throws Exception {
		ServerSide server = database().serverSide();
		assertThat(server.committedRows(DataJdbcApplication.TABLE, "text", TEXT)).as("committed rows after the test")
			.isZero();
		assertThat(server.countIdleInTransaction()).as("backends idle in a transaction after the test").isZero();
	}

	@AfterAll
	static void dropTable() throws Exception {
		try (Connection connection = database().open(); Statement statement = connection.createStatement()) {
			statement.execute("drop table if exists " + DataJdbcApplication.TABLE);
		}
	}

	private static TestDatabase database() {
		return TestDatabases.get(Kind.POSTGRESQL);
	}

}
