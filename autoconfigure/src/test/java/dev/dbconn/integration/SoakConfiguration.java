package dev.dbconn.integration;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import dev.dbconn.testsupport.TestDatabase.Kind;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * What {@link LifecycleTestApplication} adds for the soak ({@link SoakTests}), with {@code it.soak}:
 * {@code @Async} on, and the tasks the soak's requests start.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("it.soak")
@EnableAsync
class SoakConfiguration {

	@Bean
	Tasks soakTasks(JdbcTemplate jdbcTemplate, @Value("${it.database-kind}") Kind kind) {
		return new Tasks(jdbcTemplate, SoakSql.of(kind));
	}

	/**
	 * {@code @Async} tasks that each read the session's settings, begin a transaction in SQL and insert
	 * a row, then commit it, but one in ten, which leaves it open ({@link SoakKind#commits}); with counts of
	 * the tasks started and finished, the settings each saw when they were not the given ones, and
	 * the tasks that failed.
	 */
	static class Tasks {

		private final JdbcTemplate jdbcTemplate;

		private final SoakSql sql;

		private final AtomicLong submitted = new AtomicLong();

		private final AtomicLong finished = new AtomicLong();

		private final Queue<String> settingsSeen = new ConcurrentLinkedQueue<>();

		private final Queue<Failure> failures = new ConcurrentLinkedQueue<>();

		private volatile String expectedSettings;

		Tasks(JdbcTemplate jdbcTemplate, SoakSql sql) {
			this.jdbcTemplate = jdbcTemplate;
			this.sql = sql;
		}

		/** Counts a task about to be started, before it can finish. */
		public void submitted() {
			this.submitted.incrementAndGet();
		}

		@Async
		public void run(long id) {
			long start = System.nanoTime();
			try {
				String settings = this.jdbcTemplate.queryForObject(this.sql.read, String.class);
				if (!settings.equals(this.expectedSettings)) {
					this.settingsSeen.add(id + ": " + settings);
				}
				this.jdbcTemplate.execute("BEGIN");
				this.jdbcTemplate.update("insert into " + SoakSql.TABLE + " (id, part, kind, label) values (?, 0, ?, ?)",
						id, SoakKind.ASYNC_TASK.name(), "task");
				if (SoakKind.ASYNC_TASK.commits(id)) {
					this.jdbcTemplate.execute("COMMIT");
				}
			}
			catch (RuntimeException ex) {
				this.failures.add(new Failure(id, SoakController.describe(ex), start, System.nanoTime()));
			}
			finally {
				this.finished.incrementAndGet();
			}
		}

		/** The settings a task must see: those of a new session. */
		public void expectSettings(String settings) {
			this.expectedSettings = settings;
		}

		public long submittedCount() {
			return this.submitted.get();
		}

		public long finishedCount() {
			return this.finished.get();
		}

		/** Each task that saw other settings than expected: its id and what it saw. */
		public List<String> settingsSeen() {
			return List.copyOf(this.settingsSeen);
		}

		public List<Failure> failures() {
			return List.copyOf(this.failures);
		}

	}

	/**
	 * A task that failed.
	 * @param id its id
	 * @param cause what it failed with, as {@link SoakController#describe} tells it
	 * @param start when it started ({@link System#nanoTime()})
	 * @param end when it failed
	 */
	record Failure(long id, String cause, long start, long end) {
	}

}
