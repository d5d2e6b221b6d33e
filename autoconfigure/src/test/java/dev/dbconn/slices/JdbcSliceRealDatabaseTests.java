package dev.dbconn.slices;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.jdbc.ConnectionSnapshot;
import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.testsupport.ServerSide;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase.Replace;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.transaction.AfterTransaction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @JdbcTest} on the application's own database ({@code replace = NONE}), PostgreSQL: the
 * test's transaction runs on dbconn's DataSource over HikariCP, stays open on the server while the
 * test runs, and is rolled back: the server never shows its row, nor a backend left in a
 * transaction.
 */
// the slice has Flyway, and the shared database has tables of other tests
@JdbcTest(properties = "spring.flyway.enabled=false")
@AutoConfigureTestDatabase(replace = Replace.NONE)
class JdbcSliceRealDatabaseTests {

	private static final String TEXT = "written by a @JdbcTest on PostgreSQL";

	@Autowired
	private DataSource dataSource;

	@Autowired
	private JdbcTemplate jdbcTemplate;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		SliceRows.usePostgresql(registry);
	}

	@BeforeAll
	static void createTable() throws Exception {
		SliceRows.create(SliceRows.postgresql());
	}

	@Test
	void theTestsTransactionStaysOpenOnTheServerUntilItIsRolledBack() throws Exception {
		assertThat(this.dataSource.isWrapperFor(LifecycleDataSource.class)).as("dbconn's DataSource").isTrue();
		LifecycleDataSource lifecycle = this.dataSource.unwrap(LifecycleDataSource.class);
		assertThat(lifecycle.unwrap(HikariDataSource.class)).as("the pool beneath").isNotNull();
		SliceRows.insert(this.jdbcTemplate, TEXT);
		long backend = SliceRows.backend(this.jdbcTemplate);
		assertThat(lifecycle.getConnections()).as("connections dbconn knows in use: the test transaction's")
			.filteredOn(ConnectionSnapshot::inUse)
			.hasSize(1);
		ServerSide server = SliceRows.postgresql().serverSide();
		assertThat(server.inTransaction(backend)).as("the test's transaction open on the server").isTrue();
		assertThat(SliceRows.committed(SliceRows.postgresql(), TEXT)).as("committed rows while the test runs")
			.isZero();
	}

	@AfterTransaction
	void rolledBack() throws Exception {
		assertThat(SliceRows.committed(SliceRows.postgresql(), TEXT)).as("committed rows after the test").isZero();
		assertThat(SliceRows.postgresql().serverSide().countIdleInTransaction())
			.as("backends idle in a transaction after the test")
			.isZero();
	}

	@AfterAll
	static void dropTable() throws Exception {
		SliceRows.drop(SliceRows.postgresql());
	}

}
