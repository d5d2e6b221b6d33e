package dev.dbconn.lifecycle;

import java.time.Duration;

import dev.dbconn.lifecycle.LifecyclePolicy.HandleClose;
import dev.dbconn.lifecycle.LifecyclePolicy.UnitEnd;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lifecycle rules one by one, each named after the Django behaviour it mirrors.
 */
class LifecyclePolicyTests {

	private static final long ONE_SECOND = Duration.ofSeconds(1).toNanos();

	private static LifecyclePolicy policy(String maxAge, boolean healthChecks) {
		return new LifecyclePolicy(ConnMaxAge.parse(maxAge), healthChecks, Duration.ofSeconds(5));
	}

	private static UnitEnd clean(long ageNanos, boolean unitScoped) {
		return new UnitEnd(ageNanos, false, false, TransactionState.NONE, false, false, unitScoped);
	}

	@Test
	void connMaxAgeZeroClosesAtTheEndOfEveryUnitButNotAtTheEndOfACheckoutOutsideUnits() {
		LifecyclePolicy policy = policy("0", false);
		assertThat(policy.atUnitEnd(clean(0, true))).isEqualTo(CloseReason.MAX_AGE);
		assertThat(policy.atUnitEnd(clean(0, false))).isNull();
		assertThat(policy.beforeReuse(10 * ONE_SECOND, false)).isNull();
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
		assertThat(policy.beforeReuse(ONE_SECOND, false)).isNull();
		assertThat(policy.beforeReuse(3 * ONE_SECOND, false)).isEqualTo(CloseReason.MAX_AGE);
	}

	@Test
	void connMaxAgeNoneNeverClosesForAge() {
		LifecyclePolicy policy = policy("unlimited", false);
		assertThat(policy.atUnitEnd(clean(Long.MAX_VALUE, true))).isNull();
		assertThat(policy.beforeReuse(Long.MAX_VALUE, false)).isNull();
	}

	@Test
	void closeOldConnectionsOnRequestClosesAConnectionWhoseRetirementWasAsked() {
		LifecyclePolicy policy = policy("unlimited", false);
		assertThat(policy.beforeReuse(0, true)).isEqualTo(CloseReason.EXPLICIT);
		assertThat(policy.atUnitEnd(new UnitEnd(0, false, false, TransactionState.NONE, false, true, true)))
			.isEqualTo(CloseReason.EXPLICIT);
	}

	@Test
	void isUsableFailingOrALostConnectionClosesItAsAnError() {
		LifecyclePolicy policy = policy("unlimited", false);
		assertThat(policy.atUnitEnd(new UnitEnd(0, true, false, TransactionState.NONE, false, false, true)))
			.isEqualTo(CloseReason.ERROR);
		assertThat(policy.atUnitEnd(new UnitEnd(0, false, true, TransactionState.NONE, false, false, true)))
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
			assertThat(policy.atUnitEnd(new UnitEnd(0, false, false, state, false, false, false)))
				.isEqualTo(CloseReason.OPEN_TRANSACTION);
		}
		assertThat(policy.atUnitEnd(new UnitEnd(0, false, false, TransactionState.NONE, true, false, true)))
			.isEqualTo(CloseReason.OPEN_TRANSACTION);
	}

	@Test
	void theImplicitTransactionOfAnAutoCommitOffPoolIsNormal() {
		LifecyclePolicy policy = policy("unlimited", false);
		assertThat(policy.atUnitEnd(new UnitEnd(0, false, false, TransactionState.IMPLICIT, false, false, true)))
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
