package dev.dbconn.task;

import dev.dbconn.jdbc.UnitOfWork;

import org.springframework.core.task.TaskDecorator;

/**
 * Makes every run of a task a {@link UnitOfWork}, as an HTTP request is one: the run's first
 * {@code getConnection()} on a dbconn DataSource takes a physical connection, later ones share it,
 * and when the run ends the connection is kept or closed by the lifecycle rules
 * ({@code db.conn-max-age}, health checks, the session reset, no transaction left open). Django has
 * no such hook: there, work outside requests calls {@code close_old_connections()} itself.
 * <p>
 * dbconn registers one as a bean, which Spring Boot applies to its auto-configured task executor and
 * task scheduler (virtual-thread variants included), so that {@code @Async} and {@code @Scheduled}
 * methods, and Spring MVC's {@code Callable}s, need no code. An executor the application builds
 * itself takes it with {@code setTaskDecorator}. A repeating task decorated once is a new unit at
 * each run. A run on a thread already inside a unit of work (a synchronous executor called from a
 * request) joins that unit rather than nesting.
 * <p>
 * Spring's {@code SimpleAsyncTaskScheduler}, Boot's scheduler on virtual threads, runs fixed-delay
 * tasks on its own scheduler thread without decorators; dbconn makes that scheduler a
 * {@link UnitOfWorkTaskScheduler}, which runs them as units of work itself.
 */
public final class UnitOfWorkTaskDecorator implements TaskDecorator {

	@Override
	public Runnable decorate(Runnable runnable) {
		return () -> UnitOfWork.run(runnable);
	}

	@Override
	public String toString() {
		return "UnitOfWorkTaskDecorator";
	}

}
