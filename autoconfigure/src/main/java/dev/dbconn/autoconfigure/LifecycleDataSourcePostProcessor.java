package dev.dbconn.autoconfigure;

import java.sql.SQLException;

import javax.sql.DataSource;

import dev.dbconn.jdbc.LifecycleDataSource;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

/**
 * Wraps every {@link DataSource} bean in a {@link LifecycleDataSource}. It runs before other
 * post-processors, so that it wraps the pool itself and DataSource decorators (tracing, logging)
 * wrap it. DataSources that already lead to a {@link LifecycleDataSource} (routing DataSources, a
 * {@code DelegatingDataSource} over another DataSource bean) are left alone: the DataSources they
 * lead to get the lifecycle themselves.
 */
final class LifecycleDataSourcePostProcessor implements BeanPostProcessor, PriorityOrdered {

	private final ObjectProvider<DbConnProperties> properties;

	LifecycleDataSourcePostProcessor(ObjectProvider<DbConnProperties> properties) {
		this.properties = properties;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource && !(bean instanceof AbstractRoutingDataSource)
				&& !ScopedProxyUtils.isScopedTarget(beanName) && !leadsToLifecycleDataSource(dataSource)) {
			DbConnProperties properties = this.properties.getObject();
			return new LifecycleDataSource(dataSource, beanName, properties.toPolicy(), properties.toSessionPolicy());
		}
		return bean;
	}

	private static boolean leadsToLifecycleDataSource(DataSource dataSource) {
		try {
			return dataSource.isWrapperFor(LifecycleDataSource.class);
		}
		catch (SQLException | RuntimeException ex) {
			return false;
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
