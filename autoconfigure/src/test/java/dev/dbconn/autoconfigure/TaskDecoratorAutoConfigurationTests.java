package dev.dbconn.autoconfigure;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.dbconn.jdbc.UnitOfWork;
import dev.dbconn.task.UnitOfWorkTaskDecorator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The unit-of-work {@link TaskDecorator}: registered with the rest of dbconn, applied by Boot to its
 * task executor and scheduler, alongside the application's own decorators.
 */
class TaskDecoratorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, DbConnAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
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
			TaskScheduler scheduler = context.getBean(TaskScheduler.class);
			CompletableFuture<Boolean> inUnit = new CompletableFuture<>();
			scheduler.schedule(() -> inUnit.complete(UnitOfWork.isActive()), Instant.now());
			assertThat(inUnit.get(5, TimeUnit.SECONDS)).isTrue();
		});
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
