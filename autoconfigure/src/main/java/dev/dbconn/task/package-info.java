/**
 * Background work as units of work: the {@link org.springframework.core.task.TaskDecorator} that
 * makes each {@code @Async} and {@code @Scheduled} run, and each task of an executor it decorates,
 * one {@link dev.dbconn.jdbc.UnitOfWork}, and the scheduler that does the same for the fixed-delay runs
 * Spring's virtual-thread scheduler does not decorate.
 */
package dev.dbconn.task;
