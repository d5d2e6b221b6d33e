package dev.dbconn.autoconfigure;

import javax.sql.DataSource;

import dev.dbconn.task.UnitOfWorkTaskDecorator;
import dev.dbconn.web.UnitOfWorkAsyncInterceptor;
import dev.dbconn.web.UnitOfWorkFilter;
import dev.dbconn.web.UnitOfWorkInterceptor;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Auto-configuration of dbconn: every {@link DataSource} bean gets Django's persistent-connection
 * lifecycle, in a servlet web application each request is a unit of work, and so is each run of a
 * task on Boot's task executor and scheduler. Reactive applications
 * are left alone (see {@link DbConnReactiveAutoConfiguration}).
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(DataSource.class)
@ConditionalOnBean(DataSource.class)
@Conditional({ DbConnEnabledCondition.class, NotReactiveWebApplicationCondition.class })
@EnableConfigurationProperties(DbConnProperties.class)
@ImportRuntimeHints(DbConnRuntimeHints.class)
public final class DbConnAutoConfiguration {

	/**
	 * Order of the request filter: after Boot's character-encoding filter ({@code HIGHEST_PRECEDENCE})
	 * and its observation filter ({@code HIGHEST_PRECEDENCE + 1}), which use no database, and ahead of
	 * every filter that may: Spring Session's ({@code HIGHEST_PRECEDENCE + 50}) and Spring Security's
	 * ({@code -100}), so that their queries share the request's connection.
	 */
	public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	DbConnAutoConfiguration() {
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static LifecycleDataSourcePostProcessor dbconnDataSourcePostProcessor(
			ObjectProvider<DbConnProperties> properties, ObjectProvider<Environment> environment) {
		return new LifecycleDataSourcePostProcessor(properties, environment);
	}

	@Bean
	StartupReview dbconnStartupReview(ApplicationContext context, Environment environment) {
		return new StartupReview(context, environment);
	}

	@Bean
	@ConfigurationPropertiesBinding
	static ConnMaxAgeConverter dbconnConnMaxAgeConverter() {
		return new ConnMaxAgeConverter();
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static ConnMaxAgeConversionRegistrar dbconnConnMaxAgeConversionRegistrar() {
		return new ConnMaxAgeConversionRegistrar();
	}

	@Bean
	static ConfigurationPropertiesBindHandlerAdvisor dbconnDurationPropertiesCheck() {
		return DurationPropertiesCheck::new;
	}

	@Bean
	static ConfigurationPropertiesBindHandlerAdvisor dbconnBlankValueCheck() {
		return BlankValueCheck::new;
	}

	@Bean
	static ConfigurationPropertiesBindHandlerAdvisor dbconnJitterPropertyCheck() {
		return JitterPropertyCheck::new;
	}

	/**
	 * Every run of a task on Boot's task executor and scheduler ({@code @Async}, {@code @Scheduled})
	 * is a unit of work: Boot applies every {@code TaskDecorator} bean to them.
	 */
	@Bean
	UnitOfWorkTaskDecorator dbconnUnitOfWorkTaskDecorator() {
		return new UnitOfWorkTaskDecorator();
	}

	/** Every servlet request, whatever framework serves it, is a unit of work. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass({ FilterRegistrationBean.class, Filter.class })
	static class ServletRequestConfiguration {

		@Bean
		FilterRegistrationBean<UnitOfWorkFilter> dbconnUnitOfWorkFilter() {
			FilterRegistrationBean<UnitOfWorkFilter> registration = new FilterRegistrationBean<>(
					new UnitOfWorkFilter());
			registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
			registration.setOrder(FILTER_ORDER);
			return registration;
		}

	}

	/**
	 * Spring MVC handlers are units of work too where no filter made one (MockMvc without filters);
	 * async processing ends the request thread's unit at the hand-off, and the work of a
	 * {@code Callable} on the MVC task executor is a unit of its own.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(WebMvcConfigurer.class)
	static class WebMvcConfiguration {

		@Bean
		WebMvcConfigurer dbconnUnitOfWorkInterceptorConfigurer() {
			return new WebMvcConfigurer() {

				@Override
				public void addInterceptors(InterceptorRegistry registry) {
					registry.addInterceptor(new UnitOfWorkInterceptor());
				}

				@Override
				public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
					UnitOfWorkAsyncInterceptor interceptor = new UnitOfWorkAsyncInterceptor();
					configurer.registerCallableInterceptors(interceptor);
					configurer.registerDeferredResultInterceptors(interceptor);
				}

			};
		}

	}

}
