package dev.dbconn.lifecycle;

import java.time.Duration;

import dev.dbconn.lifecycle.LifecyclePolicy.HandleClose;
import dev.dbconn.lifecycle.LifecyclePolicy.UnitEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * The lifecycle rules one by one, each named after the Django behaviour it mirrors.
 */
class LifecyclePolicyTests {

	private static final long ONE_SECOND = Duration.ofSeconds(1).toNanos();

	private static LifecyclePolicy policy(String maxAge, boolean healthChecks) {
		return new LifecyclePolicy(ConnMaxAge.parse(maxAge), healthChecks, Duration.ofSeconds(5));
	}

	private static UnitEnd clean(long ageNanos, boolean unitScoped) {
		return clean(ageNanos, 0, unitScoped);
	}

	private static UnitEnd clean(long ageNanos, double jitterDraw, boolean unitScoped) {
		return new UnitEnd(ageNanos, jitterDraw, false, false, TransactionState.NONE, false, false, unitScoped, false);
	}

	private static LifecyclePolicy jittered(String maxAge, double jitter) {
		return new LifecyclePolicy(ConnMaxAge.parse(maxAge), false, Duration.ofSeconds(5), Duration.ZERO, jitter);
	}

	@Test
	void connMaxAgeZeroClosesAtTheEndOfEveryUnitButNotAtTheEndOfACheckoutOutsideUnits() {
		LifecyclePolicy policy = policy("0", false);
		assertThat(policy.atUnitEnd(clean(0, true))).isEqualTo(CloseReason.MAX_AGE);
		assertThat(policy.atUnitEnd(clean(0, false))).isNull();
		assertThat(policy.beforeReuse(10 * ONE_SECOND, 0, false)).isNull();
	}

	@Test
	void closeIfObsoleteAtRequestFinishedClosesAtTheFirstBoundaryAtOrAfterTheAge() {
		LifecyclePolicy policy = policy("2", false);
		assertThat(policy.atUnitEnd(clean(ONE_SECOND, true))).isNull();
		assertThat(policy.atUnitEnd(clean(2 * ONE_SECOND, true))).isEqualTo(CloseReason.MAX_AGE);
		assertThat(policy.atUnitEnd(clean(2 * ONE_SECOND, false))).isEqualTo(CloseReason.MAX_AGE);
	}

	@Test
	void closeIfObsoleteAtRequestStartedClosesAKeptConnectionPastItsAge() {
		LifecyclePolicy policy = policy("2", false);
		assertThat(policy.beforeReuse(ONE_SECOND, 0, false)).isNull();
		assertThat(policy.beforeReuse(3 * ONE_SECOND, 0, false)).isEqualTo(CloseReason.MAX_AGE);
	}

	@Test
	void connMaxAgeNoneNeverClosesForAge() {
		LifecyclePolicy policy = policy("unlimited", false);
		assertThat(policy.atUnitEnd(clean(Long.MAX_VALUE, true))).isNull();
		assertThat(policy.beforeReuse(Long.MAX_VALUE, 0, false)).isNull();
	}

	@ParameterizedTest(name = "conn-max-age {0}, health checks {1}, window {2} ms: reads the clock {3}")
	@CsvSource({ "0, false, 0, false", "0, true, 0, false", "unlimited, false, 0, false", "unlimited, true, 0, false",
			"unlimited, false, 500, false", "600, false, 0, true", "600, true, 0, true", "0, true, 500, true",
			"unlimited, true, 500, true" })
	void rulesThatDoNotReadTheClockAnswerTheSameForEveryAgeAndTimeSinceSuccess(String maxAge, boolean healthChecks,
			long windowMillis, boolean readsClock) {
		LifecyclePolicy policy = new LifecyclePolicy(ConnMaxAge.parse(maxAge), healthChecks, Duration.ofSeconds(5),
				Duration.ofMillis(windowMillis), 0);
		assertThat(policy.readsClock()).isEqualTo(readsClock);
		if (readsClock) {
			return;
		}
		// what a unit of work passes when the clock is not read: 0 for the age, never for the last success
		for (long nanos : new long[] { 1, ONE_SECOND, 3_600 * ONE_SECOND, Long.MAX_VALUE / 2 }) {
			for (boolean unitScoped : new boolean[] { true, false }) {
				assertThat(policy.atUnitEnd(clean(nanos, unitScoped))).as("unit end at age %d", nanos)
					.isEqualTo(policy.atUnitEnd(clean(0, unitScoped)));
			}
			assertThat(policy.beforeReuse(nanos, 0, false)).as("reuse at age %d", nanos)
				.isEqualTo(policy.beforeReuse(0, 0, false));
			assertThat(policy.healthCheckDue(false, nanos)).as("check %d after success", nanos)
				.isEqualTo(policy.healthCheckDue(false, Long.MAX_VALUE));
		}
	}

