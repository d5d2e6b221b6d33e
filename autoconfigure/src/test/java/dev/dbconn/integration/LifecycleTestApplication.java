package dev.dbconn.integration;

import javax.sql.DataSource;

import dev.dbconn.testsupport.ConcurrentUseCheck;
import dev.dbconn.testsupport.RunNames;
import dev.dbconn.testsupport.ServerSide;
import dev.dbconn.testsupport.TestDatabase.Kind;
import dev.dbconn.testsupport.TestDatabases;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A web application whose endpoints exercise the request lifecycle against a real database.
 */
@SpringBootApplication
public class LifecycleTestApplication {

	/** Table the endpoints write to. */
	static final String TABLE = RunNames.of("dbconn_it_item");

	/** Physical connections that fail a call made while another thread is inside one. */
	@Bean
	static BeanPostProcessor concurrentUseCheck() {
		return ConcurrentUseCheck.forHikariPools();
	}

	@Bean
	ServerSide serverSide(@Value("${it.database-kind}") Kind kind) {
		return TestDatabases.get(kind).serverSide();
	}

	@Bean
	BackendQueries backendQueries(JdbcTemplate jdbcTemplate, @Value("${it.database-kind}") Kind kind) {
		return new BackendQueries(jdbcTemplate, kind);
	}

	@Bean
	Gate gate() {
		return new Gate();
	}

	@Bean
	RequestsEnded requestsEnded() {
		return new RequestsEnded();
	}

	@Bean
	FilterRegistrationBean<QueryingFilter> queryingFilter(BackendQueries queries, DataSource dataSource) {
		FilterRegistrationBean<QueryingFilter> registration = new FilterRegistrationBean<>(
				new QueryingFilter(queries, dataSource));
		registration.addUrlPatterns("/filter-and-handler");
		registration.setOrder(0);
		return registration;
	}

	@Bean
	WebMvcConfigurer holdingInterceptor() {
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				// after dbconn's in the chain: on the way out of an async request it runs before dbconn's
				registry.addInterceptor(new HoldingInterceptor()).addPathPatterns("/async/hand-off").order(1);
			}

		};
	}

	/**
	 * With {@code it.own-mvc-executor}, Spring MVC runs Callables on an executor of the application's
	 * own that has no task decorator (as after {@code configureAsyncSupport} in an application), rather
	 * than on Boot's.
	 */
	@Bean
	@ConditionalOnBooleanProperty("it.own-mvc-executor")
	WebMvcConfigurer ownMvcExecutor() {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("it-mvc-");
		executor.setDaemon(true);
		return new WebMvcConfigurer() {

			@Override
			public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
				configurer.setTaskExecutor(executor);
			}

		};
	}

}
