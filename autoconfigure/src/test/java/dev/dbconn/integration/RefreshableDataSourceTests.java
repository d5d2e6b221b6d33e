package dev.dbconn.integration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.autoconfigure.DbConnAutoConfiguration;
import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.jdbc.UnitOfWork;
import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.SetupSource;
import dev.dbconn.testsupport.TestDatabase;
import dev.dbconn.testsupport.TestDatabase.Kind;
import dev.dbconn.testsupport.Waiting;
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

	private static final AtomicInteger POOLS_MADE = new AtomicInteger();

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

	/**
	 * Under {@code conn-max-age: 0} dbconn opens each unit's connection itself, as the pool would: a
	 * replaced pool's successor is used from the refresh on (its URL, seen by the server in a session
	 * setting each pool's URL sets differently), and the thread that closed the replaced pool's
	 * connections is let go once none of them is open, so refreshes leave no thread behind.
	 */
	@ParameterizedTest
	@SetupSource(withPoolAutoCommitOff = false)
	void underMaxAgeZeroEachRefreshedPoolIsUsedAndNoClosingThreadIsLeftBehind(Setup setup) {
		database = setup.database();
		String closer = "dbconn dataSource connection closer";
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DbConnAutoConfiguration.class))
			.withUserConfiguration(RefreshableDataSourceConfiguration.class)
			.withPropertyValues("db.conn-max-age=0")
			.run((context) -> {
				DataSource dataSource = context.getBean("dataSource", DataSource.class);
				for (int refresh = 0; refresh < 4; refresh++) {
					String mark = poolMarkInUnit(dataSource);
					assertThat(mark).as("the setting of the pool made last").isEqualTo(mark(POOLS_MADE.get()));
					SCOPE.refresh();
				}
				poolMarkInUnit(dataSource);
				Waiting.until(Duration.ofSeconds(10), "one closing thread, the current pool's",
						() -> threadsNamed(closer) <= 1);
			});
		SCOPE.refresh();
	}

	private static String poolMarkInUnit(DataSource dataSource) throws SQLException {
		try (UnitOfWork.Scope scope = UnitOfWork.begin();
				Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery((database.kind() == Kind.POSTGRESQL)
						? "show application_name" : "select @@session.wait_timeout")) {
			result.next();
			return result.getString(1);
		}
	}

	/** What the URL of the n-th pool made sets in each of its sessions. */
	private static String mark(int pool) {
		return (database.kind() == Kind.POSTGRESQL) ? "refreshed-" + pool : String.valueOf(1000 + pool);
	}

	private static long threadsNamed(String name) {
		return Thread.getAllStackTraces().keySet().stream().filter((thread) -> thread.getName().equals(name)).count();
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
			int pool = POOLS_MADE.incrementAndGet();
			return database
				.withParameters((database.kind() == Kind.POSTGRESQL) ? "ApplicationName=" + mark(pool)
						: "sessionVariables=wait_timeout=" + mark(pool))
				.pool(1);
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
