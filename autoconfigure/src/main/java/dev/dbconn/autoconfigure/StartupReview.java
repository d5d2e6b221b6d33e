package dev.dbconn.autoconfigure;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.dbconn.jdbc.EncodingMismatchException;
import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.jdbc.pool.PoolSettings;
import dev.dbconn.lifecycle.LifecyclePolicy;
import dev.dbconn.lifecycle.SessionPolicy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Once the application context is ready, refuses DataSource settings for beans that do not exist
 * (see {@link DataSourceSettings#checkBeanNames}), warns of {@code db.*} keys dbconn does not know
 * (see {@link UnknownProperties}) and of settings that leave each other without effect (see
 * {@link ConflictingSettings}), names the DataSources left alone, logs the effective lifecycle of
 * every dbconn DataSource and checks it against its pool, the servlet container and the database
 * server, and its encodings; each finding is logged once, its fix naming the property that sets the
 * DataSource's value. With {@code db.encoding-check=fail} a wrong encoding stops the application.
 */
final class StartupReview implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(StartupReview.class);

	/** Tomcat's default for {@code server.tomcat.threads.max}. */
	private static final int DEFAULT_MAX_THREADS = 200;

	/** Tomcat's default async request timeout, used when {@code spring.mvc.async.request-timeout} is not set. */
	private static final Duration DEFAULT_LONGEST_REQUEST = Duration.ofSeconds(30);

	// Boot registers it when spring.jpa.open-in-view is on (the default) in a servlet application
	static final String OPEN_IN_VIEW_INTERCEPTOR = "org.springframework.orm.jpa.support."
			+ "OpenEntityManagerInViewInterceptor";

	static final String WEB_APPLICATION_CONTEXT = "org.springframework.web.context.WebApplicationContext";

	private final ApplicationContext context;

	private final Environment environment;

	StartupReview(ApplicationContext context, Environment environment) {
		this.context = context;
		this.environment = environment;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.get(this.environment);
		List<String> dataSourceBeans = Arrays.stream(this.context.getBeanNamesForType(DataSource.class, true, false))
			.filter((name) -> !ScopedProxyUtils.isScopedTarget(name))
			.toList();
		DataSourceSettings settings = new DataSourceSettings(this.context.getBean(DbConnProperties.class), sources);
		settings.checkBeanNames(dataSourceBeans);
		UnknownProperties.DBCONN.warnAbout(sources);
		dataSourceBeans.forEach((name) -> ConflictingSettings.of(name, settings)
			.forEach((finding) -> logger.warn("DataSource '" + name + "': " + finding)));
		Map<String, LifecycleDataSource> lifecycles = LifecycleDataSources.byName(this.context);
		dataSourceBeans.stream()
			.filter((name) -> this.context.isSingleton(name) && !lifecycles.containsKey(name)
					&& !settings.isExcluded(name) && settings.hasOwnLifecycleSettings(name))
			.forEach((name) -> logger.warn("DataSource '" + name + "': " + UnknownProperties.DATASOURCES + "." + name
					+ ".* applies to nothing: the bean has no lifecycle of its own (a routing DataSource, or one "
					+ "over a DataSource that has its lifecycle); set them for the DataSource that has it, of "
					+ lifecycles.keySet()));
		dataSourceBeans.stream()
			.filter(settings::isExcluded)
			.forEach((name) -> logger.info("DataSource '" + name + "': excluded, left as the application made it "
					+ "(no lifecycle)"));
		// Boot runs requests on virtual threads only on Java 21 and later, whatever the property says
		boolean virtualThreadRequests = isServlet() && Threading.VIRTUAL.isActive(this.environment);
		int maxWorkerThreads = virtualThreadRequests ? -1 : maxWorkerThreads();
		Duration longestRequest = this.environment.getProperty("spring.mvc.async.request-timeout", Duration.class,
				DEFAULT_LONGEST_REQUEST);
		boolean openInView = isServlet() && hasBeanOf(OPEN_IN_VIEW_INTERCEPTOR);
		lifecycles.values().forEach((dataSource) -> {
			logger.info(describe(dataSource, virtualThreadRequests));
			try {
				dataSource.review(maxWorkerThreads, longestRequest, settings.propertyNames(dataSource.getName()),
						openInView);
			}
			catch (EncodingMismatchException ex) {
				throw new IllegalStateException(ex.getMessage() + " Set db.encoding-check=warn to start anyway.", ex);
			}
			catch (SQLException | RuntimeException ex) {
				logger.warn("Could not check DataSource '" + dataSource.getName() + "' against its database at "
						+ "start-up; its encoding is checked at its first connection instead: " + ex.getMessage());
			}
		});
	}

	private boolean isServlet() {
		return ClassUtils.isPresent(WEB_APPLICATION_CONTEXT, getClass().getClassLoader())
				&& this.context instanceof org.springframework.web.context.WebApplicationContext;
	}

	private boolean hasBeanOf(String className) {
		ClassLoader loader = getClass().getClassLoader();
		return ClassUtils.isPresent(className, loader)
				&& this.context.getBeanNamesForType(ClassUtils.resolveClassName(className, loader), true,
						false).length > 0;
	}

	private int maxWorkerThreads() {
		if (!isServlet()) {
			return -1;
		}
		return this.environment.getProperty("server.tomcat.threads.max", Integer.class, DEFAULT_MAX_THREADS);
	}

	/**
	 * The start-up line of a DataSource: its effective lifecycle and, when requests run on virtual
	 * threads, where the kept connections live, since Django's one connection per worker thread would
	 * keep none there.
	 */
	static String describe(LifecycleDataSource dataSource, boolean virtualThreadRequests) {
		LifecyclePolicy policy = dataSource.getPolicy();
		SessionPolicy session = dataSource.getSessionPolicy();
		PoolSettings pool = dataSource.getPoolSettings();
		return "DataSource '" + dataSource.getName() + "': conn-max-age " + policy.maxAge() + ", health checks "
				+ (policy.healthChecks() ? "on (timeout " + policy.healthCheckTimeout().toSeconds() + "s)" : "off")
				+ ", session reset " + session.reset().name().toLowerCase() + ", init SQL "
				+ (session.initSql().isEmpty() ? "none" : session.initSql()) + ", encoding check "
				+ session.encodingCheck().name().toLowerCase()
				+ ((pool.maximumPoolSize() > 0) ? ", pool of at most " + pool.maximumPoolSize() : "")
				+ (virtualThreadRequests ? "; requests run on virtual threads (spring.threads.virtual.enabled=true), "
						+ "a new thread each: kept connections persist in the pool, not per thread" : "");
	}

}
