package dev.dbconn.lifecycle;

import java.time.Duration;

import dev.dbconn.lifecycle.LifecyclePolicy.EndState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LifecyclePolicyTests {

	private static final long ONE_SECOND = Duration.ofSeconds(1).toNanos();

	private static LifecyclePolicy policy(String maxAge, boolean healthChecks) {
		return new LifecyclePolicy(ConnMaxAge.parse(maxAge), healthChecks, Duration.ofSeconds(5));
	}

	@Test
	void zeroClosesAtTheEndOfEveryUnitButNotAtTheEndOfACheckoutOutsideUnits() {
		LifecyclePolicy policy = policy("0", false);
		assertThat(policy.atUnitEnd(0, EndState.CLEAN, true)).isEqualTo(CloseReason.MAX_AGE);
		assertThat(policy.atUnitEnd(0, EndState.CLEAN, false)).isNull();
		assertThat(policy.beforeReuse(10 * ONE_SECOND)).isNull();
	}

	@Test
	void positiveMaxAgeClosesAtTheFirstBoundaryAtOrAfterIt() {
		LifecyclePolicy policy = policy("2", false);
		assertThat(policy.atUnitEnd(ONE_SECOND, EndState.CLEAN, true)).isNull();
		assertThat(policy.atUnitEnd(2 * ONE_SECOND, EndState.CLEAN, true)).isEqualTo(CloseReason.MAX_AGE);
		assertThat(policy.atUnitEnd(2 * ONE_SECOND, EndState.CLEAN, false)).isEqualTo(CloseReason.MAX_AGE);
		assertThat(policy.beforeReuse(ONE_SECOND)).isNull();
		assertThat(policy.beforeReuse(3 * ONE_SECOND)).isEqualTo(CloseReason.MAX_AGE);
	}

	@Test
	void unlimitedNeverClosesForAge() {
		LifecyclePolicy policy = policy("unlimited", false);
		assertThat(policy.atUnitEnd(Long.MAX_VALUE, EndState.CLEAN, true)).isNull();
		assertThat(policy.beforeReuse(Long.MAX_VALUE)).isNull();
	}

	@Test
	void brokenConnectionsAndOpenTransactionsAreClosedWhateverTheAge() {
		LifecyclePolicy policy = policy("unlimited", false);
		assertThat(policy.atUnitEnd(0, EndState.BROKEN, true)).isEqualTo(CloseReason.ERROR);
		assertThat(policy.atUnitEnd(0, EndState.IN_TRANSACTION, false)).isEqualTo(CloseReason.OPEN_TRANSACTION);
	}

}
