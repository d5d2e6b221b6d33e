package dev.dbconn.task;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

import dev.dbconn.jdbc.UnitOfWork;

import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

/**
 * Spring's {@link SimpleAsyncTaskScheduler} whose fixed-delay runs are units of work too.
 * <p>
 * {@code SimpleAsyncTaskScheduler} hands one-shot, fixed-rate and trigger ({@code cron}) runs to a
 * thread of their own through {@code execute}, which applies its {@code TaskDecorator} (dbconn's
 * {@link UnitOfWorkTaskDecorator} among Boot's), but runs fixed-delay tasks on its single scheduler
 * thread, to keep the delay between the end of one run and the start of the next, and applies no
 * decorator there. This scheduler runs each fixed-delay run as a {@link UnitOfWork} itself; the
 * other paths are left to the decorator, so no run is wrapped twice.
 * <p>
 * dbconn makes Boot's scheduler on virtual threads ({@code spring.threads.virtual.enabled=true}) one
 * of these, configured by Boot's {@code SimpleAsyncTaskSchedulerBuilder} as Boot's own would be. A
 * scheduler the application builds itself takes the same with
 * {@code builder.configure(new UnitOfWorkTaskScheduler())}.
 */
@SuppressWarnings("serial")
public class UnitOfWorkTaskScheduler extends SimpleAsyncTaskScheduler {

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
		return super.scheduleWithFixedDelay(inUnitOfWork(task), startTime, delay);
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
		return super.scheduleWithFixedDelay(inUnitOfWork(task), delay);
	}

	private static Runnable inUnitOfWork(Runnable task) {
		return new Runnable() {

			@Override
			public void run() {
				UnitOfWork.run(task);
			}

			@Override
			public String toString() {
				return task.toString();
			}

		};
	}

}
