package dev.dbconn.autoconfigure;

import java.util.concurrent.ScheduledExecutorService;

import dev.dbconn.task.UnitOfWorkTaskDecorator;
import dev.dbconn.task.UnitOfWorkTaskScheduler;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.task.SimpleAsyncTaskSchedulerBuilder;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.config.TaskManagementConfigUtils;

/**
 * On virtual threads, Boot's task scheduler is a {@link UnitOfWorkTaskScheduler}: Boot's own
 * ({@link SimpleAsyncTaskScheduler}) runs {@code @Scheduled(fixedDelay = ...)} tasks without task
 * decorators, so dbconn's {@link UnitOfWorkTaskDecorator} would not reach them. The bean is defined
 * under the conditions Boot's is, in its place (same name, a subclass of the same type), and
 * configured by Boot's {@link SimpleAsyncTaskSchedulerBuilder}, so every {@code spring.task.scheduling.*}
 * property, {@code TaskDecorator} bean and customizer applies as before. On platform threads Boot's
 * {@code ThreadPoolTaskScheduler} decorates every run and is left alone; so is an application that
 * defines its own scheduler or excludes Boot's task scheduling.
 */
@AutoConfiguration(after = DbConnAutoConfiguration.class, before = TaskSchedulingAutoConfiguration.class)
@ConditionalOnClass(SimpleAsyncTaskSchedulerBuilder.class)
@ConditionalOnBean(UnitOfWorkTaskDecorator.class)
@Conditional(TaskSchedulingNotExcludedCondition.class)
public final class DbConnTaskSchedulingAutoConfiguration {

	DbConnTaskSchedulingAutoConfiguration() {
	}

	@Bean(name = "taskScheduler")
	@ConditionalOnThreading(Threading.VIRTUAL)
	@ConditionalOnBean(name = TaskManagementConfigUtils.SCHEDULED_ANNOTATION_PROCESSOR_BEAN_NAME)
	@ConditionalOnMissingBean({ TaskScheduler.class, ScheduledExecutorService.class })
	UnitOfWorkTaskScheduler dbconnTaskScheduler(SimpleAsyncTaskSchedulerBuilder builder) {
		return builder.configure(new UnitOfWorkTaskScheduler());
	}

}
