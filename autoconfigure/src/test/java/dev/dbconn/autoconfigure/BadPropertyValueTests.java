package dev.dbconn.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.dbconn.testsupport.Logged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Every row of the table "Bad configuration" in {@code docs/reliability.md}: a bad {@code db.*}
 * value, top-level or of one DataSource ({@code db.datasources.<bean-name>.*}), an unknown bean name
 * or contradicting settings, given to a real application start. A failure's report Boot prints, or
 * dbconn's WARN line, contains what the table says; the table is read from the file, so that it and
 * the code cannot disagree.
 */
@ExtendWith(OutputCaptureExtension.class)
class BadPropertyValueTests {

	private static final Path TABLE = Path.of("..", "docs", "reliability.md");

	private static final Pattern QUOTED = Pattern.compile("`([^`]*)`");

	static Stream<Arguments> badConfigurationTable() throws IOException {
		String doc = Files.readString(TABLE);
		String table = doc.substring(doc.indexOf("<!-- bad-configuration:start -->"),
				doc.indexOf("<!-- bad-configuration:end -->"));
		List<Arguments> rows = new ArrayList<>();
		for (String line : table.lines().filter((row) -> row.startsWith("| `")).toList()) {
			String[] cells = line.split("\\|");
			rows.add(Arguments.of(quoted(cells[1]), cells[2].trim(), quoted(cells[3])));
		}
		assertThat(rows).hasSizeGreaterThan(50);
		return rows.stream();
	}

	private static List<String> quoted(String cell) {
		return QUOTED.matcher(cell).results().map((match) -> match.group(1)).toList();
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("badConfigurationTable")
	void startUpDoesWhatTheTableSays(List<String> settings, String outcome, List<String> message,
			CapturedOutput output) {
		String[] args = settings.stream().map((setting) -> "--" + setting).toArray(String[]::new);
		switch (outcome) {
			case "fails" -> {
				assertThatException().isThrownBy(() -> start(args));
				assertThat(output.getOut()).contains("APPLICATION FAILED TO START");
				String report = output.getOut().substring(output.getOut().indexOf("APPLICATION FAILED TO START"));
				assertThat(report).contains("Description:").contains("Action:").doesNotContain("Exception");
				message.forEach((part) -> assertThat(report).contains(part));
				if (settings.size() == 1 && message.get(0).startsWith(DbConnPropertiesFailureAnalyzer.INVALID_VALUE)) {
					String name = settings.get(0).substring(0, settings.get(0).indexOf('='));
					assertThat(report)
						.contains("Invalid value for property '" + name + "' (\"" + name
								+ "\" from property source \"commandLineArgs\")")
						.contains("Set '" + name + "' to " + DbConnPropertiesFailureAnalyzer.acceptedValues(name) + ".");
				}
			}
			case "WARN" -> {
				start(args).close();
				List<String> warnings = Logged.at(output, "WARN", "DataSource 'dataSource': ");
				assertThat(warnings).hasSize(1);
				message.forEach((part) -> assertThat(warnings.get(0)).contains(part));
			}
			case "starts" -> {
				start(args).close();
				assertThat(output.getOut()).doesNotContain(" WARN ");
			}
			default -> throw new IllegalArgumentException("Unknown outcome '" + outcome + "' in " + TABLE);
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

	/**
	 * Applications have {@code db.*} properties of their own: bound to their own class, an empty value
	 * binds to no value, as Boot binds it, and a bad one is reported by Boot, not as dbconn's.
	 */
	@Test
	void theApplicationsOwnDbPropertiesBindAsBootBindsThem(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(ApplicationWithItsOwnDbProperties.class, "--db.port=",
				"--db.timeout=", "--db.conn-max-age=600")) {
			ApplicationDbProperties own = context.getBean(ApplicationDbProperties.class);
			assertThat(own.getPort()).isNull();
			assertThat(own.getTimeout()).isNull();
		}
		assertThatException().isThrownBy(() -> start(ApplicationWithItsOwnDbProperties.class, "--db.port=abc"));
		String report = output.getOut().substring(output.getOut().lastIndexOf("APPLICATION FAILED TO START"));
		assertThat(report).contains("Failed to bind properties under 'db.port'")
			.doesNotContain("Invalid value for property")
			.doesNotContain("Set 'db.port'");
	}

	private static ConfigurableApplicationContext start(String... args) {
		return start(MinimalApplication.class, args);
	}

	private static ConfigurableApplicationContext start(Class<?> source, String... args) {
		SpringApplication application = new SpringApplication(source);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application.run(concat(args, "--spring.main.banner-mode=off",
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

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, DbConnAutoConfiguration.class })
	@EnableConfigurationProperties(ApplicationDbProperties.class)
	static class ApplicationWithItsOwnDbProperties {

	}

	@ConfigurationProperties("db")
	static class ApplicationDbProperties {

		private Integer port;

		private Duration timeout;

		public Integer getPort() {
			return this.port;
		}

		public void setPort(Integer port) {
			this.port = port;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

}
