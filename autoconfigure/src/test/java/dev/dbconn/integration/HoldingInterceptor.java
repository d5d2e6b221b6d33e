package dev.dbconn.integration;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.AsyncHandlerInterceptor;

/**
 * Holds the request thread of an async request on its way back out, after the async part has been
 * handed to its executor and before dbconn's interceptor sees the request go async (as a slow
 * interceptor would), until the async part has counted down the latch the handler left in
 * {@link #LATCH_ATTRIBUTE}: what the async part sees of the request thread's connection then does
 * not depend on how fast the request thread leaves.
 */
class HoldingInterceptor implements AsyncHandlerInterceptor {

	static final String LATCH_ATTRIBUTE = "asyncPartLooked";

	@Override
	public void afterConcurrentHandlingStarted(HttpServletRequest request, HttpServletResponse response,
			Object handler) throws InterruptedException {
		if (request.getAttribute(LATCH_ATTRIBUTE) instanceof CountDownLatch latch) {
			latch.await(30, TimeUnit.SECONDS);
		}
	}

}
