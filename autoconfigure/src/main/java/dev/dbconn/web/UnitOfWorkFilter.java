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
 * When a request goes async, the unit ends at the hand-off: the connection is settled before the
 * container thread is released, and the async dispatch that finishes the request is a unit of its own.
 */
public class UnitOfWorkFilter implements Filter {

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		try (UnitOfWork.Scope scope = UnitOfWork.begin()) {
			chain.doFilter(request, response);
		}
	}

}
