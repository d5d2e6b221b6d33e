package dev.dbconn.testsupport;

import java.time.Duration;

/**
 * Polling for what another thread, the pool or the server does in its own time (a backend that goes
 * after its client closed it, a connection a pool closes on a thread of its own): one loop for the
 * tests that wait for such things, with a deadline and a short pause between looks.
 */
public final class Waiting {

	private static final long PAUSE_MILLIS = 10;

	private Waiting() {
	}

	/**
	 * Wait until the condition holds or the time is up. For a caller that asserts on its own what it
	 * needs, with the message that says what was found.
	 * @param <E> what the condition may throw
	 * @param within the longest to wait
	 * @param condition what is awaited, looked at once more when the time is up
	 * @return whether the condition held
	 * @throws E what the condition threw
	 * @throws InterruptedException when interrupted during a pause
	 */
	public static <E extends Exception> boolean upTo(Duration within, Condition<E> condition)
			throws E, InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		while (!condition.holds()) {
			if (System.nanoTime() - deadline >= 0) {
				return condition.holds();
			}
			Thread.sleep(PAUSE_MILLIS);
		}
		return true;
	}

	/**
	 * Wait until the condition holds, and fail naming what was awaited when it does not in time.
	 * @param <E> what the condition may throw
	 * @param within the longest to wait
	 * @param what what is awaited, for the failure message
	 * @param condition what is awaited
	 * @throws E what the condition threw
	 * @throws InterruptedException when interrupted during a pause
	 */
	public static <E extends Exception> void until(Duration within, String what, Condition<E> condition)
			throws E, InterruptedException {
		if (!upTo(within, condition)) {
			throw new AssertionError("not within " + within.toMillis() + " ms: " + what);
		}
	}

	/**
	 * Something awaited, which may fail the way the code it reads fails.
	 * @param <E> what it may throw
	 */
	@FunctionalInterface
	public interface Condition<E extends Exception> {

		/**
		 * Whether it holds now.
		 * @return {@code true} once it does
		 * @throws E what reading it threw
		 */
		boolean holds() throws E;

	}

}
