package dev.dbconn.lifecycle;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a physical connection may be kept for reuse, Django's {@code CONN_MAX_AGE}: zero closes
 * it at the end of every unit of work, a positive duration keeps it at most that long, and
 * {@link #UNLIMITED} keeps it for as long as it works.
 */
public final class ConnMaxAge {

	/** The forms {@link #parse(String)} accepts, for error messages. */
	public static final String ACCEPTED_FORMS = "a number of seconds (600), a duration (10m, PT10M) or 'unlimited'";

	/** Close the connection at the end of each unit of work. */
	public static final ConnMaxAge ZERO = new ConnMaxAge(Duration.ZERO);

	/** Never close the connection because of its age. */
	public static final ConnMaxAge UNLIMITED = new ConnMaxAge(null);

	private static final Pattern SIMPLE = Pattern.compile("^([+-]?\\d+)(ns|us|ms|s|m|h|d)?$");

	private final Duration duration;

	private final long nanos;

	private ConnMaxAge(Duration duration) {
		this.duration = duration;
		this.nanos = (duration != null) ? saturatedNanos(duration) : Long.MAX_VALUE;
	}

	/**
	 * Return the maximum age for a non-negative duration.
	 * @param duration the duration
	 * @return the maximum age
	 */
	public static ConnMaxAge of(Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("Connection max age must not be negative, got " + duration);
		}
		return duration.isZero() ? ZERO : new ConnMaxAge(duration);
	}

	/**
	 * Parse a maximum age: a number of seconds ({@code 600}), a duration with a unit ({@code 10m},
	 * {@code 500ms}) or in ISO-8601 ({@code PT10M}), or {@code unlimited}.
	 * @param text the text to parse
	 * @return the maximum age
	 * @throws IllegalArgumentException when the text is none of those forms or is negative
	 */
	public static ConnMaxAge parse(String text) {
		String value = (text != null) ? text.trim() : "";
		if (value.equalsIgnoreCase("unlimited")) {
			return UNLIMITED;
		}
		Duration duration = parseDuration(value);
		if (duration == null) {
			throw new IllegalArgumentException("Invalid value '" + text + "': use " + ACCEPTED_FORMS);
		}
		if (duration.isNegative()) {
			throw new IllegalArgumentException(
					"Invalid value '" + text + "': must not be negative; use " + ACCEPTED_FORMS);
		}
		return of(duration);
	}

	private static Duration parseDuration(String value) {
		Matcher matcher = SIMPLE.matcher(value.toLowerCase(Locale.ROOT));
		try {
			if (matcher.matches()) {
				long amount = Long.parseLong(matcher.group(1));
				String unit = (matcher.group(2) != null) ? matcher.group(2) : "s";
				return Duration.of(amount, unitOf(unit));
			}
			if (value.toUpperCase(Locale.ROOT).matches("^[+-]?P.*")) {
				return Duration.parse(value);
			}
		}
		catch (ArithmeticException | DateTimeParseException ex) {
			// not a duration we can represent: reported by the caller with the accepted forms
		}
		return null;
	}

	private static ChronoUnit unitOf(String suffix) {
		return switch (suffix) {
			case "ns" -> ChronoUnit.NANOS;
			case "us" -> ChronoUnit.MICROS;
			case "ms" -> ChronoUnit.MILLIS;
			case "m" -> ChronoUnit.MINUTES;
			case "h" -> ChronoUnit.HOURS;
			case "d" -> ChronoUnit.DAYS;
			default -> ChronoUnit.SECONDS;
		};
	}

	private static long saturatedNanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

	/**
	 * Whether connections are never closed for age.
	 * @return {@code true} for {@link #UNLIMITED}
	 */
	public boolean isUnlimited() {
		return this.duration == null;
	}

	/**
	 * Whether connections are closed at the end of every unit of work.
	 * @return {@code true} for zero
	 */
	public boolean isZero() {
		return this.nanos == 0;
	}

	/**
	 * The maximum age as a duration.
	 * @return the duration, or {@code null} when {@link #isUnlimited() unlimited}
	 */
	public Duration toDuration() {
		return this.duration;
	}

	/**
	 * Whether a connection of the given age has reached this maximum age. Zero is reached by every
	 * connection, unlimited by none.
	 * @param ageNanos the age of the connection in nanoseconds
	 * @return {@code true} when the connection is due to be closed
	 */
	public boolean isReachedBy(long ageNanos) {
		return this.duration != null && ageNanos >= this.nanos;
	}

	@Override
	public boolean equals(Object other) {
		return this == other
				|| (other instanceof ConnMaxAge that && this.nanos == that.nanos && isUnlimited() == that.isUnlimited());
	}

	@Override
	public int hashCode() {
		return Long.hashCode(this.nanos);
	}

	/**
	 * The maximum age as configured: seconds, or {@code unlimited}.
	 * @return {@code "600s"}, {@code "0s"}, {@code "0.5s"} or {@code "unlimited"}
	 */
	@Override
	public String toString() {
		if (this.duration == null) {
			return "unlimited";
		}
		return Seconds.text(this.duration);
	}

}
