package dev.dbconn.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.dbconn.jdbc.UnitOfWork;
import dev.dbconn.task.UnitOfWorkTaskDecorator;
import dev.dbconn.task.UnitOfWorkTaskScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The unit-of-work {@link TaskDecorator}: registered with the rest of dbconn, applied by Boot to its
 * task executor and scheduler, alongside the application's own decorators.
 */
class TaskDecoratorAutoConfigurationTests {

	private static final String VIRTUAL = "spring.threads.virtual.enabled=true";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, DbConnAutoConfiguration.class,
				DbConnTaskSchedulingAutoConfiguration.class, TaskExecutionAutoConfiguration.class,
				TaskSchedulingAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

	@Test
	void theDecoratorIsABean() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(UnitOfWorkTaskDecorator.class));
	}

	@Test
	void theDecoratorBacksOffWithDbConnDisabled() {
		this.runner.withPropertyValues("db.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(UnitOfWorkTaskDecorator.class));
	}

	@Test
	void theDecoratorBacksOffWithoutADataSource() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DbConnAutoConfiguration.class, TaskExecutionAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(UnitOfWorkTaskDecorator.class));
	}

	@Test
	void bootsTaskExecutorRunsEachTaskInAUnitOfWork() {
		this.runner.run((context) -> {
			AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
			assertThat(executor.submit(UnitOfWork::isActive).get(5, TimeUnit.SECONDS)).isTrue();
		});
	}

	@Test
	void bootsTaskExecutorDoesNotWithDbConnDisabled() {
		this.runner.withPropertyValues("db.enabled=false").run((context) -> {
			AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
			assertThat(executor.submit(UnitOfWork::isActive).get(5, TimeUnit.SECONDS)).isFalse();
		});
	}

	@Test
	void bootsTaskSchedulerRunsEachTaskInAUnitOfWork() {
		this.runner.withUserConfiguration(SchedulingConfiguration.class).run((context) -> {
			assertThat(oneShotRunIsInAUnitOfWork(context.getBean(TaskScheduler.class))).isTrue();
		});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void onVirtualThreadsBootsSchedulerRunsFixedDelayTasksInAUnitOfWorkToo() {
		this.runner.withUserConfiguration(SchedulingConfiguration.class)
			.withPropertyValues(VIRTUAL, "spring.task.scheduling.thread-name-prefix=dbconn-it-")
			.run((context) -> {
				SimpleAsyncTaskScheduler scheduler = context.getBean("taskScheduler", SimpleAsyncTaskScheduler.class);
				assertThat(scheduler).isInstanceOf(UnitOfWorkTaskScheduler.class);
				assertThat(fixedDelayRun(scheduler)).isEqualTo("true on virtual dbconn-it-");
				assertThat(oneShotRunIsInAUnitOfWork(scheduler)).isTrue();
			});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void onVirtualThreadsBootsSchedulerIsBootsOwnWithDbConnDisabled() {
		this.runner.withUserConfiguration(SchedulingConfiguration.class)
			.withPropertyValues(VIRTUAL, "db.enabled=false")
			.run((context) -> assertThat(context.getBean("taskScheduler"))
				.isExactlyInstanceOf(SimpleAsyncTaskScheduler.class));
	}

	@Test
	void onPlatformThreadsBootsSchedulerIsBootsOwn() {
		this.runner.withUserConfiguration(SchedulingConfiguration.class)
			.run((context) -> assertThat(context.getBean("taskScheduler"))
				.isExactlyInstanceOf(ThreadPoolTaskScheduler.class));
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void onVirtualThreadsTheApplicationsOwnSchedulerIsLeftAlone() {
		this.runner.withUserConfiguration(SchedulingConfiguration.class, OwnSchedulerConfiguration.class)
			.withPropertyValues(VIRTUAL)
			.run((context) -> {
				assertThat(context).hasSingleBean(TaskScheduler.class);
				assertThat(context.getBean(TaskScheduler.class)).isSameAs(context.getBean("ownScheduler"))
					.isExactlyInstanceOf(SimpleAsyncTaskScheduler.class);
			});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void onVirtualThreadsNoSchedulerIsDefinedWhenBootsTaskSchedulingIsExcluded() {
		new ApplicationContextRunner().withUserConfiguration(ExcludingTaskSchedulingConfiguration.class)
			.withPropertyValues(VIRTUAL, "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(UnitOfWorkTaskDecorator.class);
				assertThat(context).doesNotHaveBean(TaskScheduler.class);
			});
	}

	private static boolean oneShotRunIsInAUnitOfWork(TaskScheduler scheduler) throws Exception {
		CompletableFuture<Boolean> inUnit = new CompletableFuture<>();
		scheduler.schedule(() -> inUnit.complete(UnitOfWork.isActive()), Instant.now());
		return inUnit.get(5, TimeUnit.SECONDS);
	}

	/** What a fixed-delay run saw: whether it was in a unit of work, and on which thread. */
	private static String fixedDelayRun(TaskScheduler scheduler) throws Exception {
		CompletableFuture<String> seen = new CompletableFuture<>();
		ScheduledFuture<?> task = scheduler.scheduleWithFixedDelay(() -> {
			Thread thread = Thread.currentThread();
			String kind = thread.toString().contains("VirtualThread") ? " on virtual " : " on platform ";
			seen.complete(UnitOfWork.isActive() + kind + thread.getName().replaceAll("[0-9]+$", ""));
		}, Duration.ofSeconds(10));
		try {
			return seen.get(5, TimeUnit.SECONDS);
		}
		finally {
			task.cancel(false);
		}
	}

	@Test
	void theApplicationsOwnDecoratorStillApplies() {
		this.runner.withUserConfiguration(OwnDecoratorConfiguration.class).run((context) -> {
			AsyncTaskExecutor executor = context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
			String seen = executor.submit(() -> OwnDecoratorConfiguration.MARK.get() + "," + UnitOfWork.isActive())
				.get(5, TimeUnit.SECONDS);
			assertThat(seen).isEqualTo("own,true");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class SchedulingConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration(exclude = TaskSchedulingAutoConfiguration.class)
	@EnableScheduling
	static class ExcludingTaskSchedulingConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnSchedulerConfiguration {

		@Bean
		SimpleAsyncTaskScheduler ownScheduler() {
			return new SimpleAsyncTaskScheduler();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnDecoratorConfiguration {

		static final ThreadLocal<String> MARK = new ThreadLocal<>();

		@Bean
		TaskDecorator ownDecorator() {
			return (runnable) -> () -> {
				MARK.set("own");
				try {
					runnable.run();
				}
				finally {
					MARK.remove();
				}
			};
		}

	}

}
