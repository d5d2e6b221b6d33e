package dev.dbconn.web;

import java.util.concurrent.Callable;

import dev.dbconn.jdbc.UnitOfWork;
import jakarta.servlet.ServletRequest;

import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.async.CallableProcessingInterceptor;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.DeferredResultProcessingInterceptor;

/**
 * Carries units of work through Spring MVC's async request processing.
 * <ul>
 * <li>When a handler returns a {@code Callable}, {@code WebAsyncTask}, {@code StreamingResponseBody},
 * {@code DeferredResult} or anything Spring MVC turns into one ({@code ResponseBodyEmitter},
 * {@code SseEmitter}, {@code CompletableFuture}, reactive types), the request thread's unit ends
 * before async processing starts: its connection is settled and given back, on the request thread,
 * before the async work can ask for one and before the container thread is released.</li>
 * <li>The work a {@code Callable}, {@code WebAsyncTask} or {@code StreamingResponseBody} runs on the
 * MVC task executor is a unit of its own, whatever the executor (one of the application's without
 * the task decorator, a {@code WebAsyncTask}'s own); on a decorated executor it joins the
 * decorator's unit. The unit begins and ends on the executor's thread, also when the request times
 * out and the task is interrupted.</li>
 * </ul>
 * A {@code DeferredResult} is completed by a thread of the application's: its work there is a unit of
 * work when it runs on Boot's task executor (or another with {@code UnitOfWorkTaskDecorator}), or
 * inside {@link UnitOfWork#run(Runnable)}. Timeout, error and completion callbacks run on a container
 * thread outside any unit: each of their {@code getConnection()} calls is settled when its handle is
 * closed.
 * <p>
 * Every unit begins and ends on its own thread, with a connection of its own: no physical connection
 * passes from the request thread to the async work while either still uses it.
 */
public class UnitOfWorkAsyncInterceptor implements CallableProcessingInterceptor, DeferredResultProcessingInterceptor {

	// the scope preProcess opened on this executor thread, for postProcess on the same thread to close
	private static final ThreadLocal<UnitOfWork.Scope> TASK_SCOPE = new ThreadLocal<>();

	@Override
	public <T> void beforeConcurrentHandling(NativeWebRequest request, Callable<T> task) {
		handOff(request);
	}

	@Override
	public <T> void beforeConcurrentHandling(NativeWebRequest request, DeferredResult<T> deferredResult) {
		handOff(request);
	}

	@Override
	public <T> void preProcess(NativeWebRequest request, Callable<T> task) {
		TASK_SCOPE.set(UnitOfWork.begin());
	}

	@Override
	public <T> void postProcess(NativeWebRequest request, Callable<T> task, Object concurrentResult) {
		UnitOfWork.Scope scope = TASK_SCOPE.get();
		if (scope == null) {
			return;
		}
		TASK_SCOPE.remove();
		// a timeout cancels the task by interrupting its thread; the connection is settled undisturbed
		boolean interrupted = Thread.interrupted();
		try {
			scope.close();
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static void handOff(NativeWebRequest request) {
		ServletRequest servletRequest = request.getNativeRequest(ServletRequest.class);
		if (servletRequest != null) {
			RequestUnit.handOff(servletRequest);
		}
	}

}