	@Test
	void theJitterShortensEachConnectionsAgeLimitByItsDrawnShareAndNeverLengthensIt() {
		LifecyclePolicy policy = jittered("10", 0.2);
		assertThat(policy.ageLimitNanos(0)).isEqualTo(10 * ONE_SECOND);
		assertThat(policy.ageLimitNanos(0.5)).isCloseTo(9 * ONE_SECOND, within(1000L));
		assertThat(policy.ageLimitNanos(1)).isCloseTo(8 * ONE_SECOND, within(1000L));
		for (double draw = 0; draw <= 1; draw += 0.125) {
			assertThat(policy.ageLimitNanos(draw)).as("draw %s", draw)
				.isBetween(8 * ONE_SECOND - 1000, 10 * ONE_SECOND);
		}
		assertThat(jittered("10", 1).ageLimitNanos(0.999)).as("the whole age as jitter").isPositive();
	}

	@Test
	void everyAgeCheckUsesTheConnectionsOwnLimit() {
		LifecyclePolicy policy = jittered("10", 0.2);
		long before = 8500 * ONE_SECOND / 1000;
		long after = 9100 * ONE_SECOND / 1000;
		assertThat(policy.beforeReuse(before, 0.5, false)).isNull();
		assertThat(policy.beforeReuse(after, 0.5, false)).isEqualTo(CloseReason.MAX_AGE);
		assertThat(policy.beforeReuse(after, 0, false)).as("another connection's draw").isNull();
		assertThat(policy.atUnitEnd(clean(before, 0.5, true))).isNull();
		assertThat(policy.atUnitEnd(clean(after, 0.5, true))).isEqualTo(CloseReason.MAX_AGE);
		assertThat(policy.atUnitEnd(clean(after, 0.5, false))).isEqualTo(CloseReason.MAX_AGE);
		assertThat(policy.atCloseOldConnections(before, 0.5, false, false, false)).isNull();
		assertThat(policy.atCloseOldConnections(after, 0.5, false, false, false)).isEqualTo(CloseReason.MAX_AGE);
		assertThat(policy.whileIdle(before, 0.5)).isNull();
		assertThat(policy.whileIdle(after, 0.5)).isEqualTo(CloseReason.MAX_AGE);
		assertThat(policy.nanosUntilAgeLimit(before, 0.5)).isCloseTo(ONE_SECOND / 2, within(1000L));
		assertThat(policy.nanosUntilAgeLimit(after, 0.5)).isNegative();
	}

	@Test
	void withoutJitterEveryConnectionHasTheExactAgeAsInDjango() {
		LifecyclePolicy policy = policy("2", false);
		assertThat(policy.maxAgeJitter()).isZero();
		assertThat(policy.ageLimitNanos(0)).isEqualTo(2 * ONE_SECOND);
		assertThat(policy.ageLimitNanos(0.99)).isEqualTo(2 * ONE_SECOND);
	}

	@Test
	void theJitterChangesNeitherZeroNorUnlimited() {
		assertThat(jittered("0", 1).ageLimitNanos(0.5)).isZero();
		assertThat(jittered("0", 1).atUnitEnd(clean(0, 0.5, true))).isEqualTo(CloseReason.MAX_AGE);
		assertThat(jittered("unlimited", 1).ageLimitNanos(0.5)).isEqualTo(Long.MAX_VALUE);
		assertThat(jittered("unlimited", 1).beforeReuse(Long.MAX_VALUE, 0.5, false)).isNull();
	}

	@Test
	void aJitterOutsideZeroToOneIsRefused() {
		for (double jitter : new double[] { -0.1, 1.01, Double.NaN, Double.POSITIVE_INFINITY }) {
			assertThatIllegalArgumentException().as("jitter %s", jitter)
				.isThrownBy(() -> jittered("10", jitter))
				.withMessageContaining("from 0 to 1");
		}
	}

