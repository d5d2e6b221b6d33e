package dev.dbconn.slices;

import javax.sql.DataSource;

import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.jdbc.UnitOfWork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.transaction.AfterTransaction;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code @SpringBootTest} with a test-managed {@code @Transactional} and MockMvc, on PostgreSQL with
 * dbconn's defaults: the request runs through dbconn's filter as a unit of work on the test's thread,
 * its {@code @Transactional} service joins the test's transaction, and the end of the request's unit
 * neither commits nor closes that transaction's connection: the test's and the request's rows are
 * rolled back with the test, never seen committed on the server.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Transactional
@Import({ SpringBootTestRollbackTests.RowController.class, SpringBootTestRollbackTests.RowWriter.class })
class SpringBootTestRollbackTests {

	private static final String TEXT = "written by a @SpringBootTest";

	private static final String REQUEST_TEXT = "written by a request of a @SpringBootTest";

	@Autowired
	private DataSource dataSource;

	@Autowired
	private JdbcTemplate jdbcTemplate;

	@Autowired
	private MockMvc mvc;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		SliceRows.usePostgresql(registry);
		SliceRows.leaveOutTheSpringStack(registry);
	}

	@BeforeAll
	static void createTable() throws Exception {
		SliceRows.create(SliceRows.postgresql());
	}

	@Test
	void aRequestInTheTestsTransactionIsRolledBackWithIt() throws Exception {
		assertThat(this.dataSource.isWrapperFor(LifecycleDataSource.class)).as("dbconn's DataSource").isTrue();
		SliceRows.insert(this.jdbcTemplate, TEXT);
		long backend = SliceRows.backend(this.jdbcTemplate);
		String seen = this.mvc.perform(post("/rows").param("text", REQUEST_TEXT))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(seen).as("the request: a unit of work, and its backend").isEqualTo("true " + backend);
		assertThat(TransactionSynchronizationManager.isActualTransactionActive())
			.as("the test's transaction after the request")
			.isTrue();
		assertThat(SliceRows.backend(this.jdbcTemplate)).as("the test's backend after the request")
			.isEqualTo(backend);
		assertThat(SliceRows.count(this.jdbcTemplate, TEXT) + SliceRows.count(this.jdbcTemplate, REQUEST_TEXT))
			.as("rows the test's transaction sees")
			.isEqualTo(2);
		assertThat(SliceRows.postgresql().serverSide().inTransaction(backend))
			.as("the test's transaction open on the server")
			.isTrue();
		assertThat(committed()).as("committed rows while the test runs").isZero();
	}

	@AfterTransaction
	void rolledBack() throws Exception {
		assertThat(committed()).as("committed rows after the test").isZero();
		assertThat(SliceRows.postgresql().serverSide().countIdleInTransaction())
			.as("backends idle in a transaction after the test")
			.isZero();
	}

	private static long committed() throws Exception {
		return SliceRows.committed(SliceRows.postgresql(), TEXT)
				+ SliceRows.committed(SliceRows.postgresql(), REQUEST_TEXT);
	}

	@AfterAll
	static void dropTable() throws Exception {
		SliceRows.drop(SliceRows.postgresql());
	}

	@Service
	static class RowWriter {

		private final JdbcTemplate jdbcTemplate;

		RowWriter(JdbcTemplate jdbcTemplate) {
			this.jdbcTemplate = jdbcTemplate;
		}

		@Transactional
		long write(String text) {
			SliceRows.insert(this.jdbcTemplate, text);
			return SliceRows.backend(this.jdbcTemplate);
		}

	}

	@RestController
	static class RowController {

		private final RowWriter writer;

		RowController(RowWriter writer) {
			this.writer = writer;
		}

		@PostMapping("/rows")
		String write(@RequestParam String text) {
			boolean unit = UnitOfWork.isActive();
			return unit + " " + this.writer.write(text);
		}

	}

}
