package dev.dbconn.web;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.jdbc.UnitOfWork;
import dev.dbconn.lifecycle.ConnMaxAge;
import dev.dbconn.lifecycle.LifecyclePolicy;
import dev.dbconn.testsupport.InterceptedConnections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.async.DeferredResult;

import static org.assertj.core.api.Assertions.assertThat;

class UnitOfWorkAsyncInterceptorTests {

	private final UnitOfWorkAsyncInterceptor interceptor = new UnitOfWorkAsyncInterceptor();

	private final MockHttpServletRequest request = new MockHttpServletRequest();

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	private final NativeWebRequest webRequest = new ServletWebRequest(this.request, this.response);

	private final Callable<String> task = () -> "done";

	@AfterEach
	void noUnitLeftBehind() {
		assertThat(UnitOfWork.isActive()).isFalse();
	}

	@Test
	void aCallablesWorkIsAUnitOfItsOwn() throws Exception {
		this.interceptor.preProcess(this.webRequest, this.task);
		assertThat(UnitOfWork.isActive()).isTrue();
		this.interceptor.postProcess(this.webRequest, this.task, "done");
		assertThat(UnitOfWork.isActive()).isFalse();
	}

	@Test
	void onAnExecutorThatAlreadyMadeTheTaskAUnitItJoinsThatUnit() throws Exception {
		try (UnitOfWork.Scope decorators = UnitOfWork.begin()) {
			this.interceptor.preProcess(this.webRequest, this.task);
			this.interceptor.postProcess(this.webRequest, this.task, "done");
			assertThat(UnitOfWork.isActive()).as("the decorator's unit goes on").isTrue();
		}
	}

	@Test
	void aTimedOutTasksConnectionIsSettledWithTheInterruptSetAsideAndTheInterruptKept() throws Exception {
		AtomicBoolean usedWhileInterrupted = new AtomicBoolean();
		try (HikariDataSource pool = new HikariDataSource()) {
			pool.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID());
			pool.setMaximumPoolSize(1);
			DataSource watched = InterceptedConnections.of(pool, (method) -> {
				if (Thread.currentThread().isInterrupted()) {
					usedWhileInterrupted.set(true);
				}
			});
			LifecycleDataSource dataSource = new LifecycleDataSource(watched, "watched",
					new LifecyclePolicy(ConnMaxAge.UNLIMITED, false, Duration.ofSeconds(5)));
			this.interceptor.preProcess(this.webRequest, this.task);
			dataSource.getConnection().close();
			// the timeout cancels the task, which finishes anyway
			Thread.currentThread().interrupt();
			this.interceptor.postProcess(this.webRequest, this.task, "done");
			assertThat(Thread.interrupted()).as("interrupt kept for the task's thread").isTrue();
			assertThat(usedWhileInterrupted).as("connection used while the thread was interrupted").isFalse();
			assertThat(pool.getHikariPoolMXBean().getActiveConnections()).as("lent out").isZero();
		}
	}

	@Test
	void theHandOffOfACallableEndsTheFiltersUnitOnTheRequestThread() throws Exception {
		new UnitOfWorkFilter().doFilter(this.request, this.response, (request, response) -> {
			assertThat(UnitOfWork.isActive()).isTrue();
			this.interceptor.beforeConcurrentHandling(this.webRequest, this.task);
			assertThat(UnitOfWork.isActive()).as("after the hand-off").isFalse();
		});
	}

	@Test
	void theHandOffOfADeferredResultEndsTheInterceptorsUnit() throws Exception {
		UnitOfWorkInterceptor handlerInterceptor = new UnitOfWorkInterceptor();
		handlerInterceptor.preHandle(this.request, this.response, this);
		this.interceptor.beforeConcurrentHandling(this.webRequest, new DeferredResult<String>());
		assertThat(UnitOfWork.isActive()).isFalse();
		handlerInterceptor.afterConcurrentHandlingStarted(this.request, this.response, this);
	}

	@Test
	void theRequestThreadLeavingTheFilterLeavesTheAsyncDispatchsUnitAlone() throws Exception {
		ExecutorService container = Executors.newSingleThreadExecutor();
		CountDownLatch handedOff = new CountDownLatch(1);
		CountDownLatch dispatchStarted = new CountDownLatch(1);
		CountDownLatch requestThreadLeft = new CountDownLatch(1);
		try {
			Future<Boolean> dispatchStillInItsUnit = container.submit(() -> {
				await(handedOff);
				boolean[] active = new boolean[1];
				new UnitOfWorkFilter().doFilter(this.request, this.response, (request, response) -> {
					dispatchStarted.countDown();
					await(requestThreadLeft);
					active[0] = UnitOfWork.isActive();
				});
				return active[0];
			});
			new UnitOfWorkFilter().doFilter(this.request, this.response, (request, response) -> {
				this.interceptor.beforeConcurrentHandling(this.webRequest, this.task);
				handedOff.countDown();
				// the async dispatch of the same request begins before the request thread is out
				await(dispatchStarted);
			});
			requestThreadLeft.countDown();
			assertThat(dispatchStillInItsUnit.get(10, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			container.shutdownNow();
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
