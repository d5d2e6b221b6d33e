package dev.dbconn.autoconfigure;

import dev.dbconn.actuate.DbConnectionsEndpoint;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ImportRuntimeHints;

/**
 * The {@code dbconnections} actuator endpoint, when actuator is on the class path. Exposed over the
 * web only as {@code management.endpoints.web.exposure.include} says.
 */
@AutoConfiguration(after = DbConnAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(DbConnProperties.class)
@ConditionalOnAvailableEndpoint(DbConnectionsEndpoint.class)
@ImportRuntimeHints(DbConnRuntimeHints.EndpointHints.class)
public final class DbConnectionsEndpointAutoConfiguration {

	DbConnectionsEndpointAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	DbConnectionsEndpoint dbConnectionsEndpoint(ListableBeanFactory beanFactory) {
		return new DbConnectionsEndpoint(() -> LifecycleDataSources.byName(beanFactory));
	}

}
