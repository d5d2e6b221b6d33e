package dev.dbconn.integration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.dbconn.testsupport.ServerSide;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncTask;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Endpoints that answer asynchronously in each of the ways Spring MVC offers, with database work in
 * the async part, and what each part saw: the backend of the request thread's query and of the async
 * part's first and last queries, and when each query ran on which connection.
 * <p>
 * The endpoints take an {@code id} under which the test finds its {@link Part}, and
 * {@code requestQuery=false} to leave out the request thread's query.
 */
@RestController
@RequestMapping("/async")
class AsyncController {

	/**
	 * The timeout of the endpoints that time out: short, so that a load of them stays quick, and long
	 * enough for their tasks to have started on a loaded machine.
	 */
	private static final long TIMEOUT_MILLIS = 1000;

	/** The timeout of the others, never reached. */
	private static final long NO_TIMEOUT_MILLIS = 60_000;

	private static final Duration PART_WITHIN = Duration.ofSeconds(30);

	private final JdbcTemplate jdbcTemplate;

	private final ServerSide serverSide;

	private final AsyncTaskExecutor applicationTaskExecutor;

	// not a bean (Boot would back off from its own executor) and without dbconn's task decorator
	private final SimpleAsyncTaskExecutor taskExecutor = new SimpleAsyncTaskExecutor("it-web-async-task-");

	private final Map<String, CompletableFuture<Part>> parts = new ConcurrentHashMap<>();

	private final Queue<Use> uses = new ConcurrentLinkedQueue<>();

	AsyncController(JdbcTemplate jdbcTemplate, ServerSide serverSide,
			@Qualifier("applicationTaskExecutor") AsyncTaskExecutor applicationTaskExecutor) {
		this.jdbcTemplate = jdbcTemplate;
		this.serverSide = serverSide;
		this.applicationTaskExecutor = applicationTaskExecutor;
		this.taskExecutor.setDaemon(true);
	}

	/** A Callable on Spring MVC's task executor. */
	@GetMapping("/callable")
	Callable<String> callable(@RequestParam String id, @RequestParam(defaultValue = "true") boolean requestQuery) {
		long requestBackend = requestBackend(requestQuery);
		return () -> asyncPart(id, requestBackend, "callable");
	}

	/** A WebAsyncTask on an executor of its own. */
	@GetMapping("/web-async-task")
	WebAsyncTask<String> webAsyncTask(@RequestParam String id,
			@RequestParam(defaultValue = "true") boolean requestQuery) {
		long requestBackend = requestBackend(requestQuery);
		return new WebAsyncTask<>(NO_TIMEOUT_MILLIS, this.taskExecutor,
				() -> asyncPart(id, requestBackend, "web-async-task"));
	}

	/** A DeferredResult completed by a task on Boot's task executor. */
	@GetMapping("/deferred")
	DeferredResult<String> deferred(@RequestParam String id, @RequestParam(defaultValue = "true") boolean requestQuery) {
		long requestBackend = requestBackend(requestQuery);
		DeferredResult<String> result = new DeferredResult<>(NO_TIMEOUT_MILLIS);
		this.applicationTaskExecutor.execute(() -> {
			try {
				result.setResult(asyncPart(id, requestBackend, "deferred"));
			}
			catch (RuntimeException ex) {
				result.setErrorResult(ex);
			}
		});
		return result;
	}

	/**
	 * A DeferredResult that times out: its timeout callback queries and answers, and the task that
	 * was to complete it does its work once the request is over, too late.
	 */
	@GetMapping("/deferred-timeout")
	DeferredResult<String> deferredTimeout(@RequestParam String id,
			@RequestParam(defaultValue = "true") boolean requestQuery) {
		long requestBackend = requestBackend(requestQuery);
		DeferredResult<String> result = new DeferredResult<>(TIMEOUT_MILLIS);
		result.onTimeout(() -> {
			backend();
			result.setResult("timeout");
		});
		result.onCompletion(() -> this.applicationTaskExecutor
			.execute(() -> result.setResult(asyncPart(id, requestBackend, "late"))));
		return result;
	}

