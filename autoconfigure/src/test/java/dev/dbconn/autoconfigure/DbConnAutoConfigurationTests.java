package dev.dbconn.autoconfigure;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.lifecycle.ConnMaxAge;
import dev.dbconn.lifecycle.EncodingCheck;
import dev.dbconn.lifecycle.LifecyclePolicy;
import dev.dbconn.lifecycle.SessionPolicy;
import dev.dbconn.lifecycle.SessionReset;
import dev.dbconn.testsupport.Waiting;
import dev.dbconn.web.UnitOfWorkAsyncInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.async.CallableProcessingInterceptor;
import org.springframework.web.context.request.async.DeferredResultProcessingInterceptor;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class DbConnAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, DbConnAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

	/**
	 * A bean initialised again (Spring Cloud's rebinding of {@code @ConfigurationProperties} beans at a
	 * refresh does so), or one the application made a lifecycle itself, keeps one lifecycle.
	 */
	@Test
	void aLifecycleDataSourceIsNotWrappedAgain() {
		this.runner.withBean("plain", DataSource.class, () -> new SimpleDriverDataSource(new org.h2.Driver(),
				"jdbc:h2:mem:" + UUID.randomUUID()))
			.withBean("ownLifecycle", DataSource.class,
					() -> new LifecycleDataSource(new SimpleDriverDataSource(new org.h2.Driver(),
							"jdbc:h2:mem:" + UUID.randomUUID()), "ownLifecycle", LifecyclePolicy.DEFAULTS))
			.run((context) -> {
				DataSource plain = context.getBean("plain", DataSource.class);
				assertThat(plain).isInstanceOf(LifecycleDataSource.class);
				Object again = context.getAutowireCapableBeanFactory().initializeBean(plain, "plain");
				assertThat(again).isSameAs(plain);
				assertThat(((DelegatingDataSource) plain).getTargetDataSource()).isInstanceOf(SimpleDriverDataSource.class);
				DataSource own = context.getBean("ownLifecycle", DataSource.class);
				assertThat(((DelegatingDataSource) own).getTargetDataSource()).isInstanceOf(SimpleDriverDataSource.class);
			});
	}

	@Test
	void wrapsTheDataSourceAndStillUnwrapsToHikari() {
		this.runner.withPropertyValues("db.conn-max-age=10m", "db.conn-max-age-jitter=0.25", "db.conn-health-checks=true")
			.run((context) -> {
				DataSource dataSource = context.getBean(DataSource.class);
				assertThat(dataSource).isInstanceOf(LifecycleDataSource.class);
				LifecycleDataSource lifecycle = (LifecycleDataSource) dataSource;
				assertThat(lifecycle.getName()).isEqualTo("dataSource");
				assertThat(lifecycle.getPolicy().maxAge()).isEqualTo(ConnMaxAge.parse("600"));
				assertThat(lifecycle.getPolicy().maxAgeJitter()).isEqualTo(0.25);
				assertThat(lifecycle.getPolicy().healthChecks()).isTrue();
				assertThat(dataSource.isWrapperFor(HikariDataSource.class)).isTrue();
				assertThat(dataSource.unwrap(HikariDataSource.class)).isInstanceOf(HikariDataSource.class);
			});
	}

	@Test
	void aDataSourceBeanThatDelegatesToAnotherIsNotWrappedTwice() {
		this.runner.withBean("delegating", DelegatingDataSource.class,
				() -> new DelegatingDataSource(new SimpleDriverDataSource()))
			.withUserConfiguration(DelegatingToPoolConfiguration.class)
			.run((context) -> {
				assertThat(context.getBean("dataSource")).isInstanceOf(LifecycleDataSource.class);
				assertThat(context.getBean("overPool")).isNotInstanceOf(LifecycleDataSource.class);
				// the lifecycle goes beneath it, over the DataSource that is not a bean
				DataSource delegating = context.getBean("delegating", DataSource.class);
				assertThat(delegating).isNotInstanceOf(LifecycleDataSource.class);
				assertThat(((DelegatingDataSource) delegating).getTargetDataSource())
					.as("delegating to a DataSource that is not a bean")
					.isInstanceOf(LifecycleDataSource.class);
			});
	}

	@Test
	void settingsForABeanLeftWithoutALifecycleOfItsOwnAreWarnedAbout(CapturedOutput output) {
		this.runner.withUserConfiguration(DelegatingToPoolConfiguration.class)
			.withPropertyValues("db.datasources.overPool.conn-max-age=5", "db.datasources.dataSource.conn-max-age=7")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("DataSource 'overPool': db.datasources.overPool.* applies to nothing")
					.contains("[dataSource]")
					.doesNotContain("DataSource 'dataSource': db.datasources.dataSource.* applies to nothing");
				assertThat(((LifecycleDataSource) context.getBean("dataSource")).getPolicy().maxAge())
					.isEqualTo(ConnMaxAge.parse("7"));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class DelegatingToPoolConfiguration {

		@Bean
		@Primary
		DataSource dataSource() {
			HikariDataSource hikari = new HikariDataSource();
			hikari.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID());
			return hikari;
		}

		@Bean
		DelegatingDataSource overPool(DataSource dataSource) {
			return new DelegatingDataSource(dataSource);
		}

	}

	@Test
	void defaultsAreDjangos() {
		this.runner.run((context) -> {
			DbConnProperties properties = context.getBean(DbConnProperties.class);
			assertThat(properties.getConnMaxAge()).isEqualTo(ConnMaxAge.ZERO);
			assertThat(properties.isConnHealthChecks()).isFalse();
		});
	}

	@Test
	void acceptsEveryDocumentedFormOfConnMaxAge() {
		this.runner.withPropertyValues("db.conn-max-age=unlimited")
			.run((context) -> assertThat(context.getBean(DbConnProperties.class).getConnMaxAge().isUnlimited())
				.isTrue());
		this.runner.withPropertyValues("db.conn-max-age=PT10M")
			.run((context) -> assertThat(context.getBean(DbConnProperties.class).getConnMaxAge())
				.isEqualTo(ConnMaxAge.parse("600")));
	}

	/**
	 * Boot binds with an application's {@code conversionService} bean alone when there is one, leaving
	 * out the converters marked {@code @ConfigurationPropertiesBinding}; the plain seconds of YAML
	 * arrive as numbers.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "text", "number" })
	void connMaxAgeBindsBesideTheApplicationsOwnConversionService(String form) {
		Object value = form.equals("text") ? "10m" : Integer.valueOf(600);
		this.runner.withBean("conversionService", ConversionService.class, DefaultConversionService::new)
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("yaml", Map.of("db.conn-max-age", value))))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(DbConnProperties.class).getConnMaxAge()).isEqualTo(ConnMaxAge.parse("600"));
			});
	}

	@Test
	void anUnmodifiableConversionServiceOfTheApplicationsIsLeftAsItIs() {
		this.runner
			.withBean("conversionService", ConversionService.class, ApplicationConversionService::getSharedInstance)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withPropertyValues("db.enabled=false").run((context) -> {
			assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
			assertThat(context).doesNotHaveBean(DbConnProperties.class);
		});
	}

	@Test
	void backsOffWithoutADataSource() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DbConnAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(DbConnProperties.class);
				assertThat(context).doesNotHaveBean(LifecycleDataSourcePostProcessor.class);
			});
	}

	@Test
	void worksWithoutHikariOrSpringMvcOnTheClassPath() {
		this.runner.withClassLoader(new FilteredClassLoader("com.zaxxer.hikari", "org.springframework.web.servlet"))
			.withPropertyValues("spring.datasource.type=org.springframework.jdbc.datasource.SimpleDriverDataSource",
					"db.conn-max-age=unlimited")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource", context.getClassLoader())).isFalse();
				DataSource dataSource = context.getBean(DataSource.class);
				assertThat(dataSource).isInstanceOf(LifecycleDataSource.class);
				assertThat(((DelegatingDataSource) dataSource).getTargetDataSource())
					.isInstanceOf(SimpleDriverDataSource.class);
				try (Connection connection = dataSource.getConnection()) {
					assertThat(count(connection, "select 1")).isEqualTo(1);
				}
			});
	}

	@Test
	void inANonWebApplicationTheLifecycleStillAppliesOutsideRequests() {
		this.runner.withPropertyValues("db.conn-max-age=unlimited").run((context) -> {
			assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
			DataSource dataSource = context.getBean(DataSource.class);
			execute(dataSource, "create table item (id int)");
			long firstSession;
			try (Connection connection = dataSource.getConnection()) {
				firstSession = sessionId(connection);
				connection.setAutoCommit(false);
				try (Statement statement = connection.createStatement()) {
					statement.execute("insert into item values (1)");
				}
				// closed with the transaction open: rolled back, and the connection not handed on
			}
			try (Connection connection = dataSource.getConnection()) {
				assertThat(count(connection, "select count(*) from item")).isZero();
				assertThat(sessionId(connection)).isNotEqualTo(firstSession);
				// HikariCP closes an evicted connection on a thread of its own: wait for the session to go
				String firstSessionCount = "select count(*) from information_schema.sessions where session_id = "
						+ firstSession;
				Waiting.upTo(Duration.ofSeconds(10), () -> count(connection, firstSessionCount) == 0);
				assertThat(count(connection, firstSessionCount)).as("sessions of the first connection").isZero();
			}
		});
	}

	@Test
	void servletApplicationsGetTheRequestFilterAndInterceptor() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, DbConnAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID())
			.run((context) -> {
				assertThat(context).hasBean("dbconnUnitOfWorkFilter");
				assertThat(context.getBean("dbconnUnitOfWorkFilter", FilterRegistrationBean.class).getOrder())
					.isEqualTo(DbConnAutoConfiguration.FILTER_ORDER);
				assertThat(context).hasBean("dbconnUnitOfWorkInterceptorConfigurer");
				WebMvcConfigurer configurer = context.getBean("dbconnUnitOfWorkInterceptorConfigurer",
						WebMvcConfigurer.class);
				AsyncSupport asyncSupport = new AsyncSupport();
				configurer.configureAsyncSupport(asyncSupport);
				assertThat(asyncSupport.callableInterceptors()).singleElement()
					.isInstanceOf(UnitOfWorkAsyncInterceptor.class);
				assertThat(asyncSupport.deferredResultInterceptors()).singleElement()
					.isInstanceOf(UnitOfWorkAsyncInterceptor.class);
			});
	}

	/** What a {@code WebMvcConfigurer} registered for async processing. */
	private static final class AsyncSupport extends AsyncSupportConfigurer {

		List<CallableProcessingInterceptor> callableInterceptors() {
			return getCallableInterceptors();
		}

		List<DeferredResultProcessingInterceptor> deferredResultInterceptors() {
			return getDeferredResultInterceptors();
		}

	}

	@Test
	void reactiveApplicationsAreLeftAloneAndToldSoOnce(CapturedOutput output) {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, DbConnAutoConfiguration.class,
					DbConnReactiveAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID())
			.run((context) -> {
				assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
				assertThat(context).doesNotHaveBean(DbConnProperties.class);
			});
		assertThat(output).containsOnlyOnce("dbconn is inactive: a reactive application");
	}

	@Test
	void servletApplicationsWithoutSpringMvcStillGetTheRequestFilter() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, DbConnAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.web.servlet"))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID())
			.run((context) -> {
				assertThat(context).hasBean("dbconnUnitOfWorkFilter");
				assertThat(context).doesNotHaveBean("dbconnUnitOfWorkInterceptorConfigurer");
			});
	}

	@Test
	void bootsJdbcSupportKeepsWorkingThroughTheWrapper() {
		this.runner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, DataSourcePoolMetricsAutoConfiguration.class,
					DataSourceHealthContributorAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class))
			.withPropertyValues("db.conn-max-age=unlimited")
			.run((context) -> {
				assertThat(context.getBean(DataSource.class)).isInstanceOf(LifecycleDataSource.class);
				JdbcTemplate jdbcTemplate = context.getBean(JdbcTemplate.class);
				jdbcTemplate.execute("create table item (id int)");
				TransactionTemplate transactions = new TransactionTemplate(
						context.getBean(PlatformTransactionManager.class));
				transactions.executeWithoutResult((status) -> {
					jdbcTemplate.update("insert into item values (1)");
					status.setRollbackOnly();
				});
				transactions.executeWithoutResult((status) -> jdbcTemplate.update("insert into item values (2)"));
				assertThat(jdbcTemplate.queryForList("select id from item", Integer.class)).containsExactly(2);

				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.find("hikaricp.connections").gauge()).isNotNull();
				assertThat(registry.find("jdbc.connections.max").gauge()).isNotNull();
				assertThat(registry.get("jdbc.connections.max").gauge().value()).isEqualTo(10);

				Health health = context.getBean(DataSourceHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
			});
	}

	@Test
	void sessionPropertiesReachTheDataSource() {
		this.runner
			.withPropertyValues("db.session-reset=always", "db.session-reset-sql=RESET ALL",
					"db.init-sql[0]=SET TIME ZONE 'UTC'", "db.init-sql[1]=SET search_path TO public",
					"db.encoding-check=off")
			.run((context) -> {
				SessionPolicy policy = context.getBean(LifecycleDataSource.class).getSessionPolicy();
				assertThat(policy.reset()).isEqualTo(SessionReset.ALWAYS);
				assertThat(policy.resetSql()).containsExactly("RESET ALL");
				assertThat(policy.initSql()).containsExactly("SET TIME ZONE 'UTC'", "SET search_path TO public");
				assertThat(policy.encodingCheck()).isEqualTo(EncodingCheck.OFF);
			});
	}

	@Test
	void sessionDefaultsResetWhenNeededAndWarnAboutEncodings() {
		this.runner.run((context) -> {
			SessionPolicy policy = context.getBean(LifecycleDataSource.class).getSessionPolicy();
			assertThat(policy).isEqualTo(SessionPolicy.DEFAULTS);
		});
	}

	private static void execute(DataSource dataSource, String sql) throws Exception {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static long sessionId(Connection connection) throws Exception {
		return count(connection, "select session_id()");
	}

	private static long count(Connection connection, String sql) throws Exception {
		try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
			resultSet.next();
			return resultSet.getLong(1);
		}
	}

}
