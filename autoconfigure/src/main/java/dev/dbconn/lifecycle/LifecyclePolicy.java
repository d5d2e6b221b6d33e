package dev.dbconn.lifecycle;

import java.time.Duration;

/**
 * Django's rules for keeping or closing a connection at the boundaries of a unit of work
 * ({@code close_if_unusable_or_obsolete}), for one DataSource. It only decides; the JDBC layer
 * observes the connection and carries the decision out.
 *
 * @param maxAge how long a physical connection may be kept
 * @param healthChecks whether a connection kept from an earlier unit of work is checked before its
 * first use in a unit of work (a connection opened for the unit is not)
 * @param healthCheckTimeout how long a health check may take before the connection counts as dead
 */
public record LifecyclePolicy(ConnMaxAge maxAge, boolean healthChecks, Duration healthCheckTimeout) {

	/**
	 * The longest health check timeout: JDBC takes it as an {@code int} of seconds, about 68 years.
	 */
	public static final Duration LONGEST_HEALTH_CHECK_TIMEOUT = Duration.ofSeconds(Integer.MAX_VALUE);

	/** Django's defaults: close at the end of every unit of work, no health checks. */
	public static final LifecyclePolicy DEFAULTS = new LifecyclePolicy(ConnMaxAge.ZERO, false, Duration.ofSeconds(5));

	public LifecyclePolicy {
		if (maxAge == null) {
			throw new IllegalArgumentException("maxAge must not be null");
		}
		if (healthCheckTimeout == null || healthCheckTimeout.isNegative() || healthCheckTimeout.isZero()
				|| healthCheckTimeout.compareTo(LONGEST_HEALTH_CHECK_TIMEOUT) > 0) {
			throw new IllegalArgumentException("healthCheckTimeout must be positive and at most "
					+ LONGEST_HEALTH_CHECK_TIMEOUT.toSeconds() + "s, got " + healthCheckTimeout);
		}
	}

	/**
	 * What a unit of work that is about to use a connection kept from an earlier one must do first.
	 * @param ageNanos age of the physical connection
	 * @return {@link CloseReason#MAX_AGE} when the connection is too old to start another unit with
	 * (only for a positive maximum age: with zero the connection serves this unit and is closed at its
	 * end), {@code null} to use it
	 */
	public CloseReason beforeReuse(long ageNanos) {
		return (!this.maxAge.isZero() && this.maxAge.isReachedBy(ageNanos)) ? CloseReason.MAX_AGE : null;
	}

	/**
	 * What to do with a connection at the end of a unit of work.
	 * @param ageNanos age of the physical connection
	 * @param state what was observed of the connection during and at the end of the unit
	 * @param requestScoped whether the unit was a request or other explicit unit of work
	 * (Django's request cycle) rather than a single checkout outside any unit; outside units of work a
	 * zero maximum age does not apply, as in Django, where such connections stay open until
	 * {@code close_old_connections()} or a positive maximum age closes them
	 * @return why the connection must be closed, or {@code null} to keep it
	 */
	public CloseReason atUnitEnd(long ageNanos, EndState state, boolean requestScoped) {
		if (state == EndState.BROKEN) {
			return CloseReason.ERROR;
		}
		if (state == EndState.IN_TRANSACTION) {
			return CloseReason.OPEN_TRANSACTION;
		}
		boolean expired = requestScoped ? this.maxAge.isReachedBy(ageNanos) : (beforeReuse(ageNanos) != null);
		return expired ? CloseReason.MAX_AGE : null;
	}

	/** What was observed of a connection when its unit of work ended. */
	public enum EndState {

		/** Usable, outside any transaction. */
		CLEAN,

		/** Still inside a transaction, which has been rolled back. */
		IN_TRANSACTION,

		/** The server dropped it, or an error left it unusable. */
		BROKEN

	}

}
