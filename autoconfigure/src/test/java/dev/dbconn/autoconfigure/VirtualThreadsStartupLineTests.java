package dev.dbconn.autoconfigure;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up line of a DataSource says when requests run on virtual threads, and where the kept
 * connections then live.
 */
@ExtendWith(OutputCaptureExtension.class)
class VirtualThreadsStartupLineTests {

	private static final String VIRTUAL_THREADS_NOTE = "requests run on virtual threads "
			+ "(spring.threads.virtual.enabled=true), a new thread each: kept connections persist in the pool, "
			+ "not per thread";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, DbConnAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void onVirtualThreadsTheLineSaysConnectionsPersistInThePool(CapturedOutput output) {
		this.runner.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("DataSource 'dataSource': conn-max-age").contains(VIRTUAL_THREADS_NOTE);
		});
	}

	@Test
	void onPlatformThreadsTheLineSaysNothingOfVirtualThreads(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("DataSource 'dataSource': conn-max-age").doesNotContain("virtual threads");
		});
	}

}
