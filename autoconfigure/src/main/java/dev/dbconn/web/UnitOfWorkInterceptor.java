package dev.dbconn.web;

import dev.dbconn.jdbc.UnitOfWork;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.AsyncHandlerInterceptor;

/**
 * Makes each handler invocation a unit of work when no {@link UnitOfWorkFilter} has already opened
 * one for the request (MockMvc without filters, a container set up by hand); inside the filter's unit
 * it joins it and does nothing. When the handler starts async processing, the request's unit ends
 * there, on the request thread, if {@link UnitOfWorkAsyncInterceptor} has not ended it already.
 * Forwards and includes dispatch through the handler mapping again on the same request: only the
 * outermost dispatch ends the unit.
 */
public class UnitOfWorkInterceptor implements AsyncHandlerInterceptor {

	private static final String SCOPE_ATTRIBUTE = UnitOfWorkInterceptor.class.getName() + ".scope";

	private static final String DEPTH_ATTRIBUTE = UnitOfWorkInterceptor.class.getName() + ".depth";

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		int depth = depth(request);
		if (depth == 0) {
			UnitOfWork.Scope scope = RequestUnit.begin(request);
			if (scope != null) {
				request.setAttribute(SCOPE_ATTRIBUTE, scope);
			}
		}
		request.setAttribute(DEPTH_ATTRIBUTE, depth + 1);
		return true;
	}

	@Override
	public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		int depth = depth(request) - 1;
		request.setAttribute(DEPTH_ATTRIBUTE, Math.max(depth, 0));
		if (depth <= 0) {
			endScope(request);
		}
	}

	@Override
	public void afterConcurrentHandlingStarted(HttpServletRequest request, HttpServletResponse response,
			Object handler) {
		// the async dispatch that completes the request calls preHandle again
		request.removeAttribute(DEPTH_ATTRIBUTE);
		endScope(request);
		// the filter's unit, where the async interceptor is not registered
		RequestUnit.handOff(request);
	}

	private static int depth(HttpServletRequest request) {
		return (request.getAttribute(DEPTH_ATTRIBUTE) instanceof Integer depth) ? depth : 0;
	}

	private static void endScope(HttpServletRequest request) {
		if (request.getAttribute(SCOPE_ATTRIBUTE) instanceof UnitOfWork.Scope scope) {
			request.removeAttribute(SCOPE_ATTRIBUTE);
			RequestUnit.end(request, scope);
		}
	}

}
