package dev.dbconn.autoconfigure;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import dev.dbconn.jdbc.ConnectionRetirement;
import dev.dbconn.jdbc.LifecycleDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

/**
 * Wraps every {@link DataSource} bean in a {@link LifecycleDataSource}, with the bean's own settings
 * (see {@link DataSourceSettings}), but the beans excluded by name. It runs before other
 * post-processors, so that it wraps the pool itself and DataSource decorators (tracing, logging)
 * wrap it. DataSources that already lead to a {@link LifecycleDataSource} (routing DataSources, a
 * {@code DelegatingDataSource} over another DataSource bean) are left alone: the DataSources they
 * lead to get the lifecycle themselves. A {@code DelegatingDataSource} bean (such as Spring's
 * {@code LazyConnectionDataSourceProxy} or {@code TransactionAwareDataSourceProxy}) over a pool that
 * is not a bean gets the lifecycle beneath it, over the pool. A routing DataSource whose targets
 * are not beans is left alone, with a warning.
 * <p>
 * It also runs the application's {@link ConnectionRetirement}, and when a wrapped DataSource bean is
 * destroyed, before its pool is closed, it {@link LifecycleDataSource#shutdown() shuts the lifecycle
 * down}, which closes the connections kept in the pool.
 */
final class LifecycleDataSourcePostProcessor
		implements DestructionAwareBeanPostProcessor, PriorityOrdered, DisposableBean {

	private static final Log logger = LogFactory.getLog(LifecycleDataSourcePostProcessor.class);

	private final ObjectProvider<DbConnProperties> properties;

	private final ObjectProvider<Environment> environment;

	private volatile DataSourceSettings settings;

	private final ConnectionRetirement retirement = new ConnectionRetirement();

	private final Map<String, LifecycleDataSource> wrapped = new ConcurrentHashMap<>();

	LifecycleDataSourcePostProcessor(ObjectProvider<DbConnProperties> properties,
			ObjectProvider<Environment> environment) {
		this.properties = properties;
		this.environment = environment;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof DataSource dataSource) || ScopedProxyUtils.isScopedTarget(beanName)
				|| settings().isExcluded(beanName) || leadsToLifecycleDataSource(dataSource)) {
			return bean;
		}
		if (bean instanceof AbstractRoutingDataSource routing) {
			warnAboutTargetsThatAreNotBeans(routing, beanName);
			return bean;
		}
		if (bean instanceof DelegatingDataSource delegating && !AopUtils.isAopProxy(bean)
				&& delegating.getTargetDataSource() != null) {
			// a proxy (lazy, transaction-aware) over a pool that is not a bean: the lifecycle goes
			// beneath it, over the pool, so that the proxy keeps its own behaviour on top
			delegating.setTargetDataSource(wrap(delegating.getTargetDataSource(), beanName));
			return bean;
		}
		return wrap(dataSource, beanName);
	}

	private LifecycleDataSource wrap(DataSource dataSource, String beanName) {
		LifecycleProperties settings = settings().forDataSource(beanName);
		LifecycleDataSource lifecycle = new LifecycleDataSource(dataSource, beanName, settings.toPolicy(),
				settings.toSessionPolicy());
		this.wrapped.put(beanName, lifecycle);
		this.retirement.add(lifecycle);
		return lifecycle;
	}

	private DataSourceSettings settings() {
		DataSourceSettings settings = this.settings;
		if (settings == null) {
			settings = new DataSourceSettings(this.properties.getObject(),
					ConfigurationPropertySources.get(this.environment.getObject()));
			this.settings = settings;
		}
		return settings;
	}

	@Override
	public boolean requiresDestruction(Object bean) {
		return bean instanceof DataSource;
	}

	/**
	 * Called with the bean as created, before its own destroy method closes the pool.
	 */
	@Override
	public void postProcessBeforeDestruction(Object bean, String beanName) {
		LifecycleDataSource lifecycle = this.wrapped.remove(beanName);
		if (lifecycle != null) {
			this.retirement.remove(lifecycle);
			lifecycle.shutdown();
		}
	}

	/**
	 * Stop the retirement thread when the application context closes; DataSources whose destruction
	 * this did not see (the products of factory beans, such as scoped proxies) are shut down now.
	 */
	@Override
	public void destroy() {
		this.retirement.close();
		this.wrapped.values().forEach(LifecycleDataSource::shutdown);
		this.wrapped.clear();
	}

	/**
	 * A routing DataSource's targets get the lifecycle when they are beans; others cannot be reached
	 * safely (replacing them would undo the routing's own lookup rules), so say so once.
	 */
	private static void warnAboutTargetsThatAreNotBeans(AbstractRoutingDataSource routing, String beanName) {
		List<String> unmanaged = new ArrayList<>();
		routing.getResolvedDataSources().forEach((key, target) -> {
			if (!leadsToLifecycleDataSource(target)) {
				unmanaged.add(String.valueOf(key));
			}
		});
		DataSource fallback = routing.getResolvedDefaultDataSource();
		if (fallback != null && !leadsToLifecycleDataSource(fallback)) {
			unmanaged.add("(default)");
		}
		if (!unmanaged.isEmpty()) {
			logger.warn("Routing DataSource '" + beanName + "' has targets that are not DataSource beans " + unmanaged
					+ ": dbconn does not manage their connections. Declare each target as a DataSource bean to "
					+ "give it the lifecycle.");
		}
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
