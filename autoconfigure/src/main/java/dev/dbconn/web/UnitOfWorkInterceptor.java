package dev.dbconn.web;

import dev.dbconn.jdbc.UnitOfWork;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.AsyncHandlerInterceptor;

/**
 * Makes each handler invocation a unit of work when no {@link UnitOfWorkFilter} has already opened
 * one for the request (MockMvc without filters, a container set up by hand); inside the filter's unit
 * it joins it and does nothing. Releases the connection when the handler starts async processing.
 */
public class UnitOfWorkInterceptor implements AsyncHandlerInterceptor {

	private static final String SCOPE_ATTRIBUTE = UnitOfWorkInterceptor.class.getName() + ".scope";

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		request.setAttribute(SCOPE_ATTRIBUTE, UnitOfWork.begin());
		return true;
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		endScope(request);
	}

	@Override
	public void afterConcurrentHandlingStarted(HttpServletRequest request, HttpServletResponse response,
			Object handler) {
		endScope(request);
	}

	private void endScope(HttpServletRequest request) {
		if (request.getAttribute(SCOPE_ATTRIBUTE) instanceof UnitOfWork.Scope scope) {
			request.removeAttribute(SCOPE_ATTRIBUTE);
			scope.close();
		}
	}

}
