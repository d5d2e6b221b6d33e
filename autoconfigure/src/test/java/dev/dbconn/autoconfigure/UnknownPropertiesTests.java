package dev.dbconn.autoconfigure;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.StringUtils;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class UnknownPropertiesTests {

	private static final String WARNING = "is not one of dbconn's";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, DbConnAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

	@Test
	void aMisspeltKeyIsLoggedOnceWithTheClosestPropertyAndStartUpGoesOn(CapturedOutput output) {
		this.runner.withPropertyValues("db.conn-max-ag=5").withSystemProperties("db.conn-max-ag=6").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(StringUtils.countOccurrencesOf(output.getOut(), WARNING)).isOne();
			assertThat(output.getOut()).contains(" WARN ")
				.contains("Property 'db.conn-max-ag' (\"db.conn-max-ag\" from property source \"test\") " + WARNING
						+ ": did you mean 'db.conn-max-age'?");
		});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			db.helth-check-timeout=5            | db.health-check-timeout
			db.connHealthCheck=true             | db.conn-health-checks
			db.init-sq[0]=SET x = 1             | db.init-sql
			db.datasource.primary.enabled=false | db.datasources.<bean-name>.*
			db.session.reset=always             | db.session-reset
			db.excluded-datasource=dataSource   | db.excluded-datasources
			db.datasources.dataSource.conn-max-ag=5 | db.datasources.dataSource.conn-max-age
			db.datasources.dataSource.init-sq[0]=SET x = 1 | db.datasources.dataSource.init-sql
			db.datasources.dataSource.enable=false | db.datasources.dataSource.enabled
			""")
	void namesTheClosestProperty(String pair, String closest, CapturedOutput output) {
		this.runner.withPropertyValues(pair).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output.getOut()).contains(WARNING + ": did you mean '" + closest + "'?");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "db.connMaxAge=5", "db.conn_max_age=5", "db.CONN-MAX-AGE=5", "db.connmaxage=5",
			"db.init-sql[0]=SET x = 1", "db.init-sql=SET x = 1", "db.session-reset-sql[0]=RESET ALL",
			"db.enabled=true", "db.datasources.dataSource.conn-max-age=5", "db.datasources.dataSource.connMaxAge=5",
			"db.datasources.dataSource.init-sql[0]=SET x = 1", "db.datasources.dataSource.enabled=true",
			"db.excluded-datasources[0]=dataSource", "other.conn-max-ag=5" })
	void knownKeysInAnyRelaxedFormAndKeysOutsideDbAreNotLogged(String pair, CapturedOutput output) {
		this.runner.withPropertyValues(pair).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output.getOut()).doesNotContain(WARNING);
		});
	}

	@Test
	void environmentVariablesAreNotLookedAt() {
		MutablePropertySources sources = new MutablePropertySources();
		sources.addLast(new SystemEnvironmentPropertySource("systemEnvironment",
				Map.of("DB_HOST", "localhost", "DB_CONN_MAX_AG", "5")));
		sources.addLast(new MapPropertySource("application", Map.of("db.conn-max-ag", "5")));
		Map<ConfigurationProperty, String> unknown = new UnknownProperties(DbConnProperties.class)
			.find(ConfigurationPropertySources.from(sources));
		assertThat(unknown).hasSize(1);
		assertThat(unknown.keySet().iterator().next().getName()).hasToString("db.conn-max-ag");
	}

	@Test
	void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
		assertThat(UnknownProperties.editDistance("connmaxag", "connmaxage")).isOne();
		assertThat(UnknownProperties.editDistance("connmaxagee", "connmaxage")).isOne();
		assertThat(UnknownProperties.editDistance("connmaxbge", "connmaxage")).isOne();
		assertThat(UnknownProperties.editDistance("", "abc")).isEqualTo(3);
		assertThat(UnknownProperties.editDistance("kitten", "sitting")).isEqualTo(3);
	}

}