	@Test
	void idleConnectionsAreRetiredInTheBackgroundOnlyWithAPositiveLimitedAge() {
		assertThat(policy("2", false).retiresIdleConnections()).isTrue();
		assertThat(policy("0", false).retiresIdleConnections()).isFalse();
		assertThat(policy("unlimited", false).retiresIdleConnections()).isFalse();
		assertThat(policy("0", false).whileIdle(10 * ONE_SECOND, 0)).as("closed at its unit's end instead").isNull();
		assertThat(policy("unlimited", false).whileIdle(Long.MAX_VALUE - 1, 0)).isNull();
		assertThat(policy("0", false).nanosUntilAgeLimit(0, 0)).isEqualTo(Long.MAX_VALUE);
		assertThat(policy("2", false).whileIdle(2 * ONE_SECOND, 0)).isEqualTo(CloseReason.MAX_AGE);
	}

	@Test
	void theRetirementLooksBeforeAConnectionFirstSeenAfterALookIsDue() {
		assertThat(policy("10", false).longestRetirementPauseNanos()).isEqualTo(10 * ONE_SECOND);
		assertThat(jittered("10", 0.2).longestRetirementPauseNanos()).isCloseTo(8 * ONE_SECOND, within(1000L))
			.isLessThanOrEqualTo(jittered("10", 0.2).ageLimitNanos(1));
		assertThat(jittered("10", 1).longestRetirementPauseNanos()).as("not every instant").isEqualTo(ONE_SECOND);
		assertThat(policy("0", false).longestRetirementPauseNanos()).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void atShutdownKeptConnectionsCloseAndAUnitEndingLaterKeepsNothing() {
		LifecyclePolicy policy = policy("unlimited", false);
		assertThat(policy.atShutdown()).isEqualTo(CloseReason.SHUTDOWN);
		assertThat(policy.atUnitEnd(new UnitEnd(0, 0, false, false, TransactionState.NONE, false, false, true, true)))
			.isEqualTo(CloseReason.SHUTDOWN);
		assertThat(policy.atUnitEnd(new UnitEnd(0, 0, true, false, TransactionState.NONE, false, false, true, true)))
			.as("an error says more").isEqualTo(CloseReason.ERROR);
		assertThat(policy.atUnitEnd(new UnitEnd(0, 0, false, false, TransactionState.SQL, false, false, true, true)))
			.as("so does a transaction left open").isEqualTo(CloseReason.OPEN_TRANSACTION);
	}

	@Test
	void closeOldConnectionsOnRequestClosesAConnectionWhoseRetirementWasAsked() {
		LifecyclePolicy policy = policy("unlimited", false);
		assertThat(policy.beforeReuse(0, 0, true)).isEqualTo(CloseReason.EXPLICIT);
		assertThat(policy.atUnitEnd(new UnitEnd(0, 0, false, false, TransactionState.NONE, false, true, true, false)))
			.isEqualTo(CloseReason.EXPLICIT);
	}

	@Test
	void isUsableFailingOrALostConnectionClosesItAsAnError() {
		LifecyclePolicy policy = policy("unlimited", false);
		assertThat(policy.atUnitEnd(new UnitEnd(0, 0, true, false, TransactionState.NONE, false, false, true, false)))
			.isEqualTo(CloseReason.ERROR);
		assertThat(policy.atUnitEnd(new UnitEnd(0, 0, false, true, TransactionState.NONE, false, false, true, false)))
			.isEqualTo(CloseReason.ERROR);
	}

	@Test
	void errorsOccurredAsksForAUsabilityCheckAtTheEnd() {
		LifecyclePolicy policy = policy("unlimited", false);
		assertThat(policy.usabilityCheckDue(true)).isTrue();
		assertThat(policy.usabilityCheckDue(false)).isFalse();
	}

	@Test
	void aTransactionStillOpenAtTheEndNeverReachesTheNextUnit() {
		LifecyclePolicy policy = policy("unlimited", false);
		for (TransactionState state : new TransactionState[] { TransactionState.SQL, TransactionState.JDBC }) {
			assertThat(policy.atUnitEnd(new UnitEnd(0, 0, false, false, state, false, false, false, false)))
				.isEqualTo(CloseReason.OPEN_TRANSACTION);
		}
		assertThat(policy.atUnitEnd(new UnitEnd(0, 0, false, false, TransactionState.NONE, true, false, true, false)))
			.isEqualTo(CloseReason.OPEN_TRANSACTION);
	}

	@Test
	void theImplicitTransactionOfAnAutoCommitOffPoolIsNormal() {
		LifecyclePolicy policy = policy("unlimited", false);
		assertThat(policy.atUnitEnd(
				new UnitEnd(0, 0, false, false, TransactionState.IMPLICIT, false, false, true, false)))
			.isNull();
		assertThat(policy.atHandleClose(TransactionState.IMPLICIT)).isEqualTo(HandleClose.ROLL_BACK);
	}

	@Test
	void anSqlTransactionLastsAcrossHandlesAsInDjangosRequest() {
		assertThat(policy("0", false).atHandleClose(TransactionState.SQL)).isEqualTo(HandleClose.KEEP_TRANSACTION);
	}

	@Test
	void aJdbcTransactionIsRolledBackWhenItsHandleClosesAsAPoolWould() {
		LifecyclePolicy policy = policy("0", false);
		assertThat(policy.atHandleClose(TransactionState.JDBC)).isEqualTo(HandleClose.ROLL_BACK_AND_RETIRE);
		assertThat(policy.atHandleClose(TransactionState.NONE)).isEqualTo(HandleClose.RESTORE);
	}

	@Test
	void transactionStateTellsTheKindFromTheDriverAndThePool() {
		assertThat(TransactionState.of(false, false, false)).isEqualTo(TransactionState.NONE);
		assertThat(TransactionState.of(true, true, true)).isEqualTo(TransactionState.SQL);
		assertThat(TransactionState.of(true, true, false)).isEqualTo(TransactionState.SQL);
		assertThat(TransactionState.of(true, false, true)).isEqualTo(TransactionState.JDBC);
		assertThat(TransactionState.of(true, false, false)).isEqualTo(TransactionState.IMPLICIT);
	}

	@Test
	void closeIfHealthCheckFailedChecksOncePerUnitUnlessFreshOrOff() {
		assertThat(policy("unlimited", false).healthCheckDue(false, Long.MAX_VALUE)).isFalse();
		LifecyclePolicy policy = policy("unlimited", true);
		assertThat(policy.healthCheckDue(false, Long.MAX_VALUE)).isTrue();
		assertThat(policy.healthCheckDue(false, 0)).as("no window: checked however recent").isTrue();
		assertThat(policy.healthCheckDue(true, Long.MAX_VALUE)).as("opened for this unit").isFalse();
	}

	@Test
	void aHealthCheckWindowSkipsTheCheckOfARecentlySuccessfulConnection() {
		LifecyclePolicy policy = new LifecyclePolicy(ConnMaxAge.UNLIMITED, true, Duration.ofSeconds(5),
				Duration.ofMillis(500));
		assertThat(policy.healthCheckDue(false, Duration.ofMillis(100).toNanos())).isFalse();
		assertThat(policy.healthCheckDue(false, Duration.ofMillis(500).toNanos())).isTrue();
	}

	@Test
	void afterAFailedHealthCheckAnotherIsCheckedUntilTwoRanIntoTheirTimeout() {
		LifecyclePolicy policy = policy("unlimited", true);
		assertThat(policy.healthCheckTimedOut(Duration.ofMillis(3).toNanos())).as("dropped by the server").isFalse();
		assertThat(policy.healthCheckTimedOut(Duration.ofSeconds(5).toNanos())).as("no answer").isTrue();
		assertThat(policy.checkAnotherAfterFailedCheck(0)).as("only dropped ones").isTrue();
		assertThat(policy.checkAnotherAfterFailedCheck(1)).as("one dropped without a word").isTrue();
		assertThat(policy.checkAnotherAfterFailedCheck(2)).as("not answering").isFalse();
	}

	@Test
	void aConnectionDroppedDuringSetUpIsReplacedOtherFailuresAreTheUnits() {
		LifecyclePolicy policy = policy("0", false);
		assertThat(policy.replaceAfterSetUpFailure(SqlErrors.Kind.CONNECTION_LOST)).isTrue();
		assertThat(policy.replaceAfterSetUpFailure(SqlErrors.Kind.OTHER)).isFalse();
	}

	@Test
	void aConnectionWhoseSessionCouldNotBePutBackIsClosed() {
		assertThat(policy("unlimited", false).afterFailedRestore()).isEqualTo(CloseReason.ERROR);
	}

	@Test
	void sessionResetRestoresTheDefaultsAlwaysNeverOrWhenTheUnitMayHaveChangedThem() {
		LifecyclePolicy policy = policy("unlimited", false);
		assertThat(policy.sessionResetDue(SessionReset.ALWAYS, false)).isTrue();
		assertThat(policy.sessionResetDue(SessionReset.NEVER, true)).isFalse();
		assertThat(policy.sessionResetDue(SessionReset.AUTO, true)).isTrue();
		assertThat(policy.sessionResetDue(SessionReset.AUTO, false)).isFalse();
	}

}
