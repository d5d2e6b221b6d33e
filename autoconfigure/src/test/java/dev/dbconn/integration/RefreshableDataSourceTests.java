package dev.dbconn.integration;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.autoconfigure.DbConnAutoConfiguration;
import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.jdbc.UnitOfWork;
import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.SetupSource;
import dev.dbconn.testsupport.TestDatabase;
import org.junit.jupiter.params.ParameterizedTest;

import org.springframework.beans.factory.ObjectFactory;
import org.springframework.beans.factory.config.CustomScopeConfigurer;
import org.springframework.beans.factory.config.Scope;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ScopedProxyMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scoped-proxy DataSource whose pool is replaced while the application runs (what
 * {@code @RefreshScope} does): connections are closed through the pool they came from, never
 * through the one the DataSource had first, so the new pool loses no slot.
 */
class RefreshableDataSourceTests {

	private static final RefreshableScope SCOPE = new RefreshableScope();

	private static volatile TestDatabase database;

	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void aConnectionOfTheReplacementPoolIsClosedThroughIt(Setup setup) {
		database = setup.database();
		ServerSide serverSide = database.serverSide();
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DbConnAutoConfiguration.class))
			.withUserConfiguration(RefreshableDataSourceConfiguration.class)
			.withPropertyValues("db.conn-max-age=unlimited", "db.conn-health-checks=true")
			.run((context) -> {
				DataSource dataSource = context.getBean("dataSource", DataSource.class);
				assertThat(dataSource).isInstanceOf(LifecycleDataSource.class);
				long first = backendInUnit(dataSource, serverSide);
				SCOPE.refresh();
				long second = backendInUnit(dataSource, serverSide);
				assertThat(second).as("a backend of the new pool").isNotEqualTo(first);
				HikariDataSource current = dataSource.unwrap(HikariDataSource.class);
				serverSide.killBackend(second);
				long third = backendInUnit(dataSource, serverSide);
				assertThat(third).as("the killed backend was replaced").isNotEqualTo(second);
				assertThat(current.getHikariPoolMXBean().getActiveConnections()).as("lent out by the new pool")
					.isZero();
				assertThat(current.getHikariPoolMXBean().getTotalConnections()).as("open in the new pool")
					.isEqualTo(1);
			});
		SCOPE.refresh();
	}

	private static long backendInUnit(DataSource dataSource, ServerSide serverSide) throws SQLException {
		try (UnitOfWork.Scope scope = UnitOfWork.begin(); Connection connection = dataSource.getConnection()) {
			return serverSide.backendId(connection);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class RefreshableDataSourceConfiguration {

		@Bean
		static CustomScopeConfigurer refreshableScope() {
			CustomScopeConfigurer configurer = new CustomScopeConfigurer();
			configurer.addScope("refreshable", SCOPE);
			return configurer;
		}

		@Bean
		@org.springframework.context.annotation.Scope(scopeName = "refreshable", proxyMode = ScopedProxyMode.TARGET_CLASS)
		HikariDataSource dataSource() {
			return database.pool(1);
		}

	}

	/** A scope whose beans are all replaced, and the old ones destroyed, on {@link #refresh()}. */
	static final class RefreshableScope implements Scope {

		private final Map<String, Object> beans = new ConcurrentHashMap<>();

		private final Map<String, Runnable> destructionCallbacks = new ConcurrentHashMap<>();

		@Override
		public Object get(String name, ObjectFactory<?> objectFactory) {
			return this.beans.computeIfAbsent(name, (key) -> objectFactory.getObject());
		}

		@Override
		public Object remove(String name) {
			this.destructionCallbacks.remove(name);
			return this.beans.remove(name);
		}

		@Override
		public void registerDestructionCallback(String name, Runnable callback) {
			this.destructionCallbacks.put(name, callback);
		}

		@Override
		public Object resolveContextualObject(String key) {
			return null;
		}

		@Override
		public String getConversationId() {
			return "refreshable";
		}

		void refresh() {
			this.beans.clear();
			this.destructionCallbacks.values().forEach(Runnable::run);
			this.destructionCallbacks.clear();
		}

	}

}
