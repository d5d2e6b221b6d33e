package dev.dbconn.web;

import dev.dbconn.jdbc.UnitOfWork;
import jakarta.servlet.ServletRequest;

/**
 * The unit of work a pass of a request through the filter or the interceptor began on its thread,
 * kept as a request attribute so that the hand-off to async processing can end it there, on the
 * request thread, before the async work starts.
 */
final class RequestUnit {

	private static final String ATTRIBUTE = RequestUnit.class.getName();

	private RequestUnit() {
	}

	/**
	 * Begin the request's unit of work, unless the thread is already in one (the filter's, when the
	 * interceptor asks).
	 * @param request the request
	 * @return the scope to end, or {@code null} when the thread was already in a unit of work
	 */
	static UnitOfWork.Scope begin(ServletRequest request) {
		if (UnitOfWork.isActive()) {
			return null;
		}
		UnitOfWork.Scope scope = UnitOfWork.begin();
		request.setAttribute(ATTRIBUTE, scope);
		return scope;
	}

	/**
	 * End a unit of work {@link #begin} began, unless the hand-off already has.
	 * @param request the request
	 * @param scope what {@link #begin} returned
	 */
	static void end(ServletRequest request, UnitOfWork.Scope scope) {
		if (scope == null) {
			return;
		}
		// after a hand-off the attribute may hold the unit of the request's async dispatch
		if (request.getAttribute(ATTRIBUTE) == scope) {
			request.removeAttribute(ATTRIBUTE);
		}
		scope.close();
	}

	/**
	 * The request goes async: end its unit of work now, on the thread that began it, so that its
	 * connection is settled and back in the pool before the async work can ask for one.
	 * @param request the request
	 */
	static void handOff(ServletRequest request) {
		if (request.getAttribute(ATTRIBUTE) instanceof UnitOfWork.Scope scope) {
			request.removeAttribute(ATTRIBUTE);
			scope.close();
		}
	}

}
