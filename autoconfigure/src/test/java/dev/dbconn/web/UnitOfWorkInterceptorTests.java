package dev.dbconn.web;

import dev.dbconn.jdbc.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class UnitOfWorkInterceptorTests {

	private final UnitOfWorkInterceptor interceptor = new UnitOfWorkInterceptor();

	private final MockHttpServletRequest request = new MockHttpServletRequest();

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@AfterEach
	void noUnitLeftBehind() {
		assertThat(UnitOfWork.isActive()).isFalse();
	}

	@Test
	void aHandlerInvocationIsAUnitOfWork() {
		this.interceptor.preHandle(this.request, this.response, this);
		assertThat(UnitOfWork.isActive()).isTrue();
		this.interceptor.afterCompletion(this.request, this.response, this, null);
		assertThat(UnitOfWork.isActive()).isFalse();
	}

	@Test
	void aForwardInsideTheRequestDoesNotEndItsUnit() {
		this.interceptor.preHandle(this.request, this.response, this);
		this.interceptor.preHandle(this.request, this.response, this);
		this.interceptor.afterCompletion(this.request, this.response, this, null);
		assertThat(UnitOfWork.isActive()).as("after the forward").isTrue();
		this.interceptor.afterCompletion(this.request, this.response, this, null);
	}

	@Test
	void asyncHandlingEndsTheUnitAndTheAsyncDispatchStartsAnother() {
		this.interceptor.preHandle(this.request, this.response, this);
		this.interceptor.afterConcurrentHandlingStarted(this.request, this.response, this);
		assertThat(UnitOfWork.isActive()).isFalse();
		this.interceptor.preHandle(this.request, this.response, this);
		assertThat(UnitOfWork.isActive()).isTrue();
		this.interceptor.afterCompletion(this.request, this.response, this, null);
	}

	@Test
	void asyncHandlingEndsTheFiltersUnitToo() throws Exception {
		new UnitOfWorkFilter().doFilter(this.request, this.response, (request, response) -> {
			this.interceptor.preHandle(this.request, this.response, this);
			this.interceptor.afterConcurrentHandlingStarted(this.request, this.response, this);
			assertThat(UnitOfWork.isActive()).isFalse();
		});
	}

	@Test
	void insideTheFiltersUnitItJoinsAndLeavesTheEndToTheFilter() {
		try (UnitOfWork.Scope scope = UnitOfWork.begin()) {
			this.interceptor.preHandle(this.request, this.response, this);
			this.interceptor.afterCompletion(this.request, this.response, this, null);
			assertThat(UnitOfWork.isActive()).isTrue();
		}
	}

}
