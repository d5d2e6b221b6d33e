package dev.dbconn.autoconfigure;

import java.lang.reflect.Field;
import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;
import org.springframework.util.ReflectionUtils;

/**
 * Wraps every {@link DataSource} bean in a {@link LifecycleDataSource}, with the bean's own settings
 * (see {@link DataSourceSettings}), but the beans excluded by name. It runs before other
 * post-processors, so that it wraps the pool itself and DataSource decorators (tracing, logging)
 * wrap it. DataSources that already lead to a {@link LifecycleDataSource} (routing DataSources, a
 * {@code DelegatingDataSource} over another DataSource bean) are left alone: the DataSources they
 * lead to get the lifecycle themselves. A {@code DelegatingDataSource} bean (such as Spring's
 * {@code LazyConnectionDataSourceProxy} or {@code TransactionAwareDataSourceProxy}) over a pool that
 * is not a bean gets the lifecycle beneath it, over the pool; over an excluded bean it gets none. A
 * routing DataSource whose targets are not beans, or a proxy bean over one, is left alone, with a
 * warning, as is a lazy proxy's read-only DataSource that is not a bean; routers are looked at again
 * once every singleton is made, for the targets given to them during start-up. A Commons DBCP2 pool
 * that would lend again a connection dbconn closed is left alone too, with a warning (see
 * {@link UntestedDbcp2Pools}).
 * <p>
 * It also runs the application's {@link ConnectionRetirement}, and when a wrapped DataSource bean is
 * destroyed, before its pool is closed, it {@link LifecycleDataSource#shutdown() shuts the lifecycle
 * down}, which closes the connections kept in the pool.
 */
final class LifecycleDataSourcePostProcessor
		implements DestructionAwareBeanPostProcessor, PriorityOrdered, SmartInitializingSingleton, DisposableBean {

	private static final Log logger = LogFactory.getLog(LifecycleDataSourcePostProcessor.class);

	static final String READ_ONLY_DATA_SOURCE = "readOnlyDataSource";

	private final ObjectProvider<DbConnProperties> properties;

	private final ObjectProvider<Environment> environment;

	private volatile DataSourceSettings settings;

	private final ConnectionRetirement retirement = new ConnectionRetirement();

	private final Map<String, LifecycleDataSource> wrapped = new ConcurrentHashMap<>();

	// the excluded beans, by identity, as proxy beans over them see them
	private final Set<DataSource> excluded = identitySet();

	// the pools left alone as they would lend again a connection dbconn closed, said of already
	private final Set<DataSource> untested = identitySet();

	private final RouterReviews routers = new RouterReviews(this::isUnmanaged);

	LifecycleDataSourcePostProcessor(ObjectProvider<DbConnProperties> properties,
			ObjectProvider<Environment> environment) {
		this.properties = properties;
		this.environment = environment;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof DataSource dataSource) || ScopedProxyUtils.isScopedTarget(beanName)
				|| bean instanceof LifecycleDataSource) {
			// a lifecycle already: made so by the application, or wrapped before and initialised again
			return bean;
		}
		if (settings().isExcluded(beanName)) {
			// a proxy bean over it must not give it the lifecycle beneath the proxy either
			this.excluded.add(dataSource);
			return bean;
		}
		if (bean instanceof AbstractRoutingDataSource routing) {
			// before asking where it leads: it answers for the target of the current lookup key only
			warnAboutTargetsThatAreNotBeans(routing, beanName, "Routing DataSource");
			return bean;
		}
		if (bean instanceof DelegatingDataSource delegating && !AopUtils.isAopProxy(bean)
				&& delegating.getTargetDataSource() != null) {
			if (bean instanceof LazyConnectionDataSourceProxy lazy) {
				warnAboutReadOnlyTargetThatIsNotABean(lazy, beanName);
			}
			DataSource target = delegating.getTargetDataSource();
			if (this.excluded.contains(target) || this.untested.contains(target)) {
				return bean;
			}
			if (target instanceof AbstractRoutingDataSource routing) {
				// one lifecycle beneath the proxy would hold one target's connection for a whole unit,
				// whatever the lookup key says later: the targets get it when they are beans (asked
				// first, as the router answers for its current key's target only)
				warnAboutTargetsThatAreNotBeans(routing, beanName, "DataSource");
				return bean;
			}
			if (leadsToLifecycleDataSource(target)) {
				return bean;
			}
			if (leftAloneAsUntested(target, bean, beanName)) {
				return bean;
			}
			// a proxy (lazy, transaction-aware) over a pool that is not a bean: the lifecycle goes
			// beneath it, over the pool, so that the proxy keeps its own behaviour on top
			delegating.setTargetDataSource(wrap(target, beanName));
			return bean;
		}
		if (leadsToLifecycleDataSource(dataSource) || leftAloneAsUntested(dataSource, bean, beanName)) {
			return bean;
		}
		return wrap(dataSource, beanName);
	}

	// a pool that would lend again a connection dbconn closed, the DataSource that would be wrapped or
	// behind it: left alone, with one WARN
	private boolean leftAloneAsUntested(DataSource dataSource, Object bean, String beanName) {
		DataSource pool = UntestedDbcp2Pools.untested(dataSource);
		if (pool == null) {
			return false;
		}
		this.untested.add(dataSource);
		logger.warn(UntestedDbcp2Pools.warning(beanName, pool, pool == bean));
		return true;
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
	 * safely (replacing them would undo the routing's own lookup rules), so say so once per lookup key.
	 * @param kind how the message names the bean: the router itself, or a proxy bean over one
	 */
	private void warnAboutTargetsThatAreNotBeans(AbstractRoutingDataSource routing, String beanName, String kind) {
		this.routers.review(routing, beanName, kind);
	}

	/**
	 * Once every singleton is made, the routers are looked at again, for the targets given to them
	 * during start-up (see {@link RouterReviews}).
	 */
	@Override
	public void afterSingletonsInstantiated() {
		this.routers.lookAgainOnceStarted();
	}

	/**
	 * The read-only DataSource of a lazy proxy (Spring's replica set-up) serves every read-only
	 * transaction; it gets the lifecycle when it is a bean, and cannot be reached otherwise (the proxy
	 * has no getter for it), so say so once.
	 */
	private void warnAboutReadOnlyTargetThatIsNotABean(LazyConnectionDataSourceProxy lazy, String beanName) {
		Field field = DbConnRuntimeHints.readOnlyDataSourceField();
		if (field == null) {
			return;
		}
		ReflectionUtils.makeAccessible(field);
		if (ReflectionUtils.getField(field, lazy) instanceof DataSource readOnly && isUnmanaged(readOnly)) {
			logger.warn("LazyConnectionDataSourceProxy '" + beanName + "' has a read-only DataSource that is not a "
					+ "DataSource bean: dbconn does not manage the connections of its read-only transactions. "
					+ "Declare it as a DataSource bean to give it the lifecycle."
					+ UntestedDbcp2Pools.advice(List.of(readOnly)));
		}
	}

	// neither leads to dbconn nor was excluded on purpose or left alone with a warning of its own
	private boolean isUnmanaged(DataSource dataSource) {
		return !leadsToLifecycleDataSource(dataSource) && !this.excluded.contains(dataSource)
				&& !this.untested.contains(dataSource);
	}

	private static Set<DataSource> identitySet() {
		return Collections.newSetFromMap(Collections.synchronizedMap(new IdentityHashMap<>()));
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