	/**
	 * A WebAsyncTask that times out: its timeout callback queries and answers, and the task, interrupted
	 * at the timeout, goes on to do its work once the request is over.
	 */
	@GetMapping("/web-async-task-timeout")
	WebAsyncTask<String> webAsyncTaskTimeout(@RequestParam String id,
			@RequestParam(defaultValue = "true") boolean requestQuery) {
		long requestBackend = requestBackend(requestQuery);
		CountDownLatch completed = new CountDownLatch(1);
		WebAsyncTask<String> task = new WebAsyncTask<>(TIMEOUT_MILLIS, this.taskExecutor, () -> {
			try {
				Thread.sleep(NO_TIMEOUT_MILLIS);
			}
			catch (InterruptedException ex) {
				// cancelled at the timeout; a task that does not stop goes on
			}
			completed.await(PART_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
			return asyncPart(id, requestBackend, "late");
		});
		task.onTimeout(() -> {
			backend();
			return "timeout";
		});
		task.onCompletion(completed::countDown);
		return task;
	}

	/** A StreamingResponseBody, written on Spring MVC's task executor. */
	@GetMapping("/streaming")
	StreamingResponseBody streaming(@RequestParam String id,
			@RequestParam(defaultValue = "true") boolean requestQuery) {
		long requestBackend = requestBackend(requestQuery);
		return (out) -> out.write(asyncPart(id, requestBackend, "streaming").getBytes(StandardCharsets.UTF_8));
	}

	/** An SseEmitter whose events a task on Boot's task executor queries and sends. */
	@GetMapping("/sse")
	SseEmitter sse(@RequestParam String id, @RequestParam(defaultValue = "true") boolean requestQuery) {
		long requestBackend = requestBackend(requestQuery);
		SseEmitter emitter = new SseEmitter(NO_TIMEOUT_MILLIS);
		this.applicationTaskExecutor.execute(() -> {
			try {
				long first = backend();
				emitter.send("first");
				long last = backend();
				emitter.send("last");
				record(id, new Part(requestBackend, first, last, Thread.currentThread().getName()));
				emitter.complete();
			}
			catch (IOException | RuntimeException ex) {
				fail(id, ex);
				emitter.completeWithError(ex);
			}
		});
		return emitter;
	}

	/**
	 * A WebAsyncTask that begins a transaction in SQL, inserts a row in it with another statement, and
	 * fails with the transaction open.
	 */
	@GetMapping("/failing-task")
	WebAsyncTask<String> failingTask(@RequestParam String id, @RequestParam int row) {
		return new WebAsyncTask<>(NO_TIMEOUT_MILLIS, this.taskExecutor, () -> {
			long first = backend();
			this.jdbcTemplate.execute("BEGIN");
			insert(row, "failing task");
			record(id, new Part(-1, first, backend(), Thread.currentThread().getName()));
			throw new IllegalStateException("the task fails with its transaction open");
		});
	}

	/**
	 * The request thread begins a transaction in SQL and inserts a row; the Callable asks the server
	 * whether the request thread's backend is still in that transaction, and answers
	 * {@code backend,stillInTransaction}. {@link HoldingInterceptor} keeps the request thread from leaving
	 * until the Callable has looked.
	 */
	@GetMapping("/hand-off")
	Callable<String> handOff(@RequestParam int row, HttpServletRequest request) {
		this.jdbcTemplate.execute("BEGIN");
		insert(row, "request thread");
		long requestBackend = backend();
		CountDownLatch looked = new CountDownLatch(1);
		request.setAttribute(HoldingInterceptor.LATCH_ATTRIBUTE, looked);
		return () -> {
			try {
				return requestBackend + "," + this.serverSide.inTransaction(requestBackend);
			}
			finally {
				looked.countDown();
			}
		};
	}

	/**
	 * What the async part of the request with the given id saw, once it has run.
	 */
	Part part(String id) throws Exception {
		return this.parts.computeIfAbsent(id, (key) -> new CompletableFuture<>())
			.get(PART_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Every query the endpoints ran so far. */
	List<Use> uses() {
		return List.copyOf(this.uses);
	}

	private long requestBackend(boolean requestQuery) {
		return requestQuery ? backend() : -1;
	}

	private String asyncPart(String id, long requestBackend, String answer) {
		try {
			long first = backend();
			long last = backend();
			record(id, new Part(requestBackend, first, last, Thread.currentThread().getName()));
			return answer;
		}
		catch (RuntimeException ex) {
			fail(id, ex);
			throw ex;
		}
	}

	private void record(String id, Part part) {
		this.parts.computeIfAbsent(id, (key) -> new CompletableFuture<>()).complete(part);
	}

	private void fail(String id, Throwable failure) {
		this.parts.computeIfAbsent(id, (key) -> new CompletableFuture<>()).completeExceptionally(failure);
	}

	/** Ask the server for the backend, timing the query while the connection is held. */
	private long backend() {
		return this.jdbcTemplate.execute((ConnectionCallback<Long>) (connection) -> {
			long start = System.nanoTime();
			long backend = this.serverSide.backendId(connection);
			this.uses.add(new Use(backend, Thread.currentThread().getName(), start, System.nanoTime()));
			return backend;
		});
	}

	private void insert(int row, String label) {
		this.jdbcTemplate.update("insert into " + LifecycleTestApplication.TABLE + " (id, label) values (?, ?)", row,
				label);
	}

	/**
	 * What one request's async part saw.
	 * @param requestBackend the backend of the request thread's query, {@code -1} for none
	 * @param firstBackend the backend of the async part's first query
	 * @param lastBackend the backend of its last query
	 * @param thread the thread the async part ran on
	 */
	record Part(long requestBackend, long firstBackend, long lastBackend, String thread) {
	}

	/**
	 * One query: on which backend and thread, and when (from {@link System#nanoTime()}), measured
	 * inside the span in which the connection was held.
	 */
	record Use(long backend, String thread, long startNanos, long endNanos) {
	}

}
