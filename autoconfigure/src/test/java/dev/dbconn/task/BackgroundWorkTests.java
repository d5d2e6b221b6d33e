package dev.dbconn.task;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.dbconn.task.TaskTestApplication.AsyncWork;
import dev.dbconn.task.TaskTestApplication.Run;
import dev.dbconn.task.TaskTestApplication.TaskWork;
import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.SpringStack;
import dev.dbconn.testsupport.SetupSource;
import dev.dbconn.testsupport.TestDatabase;
import dev.dbconn.testsupport.TestDatabase.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.params.ParameterizedTest;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @Scheduled} and {@code @Async} runs are units of work with no application code, on
 * platform and on virtual threads, observed from the server: which backend each run used, whether
 * the backends dbconn closed are gone, and which rows were committed.
 */
class BackgroundWorkTests {

	private static final Duration GONE_WITHIN = Duration.ofSeconds(5);

	private static final int RUNS = 4;

	private static final String POOL_OF_ONE = "spring.datasource.hikari.maximum-pool-size=1";

	private static final String VIRTUAL = "spring.threads.virtual.enabled=true";

	@ParameterizedTest
	@SetupSource
	void scheduledRunsWithMaxAgeZeroEachGetANewBackendAndThePreviousOneIsGone(Setup setup) throws Exception {
		eachRunGetsANewBackend(setup, Trigger.FIXED_DELAY);
		eachRunGetsANewBackend(setup, Trigger.FIXED_RATE);
	}

	@ParameterizedTest
	@SetupSource
	void asyncRunsWithMaxAgeZeroEachGetANewBackendAndThePreviousOneIsGone(Setup setup) throws Exception {
		eachRunGetsANewBackend(setup, Trigger.ASYNC);
	}

	@ParameterizedTest
	@SetupSource
	void scheduledRunsWithUnlimitedMaxAgeShareOneBackend(Setup setup) throws Exception {
		allRunsShareOneBackend(setup, Trigger.FIXED_DELAY);
	}

	@ParameterizedTest
	@SetupSource
	void asyncRunsWithUnlimitedMaxAgeShareOneBackend(Setup setup) throws Exception {
		allRunsShareOneBackend(setup, Trigger.ASYNC);
	}

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aScheduledRunThatLeavesATransactionOpenDoesNotCommitItAndTheNextRunWorks(Setup setup) throws Exception {
		openTransactionIsRolledBack(setup, Trigger.FIXED_DELAY);
	}

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void anAsyncRunThatLeavesATransactionOpenDoesNotCommitItAndTheNextRunWorks(Setup setup) throws Exception {
		openTransactionIsRolledBack(setup, Trigger.ASYNC);
	}

	@ParameterizedTest
	@SetupSource
	@EnabledForJreRange(min = JRE.JAVA_21)
	void onVirtualThreadsScheduledRunsWithMaxAgeZeroEachGetANewBackend(Setup setup) throws Exception {
		eachRunGetsANewBackend(setup, Trigger.FIXED_DELAY, VIRTUAL);
		eachRunGetsANewBackend(setup, Trigger.FIXED_RATE, VIRTUAL);
	}

	@ParameterizedTest
	@SetupSource
	@EnabledForJreRange(min = JRE.JAVA_21)
	void onVirtualThreadsAsyncRunsWithMaxAgeZeroEachGetANewBackend(Setup setup) throws Exception {
		eachRunGetsANewBackend(setup, Trigger.ASYNC, VIRTUAL);
	}

	@ParameterizedTest
	@SetupSource
	@EnabledForJreRange(min = JRE.JAVA_21)
	void onVirtualThreadsScheduledRunsWithUnlimitedMaxAgeShareOneBackend(Setup setup) throws Exception {
		allRunsShareOneBackend(setup, Trigger.FIXED_DELAY, VIRTUAL);
		allRunsShareOneBackend(setup, Trigger.FIXED_RATE, VIRTUAL);
	}

	@ParameterizedTest
	@SetupSource
	@EnabledForJreRange(min = JRE.JAVA_21)
	void onVirtualThreadsAsyncRunsWithUnlimitedMaxAgeShareOneBackend(Setup setup) throws Exception {
		allRunsShareOneBackend(setup, Trigger.ASYNC, VIRTUAL);
	}

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	@EnabledForJreRange(min = JRE.JAVA_21)
	void onVirtualThreadsAScheduledRunThatLeavesATransactionOpenDoesNotCommitIt(Setup setup) throws Exception {
		openTransactionIsRolledBack(setup, Trigger.FIXED_DELAY, VIRTUAL);
		openTransactionIsRolledBack(setup, Trigger.FIXED_RATE, VIRTUAL);
	}

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	@EnabledForJreRange(min = JRE.JAVA_21)
	void onVirtualThreadsAnAsyncRunThatLeavesATransactionOpenDoesNotCommitIt(Setup setup) throws Exception {
		openTransactionIsRolledBack(setup, Trigger.ASYNC, VIRTUAL);
	}

	private void eachRunGetsANewBackend(Setup setup, Trigger trigger, String... properties) throws Exception {
		ServerSide server = setup.database().serverSide();
		List<Run> runs = runs(setup, trigger, properties, "db.conn-max-age=0");
		assertThat(new HashSet<>(backends(runs))).as("a backend per run").hasSize(RUNS);
		for (Run run : runs) {
			assertThat(run.lastBackend()).as("one backend for the whole of run " + run.number())
				.isEqualTo(run.backend());
			assertThat(server.awaitGone(run.backend(), GONE_WITHIN)).as("backend of run " + run.number() + " gone")
				.isTrue();
		}
	}

