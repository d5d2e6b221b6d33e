package dev.dbconn.lifecycle;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ConnMaxAgeTests {

	@Test
	void parsesPlainSecondsDurationsAndUnlimited() {
		assertThat(ConnMaxAge.parse("600").toDuration()).isEqualTo(Duration.ofSeconds(600));
		assertThat(ConnMaxAge.parse("10m").toDuration()).isEqualTo(Duration.ofMinutes(10));
		assertThat(ConnMaxAge.parse("PT10M").toDuration()).isEqualTo(Duration.ofMinutes(10));
		assertThat(ConnMaxAge.parse("500ms").toDuration()).isEqualTo(Duration.ofMillis(500));
		assertThat(ConnMaxAge.parse(" Unlimited ").isUnlimited()).isTrue();
		assertThat(ConnMaxAge.parse("0")).isSameAs(ConnMaxAge.ZERO);
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", "-1", "-5m", "PT-1S", "", "10 parsecs", "1.5" })
	void rejectsJunkAndNegativeValuesNamingTheAcceptedForms(String value) {
		assertThatIllegalArgumentException().isThrownBy(() -> ConnMaxAge.parse(value))
			.withMessageContaining("'" + value + "'")
			.withMessageContaining(ConnMaxAge.ACCEPTED_FORMS);
	}

	@ParameterizedTest
	@ValueSource(strings = { "9223372037", "99999999999999999", "99999999999999999999", "999999999999999999d",
			"PT99999999999999999999S", "PT2562047H47M17S" })
	void rejectsValuesLongerThanTheLongestNamingItAndTheAcceptedForms(String value) {
		assertThatIllegalArgumentException().isThrownBy(() -> ConnMaxAge.parse(value))
			.withMessageContaining("'" + value + "': too large")
			.withMessageContaining("up to 9223372036s")
			.withMessageContaining(ConnMaxAge.ACCEPTED_FORMS);
	}

	@Test
	void rejectsNegativeValuesTooLargeToRepresentAsNegative() {
		assertThatIllegalArgumentException().isThrownBy(() -> ConnMaxAge.parse("-99999999999999999999"))
			.withMessageContaining("must not be negative");
	}

	@Test
	void acceptsTheLongest() {
		assertThat(ConnMaxAge.parse("9223372036").toDuration()).isEqualTo(ConnMaxAge.LONGEST);
		assertThat(ConnMaxAge.parse("9223372036")).hasToString("9223372036s");
		assertThat(ConnMaxAge.of(ConnMaxAge.LONGEST).isReachedBy(Long.MAX_VALUE)).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> ConnMaxAge.of(ConnMaxAge.LONGEST.plusSeconds(1)));
	}

	@Test
	void zeroIsReachedByEveryConnectionAndUnlimitedByNone() {
		assertThat(ConnMaxAge.ZERO.isReachedBy(0)).isTrue();
		assertThat(ConnMaxAge.UNLIMITED.isReachedBy(Long.MAX_VALUE)).isFalse();
		ConnMaxAge twoSeconds = ConnMaxAge.parse("2");
		assertThat(twoSeconds.isReachedBy(Duration.ofMillis(1999).toNanos())).isFalse();
		assertThat(twoSeconds.isReachedBy(Duration.ofSeconds(2).toNanos())).isTrue();
	}

	@Test
	void printsAsConfigured() {
		assertThat(ConnMaxAge.parse("10m")).hasToString("600s");
		assertThat(ConnMaxAge.UNLIMITED).hasToString("unlimited");
		assertThat(ConnMaxAge.parse("1500ms")).hasToString("1.5s");
	}

}
