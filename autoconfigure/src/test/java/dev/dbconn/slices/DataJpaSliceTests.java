package dev.dbconn.slices;

import javax.sql.DataSource;

import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.jpa.RunNamedTables;
import dev.dbconn.testsupport.RunNames;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase.Replace;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.transaction.AfterTransaction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @DataJpaTest} on the application's own database ({@code replace = NONE}), PostgreSQL: the
 * repository's flushed insert stays uncommitted on the server while the test runs, on dbconn's
 * DataSource, and is rolled back with the test's transaction.
 */
// the slice has Flyway, and the shared database has tables of other tests
@DataJpaTest(properties = { "spring.jpa.hibernate.ddl-auto=create-drop", "spring.flyway.enabled=false" })
@AutoConfigureTestDatabase(replace = Replace.NONE)
class DataJpaSliceTests {

	private static final String TABLE = RunNames.of("dbconn_jpa_slicenote");

	private static final String TEXT = "written by a @DataJpaTest on PostgreSQL";

	@Autowired
	private DataSource dataSource;

	@Autowired
	private SliceNotes notes;

	@Autowired
	private JdbcTemplate jdbcTemplate;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		SliceRows.usePostgresql(registry);
		registry.add("spring.jpa.hibernate.naming.physical-strategy", RunNamedTables.class::getName);
	}

	@Test
	void theRepositorysWritesAreRolledBackWithTheTest() throws Exception {
		assertThat(this.dataSource.isWrapperFor(LifecycleDataSource.class)).as("dbconn's DataSource").isTrue();
		this.notes.saveAndFlush(new SliceNote(TEXT));
		long backend = SliceRows.backend(this.jdbcTemplate);
		assertThat(SliceRows.postgresql().serverSide().inTransaction(backend))
			.as("the test's transaction open on the server")
			.isTrue();
		assertThat(SliceRows.committed(SliceRows.postgresql(), TABLE, TEXT)).as("committed rows while the test runs")
			.isZero();
	}

	@AfterTransaction
	void rolledBack() throws Exception {
		assertThat(SliceRows.committed(SliceRows.postgresql(), TABLE, TEXT)).as("committed rows after the test")
			.isZero();
		assertThat(SliceRows.postgresql().serverSide().countIdleInTransaction())
			.as("backends idle in a transaction after the test")
			.isZero();
	}

}