	private void allRunsShareOneBackend(Setup setup, Trigger trigger, String... properties) throws Exception {
		List<Run> runs = runs(setup, trigger, properties, "db.conn-max-age=unlimited", POOL_OF_ONE,
				"it.keep-open=true");
		assertThat(new HashSet<>(backends(runs))).as("one backend for all runs").hasSize(1);
		assertThat(runs).allSatisfy((run) -> assertThat(run.lastBackend()).isEqualTo(run.backend()));
	}

	private void openTransactionIsRolledBack(Setup setup, Trigger trigger, String... properties) throws Exception {
		List<Run> runs = runs(setup, trigger, properties, "db.conn-max-age=unlimited", POOL_OF_ONE,
				"it.open-transaction-every-other=true");
		for (Run run : runs) {
			assertThat(run.failure()).as("failure of run " + run.number()).isNull();
			assertThat(committedRows(setup.database(), run.number())).as("rows of run " + run.number())
				.isEqualTo((run.number() % 2 == 1) ? 0 : 1);
		}
		ServerSide server = setup.database().serverSide();
		for (Run run : runs) {
			if (run.number() % 2 == 1) {
				assertThat(server.awaitGone(run.backend(), GONE_WITHIN))
					.as("backend left in a transaction by run " + run.number() + " closed")
					.isTrue();
			}
		}
	}

	/**
	 * Start the application, let it do {@value #RUNS} runs, and check them from the server while it
	 * still runs when it asks to ({@code it.keep-open}).
	 */
	private List<Run> runs(Setup setup, Trigger trigger, String[] extra, String... properties) throws Exception {
		TestDatabase database = setup.database();
		prepareTable(database);
		List<String> all = new ArrayList<>(List.of("spring.main.banner-mode=off", "it.database-kind=" + database.kind(),
				"spring.datasource.url=" + database.jdbcUrl(), "spring.datasource.username=" + database.username(),
				"spring.datasource.password=" + database.password(), "spring.datasource.hikari.connection-timeout=5000",
				"logging.level.dev.dbconn=DEBUG", "it.scheduled=" + trigger.scheduled, SpringStack.LEFT_OUT));
		all.addAll(setup.properties());
		all.addAll(List.of(properties));
		all.addAll(List.of(extra));
		boolean virtual = all.contains(VIRTUAL);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TaskTestApplication.class)
			.web(WebApplicationType.NONE)
			.properties(all.toArray(String[]::new))
			.run()) {
			TaskWork work = context.getBean(TaskWork.class);
			if (trigger == Trigger.ASYNC) {
				AsyncWork async = context.getBean(AsyncWork.class);
				for (int i = 0; i < RUNS; i++) {
					async.run().get(10, TimeUnit.SECONDS);
				}
			}
			else {
				awaitRuns(work);
			}
			List<Run> runs = List.copyOf(work.runs().subList(0, RUNS));
			for (Run run : runs) {
				assertThat(run.thread()).as("thread of run " + run.number())
					.satisfies((thread) -> assertThat(thread.contains("VirtualThread")).isEqualTo(virtual));
			}
			if (all.contains("it.keep-open=true")) {
				assertThat(database.serverSide().backendExists(runs.get(0).backend())).as("shared backend kept open")
					.isTrue();
			}
			return runs;
		}
	}

	private static void awaitRuns(TaskWork work) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (work.runs().size() < RUNS) {
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError("only " + work.runs().size() + " scheduled runs after 20 s");
			}
			Thread.sleep(50);
		}
	}

	private static List<Long> backends(List<Run> runs) {
		return runs.stream().map(Run::backend).toList();
	}

	// the servers are shared: leave them without the test table
	@AfterAll
	static void dropTables() throws SQLException {
		for (Setup setup : Setup.matrix(new Kind[0], false)) {
			try (Connection connection = setup.database().open(); Statement statement = connection.createStatement()) {
				statement.execute("drop table if exists " + TaskTestApplication.TABLE);
			}
		}
	}

	private static void prepareTable(TestDatabase database) throws SQLException {
		try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
			statement.execute("create table if not exists " + TaskTestApplication.TABLE
					+ " (id int primary key, label varchar(50))");
			statement.execute("delete from " + TaskTestApplication.TABLE);
		}
	}

	private static int committedRows(TestDatabase database, int id) throws SQLException {
		try (Connection connection = database.open();
				PreparedStatement statement = connection
					.prepareStatement("select count(*) from " + TaskTestApplication.TABLE + " where id = ?")) {
			statement.setInt(1, id);
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				return result.getInt(1);
			}
		}
	}

	private enum Trigger {

		/**
		 * {@code @Scheduled(fixedDelay = ...)}: on virtual threads, Spring's scheduler runs these on
		 * its single scheduler thread without task decorators; dbconn's scheduler makes each run a
		 * unit of work itself.
		 */
		FIXED_DELAY("fixed-delay"),

		/**
		 * {@code @Scheduled(fixedRate = ...)}: on virtual threads, each run on a thread of its own,
		 * through the scheduler's task decorator.
		 */
		FIXED_RATE("fixed-rate"),

		ASYNC("none");

		private final String scheduled;

		Trigger(String scheduled) {
			this.scheduled = scheduled;
		}

	}

}
