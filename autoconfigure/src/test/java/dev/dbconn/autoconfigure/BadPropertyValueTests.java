package dev.dbconn.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Every bad {@code db.*} value, top-level or of one DataSource ({@code db.datasources.<bean-name>.*}),
 * stops a real application start, and the report Boot prints names the property, the value and what
 * it accepts.
 */
@ExtendWith(OutputCaptureExtension.class)
class BadPropertyValueTests {

	@ParameterizedTest(name = "db.{0}={1}")
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			conn-max-age         | 99999999999999999    | too large            | up to 9223372036s
			conn-max-age         | 99999999999999999999 | too large            | up to 9223372036s
			conn-max-age         | 999999999999d        | too large            | up to 9223372036s
			conn-max-age         | -1                   | must not be negative | up to 9223372036s
			conn-max-age         | -10m                 | must not be negative | up to 9223372036s
			conn-max-age         | abc                  | -                    | up to 9223372036s
			health-check-timeout | 99999999999999999    | too large            | up to 2147483647s
			health-check-timeout | 99999999999999999999 | too large            | up to 2147483647s
			health-check-timeout | -5s                  | must be positive     | up to 2147483647s
			health-check-timeout | 0                    | must be positive     | up to 2147483647s
			health-check-timeout | abc                  | -                    | up to 2147483647s
			conn-max-age-jitter  | 1.5                  | must be from 0 to 1  | -
			conn-max-age-jitter  | -0.1                 | must be from 0 to 1  | -
			conn-max-age-jitter  | NaN                  | must be from 0 to 1  | -
			conn-max-age-jitter  | abc                  | -                    | -
			conn-health-checks   | maybe                | -                    | -
			session-reset        | sometimes            | -                    | -
			encoding-check       | loud                 | -                    | -
			health-check-window  | -1s                  | must not be negative | up to 9223372036s
			datasources.dataSource.conn-max-age         | -1    | must not be negative | up to 9223372036s
			datasources.dataSource.conn-max-age         | abc   | -                    | up to 9223372036s
			datasources.dataSource.health-check-timeout | 0     | must be positive     | up to 2147483647s
			datasources.dataSource.health-check-window  | -1s   | must not be negative | up to 9223372036s
			datasources.dataSource.conn-health-checks   | maybe | -                    | -
			datasources.dataSource.session-reset        | sometimes | -                | -
			datasources.dataSource.encoding-check       | loud  | -                    | -
			datasources.dataSource.enabled              | maybe | -                    | -
			""")
	void startUpFailsWithAReportNamingThePropertyTheValueAndWhatItAccepts(String property, String value,
			String problem, String largest, CapturedOutput output) {
		String name = "db." + property;
		assertThatException().isThrownBy(() -> start("--" + name + "=" + value));
		String accepted = DbConnPropertiesFailureAnalyzer.acceptedValues(name);
		assertThat(output.getOut()).contains("APPLICATION FAILED TO START");
		String report = output.getOut().substring(output.getOut().indexOf("APPLICATION FAILED TO START"));
		assertThat(report).contains("Description:")
			.contains("Invalid value for property '" + name + "' (\"" + name + "\" from property source \"commandLineArgs\")")
			.contains("'" + value + "'")
			.contains("Action:")
			.contains("Set '" + name + "' to " + accepted + ".")
			.doesNotContain("Exception");
		if (problem != null) {
			assertThat(report).contains("'" + value + "': " + problem + "; use " + accepted);
		}
		if (largest != null) {
			assertThat(accepted).contains(largest);
		}
	}

	/**
	 * The report printed word for word, as the README shows it for {@code --db.conn-max-age=abc}.
	 */
	@Test
	void theReportIsTheOneTheReadmeShows(CapturedOutput output) throws IOException {
		String readme = Files.readString(Path.of("..", "README.md"));
		int example = readme.indexOf("`--db.conn-max-age=abc` gives:");
		assertThat(example).as("the README's example of a bad value").isPositive();
		int blockStart = readme.indexOf("```\n", example) + 4;
		String shown = readme.substring(blockStart, readme.indexOf("```", blockStart));
		assertThatException().isThrownBy(() -> start("--db.conn-max-age=abc"));
		assertThat(output.getOut().replace(System.lineSeparator(), "\n")).contains(shown);
	}

	private static void start(String... args) {
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.run(concat(args, "--spring.main.banner-mode=off",
				"--spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
	}

	private static String[] concat(String[] first, String... second) {
		String[] all = new String[first.length + second.length];
		System.arraycopy(first, 0, all, 0, first.length);
		System.arraycopy(second, 0, all, first.length, second.length);
		return all;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, DbConnAutoConfiguration.class })
	static class MinimalApplication {

	}

}
