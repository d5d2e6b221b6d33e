package dev.dbconn.web;

import java.io.IOException;

import dev.dbconn.jdbc.UnitOfWork;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * Makes each servlet request a unit of work, from the first filter to the last, so that database
 * work done by filters before the handler (Spring Security's, say) shares the request's connection.
 * When a Spring MVC handler goes async, {@link UnitOfWorkAsyncInterceptor} ends the unit at the
 * hand-off, on the request thread: the connection is settled before the async work starts and before
 * the container thread is released. The async dispatch that finishes the request is a unit of its own.
 */
public class UnitOfWorkFilter implements Filter {

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		UnitOfWork.Scope scope = RequestUnit.begin(request);
		try {
			chain.doFilter(request, response);
		}
		finally {
			RequestUnit.end(request, scope);
		}
	}

}
