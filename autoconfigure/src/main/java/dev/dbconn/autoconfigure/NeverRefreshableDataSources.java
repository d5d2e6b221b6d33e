package dev.dbconn.autoconfigure;

import java.util.Map;

import dev.dbconn.jdbc.LifecycleDataSource;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Spring Cloud's refresh rebinds every {@code @ConfigurationProperties} bean: it destroys the bean,
 * sets its properties back to their defaults and initialises it again, except for the classes and
 * bean names listed in {@code spring.cloud.refresh.never-refreshable}, whose default lists
 * {@code HikariDataSource} alone. Boot's pool bean is such a bean, and a {@link LifecycleDataSource}
 * stands in its place: without it in the list, a refresh would fail on binding the pool's properties
 * to it, or take its target away. So where Spring Cloud is present and the application has not set
 * the property, it defaults to both classes, and a refresh leaves the pool and its lifecycle as it
 * leaves HikariCP alone.
 */
final class NeverRefreshableDataSources implements EnvironmentPostProcessor {

	static final String PROPERTY = "spring.cloud.refresh.never-refreshable";

	static final String CLASSES = "com.zaxxer.hikari.HikariDataSource," + LifecycleDataSource.class.getName();

	private static final String REBINDER = "org.springframework.cloud.context.properties.ConfigurationPropertiesRebinder";

	private final boolean springCloudPresent;

	NeverRefreshableDataSources() {
		this(ClassUtils.isPresent(REBINDER, NeverRefreshableDataSources.class.getClassLoader()));
	}

	NeverRefreshableDataSources(boolean springCloudPresent) {
		this.springCloudPresent = springCloudPresent;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (this.springCloudPresent && !environment.containsProperty(PROPERTY)) {
			environment.getPropertySources().addLast(new MapPropertySource("dbconnNeverRefreshable", Map.of(PROPERTY, CLASSES)));
		}
	}

}
