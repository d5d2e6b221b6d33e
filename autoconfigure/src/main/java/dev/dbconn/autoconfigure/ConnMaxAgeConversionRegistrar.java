package dev.dbconn.autoconfigure;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.convert.converter.ConverterRegistry;

/**
 * Adds dbconn's {@code conn-max-age} converter to an application's own {@code conversionService}
 * bean. Where that bean exists, Spring Boot binds {@code @ConfigurationProperties} with it alone and
 * leaves out the converters marked {@code @ConfigurationPropertiesBinding}, so without this the
 * application would not start with {@code db.conn-max-age} set. A conversion service that takes no
 * converters is left as it is.
 */
final class ConnMaxAgeConversionRegistrar implements BeanPostProcessor {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (ConfigurableApplicationContext.CONVERSION_SERVICE_BEAN_NAME.equals(beanName)
				&& bean instanceof ConverterRegistry registry) {
			registry.addConverter(new ConnMaxAgeConverter());
		}
		return bean;
	}

}
