package dev.dbconn.integration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.dbconn.autoconfigure.DbConnAutoConfiguration;
import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.jdbc.UnitOfWork;
import dev.dbconn.lifecycle.ConnMaxAge;
import dev.dbconn.lifecycle.LifecyclePolicy;
import dev.dbconn.testsupport.Logged;
import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.SetupSource;
import dev.dbconn.testsupport.TestDatabase;
import dev.dbconn.testsupport.TestDatabase.Kind;
import org.apache.commons.dbcp2.BasicDataSource;
import org.apache.commons.dbcp2.cpdsadapter.DriverAdapterCPDS;
import org.apache.commons.dbcp2.datasources.InstanceKeyDataSource;
import org.apache.commons.dbcp2.datasources.PerUserPoolDataSource;
import org.apache.commons.dbcp2.datasources.SharedPoolDataSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pools Spring Boot supports beside HikariCP, Commons DBCP2 and Tomcat JDBC, whose connection
 * proxies hide the driver's connection differently: dbconn knows a physical connection again at
 * each checkout, and one it closes is gone from the server and never lent again by the pool. A pool
 * whose proxy hides the driver's connection altogether gets its connections aborted when dbconn
 * closes them. A pool that would lend again a connection dbconn closed is left alone.
 */
@ExtendWith(OutputCaptureExtension.class)
class OtherPoolsTests {

	private static final Duration GONE_WITHIN = Duration.ofSeconds(5);

