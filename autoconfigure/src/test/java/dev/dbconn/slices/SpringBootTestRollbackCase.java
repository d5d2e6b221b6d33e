package dev.dbconn.slices;

import javax.sql.DataSource;

import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.jdbc.UnitOfWork;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.TestDatabase.Kind;
import dev.dbconn.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
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
 * {@code @SpringBootTest} with a test-managed {@code @Transactional} and MockMvc, with dbconn's
 * defaults, on the cell of the test matrix a subclass names with its properties ({@code it.kind},
 * and the pool's auto-commit): the request runs through dbconn's filter as a unit of work on the
 * test's thread, its {@code @Transactional} service joins the test's transaction, and the end of
 * the request's unit neither commits nor closes that transaction's connection: the test's and the
 * request's rows are rolled back with the test, never seen committed on the server.
 */
@SpringBootTest(properties = { "spring.datasource.url=${it.databases.${it.kind}.url}",
		"spring.datasource.username=${it.databases.${it.kind}.username}",
		"spring.datasource.password=${it.databases.${it.kind}.password}" })
@AutoConfigureMockMvc
@Transactional
@TestInstance(Lifecycle.PER_CLASS)
@Import({ SpringBootTestRollbackCase.RowController.class, SpringBootTestRollbackCase.RowWriter.class })
abstract class SpringBootTestRollbackCase {

	private static final String TEXT = "written by a @SpringBootTest";

	private static final String REQUEST_TEXT = "written by a request of a @SpringBootTest";

	@Autowired
	private DataSource dataSource;

	@Autowired
	private JdbcTemplate jdbcTemplate;

	@Autowired
	private MockMvc mvc;

	@Autowired
	private Environment environment;

	/**
	 * Every test database, under {@code it.databases.<kind>.*}, looked up only when the subclass's
	 * {@code it.kind} names it.
	 */
	@DynamicPropertySource
	static void databases(DynamicPropertyRegistry registry) {
		for (Kind kind : Kind.values()) {
			String prefix = "it.databases." + kind + ".";
			registry.add(prefix + "url", () -> TestDatabases.get(kind).jdbcUrl());
			registry.add(prefix + "username", () -> TestDatabases.get(kind).username());
			registry.add(prefix + "password", () -> TestDatabases.get(kind).password());
		}
		SliceRows.leaveOutTheSpringStack(registry);
	}

	/** The cell of the test matrix the subclass's properties name. */
	private Setup setup() {
		return new Setup(this.environment.getRequiredProperty("it.kind", Kind.class),
				this.environment.getProperty("spring.datasource.hikari.auto-commit", Boolean.class, true));
	}

	@BeforeAll
	void createTable() throws Exception {
		SliceRows.create(setup().database());
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
		assertThat(setup().database().serverSide().inTransaction(backend))
			.as("the test's transaction open on the server")
			.isTrue();
		assertThat(committed()).as("committed rows while the test runs").isZero();
	}

	@AfterTransaction
	void rolledBack() throws Exception {
		assertThat(committed()).as("committed rows after the test").isZero();
		assertThat(setup().database().serverSide().countIdleInTransaction())
			.as("backends idle in a transaction after the test")
			.isZero();
	}

	private long committed() throws Exception {
		return SliceRows.committed(setup().database(), TEXT) + SliceRows.committed(setup().database(), REQUEST_TEXT);
	}

	@AfterAll
	void dropTable() throws Exception {
		SliceRows.drop(setup().database());
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
