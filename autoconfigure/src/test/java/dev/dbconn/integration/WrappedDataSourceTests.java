package dev.dbconn.integration;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.autoconfigure.DbConnAutoConfiguration;
import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.jdbc.UnitOfWork;
import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.SetupSource;
import dev.dbconn.testsupport.TestDatabase;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
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
	void aLazyConnectionProxyOverAPoolThatIsNotABeanGetsTheLifecycle(Setup setup) throws Exception {
		assertLifecycleBeneath(setup, LazyConnectionDataSourceProxy::new);
	}

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aTransactionAwareProxyOverAPoolThatIsNotABeanGetsTheLifecycle(Setup setup) throws Exception {
		assertLifecycleBeneath(setup, TransactionAwareDataSourceProxy::new);
	}

	private void assertLifecycleBeneath(Setup setup, Function<DataSource, DataSource> proxy) throws Exception {
		TestDatabase database = setup.database();
		ServerSide serverSide = database.serverSide();
		for (String maxAge : new String[] { "unlimited", "0" }) {
			try (HikariDataSource pool = database.pool(2)) {
				this.runner.withBean("dataSource", DataSource.class, () -> proxy.apply(pool))
					.withPropertyValues("db.conn-max-age=" + maxAge)
					.run((context) -> {
						DataSource dataSource = context.getBean(DataSource.class);
						assertThat(dataSource.isWrapperFor(LifecycleDataSource.class)).isTrue();
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

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aRoutingDataSourceWhoseTargetsAreNotBeansIsLeftAloneWithAWarning(Setup setup, CapturedOutput output) {
		try (HikariDataSource pool = setup.database().pool(2)) {
			this.runner.withBean("routing", DataSource.class, () -> routing(pool)).run((context) -> {
				DataSource dataSource = context.getBean(DataSource.class);
				assertThat(dataSource.isWrapperFor(LifecycleDataSource.class)).isFalse();
				assertThat(output).containsOnlyOnce("Routing DataSource 'routing' has targets that are not DataSource beans [main]");
			});
		}
	}

	private static long backendInUnit(DataSource dataSource, ServerSide serverSide) throws SQLException {
		try (UnitOfWork.Scope scope = UnitOfWork.begin(); Connection connection = dataSource.getConnection()) {
			return serverSide.backendId(connection);
		}
	}

	private static AbstractRoutingDataSource routing(DataSource target) {
		AbstractRoutingDataSource routing = new AbstractRoutingDataSource() {

			@Override
			protected Object determineCurrentLookupKey() {
				return "main";
			}

		};
		routing.setTargetDataSources(Map.of("main", target));
		routing.afterPropertiesSet();
		return routing;
	}


}
