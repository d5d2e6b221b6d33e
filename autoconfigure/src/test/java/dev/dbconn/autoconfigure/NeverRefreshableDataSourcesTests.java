package dev.dbconn.autoconfigure;

import java.util.Map;

import dev.dbconn.jdbc.LifecycleDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.boot.support.EnvironmentPostProcessorsFactory;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.StringUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Cloud's refresh rebinds every {@code @ConfigurationProperties} bean but the classes it is
 * told never to refresh (by default {@code HikariDataSource} alone): dbconn's lifecycle, in the
 * pool bean's place, is added to that default.
 */
class NeverRefreshableDataSourcesTests {

	@Test
	void withSpringCloudPresentTheLifecycleIsNeverRefreshedBesideHikari() {
		StandardEnvironment environment = new StandardEnvironment();
		new NeverRefreshableDataSources(true).postProcessEnvironment(environment, new SpringApplication());
		assertThat(StringUtils.commaDelimitedListToSet(environment.getProperty(NeverRefreshableDataSources.PROPERTY)))
			.containsExactlyInAnyOrder("com.zaxxer.hikari.HikariDataSource", LifecycleDataSource.class.getName());
	}

	@Test
	void theApplicationsOwnListIsLeftAsItIs() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application", Map.of(NeverRefreshableDataSources.PROPERTY, "myBean")));
		new NeverRefreshableDataSources(true).postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(NeverRefreshableDataSources.PROPERTY)).isEqualTo("myBean");
	}

	@Test
	void withoutSpringCloudNothingIsAdded() {
		StandardEnvironment environment = new StandardEnvironment();
		new NeverRefreshableDataSources(false).postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.containsProperty(NeverRefreshableDataSources.PROPERTY)).isFalse();
	}

	@Test
	void bootRunsItAtStartUp() {
		assertThat(EnvironmentPostProcessorsFactory.fromSpringFactories(getClass().getClassLoader())
			.getEnvironmentPostProcessors(new DeferredLogs(), new DefaultBootstrapContext()))
			.anyMatch(NeverRefreshableDataSources.class::isInstance);
	}

}
