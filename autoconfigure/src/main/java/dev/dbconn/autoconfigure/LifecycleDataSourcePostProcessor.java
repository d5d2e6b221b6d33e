package dev.dbconn.autoconfigure;

import javax.sql.DataSource;

import dev.dbconn.jdbc.LifecycleDataSource;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

/**
 * Wraps every {@link DataSource} bean in a {@link LifecycleDataSource}. Routing DataSources are left
 * alone: the DataSources they route to are beans too, and get wrapped themselves.
 */
final class LifecycleDataSourcePostProcessor implements BeanPostProcessor {

	private final ObjectProvider<DbConnProperties> properties;

	LifecycleDataSourcePostProcessor(ObjectProvider<DbConnProperties> properties) {
		this.properties = properties;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource && !(bean instanceof LifecycleDataSource)
				&& !(bean instanceof AbstractRoutingDataSource) && !ScopedProxyUtils.isScopedTarget(beanName)) {
			DbConnProperties properties = this.properties.getObject();
			return new LifecycleDataSource(dataSource, beanName, properties.toPolicy(), properties.toSessionPolicy());
		}
		return bean;
	}

}
