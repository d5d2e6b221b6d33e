package dev.dbconn.lifecycle;

import java.time.Duration;

/**
 * Django's rules for a connection at the boundaries of a unit of work, all in one place, for one
 * DataSource. It decides from plain facts handed to it; the JDBC layer observes the connection and
 * carries the decision out.
 *
 * @param maxAge how long a physical connection may be kept ({@code CONN_MAX_AGE})
 * @param healthChecks whether a connection is checked before its first use in a unit of work
 * ({@code CONN_HEALTH_CHECKS})
 * @param healthCheckTimeout how long a health check may take before the connection counts as dead
 * @param healthCheckWindow how recently a connection must have completed work successfully for its
 * health check to be skipped; zero to check every time, as Django does
 * @param maxAgeJitter the largest fraction, from 0 to 1, by which a connection's maximum age is
 * shortened (Rails' {@code pool_jitter}); each connection gets its own share of it, drawn at random
 * when dbconn first sees it, so that connections opened together are not all closed together
 */
public record LifecyclePolicy(ConnMaxAge maxAge, boolean healthChecks, Duration healthCheckTimeout,
		Duration healthCheckWindow, double maxAgeJitter) {

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
		if (healthCheckWindow == null || healthCheckWindow.isNegative()) {
			throw new IllegalArgumentException("healthCheckWindow must not be negative, got " + healthCheckWindow);
		}
		if (!isValidJitter(maxAgeJitter)) {
			throw new IllegalArgumentException("maxAgeJitter must be from 0 to 1, got " + maxAgeJitter);
		}
	}

	/**
	 * Create a policy whose maximum age is the same for every connection, as Django's.
	 * @param maxAge how long a physical connection may be kept
	 * @param healthChecks whether a connection is checked before its first use in a unit of work
	 * @param healthCheckTimeout how long a health check may take
	 * @param healthCheckWindow how recently a connection must have worked for its check to be skipped
	 */
	public LifecyclePolicy(ConnMaxAge maxAge, boolean healthChecks, Duration healthCheckTimeout,
			Duration healthCheckWindow) {
		this(maxAge, healthChecks, healthCheckTimeout, healthCheckWindow, 0);
	}

	/**
	 * Create a policy that health-checks every time (no window).
	 * @param maxAge how long a physical connection may be kept
	 * @param healthChecks whether a connection is checked before its first use in a unit of work
	 * @param healthCheckTimeout how long a health check may take
	 */
	public LifecyclePolicy(ConnMaxAge maxAge, boolean healthChecks, Duration healthCheckTimeout) {
		this(maxAge, healthChecks, healthCheckTimeout, Duration.ZERO);
	}

	/**
	 * Whether a maximum-age jitter is within range.
	 * @param jitter the fraction
	 * @return {@code true} from 0 to 1
	 */
	public static boolean isValidJitter(double jitter) {
		return jitter >= 0 && jitter <= 1;
	}

	/**
	 * Django's {@code close_at}, less the connection's share of the jitter: the age at which a
	 * connection is past its maximum age. Never longer than the maximum age; zero stays zero and
	 * unlimited stays unlimited.
	 * @param jitterDraw the connection's random fraction, from 0 to 1, drawn once when dbconn first saw
	 * it: the limit is shortened by {@code maxAgeJitter * jitterDraw} of the maximum age
	 * @return the age limit in nanoseconds, {@link Long#MAX_VALUE} when unlimited
	 */
	public long ageLimitNanos(double jitterDraw) {
		long configured = this.maxAge.nanos();
		if (this.maxAge.isUnlimited() || this.maxAgeJitter == 0) {
			return configured;
		}
		return Math.min(configured, (long) (configured * (1 - this.maxAgeJitter * jitterDraw)));
	}

	private boolean isExpired(long ageNanos, double jitterDraw) {
		return !this.maxAge.isUnlimited() && ageNanos >= ageLimitNanos(jitterDraw);
	}

	/**
	 * Django's {@code close_if_unusable_or_obsolete()} at {@code request_started}: a connection kept
	 * from an earlier unit is closed before use when it is past its age, or when the application asked
	 * for its retirement. With a zero age it serves the unit and is closed at its end.
	 * @param ageNanos age of the physical connection
	 * @param jitterDraw the connection's share of the jitter (see {@link #ageLimitNanos})
	 * @param retirementRequested whether the application asked for it to be closed
	 * @return why to close it, or {@code null} to use it
	 */
	public CloseReason beforeReuse(long ageNanos, double jitterDraw, boolean retirementRequested) {
		if (retirementRequested) {
			return CloseReason.EXPLICIT;
		}
		return (!this.maxAge.isZero() && isExpired(ageNanos, jitterDraw)) ? CloseReason.MAX_AGE : null;
	}

	/**
	 * Whether these rules read the clock: a connection's age under a positive, limited maximum age,
	 * and the time since its last success under a health-check window. When they do not (a maximum
	 * age of zero or unlimited, no window), {@link #beforeReuse}, {@link #healthCheckDue} and
	 * {@link #atUnitEnd} answer the same whatever ages and times they are given, so that the clock
	 * need not be read for every unit of work.
	 * @return {@code true} when ages and times since success must be measured
	 */
	public boolean readsClock() {
		return (!this.maxAge.isZero() && !this.maxAge.isUnlimited())
				|| (this.healthChecks && !this.healthCheckWindow.isZero());
	}

	/**
	 * Django's {@code close_if_health_check_failed()} with {@code health_check_done}: with health
	 * checks on, a connection is checked once per unit, before its first use, unless it is known to
	 * have been opened just now (Django counts a new connection as checked) or, with a window,
	 * completed work successfully within it (a unit that ended without error, or a passed check in
	 * {@code closeOldConnections()}). A connection dbconn sees for the first time is not
	 * known to be fresh: the pool may have opened it long ago.
	 * @param knownFresh whether the connection was opened for this unit
	 * @param nanosSinceLastSuccess time since the connection last completed work without error,
	 * {@link Long#MAX_VALUE} when never
	 * @return {@code true} to check it
	 */
	public boolean healthCheckDue(boolean knownFresh, long nanosSinceLastSuccess) {
		if (!this.healthChecks || knownFresh) {
			return false;
		}
		return this.healthCheckWindow.isZero() || nanosSinceLastSuccess >= this.healthCheckWindow.toNanos();
	}

	/**
	 * Whether a failed health check ran into its timeout, rather than failing at once: one that fails at
	 * once found its connection dropped by the server; one that waits out its timeout got no answer.
	 * @param checkNanos how long the failed check took
	 * @return {@code true} when it took the whole timeout
	 */
	public boolean healthCheckTimedOut(long checkNanos) {
		return checkNanos >= this.healthCheckTimeout.toNanos();
	}

	/**
	 * After a connection failed its health check, whether the unit of work may have the next one the
	 * pool hands out checked too. Checks that fail at once go on (after a restart every kept connection
	 * is dropped, and each is found so quickly, in turn). One check that ran into its timeout may have
	 * met a connection the network dropped without a word (a firewall's idle timeout), so the next is
	 * checked; a second says the database or the network to it is not answering, as the pool's next
	 * connections would find too: the unit is told at once, rather than after one timeout per
	 * connection in the pool.
	 * @param timedOutChecks how many of the checks for this connection ran into their timeout
	 * @return {@code true} to check another, {@code false} to give the unit an error
	 */
	public boolean checkAnotherAfterFailedCheck(int timedOutChecks) {
		return timedOutChecks < 2;
	}

	/**
	 * Django's {@code connect()} failing is the request's error; here a connection that fails
	 * dbconn's own set-up statements because the server dropped it is replaced, unseen by the unit.
	 * Any other failure is the unit's.
	 * @param error what the failure means for the connection
	 * @return {@code true} to close it and take another
	 */
	public boolean replaceAfterSetUpFailure(SqlErrors.Kind error) {
		return error == SqlErrors.Kind.CONNECTION_LOST;
	}

	/**
	 * What to do when the application closes a handle on a connection its unit of work keeps. A
	 * pool rolls back what a connection left uncommitted on return, and so does dbconn for a
	 * transaction opened through the JDBC API: a later {@code @Transactional} method of the unit must
	 * not commit it. A transaction begun in SQL with auto-commit on belongs to the unit (Django's one
	 * connection per request makes {@code BEGIN}, work and {@code COMMIT} over separate calls legal).
	 * The implicit transaction of a pool with auto-commit off is rolled back as the pool would.
	 * @param state the transaction open when the handle closed
	 * @return the action
	 */
	public HandleClose atHandleClose(TransactionState state) {
		return switch (state) {
			case NONE -> HandleClose.RESTORE;
			case SQL -> HandleClose.KEEP_TRANSACTION;
			case JDBC -> HandleClose.ROLL_BACK_AND_RETIRE;
			case IMPLICIT -> HandleClose.ROLL_BACK;
		};
	}

	/**
	 * Django's {@code errors_occurred}: a connection that raised an error other than a data or
	 * integrity error is checked at the end of the unit, and kept only if it still works.
	 * @param errorSeen whether such an error was raised through the connection during the unit
	 * @return {@code true} to check it
	 */
	public boolean usabilityCheckDue(boolean errorSeen) {
		return errorSeen;
	}

	/**
	 * Django's {@code close_if_unusable_or_obsolete()} at {@code request_finished}, plus the rule that
	 * no transaction reaches the next unit: whatever was left open has been rolled back, and the
	 * connection is closed. Once the DataSource has shut down nothing is kept. Outside units of work a
	 * zero maximum age does not apply, as in Django, where such connections stay open until
	 * {@code close_old_connections()} or a positive age closes them.
	 * @param end what was observed of the connection when its unit ended
	 * @return why the connection must be closed, or {@code null} to keep it
	 */
	public CloseReason atUnitEnd(UnitEnd end) {
		if (end.broken() || end.unusable()) {
			return CloseReason.ERROR;
		}
		if (end.transactionLeftOpen() || end.openTransaction() == TransactionState.SQL
				|| end.openTransaction() == TransactionState.JDBC) {
			return CloseReason.OPEN_TRANSACTION;
		}
		if (end.shutDown()) {
			return CloseReason.SHUTDOWN;
		}
		if (end.retirementRequested()) {
			return CloseReason.EXPLICIT;
		}
		boolean expired = end.unitScoped() ? isExpired(end.ageNanos(), end.jitterDraw())
				: (beforeReuse(end.ageNanos(), end.jitterDraw(), false) != null);
		return expired ? CloseReason.MAX_AGE : null;
	}

	/**
	 * Whether {@code close_old_connections()} may judge a connection the unit of work holds: not while
	 * a handle on it is open or a transaction is open on it, since closing it would break up work in
	 * progress (transactions are never broken up inside a unit).
	 * @param handleOpen whether the application holds an open handle on it
	 * @param transactionOpen whether a transaction is open on it
	 * @return {@code true} to judge it by {@link #atCloseOldConnections}
	 */
	public boolean closeOldConnectionsMayJudge(boolean handleOpen, boolean transactionOpen) {
		return !handleOpen && !transactionOpen;
	}

	/**
	 * Django's {@code close_old_connections()}, called between two stretches of work that run as one
	 * long unit (the iterations of a queue consumer's loop): the same judgement as at the end of a
	 * unit, for a connection with nothing open on it. It is closed when it is broken or failed the
	 * check after an error, when the application asked for its retirement, or when it has reached its
	 * age; with a zero age, at every call, as Django's {@code close_at} is then always past.
	 * Otherwise the unit keeps using it.
	 * @param ageNanos age of the physical connection
	 * @param jitterDraw the connection's share of the jitter (see {@link #ageLimitNanos})
	 * @param broken whether the server dropped it or an error said it is lost
	 * @param unusable whether the check after an error found it dead
	 * @param retirementRequested whether the application asked for it to be closed
	 * @return why to close it now, or {@code null} to keep it
	 */
	public CloseReason atCloseOldConnections(long ageNanos, double jitterDraw, boolean broken, boolean unusable,
			boolean retirementRequested) {
		if (broken || unusable) {
			return CloseReason.ERROR;
		}
		if (retirementRequested) {
			return CloseReason.EXPLICIT;
		}
		return isExpired(ageNanos, jitterDraw) ? CloseReason.MAX_AGE : null;
	}

	/**
	 * Whether idle connections are closed in the background when they reach their age, rather than
	 * only when the next unit of work would take them (Django's only moment, so that a quiet
	 * application keeps them, and the server may drop them meanwhile). Only a positive, limited
	 * maximum age has such a moment.
	 * @return {@code true} for a positive, limited maximum age
	 */
	public boolean retiresIdleConnections() {
		return !this.maxAge.isZero() && !this.maxAge.isUnlimited();
	}

	/**
	 * Retirement without traffic: a connection kept in the pool, which no unit of work holds, is
	 * closed as soon as it is past its age limit. A connection in use is never judged here: its unit
	 * settles it.
	 * @param ageNanos age of the physical connection
	 * @param jitterDraw the connection's share of the jitter (see {@link #ageLimitNanos})
	 * @return why to close it now, or {@code null} to keep it
	 */
	public CloseReason whileIdle(long ageNanos, double jitterDraw) {
		return (retiresIdleConnections() && isExpired(ageNanos, jitterDraw)) ? CloseReason.MAX_AGE : null;
	}

	/**
	 * How long until a connection is past its age limit.
	 * @param ageNanos age of the physical connection
	 * @param jitterDraw the connection's share of the jitter (see {@link #ageLimitNanos})
	 * @return the time in nanoseconds, zero or negative when it is past it already,
	 * {@link Long#MAX_VALUE} when idle connections are not retired
	 */
	public long nanosUntilAgeLimit(long ageNanos, double jitterDraw) {
		return retiresIdleConnections() ? ageLimitNanos(jitterDraw) - ageNanos : Long.MAX_VALUE;
	}

	/**
	 * The longest pause between two looks for idle connections past their age limit such that none
	 * stays open past it: a connection first seen after one look lives at least the maximum age less
	 * the whole jitter, so the next look comes before it is due; with a jitter above 0.9, a tenth of
	 * the maximum age, so that a look is not made every instant.
	 * @return the pause in nanoseconds, {@link Long#MAX_VALUE} when idle connections are not retired
	 */
	public long longestRetirementPauseNanos() {
		if (!retiresIdleConnections()) {
			return Long.MAX_VALUE;
		}
		return Math.max(ageLimitNanos(1), this.maxAge.nanos() / 10);
	}

	/**
	 * What the connections kept in the pool are closed for when the application shuts down.
	 * @return the reason
	 */
	public CloseReason atShutdown() {
		return CloseReason.SHUTDOWN;
	}

	/**
	 * A connection whose session state could not be put back must not be handed on: what the unit
	 * set would reach the next one.
	 * @return the reason to close it
	 */
	public CloseReason afterFailedRestore() {
		return CloseReason.ERROR;
	}

	/**
	 * Django's first answer to session state that outlives a request (restore the defaults at the end
	 * of each request), automated: always, never, or only when the unit ran a statement that can
	 * change session state.
	 * @param mode the configured mode
	 * @param sessionChangeSeen whether the unit ran a statement that can change session state
	 * @return {@code true} to reset the session of a connection that is kept
	 */
	public boolean sessionResetDue(SessionReset mode, boolean sessionChangeSeen) {
		return switch (mode) {
			case ALWAYS -> true;
			case NEVER -> false;
			case AUTO -> sessionChangeSeen;
		};
	}

	/** What to do when a handle on a connection its unit of work keeps is closed. */
	public enum HandleClose {

		/** Nothing open: put back the JDBC-level state the handle changed. */
		RESTORE,

		/** Leave the SQL transaction open, and the state with it, for the unit's later handles. */
		KEEP_TRANSACTION,

		/** Roll back, put the state back; the connection goes on serving the unit. */
		ROLL_BACK,

		/** Roll back, put the state back, and do not hand the connection on when the unit ends. */
		ROLL_BACK_AND_RETIRE

	}

	/**
	 * What was observed of a connection when its unit of work ended.
	 *
	 * @param ageNanos age of the physical connection
	 * @param jitterDraw the connection's share of the jitter (see {@link #ageLimitNanos})
	 * @param broken whether the server dropped it or an error said it is lost
	 * @param unusable whether the check after an error found it dead
	 * @param openTransaction the transaction open at the end (since rolled back)
	 * @param transactionLeftOpen whether a handle left a JDBC transaction open during the unit
	 * @param retirementRequested whether the application asked for it to be closed
	 * @param unitScoped whether the unit was a request or explicit unit of work rather than a single
	 * checkout outside any unit
	 * @param shutDown whether the DataSource has shut down meanwhile
	 */
	public record UnitEnd(long ageNanos, double jitterDraw, boolean broken, boolean unusable,
			TransactionState openTransaction, boolean transactionLeftOpen, boolean retirementRequested,
			boolean unitScoped, boolean shutDown) {
	}

}
