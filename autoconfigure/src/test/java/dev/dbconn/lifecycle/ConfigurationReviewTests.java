package dev.dbconn.lifecycle;

import java.time.Duration;

import dev.dbconn.lifecycle.Finding.Severity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigurationReviewTests {

	private static final Duration THIRTY_SECONDS = Duration.ofSeconds(30);

	private static ConfigurationReview review(String maxAge, boolean healthChecks, Duration serverIdleTimeout) {
		return new ConfigurationReview(ConnMaxAge.parse(maxAge), healthChecks, 10, Duration.ofMinutes(30), null, 10,
				THIRTY_SECONDS, 100, serverIdleTimeout, "wait_timeout", null, false);
	}

	@Test
	void aFittingConfigurationHasNoFindings() {
		assertThat(review("10m", false, Duration.ofHours(8)).findings()).isEmpty();
	}

	@Test
	void aServerIdleTimeoutIsAWarningWithoutHealthChecksAndInformationWithThem() {
		assertThat(review("10m", false, Duration.ofMinutes(5)).findings()).singleElement()
			.satisfies((finding) -> assertThat(finding.severity()).isEqualTo(Severity.WARNING));
		assertThat(review("10m", true, Duration.ofMinutes(5)).findings()).singleElement()
			.satisfies((finding) -> assertThat(finding.severity()).isEqualTo(Severity.INFO));
	}

	@Test
	void withZeroMaxAgeNothingIsKeptSoIdleTimeoutsAndMaxLifetimeDoNotMatter() {
		assertThat(review("0", false, Duration.ofSeconds(1)).findings()).isEmpty();
	}

	@Test
	void theFixesNameThePropertiesThatSetTheDataSourcesSettings() {
		assertThat(review("10m", false, Duration.ofMinutes(5))
			.findings((setting) -> setting.equals("conn-max-age") ? "db.datasources.main." + setting : "db." + setting))
			.singleElement()
			.satisfies((finding) -> {
				assertThat(finding.message()).contains("sooner than db.datasources.main.conn-max-age (600s)");
				assertThat(finding.fix()).startsWith("Set db.datasources.main.conn-max-age below 300s, or turn on "
						+ "db.conn-health-checks.");
			});
		assertThat(review("10m", false, Duration.ofMinutes(5)).findings()).singleElement()
			.satisfies((finding) -> assertThat(finding.fix()).startsWith("Set db.conn-max-age below 300s"));
	}

	@Test
	void unknownValuesGiveNoFindings() {
		assertThat(new ConfigurationReview(ConnMaxAge.UNLIMITED, false, -1, null, null, -1, THIRTY_SECONDS, -1, null,
				null, null, false)
			.findings()).isEmpty();
	}

	@Test
	void aPoolerBetweenThePoolAndTheServerIsReportedInsteadOfThePoolAgainstMaxConnections() {
		ConfigurationReview direct = new ConfigurationReview(ConnMaxAge.UNLIMITED, false, 50, null, null, -1,
				THIRTY_SECONDS, 20, null, null, null, false);
		assertThat(direct.findings()).singleElement()
			.satisfies((finding) -> assertThat(finding.message()).contains("accepts only 20"));
		ConfigurationReview throughPooler = new ConfigurationReview(ConnMaxAge.UNLIMITED, false, 50, null, null, -1,
				THIRTY_SECONDS, 20, null, null, null, true);
		assertThat(throughPooler.findings()).singleElement().satisfies((finding) -> {
			assertThat(finding.severity()).isEqualTo(Severity.INFO);
			assertThat(finding.message()).contains("through a connection pooler");
			assertThat(finding.fix()).contains("db.session-reset=never", "prepareThreshold=0");
		});
	}

}
