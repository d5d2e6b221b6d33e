package dev.dbconn.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.lifecycle.ConnMaxAge;
import dev.dbconn.lifecycle.EncodingCheck;
import dev.dbconn.lifecycle.LifecyclePolicy;
import dev.dbconn.lifecycle.SessionPolicy;
import dev.dbconn.lifecycle.SessionReset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several DataSource beans: each has the top-level settings but those set under
 * {@code db.datasources.<bean-name>.*}, the excluded ones are left as they were made, and a name that
 * is no DataSource bean stops start-up.
 */
@ExtendWith(OutputCaptureExtension.class)
class DataSourceSettingsTests {

	private static final LifecyclePolicy TOP_LEVEL_POLICY = new LifecyclePolicy(ConnMaxAge.parse("10m"), true,
			Duration.ofSeconds(3), Duration.ofSeconds(2), 0.3);

	private static final SessionPolicy TOP_LEVEL_SESSION = new SessionPolicy(SessionReset.ALWAYS,
			List.of("SET SCHEMA PUBLIC"), List.of("SET TIME ZONE 'UTC'"), EncodingCheck.OFF);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DbConnAutoConfiguration.class))
		.withUserConfiguration(ThreeDataSources.class)
		.withPropertyValues("db.conn-max-age=10m", "db.conn-max-age-jitter=0.3", "db.conn-health-checks=true",
				"db.health-check-timeout=3s",
				"db.health-check-window=2s", "db.session-reset=always", "db.session-reset-sql=SET SCHEMA PUBLIC",
				"db.init-sql=SET TIME ZONE 'UTC'", "db.encoding-check=off");

	@Test
	void everySettingCanBeSetForOneDataSourceAndTheOthersKeepTheTopLevelOnes() {
		this.runner
			.withPropertyValues("db.datasources.first.conn-max-age=unlimited",
					"db.datasources.first.conn-max-age-jitter=0.05", "db.datasources.first.conn-health-checks=false", "db.datasources.first.health-check-timeout=7s",
					"db.datasources.first.health-check-window=0", "db.datasources.first.session-reset=never",
					"db.datasources.first.session-reset-sql[0]=SET TIME ZONE LOCAL",
					"db.datasources.first.init-sql[0]=SET SCHEMA PUBLIC",
					"db.datasources.first.init-sql[1]=SET TIME ZONE 'UTC'", "db.datasources.first.encoding-check=fail")
			.run((context) -> {
				assertThat(policy(context, "first")).isEqualTo(new LifecyclePolicy(ConnMaxAge.UNLIMITED, false,
						Duration.ofSeconds(7), Duration.ZERO, 0.05));
				assertThat(session(context, "first")).isEqualTo(new SessionPolicy(SessionReset.NEVER,
						List.of("SET TIME ZONE LOCAL"),
						List.of("SET SCHEMA PUBLIC", "SET TIME ZONE 'UTC'"), EncodingCheck.FAIL));
				for (String other : new String[] { "second", "third" }) {
					assertThat(policy(context, other)).isEqualTo(TOP_LEVEL_POLICY);
					assertThat(session(context, other)).isEqualTo(TOP_LEVEL_SESSION);
				}
			});
	}

	@Test
	void aDataSourceInheritsWhatItDoesNotSetAndItsDefaultValuesStillCount() {
		this.runner
			.withPropertyValues("db.datasources.first.conn-max-age=0", "db.datasources.second.connHealthChecks=false",
					"db.datasources.second.init-sql=")
			.run((context) -> {
				assertThat(policy(context, "first")).isEqualTo(new LifecyclePolicy(ConnMaxAge.ZERO, true,
						Duration.ofSeconds(3), Duration.ofSeconds(2), 0.3));
				assertThat(session(context, "first")).isEqualTo(TOP_LEVEL_SESSION);
				assertThat(policy(context, "second")).isEqualTo(new LifecyclePolicy(ConnMaxAge.parse("10m"), false,
						Duration.ofSeconds(3), Duration.ofSeconds(2), 0.3));
				assertThat(session(context, "second").initSql()).isEmpty();
				assertThat(session(context, "second").resetSql()).containsExactly("SET SCHEMA PUBLIC");
				assertThat(policy(context, "third")).isEqualTo(TOP_LEVEL_POLICY);
			});
	}

	@Test
	void aDataSourceExcludedEitherWayIsLeftAsItWasMade(CapturedOutput output) {
		this.runner.withPropertyValues("db.excluded-datasources=second", "db.datasources.third.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("first")).isInstanceOf(LifecycleDataSource.class);
				for (String excluded : new String[] { "second", "third" }) {
					DataSource dataSource = context.getBean(excluded, DataSource.class);
					assertThat(dataSource).isExactlyInstanceOf(HikariDataSource.class);
					assertThat(dataSource.isWrapperFor(LifecycleDataSource.class)).isFalse();
					assertThat(output).containsOnlyOnce("DataSource '" + excluded + "': excluded");
				}
				assertThat(LifecycleDataSources.byName(context)).containsOnlyKeys("first");
			});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			db.datasources.frist.conn-max-age=5  | db.datasources.frist.conn-max-age | frist | db.datasources.frist.*
			db.datasources.frist.enabled=false   | db.datasources.frist.enabled      | frist | db.datasources.frist.*
			db.excluded-datasources=second,forth | db.excluded-datasources           | forth | db.excluded-datasources
			db.excluded-datasources[0]=forth     | db.excluded-datasources[0]        | forth | db.excluded-datasources
			""")
	void aNameThatIsNoDataSourceBeanStopsStartUpNamingThePropertyAndTheDataSources(String pair, String setBy,
			String name, String property) {
		this.runner.withPropertyValues(pair).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context);
			assertThat(analysis.getDescription())
				.contains("Property '" + setBy + "' (\"" + setBy + "\" from property source \"test\") names "
						+ "DataSource '" + name + "', but the application has no DataSource bean of that name.")
				.contains("Its DataSource beans: first, second, third.");
			assertThat(analysis.getAction()).isEqualTo("Name one of the application's DataSource beans (first, "
					+ "second, third) in place of '" + name + "' in '" + property + "', or remove it.");
		});
	}

	@Test
	void aBeanNameInAnotherFormRelaxedBindingAcceptsIsThatBean() {
		this.runner.withPropertyValues("db.datasources.FIRST.conn-max-age=unlimited")
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource(
						StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						Map.of("DB_DATASOURCES_SECOND_CONNHEALTHCHECKS", "false"))))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(policy(context, "first").maxAge()).isEqualTo(ConnMaxAge.UNLIMITED);
				assertThat(policy(context, "first").healthChecks()).isTrue();
				assertThat(policy(context, "second").healthChecks()).isFalse();
				assertThat(policy(context, "second").maxAge()).isEqualTo(TOP_LEVEL_POLICY.maxAge());
				assertThat(policy(context, "third")).isEqualTo(TOP_LEVEL_POLICY);
			});
	}

	private static LifecyclePolicy policy(AssertableApplicationContext context, String name) {
		return context.getBean(name, LifecycleDataSource.class).getPolicy();
	}

	private static SessionPolicy session(AssertableApplicationContext context, String name) {
		return context.getBean(name, LifecycleDataSource.class).getSessionPolicy();
	}

	private static FailureAnalysis analyze(AssertableApplicationContext context) {
		FailureAnalysis analysis = new UnknownDataSourceException.Analyzer().analyze(context.getStartupFailure());
		assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
		return analysis;
	}

	@Configuration(proxyBeanMethods = false)
	static class ThreeDataSources {

		@Bean
		HikariDataSource first() {
			return pool();
		}

		@Bean
		HikariDataSource second() {
			return pool();
		}

		@Bean
		HikariDataSource third() {
			return pool();
		}

		private static HikariDataSource pool() {
			HikariDataSource pool = new HikariDataSource();
			pool.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
			return pool;
		}

	}

}
