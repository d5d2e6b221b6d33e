package dev.dbconn.integration;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;

/**
 * Counts the requests that have ended: told after every filter has finished, dbconn's included, so
 * after the request's connection was settled. The client has the response earlier.
 */
class RequestsEnded implements ServletRequestListener {

	private final AtomicLong ended = new AtomicLong();

	@Override
	public void requestDestroyed(ServletRequestEvent event) {
		this.ended.incrementAndGet();
	}

	long count() {
		return this.ended.get();
	}

}
