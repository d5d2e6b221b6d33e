package dev.dbconn.lifecycle;

import java.time.Duration;

/**
 * Durations as the numbers of seconds people read: {@code 600}, {@code 1.5}.
 */
public final class Seconds {

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private Seconds() {
	}

	/**
	 * The duration in seconds: a whole number when it is one, a fraction otherwise.
	 * @param duration the duration
	 * @return a {@link Long} or a {@link Double}
	 */
	public static Number of(Duration duration) {
		long nanos = duration.toNanos();
		return (nanos % NANOS_PER_SECOND == 0) ? (Number) (nanos / NANOS_PER_SECOND)
				: (Number) (nanos / (double) NANOS_PER_SECOND);
	}

	/**
	 * The duration in seconds with its unit, e.g. {@code 600s} or {@code 1.5s}.
	 * @param duration the duration
	 * @return the text
	 */
	public static String text(Duration duration) {
		return of(duration) + "s";
	}

}
