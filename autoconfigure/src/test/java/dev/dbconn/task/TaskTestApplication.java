package dev.dbconn.task;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.dbconn.testsupport.RunNames;
import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.TestDatabase.Kind;
import dev.dbconn.testsupport.TestDatabases;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * An application without a web server whose {@code @Scheduled} and {@code @Async} methods use the
 * database, to observe from the server what each run did.
 */
@SpringBootApplication
@EnableAsync
@EnableScheduling
public class TaskTestApplication {

	/** Table the runs write to; no other test uses it. */
	static final String TABLE = RunNames.of("dbconn_task_item");

	@Bean
	TaskWork taskWork(JdbcTemplate jdbcTemplate, @Value("${it.database-kind}") Kind kind,
			@Value("${it.open-transaction-every-other:false}") boolean openTransactionEveryOther) {
		return new TaskWork(jdbcTemplate, TestDatabases.get(kind).serverSide(), openTransactionEveryOther);
	}

	@Bean
	AsyncWork asyncWork(TaskWork work) {
		return new AsyncWork(work);
	}

	@Bean
	@ConditionalOnProperty(name = "it.scheduled", havingValue = "fixed-delay")
	FixedDelayWork fixedDelayWork(TaskWork work) {
		return new FixedDelayWork(work);
	}

	@Bean
	@ConditionalOnProperty(name = "it.scheduled", havingValue = "fixed-rate")
	FixedRateWork fixedRateWork(TaskWork work) {
		return new FixedRateWork(work);
	}

	/**
	 * What one run saw.
	 * @param number the run's number, from 1
	 * @param backend the backend of the run's first statement
	 * @param lastBackend the backend of its last statement
	 * @param thread the thread it ran on
	 * @param failure what it threw, {@code null} for nothing
	 */
	record Run(int number, long backend, long lastBackend, String thread, String failure) {
	}

	/**
	 * The work of a run: three statements over separate {@code JdbcTemplate} calls, each on a
	 * connection of its own unless the run is a unit of work. With
	 * {@code it.open-transaction-every-other}, odd runs begin a transaction in SQL, insert their row
	 * and end without committing; even runs insert theirs in auto-commit.
	 */
	static final class TaskWork {

		private final JdbcTemplate jdbcTemplate;

		private final ServerSide serverSide;

		private final boolean openTransactionEveryOther;

		private final List<Run> runs = new CopyOnWriteArrayList<>();

		private final AtomicInteger started = new AtomicInteger();

		TaskWork(JdbcTemplate jdbcTemplate, ServerSide serverSide, boolean openTransactionEveryOther) {
			this.jdbcTemplate = jdbcTemplate;
			this.serverSide = serverSide;
			this.openTransactionEveryOther = openTransactionEveryOther;
		}

		Run run() {
			int number = this.started.incrementAndGet();
			long backend = -1;
			long lastBackend = -1;
			String failure = null;
			try {
				backend = backend();
				if (this.openTransactionEveryOther && number % 2 == 1) {
					this.jdbcTemplate.execute("BEGIN");
				}
				this.jdbcTemplate.update("insert into " + TABLE + " (id, label) values (?, ?)", number, "run");
				lastBackend = backend();
			}
			catch (RuntimeException ex) {
				failure = ex.toString();
			}
			Run run = new Run(number, backend, lastBackend, Thread.currentThread().toString(), failure);
			this.runs.add(run);
			return run;
		}

		List<Run> runs() {
			return this.runs;
		}

		private long backend() {
			return this.jdbcTemplate.execute((ConnectionCallback<Long>) this.serverSide::backendId);
		}

	}

	/** Runs the work on Boot's task executor. */
	static class AsyncWork {

		private final TaskWork work;

		AsyncWork(TaskWork work) {
			this.work = work;
		}

		@Async
		public CompletableFuture<Run> run() {
			return CompletableFuture.completedFuture(this.work.run());
		}

	}

	/** Runs the work on Boot's task scheduler, 100 ms after the previous run ends. */
	static class FixedDelayWork {

		private final TaskWork work;

		FixedDelayWork(TaskWork work) {
			this.work = work;
		}

		@Scheduled(fixedDelay = 100)
		public void run() {
			this.work.run();
		}

	}

	/** Runs the work on Boot's task scheduler every 300 ms. */
	static class FixedRateWork {

		private final TaskWork work;

		FixedRateWork(TaskWork work) {
			this.work = work;
		}

		@Scheduled(fixedRate = 300)
		public void run() {
			this.work.run();
		}

	}

}
