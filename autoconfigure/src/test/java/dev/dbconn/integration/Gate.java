package dev.dbconn.integration;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds a request in the middle until the test lets it go, so that what the test looks at happens
 * while the request holds its connection, however slow the machine.
 */
class Gate {

	private static final long LONGEST_SECONDS = 30;

	private final CountDownLatch arrived = new CountDownLatch(1);

	private final CountDownLatch opened = new CountDownLatch(1);

	/** Called by the request: wait at the gate until it is opened. */
	void pass() throws InterruptedException {
		this.arrived.countDown();
		if (!this.opened.await(LONGEST_SECONDS, TimeUnit.SECONDS)) {
			throw new IllegalStateException("The gate was not opened within " + LONGEST_SECONDS + " s");
		}
	}

	/** Called by the test: wait until a request is at the gate. */
	void awaitArrival() throws InterruptedException {
		if (!this.arrived.await(LONGEST_SECONDS, TimeUnit.SECONDS)) {
			throw new IllegalStateException("No request reached the gate within " + LONGEST_SECONDS + " s");
		}
	}

	/** Called by the test: let the request go on. */
	void open() {
		this.opened.countDown();
	}

}
