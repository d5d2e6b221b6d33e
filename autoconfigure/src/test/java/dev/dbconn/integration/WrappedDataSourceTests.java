package dev.dbconn.integration;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.autoconfigure.DbConnAutoConfiguration;
import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.jdbc.UnitOfWork;
import dev.dbconn.testsupport.Logged;
import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.SetupSource;
import dev.dbconn.testsupport.TestDatabase;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DataSource beans that hide the pool: Spring's lazy and transaction-aware proxies over a pool that
 * is not a bean get the lifecycle beneath them, seen from the server; a routing DataSource whose
 * targets are not beans is left alone, with a warning naming it.
 */
@ExtendWith(OutputCaptureExtension.class)
class WrappedDataSourceTests {

	private static final Duration GONE_WITHIN = Duration.ofSeconds(5);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DbConnAutoConfiguration.class));

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aLazyConnectionProxyOverAPoolThatIsNotABeanGetsTheLifecycle(Setup setup, CapturedOutput output)
			throws Exception {
		assertLifecycleBeneath(setup, LazyConnectionDataSourceProxy::new, output);
	}

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aTransactionAwareProxyOverAPoolThatIsNotABeanGetsTheLifecycle(Setup setup, CapturedOutput output)
			throws Exception {
		assertLifecycleBeneath(setup, TransactionAwareDataSourceProxy::new, output);
	}

	private void assertLifecycleBeneath(Setup setup, Function<DataSource, DataSource> proxy, CapturedOutput output)
			throws Exception {
		TestDatabase database = setup.database();
		ServerSide serverSide = database.serverSide();
		for (String maxAge : new String[] { "unlimited", "0" }) {
			try (HikariDataSource pool = database.pool(2)) {
				this.runner.withBean("dataSource", DataSource.class, () -> proxy.apply(pool))
					.withPropertyValues("db.conn-max-age=" + maxAge)
					.run((context) -> {
						DataSource dataSource = context.getBean(DataSource.class);
						assertThat(dataSource.isWrapperFor(LifecycleDataSource.class)).isTrue();
						// reviewed at start-up (and so listed by the endpoint and the meters) under the proxy's name
						assertThat(output).contains("DataSource 'dataSource': conn-max-age " + maxAge);
						long first = backendInUnit(dataSource, serverSide);
						long second = backendInUnit(dataSource, serverSide);
						if (maxAge.equals("unlimited")) {
							assertThat(second).as("kept between units of work").isEqualTo(first);
						}
						else {
							assertThat(second).as("closed at the end of each unit").isNotEqualTo(first);
							assertThat(serverSide.awaitGone(first, GONE_WITHIN)).as("first backend closed").isTrue();
						}
					});
			}
		}
	}

	/**
	 * A lazy proxy over a router: one lifecycle beneath the proxy would hold the first key's
	 * connection for the whole unit, so the proxy is left alone and the routing goes on: the second
	 * key's pool serves the second statement, on a backend of its own.
	 */
	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aProxyOverARoutingDataSourceLeavesTheRoutingToItWithAWarning(Setup setup, CapturedOutput output) {
		ServerSide serverSide = setup.database().serverSide();
		AtomicReference<String> key = new AtomicReference<>("a");
		try (HikariDataSource a = setup.database().pool(1); HikariDataSource b = setup.database().pool(1)) {
			Map<Object, Object> targets = new LinkedHashMap<>();
			targets.put("a", a);
			targets.put("b", b);
			this.runner
				.withBean("dataSource", DataSource.class,
						() -> new LazyConnectionDataSourceProxy(routing(targets, null, key::get)))
				.withPropertyValues("db.conn-max-age=unlimited")
				.run((context) -> {
					DataSource dataSource = context.getBean(DataSource.class);
					try (UnitOfWork.Scope scope = UnitOfWork.begin()) {
						long first = backend(dataSource, serverSide);
						key.set("b");
						assertThat(backend(dataSource, serverSide)).as("the second key's pool").isNotEqualTo(first);
					}
					assertThat(output).containsOnlyOnce("DataSource 'dataSource' leads to a routing DataSource that has "
							+ "targets that are not DataSource beans [a, b]");
				});
		}
	}

	/** An excluded pool stays without the lifecycle under a proxy bean over it: its connection is kept. */
	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aProxyOverAnExcludedDataSourceDoesNotGiveItTheLifecycle(Setup setup) {
		ServerSide serverSide = setup.database().serverSide();
		try (HikariDataSource pool = setup.database().pool(1)) {
			this.runner.withBean("legacy", DataSource.class, () -> pool)
				.withBean("dataSource", DataSource.class, () -> new LazyConnectionDataSourceProxy(pool))
				.withPropertyValues("db.conn-max-age=0", "db.excluded-datasources=legacy")
				.run((context) -> {
					DataSource dataSource = context.getBean("dataSource", DataSource.class);
					long first = backendInUnit(dataSource, serverSide);
					assertThat(backendInUnit(dataSource, serverSide)).as("the pool's connection, not closed by conn-max-age 0")
						.isEqualTo(first);
				});
		}
	}

	/**
	 * A router whose default target is a DataSource bean leads to dbconn while no key is set; its
	 * other targets, not beans, are named all the same, once, whether the router is a bean (a proxy
	 * bean over it says nothing more) or only the proxy bean over it is.
	 */
	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aRoutingDataSourceWithABeanAsDefaultNamesItsTargetsThatAreNotBeans(Setup setup, CapturedOutput output) {
		try (HikariDataSource primary = setup.database().pool(1); HikariDataSource tenant = setup.database().pool(1)) {
			this.runner.withBean("primary", DataSource.class, () -> primary)
				.withBean(Tenant.class, () -> new Tenant(tenant))
				.withUserConfiguration(RoutingWithABeanAsDefault.class)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean("primary", DataSource.class)).isInstanceOf(LifecycleDataSource.class);
					assertThat(output).containsOnlyOnce("has targets that are not DataSource beans")
						.contains("Routing DataSource 'routing' has targets that are not DataSource beans [tenant]");
				});
			this.runner.withBean("primary", DataSource.class, () -> primary)
				.withBean(Tenant.class, () -> new Tenant(tenant))
				.withUserConfiguration(ProxyOverRoutingWithABeanAsDefault.class)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(output).contains("DataSource 'dataSource' leads to a routing DataSource that has targets "
							+ "that are not DataSource beans [tenant]");
				});
		}
	}

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aLazyProxysReadOnlyDataSourceThatIsNotABeanIsNamedInAWarning(Setup setup, CapturedOutput output) {
		try (HikariDataSource pool = setup.database().pool(1); HikariDataSource replica = setup.database().pool(1)) {
			this.runner.withBean("dataSource", DataSource.class, () -> {
				LazyConnectionDataSourceProxy lazy = new LazyConnectionDataSourceProxy(pool);
				lazy.setReadOnlyDataSource(replica);
				return lazy;
			}).run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).containsOnlyOnce("LazyConnectionDataSourceProxy 'dataSource' has a read-only "
						+ "DataSource that is not a DataSource bean");
			});
		}
	}

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aRoutingDataSourceWhoseTargetsAreNotBeansIsLeftAloneWithAWarning(Setup setup, CapturedOutput output) {
		try (HikariDataSource pool = setup.database().pool(2)) {
			this.runner.withBean("routing", DataSource.class, () -> routing(Map.of("main", pool), null, () -> "main"))
				.run((context) -> {
				DataSource dataSource = context.getBean(DataSource.class);
				assertThat(dataSource.isWrapperFor(LifecycleDataSource.class)).isFalse();
				assertThat(output).containsOnlyOnce("Routing DataSource 'routing' has targets that are not DataSource beans [main]");
			});
		}
	}

	/**
	 * Targets given to a router after it was made, from another bean's initialisation, are said of
	 * too, at the end of start-up, and those said of already are not said again: for a router bean and
	 * for a router beneath a proxy bean.
	 */
	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void targetsGivenToARoutingDataSourceDuringStartUpAreNamedInAWarning(Setup setup, CapturedOutput output) {
		try (HikariDataSource main = setup.database().pool(1); HikariDataSource late = setup.database().pool(1)) {
			Map<Object, Object> targets = Map.of("main", main, "late", late);
			this.runner.withBean("routing", AbstractRoutingDataSource.class, () -> routing(Map.of("main", main), null, () -> "main"))
				.withBean("tenants", TenantLoader.class,
						() -> new TenantLoader(targets, (beans) -> beans.getBean(AbstractRoutingDataSource.class)))
				.run((context) -> assertSaidOnceEach(context, output, "Routing DataSource 'routing' has"));
			this.runner
				.withBean("dataSource", TransactionAwareDataSourceProxy.class,
						() -> new TransactionAwareDataSourceProxy(routing(Map.of("main", main), null, () -> "main")))
				.withBean("tenants", TenantLoader.class, () -> new TenantLoader(targets, (beans) -> (AbstractRoutingDataSource) beans
					.getBean(TransactionAwareDataSourceProxy.class).getTargetDataSource()))
				.run((context) -> assertSaidOnceEach(context, output,
						"DataSource 'dataSource' leads to a routing DataSource that has"));
		}
	}

	/**
	 * Proxies made after start-up (prototype beans, one per use) do not repeat a warning each time one
	 * is made: over a router bean said of at start-up, nothing more is said; over a router of their
	 * own, new each time, the bean is said of once.
	 */
	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void proxiesMadeAfterStartUpOverRoutersDoNotRepeatTheWarning(Setup setup, CapturedOutput output) {
		try (HikariDataSource main = setup.database().pool(1)) {
			AbstractRoutingDataSource router = routing(Map.of("main", main), null, () -> "main");
			this.runner.withBean("routing", AbstractRoutingDataSource.class, () -> router)
				.withBean("perUse", LazyConnectionDataSourceProxy.class, () -> new LazyConnectionDataSourceProxy(router),
						(definition) -> definition.setScope(BeanDefinition.SCOPE_PROTOTYPE))
				.withBean("perUseOwn", LazyConnectionDataSourceProxy.class,
						() -> new LazyConnectionDataSourceProxy(routing(Map.of("own", main), null, () -> "own")),
						(definition) -> definition.setScope(BeanDefinition.SCOPE_PROTOTYPE))
				.run((context) -> {
					assertThat(context).hasNotFailed();
					for (int i = 0; i < 3; i++) {
						for (String name : new String[] { "perUse", "perUseOwn" }) {
							assertThat(context.getBean(name, DataSource.class).isWrapperFor(LifecycleDataSource.class))
								.isFalse();
						}
					}
					assertThat(Logged.at(output, "WARN", "has targets that are not DataSource beans")).hasSize(2);
					assertThat(Logged.at(output, "WARN", "Routing DataSource 'routing' has targets that are not "
							+ "DataSource beans [main]")).hasSize(1);
					assertThat(Logged.at(output, "WARN", "DataSource 'perUseOwn' leads to a routing DataSource that "
							+ "has targets that are not DataSource beans [own]")).hasSize(1);
				});
		}
	}

	private static void assertSaidOnceEach(AssertableApplicationContext context, CapturedOutput output, String prefix) {
		assertThat(context).hasNotFailed();
		assertThat(context.getBean(TenantLoader.class).loaded).isTrue();
		assertThat(output).containsOnlyOnce(prefix + " targets that are not DataSource beans [main]")
			.containsOnlyOnce(prefix + " targets that are not DataSource beans [late]")
			.doesNotContain("[main, late]")
			.doesNotContain("[late, main]");
	}

	/**
	 * A router that was never initialised, beneath a proxy bean, does not stop the application from
	 * starting, and is said of at the end of start-up.
	 */
	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aRouterThatWasNeverInitialisedIsNamedInAWarning(Setup setup, CapturedOutput output) {
		try (HikariDataSource main = setup.database().pool(1)) {
			this.runner.withBean("dataSource", TransactionAwareDataSourceProxy.class, () -> {
				AbstractRoutingDataSource routing = new AbstractRoutingDataSource() {

					@Override
					protected Object determineCurrentLookupKey() {
						return "main";
					}

				};
				routing.setTargetDataSources(Map.of("main", main));
				return new TransactionAwareDataSourceProxy(routing);
			}).run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(Logged.at(output, "WARN", "DataSource 'dataSource' leads to a routing DataSource that has not "
						+ "resolved its targets")).hasSize(1);
			});
		}
	}

	/** Gives a router its targets once it is made, as applications that load tenants at start-up do. */
	static class TenantLoader implements InitializingBean, BeanFactoryAware {

		private final Map<Object, Object> targets;

		private final Function<BeanFactory, AbstractRoutingDataSource> router;

		private BeanFactory beanFactory;

		volatile boolean loaded;

		TenantLoader(Map<Object, Object> targets, Function<BeanFactory, AbstractRoutingDataSource> router) {
			this.targets = targets;
			this.router = router;
		}

		@Override
		public void setBeanFactory(BeanFactory beanFactory) {
			this.beanFactory = beanFactory;
		}

		@Override
		public void afterPropertiesSet() {
			AbstractRoutingDataSource routing = this.router.apply(this.beanFactory);
			routing.setTargetDataSources(this.targets);
			routing.initialize();
			this.loaded = true;
		}

	}

	private static long backendInUnit(DataSource dataSource, ServerSide serverSide) throws SQLException {
		try (UnitOfWork.Scope scope = UnitOfWork.begin()) {
			return backend(dataSource, serverSide);
		}
	}

	private static long backend(DataSource dataSource, ServerSide serverSide) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			return serverSide.backendId(connection);
		}
	}

	/** @param fallback the default target, or {@code null} */
	private static AbstractRoutingDataSource routing(Map<Object, Object> targets, DataSource fallback,
			Supplier<Object> key) {
		AbstractRoutingDataSource routing = new AbstractRoutingDataSource() {

			@Override
			protected Object determineCurrentLookupKey() {
				return key.get();
			}

		};
		routing.setTargetDataSources(targets);
		if (fallback != null) {
			routing.setDefaultTargetDataSource(fallback);
		}
		routing.afterPropertiesSet();
		return routing;
	}

	/** A pool that is not a bean, for a router's target. */
	record Tenant(DataSource pool) {
	}

	@Configuration(proxyBeanMethods = false)
	static class ProxyOverRoutingWithABeanAsDefault {

		@Bean
		LazyConnectionDataSourceProxy dataSource(@Qualifier("primary") DataSource primary, Tenant tenant) {
			return new LazyConnectionDataSourceProxy(
					WrappedDataSourceTests.routing(Map.of("tenant", tenant.pool()), primary, () -> null));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RoutingWithABeanAsDefault {

		@Bean
		AbstractRoutingDataSource routing(@Qualifier("primary") DataSource primary, Tenant tenant) {
			// no key while starting: the router then leads to its default, the wrapped bean
			return WrappedDataSourceTests.routing(Map.of("tenant", tenant.pool()), primary, () -> null);
		}

	}


}
