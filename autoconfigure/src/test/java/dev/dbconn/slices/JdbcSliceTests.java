package dev.dbconn.slices;

import javax.sql.DataSource;

import dev.dbconn.jdbc.LifecycleDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.transaction.AfterTransaction;
import org.springframework.test.context.transaction.BeforeTransaction;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @JdbcTest} as Boot sets it up, on the embedded database it puts in place of the
 * application's: dbconn's DataSource is over it, and the test's transaction is rolled back.
 */
@JdbcTest
class JdbcSliceTests {

	private static final String TEXT = "written by a @JdbcTest on the embedded database";

	@Autowired
	private DataSource dataSource;

	@Autowired
	private JdbcTemplate jdbcTemplate;

	@BeforeTransaction
	void createTable() {
		SliceRows.create(this.jdbcTemplate);
	}

	@Test
	void theTestsTransactionRunsOnDbconnsDataSourceOverTheEmbeddedDatabase() throws Exception {
		assertThat(this.dataSource.isWrapperFor(LifecycleDataSource.class)).as("dbconn's DataSource").isTrue();
		assertThat(this.jdbcTemplate.execute((ConnectionCallback<String>) (c) -> c.getMetaData().getURL()))
			.as("the database")
			.startsWith("jdbc:h2:mem:");
		assertThat(this.dataSource.unwrap(LifecycleDataSource.class).getConnections())
			.as("connections dbconn knows: the test transaction's")
			.hasSize(1);
		SliceRows.insert(this.jdbcTemplate, TEXT);
		assertThat(SliceRows.count(this.jdbcTemplate, TEXT)).isEqualTo(1);
		assertThat(TransactionSynchronizationManager.isActualTransactionActive()).isTrue();
	}

	@AfterTransaction
	void rolledBack() {
		assertThat(SliceRows.count(this.jdbcTemplate, TEXT)).as("rows of the test after its transaction").isZero();
	}

}
