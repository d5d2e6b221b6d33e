package dev.dbconn.autoconfigure;

import dev.dbconn.actuate.DbConnMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * dbconn's Micrometer meters, when Micrometer is on the class path and a registry is configured.
 */
@AutoConfiguration(after = DbConnAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ DbConnProperties.class, MeterRegistry.class })
public final class DbConnMetricsAutoConfiguration {

	DbConnMetricsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	DbConnMetrics dbConnMetrics(ListableBeanFactory beanFactory) {
		return new DbConnMetrics(() -> LifecycleDataSources.byName(beanFactory));
	}

}
