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

	/**
	 * The longest maximum age short of {@link #UNLIMITED}: the whole seconds that fit in a
	 * {@code long} of nanoseconds, about 292 years.
	 */
	public static final Duration LONGEST = Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L);

	/** The forms {@link #parse(String)} accepts, for error messages. */
	public static final String ACCEPTED_FORMS = "a number of seconds (600) or a duration (10m, PT10M) up to "
			+ LONGEST.toSeconds() + "s (about 292 years), or 'unlimited'";

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
	 * Return the maximum age for a non-negative duration of at most {@link #LONGEST}.
	 * @param duration the duration
	 * @return the maximum age
	 */
	public static ConnMaxAge of(Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("Connection max age must not be negative, got " + duration);
		}
		if (duration.compareTo(LONGEST) > 0) {
			throw new IllegalArgumentException(
					"Connection max age must be at most " + LONGEST.toSeconds() + "s, got " + duration);
		}
		return duration.isZero() ? ZERO : new ConnMaxAge(duration);
	}

	/**
	 * Parse a maximum age: a number of seconds ({@code 600}), a duration with a unit ({@code 10m},
	 * {@code 500ms}) or in ISO-8601 ({@code PT10M}), or {@code unlimited}.
	 * @param text the text to parse
	 * @return the maximum age
	 * @throws IllegalArgumentException when the text is none of those forms, is negative or is longer
	 * than {@link #LONGEST}
	 */
	public static ConnMaxAge parse(String text) {
		String value = (text != null) ? text.trim() : "";
		if (value.equalsIgnoreCase("unlimited")) {
			return UNLIMITED;
		}
		Duration duration;
		try {
			duration = parseDuration(value);
		}
		catch (ArithmeticException ex) {
			throw invalid(text, value.startsWith("-") ? "must not be negative" : "too large");
		}
		if (duration == null) {
			throw new IllegalArgumentException("Invalid value '" + text + "': use " + ACCEPTED_FORMS);
		}
		if (duration.isNegative()) {
			throw invalid(text, "must not be negative");
		}
		if (duration.compareTo(LONGEST) > 0) {
			throw invalid(text, "too large");
		}
		return of(duration);
	}

	private static IllegalArgumentException invalid(String text, String problem) {
		return new IllegalArgumentException("Invalid value '" + text + "': " + problem + "; use " + ACCEPTED_FORMS);
	}

	/**
	 * The duration the text stands for, or {@code null} when it is not a duration.
	 * @throws ArithmeticException when it is one, but does not fit in a {@link Duration}
	 */
	private static Duration parseDuration(String value) {
		Matcher matcher = SIMPLE.matcher(value.toLowerCase(Locale.ROOT));
		if (matcher.matches()) {
			String unit = (matcher.group(2) != null) ? matcher.group(2) : "s";
			return Duration.of(amount(matcher.group(1)), unitOf(unit));
		}
		if (!value.toUpperCase(Locale.ROOT).matches("^[+-]?P.*")) {
			return null;
		}
		try {
			return Duration.parse(value);
		}
		catch (DateTimeParseException ex) {
			if (ex.getCause() instanceof ArithmeticException || ex.getCause() instanceof NumberFormatException) {
				throw new ArithmeticException(ex.getMessage());
			}
			return null;
		}
	}

	private static long amount(String digits) {
		try {
			return Long.parseLong(digits);
		}
		catch (NumberFormatException ex) {
			// the pattern admits digits only: too many of them
			throw new ArithmeticException("'" + digits + "' does not fit in a long");
		}
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
	 * The maximum age in nanoseconds, saturated at {@link Long#MAX_VALUE} (as for {@link #UNLIMITED}).
	 */
	long nanos() {
		return this.nanos;
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
