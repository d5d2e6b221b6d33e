package dev.dbconn.autoconfigure;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.convert.converter.ConverterRegistry;

/**
 * Adds dbconn's {@code conn-max-age} converter to an application's own {@code conversionService}
 * bean. Where that bean exists, Spring Boot binds {@code @ConfigurationProperties} with it alone and
 * leaves out the converters marked {@code @ConfigurationPropertiesBinding}, so without this the
 * application would not start with {@code db.conn-max-age} set. A conversion service that takes no
 * converters (not a {@link ConverterRegistry}, or one that refuses, as Boot's shared
 * {@code ApplicationConversionService} does) is left as it is. Registered among the first
 * post-processors, so that it sees the bean even when another post-processor has it made early.
 */
final class ConnMaxAgeConversionRegistrar implements BeanPostProcessor, PriorityOrdered {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (ConfigurableApplicationContext.CONVERSION_SERVICE_BEAN_NAME.equals(beanName)
				&& bean instanceof ConverterRegistry registry) {
			try {
				registry.addConverter(new ConnMaxAgeConverter());
			}
			catch (UnsupportedOperationException ex) {
				// unmodifiable: Boot then names the property it cannot bind, if one is set
			}
		}
		return bean;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
