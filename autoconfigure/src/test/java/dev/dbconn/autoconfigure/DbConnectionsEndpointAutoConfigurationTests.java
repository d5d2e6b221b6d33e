package dev.dbconn.autoconfigure;

import java.util.UUID;

import dev.dbconn.actuate.DbConnMetrics;
import dev.dbconn.actuate.DbConnectionsEndpoint;
import dev.dbconn.actuate.DbConnectionsEndpoint.DataSourceReport;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class DbConnectionsEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, DbConnAutoConfiguration.class,
				DbConnectionsEndpointAutoConfiguration.class, DbConnMetricsAutoConfiguration.class,
				MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"db.conn-max-age=unlimited", "management.endpoints.web.exposure.include=dbconnections");

	@Test
	void theEndpointAndMetersAreThereWithActuatorAndMicrometer() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(DbConnectionsEndpoint.class);
			assertThat(context).hasSingleBean(DbConnMetrics.class);
			new JdbcTemplate(context.getBean(javax.sql.DataSource.class)).queryForObject("select 1", Integer.class);
			DataSourceReport report = context.getBean(DbConnectionsEndpoint.class).connections("dataSource");
			assertThat(report.connections()).hasSize(1);
			assertThat(report.settings().connMaxAge()).isEqualTo("unlimited");
			assertThat(report.settings().connMaxAgeJitter()).as("the default jitter").isEqualTo(0.1);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("dbconn.connections.acquired").tag("datasource", "dataSource").functionCounters())
				.hasSize(2);
			assertThat(registry.get("dbconn.connections.closed").tag("reason", "max-age").functionCounter().count())
				.isZero();
			assertThat(registry.get("dbconn.connections.known").tag("state", "idle").gauge().value()).isEqualTo(1);
		});
	}

	@Test
	void theEndpointBacksOffWithoutActuator() {
		this.runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DbConnectionsEndpoint.class));
	}

	@Test
	void theEndpointIsNotAvailableUnlessExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(DbConnectionsEndpoint.class));
	}

	@Test
	void theMetersBackOffWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DbConnMetrics.class));
	}

	@Test
	void bothBackOffWhenDbconnIsDisabled() {
		this.runner.withPropertyValues("db.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DbConnectionsEndpoint.class)
				.doesNotHaveBean(DbConnMetrics.class));
	}

}