	private static final Duration MAX_AGE = Duration.ofMillis(600);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DbConnAutoConfiguration.class));

	@ParameterizedTest
	@SetupSource
	void aConnectionPastItsAgeIsClosedOnTheServerAndThePoolLendsANewOne(Setup setup) throws Exception {
		forEachPool(setup, ConnMaxAge.of(MAX_AGE), (kind, dataSource, server) -> {
			long first = inUnit(dataSource, server::backendId);
			long second = inUnit(dataSource, server::backendId);
			assertThat(second).as("%s: the connection kept after the first unit", kind).isEqualTo(first);
			// known again at each checkout, so its age counts from the first: past it, it is closed
			Thread.sleep(MAX_AGE.toMillis() + 200);
			long third = inUnit(dataSource, server::backendId);
			assertThat(third).as("%s: a new connection after the old one was closed", kind).isNotEqualTo(first);
			assertThat(server.awaitGone(first, GONE_WITHIN)).as("%s: backend %d closed on the server", kind, first)
				.isTrue();
		});
	}

	@ParameterizedTest
	@SetupSource
	void underMaxAgeZeroEachUnitGetsANewConnectionAndTheLastIsClosed(Setup setup) throws Exception {
		forEachPool(setup, ConnMaxAge.ZERO, (kind, dataSource, server) -> {
			long first = inUnit(dataSource, server::backendId);
			assertThat(server.awaitGone(first, GONE_WITHIN)).as("%s: backend %d closed on the server", kind, first)
				.isTrue();
			long second = inUnit(dataSource, server::backendId);
			assertThat(second).as("%s: the second unit's connection", kind).isNotEqualTo(first);
		});
	}

	@ParameterizedTest
	@SetupSource
	void aSessionSettingOfOneUnitDoesNotReachTheNextOnTheSameConnection(Setup setup) throws Exception {
		forEachPool(setup, ConnMaxAge.UNLIMITED, (kind, dataSource, server) -> {
			boolean mysqlFamily = setup.database().kind() != Kind.POSTGRESQL;
			String change = mysqlFamily ? "SET @dbconn_probe = 'changed'" : "SET search_path TO pg_catalog";
			String read = mysqlFamily ? "SELECT COALESCE(@dbconn_probe, 'unset')" : "SHOW search_path";
			String before;
			long first;
			try (UnitOfWork.Scope scope = UnitOfWork.begin(); Connection connection = dataSource.getConnection()) {
				first = server.backendId(connection);
				before = query(connection, read);
				try (Statement statement = connection.createStatement()) {
					statement.execute(change);
				}
				assertThat(query(connection, read)).as("%s: changed in the first unit", kind).isNotEqualTo(before);
			}
			try (UnitOfWork.Scope scope = UnitOfWork.begin(); Connection connection = dataSource.getConnection()) {
				assertThat(server.backendId(connection)).as("%s: the same connection", kind).isEqualTo(first);
				assertThat(query(connection, read)).as("%s: the setting in the next unit", kind).isEqualTo(before);
			}
		});
	}

	@ParameterizedTest
	@SetupSource
	void aConnectionThatCannotBeUnwrappedIsAbortedWhenClosedAndKeptOtherwise(Setup setup) throws Exception {
		TestDatabase database = setup.database();
		ServerSide server = database.serverSide();
		// a new proxy per checkout hides the driver's connection, so that each unit sees a connection new
		// to it: it can only tell the pool to end the one it closes
		SelfUnwrappingPool closing = new SelfUnwrappingPool(database, setup.poolAutoCommit());
		try {
			LifecycleDataSource dataSource = new LifecycleDataSource(closing, "self-unwrapping",
					new LifecyclePolicy(ConnMaxAge.ZERO, false, Duration.ofSeconds(5)));
			long first = inUnit(dataSource, server::backendId);
			assertThat(server.awaitGone(first, GONE_WITHIN)).as("backend %d closed on the server", first).isTrue();
			assertThat(inUnit(dataSource, server::backendId)).as("the second unit's connection").isNotEqualTo(first);
		}
		finally {
			closing.close();
		}
		SelfUnwrappingPool keeping = new SelfUnwrappingPool(database, setup.poolAutoCommit());
		try {
			LifecycleDataSource dataSource = new LifecycleDataSource(keeping, "self-unwrapping",
					new LifecyclePolicy(ConnMaxAge.UNLIMITED, false, Duration.ofSeconds(5)));
			long first = inUnit(dataSource, server::backendId);
			assertThat(inUnit(dataSource, server::backendId)).as("the connection kept after the first unit")
				.isEqualTo(first);
		}
		finally {
			keeping.close();
		}
	}

	/**
	 * Without a test on borrow or return, a DBCP2 pool over the driver adapter would lend again the
	 * connection dbconn closed, and fail every later checkout: such a bean, or one beneath a proxy
	 * bean (found behind a wrapper that is not a bean too), is left alone, with one warning naming
	 * the bean and the setting, and its connection is the pool's to keep, even under
	 * {@code conn-max-age: 0}. With either test on, the bean gets the lifecycle and no warning: under
	 * {@code 0} each unit's backend is closed on the server.
	 */
	@ParameterizedTest
	@SetupSource
	void aPoolOverTheDriverAdapterGetsTheLifecycleOnlyWhenItTestsItsConnections(Setup setup, CapturedOutput output)
			throws Exception {
		TestDatabase database = setup.database();
		ServerSide server = database.serverSide();
		for (OtherPool kind : new OtherPool[] { OtherPool.DBCP2_SHARED_POOL, OtherPool.DBCP2_PER_USER_POOL }) {
			for (String testing : new String[] { "none", "onBorrow", "onReturn" }) {
				for (String shape : new String[] { "bean", "proxy", "proxyOverWrapper" }) {
					InstanceKeyDataSource pool = (InstanceKeyDataSource) kind.create(database, setup.poolAutoCommit());
					pool.setDefaultTestOnBorrow(testing.equals("onBorrow"));
					pool.setDefaultTestOnReturn(testing.equals("onReturn"));
					String beanName = kind.name().toLowerCase(Locale.ROOT) + "_" + testing + "_" + shape;
					Supplier<DataSource> bean = switch (shape) {
						case "bean" -> () -> pool;
						case "proxy" -> () -> new LazyConnectionDataSourceProxy(pool);
						default -> () -> new LazyConnectionDataSourceProxy(new DelegatingDataSource(pool));
					};
					try {
						this.runner.withBean(beanName, DataSource.class, bean)
							.withPropertyValues("db.conn-max-age=0")
							.run((context) -> {
								DataSource dataSource = context.getBean(DataSource.class);
								boolean managed = !testing.equals("none");
								assertThat(dataSource.isWrapperFor(LifecycleDataSource.class)).as(beanName)
									.isEqualTo(managed);
								long first = inUnit(dataSource, server::backendId);
								long second = inUnit(dataSource, server::backendId);
								long third = inUnit(dataSource, server::backendId);
								if (managed) {
									assertThat(server.awaitGone(first, GONE_WITHIN))
										.as("%s: backend %d closed on the server", beanName, first)
										.isTrue();
									assertThat(second).as("%s: a new connection", beanName).isNotEqualTo(first);
									assertThat(third).as("%s: a new connection", beanName).isNotEqualTo(second);
								}
								else {
									assertThat(second).as("%s: kept by the pool", beanName).isEqualTo(first);
									assertThat(third).as("%s: still lent", beanName).isEqualTo(first);
								}
								List<String> warnings = Logged.at(output, "WARN", "DataSource '" + beanName + "' ");
								if (managed) {
									assertThat(warnings).as(beanName).isEmpty();
								}
								else {
									assertThat(warnings).as(beanName)
										.singleElement()
										.asString()
										.contains((shape.equals("bean") ? "is" : "leads to") + " a Commons DBCP2 "
												+ pool.getClass().getSimpleName()
												+ " that tests its connections neither on borrow nor on return")
										.contains("defaultTestOnBorrow");
								}
							});
					}
					finally {
						pool.close();
					}
				}
			}
		}
	}

	/**
	 * A router's target, or a lazy proxy's read-only DataSource, that is not a bean is named with the
	 * advice to declare it as one; for a DBCP2 pool over the driver adapter that does not test its
	 * connections the advice says that it needs the test too, and for another pool it does not.
	 */
	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void theAdviceForATargetThatIsNotABeanNamesTheTestSuchAPoolNeeds(Setup setup, CapturedOutput output)
			throws Exception {
		TestDatabase database = setup.database();
		String needs = "also needs its defaultTestOnBorrow (or defaultTestOnReturn) set to true";
		for (OtherPool kind : new OtherPool[] { OtherPool.DBCP2_SHARED_POOL, OtherPool.DBCP2 }) {
			DataSource pool = kind.create(database, true);
			if (pool instanceof InstanceKeyDataSource overAdapter) {
				overAdapter.setDefaultTestOnBorrow(false);
			}
			// the lazy proxy's own target, never used
			DataSource primary = OtherPool.TOMCAT_JDBC.create(database, true);
			String suffix = kind.name().toLowerCase(Locale.ROOT);
			try {
				this.runner
					.withBean("router_" + suffix, DataSource.class, () -> {
						AbstractRoutingDataSource router = new AbstractRoutingDataSource() {

							@Override
							protected Object determineCurrentLookupKey() {
								return "only";
							}

						};
						router.setTargetDataSources(Map.of("only", pool));
						router.afterPropertiesSet();
						return router;
					})
					.withBean("lazy_" + suffix, DataSource.class, () -> {
						LazyConnectionDataSourceProxy lazy = new LazyConnectionDataSourceProxy(primary);
						lazy.setReadOnlyDataSource(pool);
						return lazy;
					})
					.run((context) -> {
						assertThat(context).hasNotFailed();
						List<String> router = Logged.at(output, "WARN", "'router_" + suffix + "' has targets that are not");
						List<String> readOnly = Logged.at(output, "WARN", "'lazy_" + suffix + "' has a read-only");
						assertThat(router).as(suffix).hasSize(1);
						assertThat(readOnly).as(suffix).hasSize(1);
						boolean untested = kind == OtherPool.DBCP2_SHARED_POOL;
						assertThat(router.get(0).contains(needs)).as("%s: router", suffix).isEqualTo(untested);
						assertThat(readOnly.get(0).contains(needs)).as("%s: read-only", suffix).isEqualTo(untested);
					});
			}
			finally {
				kind.close(pool);
				OtherPool.TOMCAT_JDBC.close(primary);
			}
		}
	}

	// each pool of one connection in turn, in the setup's auto-commit mode, behind dbconn
	private static void forEachPool(Setup setup, ConnMaxAge maxAge, PoolCheck check) throws Exception {
		TestDatabase database = setup.database();
		ServerSide server = database.serverSide();
		for (OtherPool kind : OtherPool.values()) {
			DataSource pool = kind.create(database, setup.poolAutoCommit());
			try {
				check.run(kind, new LifecycleDataSource(pool, "other",
						new LifecyclePolicy(maxAge, false, Duration.ofSeconds(5))), server);
			}
			finally {
				kind.close(pool);
			}
		}
	}

	@FunctionalInterface
	private interface PoolCheck {

		void run(OtherPool kind, LifecycleDataSource dataSource, ServerSide server) throws Exception;

	}

	private static String query(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			assertThat(result.next()).isTrue();
			return result.getString(1);
		}
	}

	private static long inUnit(DataSource dataSource, SqlFunction work) throws SQLException {
		try (UnitOfWork.Scope scope = UnitOfWork.begin(); Connection connection = dataSource.getConnection()) {
			return work.apply(connection);
		}
	}

	@FunctionalInterface
	private interface SqlFunction {

		long apply(Connection connection) throws SQLException;

	}

	private static DataSource overAdapter(InstanceKeyDataSource pool, TestDatabase database) {
		DriverAdapterCPDS adapter = new DriverAdapterCPDS();
		adapter.setUrl(database.jdbcUrl());
		adapter.setUser(database.username());
		adapter.setPassword(database.password());
		pool.setConnectionPoolDataSource(adapter);
		pool.setDefaultMaxIdle(1);
		pool.setDefaultTestOnBorrow(true);
		return pool;
	}

	/** A pool of one connection, so that the pool can only lend the same one or a new one. */
	private enum OtherPool {

		DBCP2((database) -> {
			BasicDataSource pool = new BasicDataSource();
			pool.setUrl(database.jdbcUrl());
			pool.setUsername(database.username());
			pool.setPassword(database.password());
			pool.setMaxTotal(1);
			pool.setMaxIdle(1);
			return pool;
		}),

		// over the driver adapter: they take a connection back when its handle closes and learn nothing
		// of the driver's connection beneath it, so they drop one dbconn closed only by testing it
		DBCP2_SHARED_POOL((database) -> {
			SharedPoolDataSource pool = new SharedPoolDataSource();
			pool.setMaxTotal(1);
			return overAdapter(pool, database);
		}),

		DBCP2_PER_USER_POOL((database) -> {
			PerUserPoolDataSource pool = new PerUserPoolDataSource();
			pool.setDefaultMaxTotal(1);
			return overAdapter(pool, database);
		}),

		TOMCAT_JDBC((database) -> {
			org.apache.tomcat.jdbc.pool.DataSource pool = new org.apache.tomcat.jdbc.pool.DataSource();
			pool.setUrl(database.jdbcUrl());
			pool.setUsername(database.username());
			pool.setPassword(database.password());
			pool.setInitialSize(0);
			pool.setMinIdle(0);
			pool.setMaxActive(1);
			pool.setMaxIdle(1);
			return pool;
		});

		private final Function<TestDatabase, DataSource> factory;

		OtherPool(Function<TestDatabase, DataSource> factory) {
			this.factory = factory;
		}

		DataSource create(TestDatabase database, boolean autoCommit) {
			DataSource pool = this.factory.apply(database);
			if (pool instanceof BasicDataSource dbcp) {
				dbcp.setDefaultAutoCommit(autoCommit);
			}
			else if (pool instanceof InstanceKeyDataSource overAdapter) {
				overAdapter.setDefaultAutoCommit(autoCommit);
			}
			else if (pool instanceof org.apache.tomcat.jdbc.pool.DataSource tomcat) {
				tomcat.setDefaultAutoCommit(autoCommit);
			}
			return pool;
		}

		void close(DataSource pool) throws SQLException {
			if (pool instanceof BasicDataSource dbcp) {
				dbcp.close();
			}
			else if (pool instanceof InstanceKeyDataSource overAdapter) {
				overAdapter.close();
			}
			else if (pool instanceof org.apache.tomcat.jdbc.pool.DataSource tomcat) {
				tomcat.close(true);
			}
		}

	}

}
