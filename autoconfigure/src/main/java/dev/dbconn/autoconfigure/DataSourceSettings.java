package dev.dbconn.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import dev.dbconn.autoconfigure.DbConnProperties.DataSourceOverrides;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;

/**
 * The settings of each DataSource bean, as Django's {@code DATABASES} gives each alias its own
 * {@code CONN_MAX_AGE} and {@code CONN_HEALTH_CHECKS}: every {@link LifecycleProperties} property
 * set under {@code db.datasources.<bean-name>.} counts for that bean, every other one is the
 * top-level {@code db.*} value. Whether a property is set is read from the property sources, so that
 * a per-bean value equal to the default still replaces a top-level one. Also says which beans are
 * left alone ({@code db.excluded-datasources}, {@code db.datasources.<bean-name>.enabled=false}),
 * and refuses bean names that are not the application's DataSources.
 */
final class DataSourceSettings {

	static final ConfigurationPropertyName EXCLUDED = UnknownProperties.PREFIX.append("excluded-datasources");

	/** The properties a DataSource can override: every writable one of {@link LifecycleProperties}. */
	private static final List<String> LIFECYCLE_PROPERTIES = lifecycleProperties();

	private final DbConnProperties properties;

	private final Iterable<ConfigurationPropertySource> sources;

	DataSourceSettings(DbConnProperties properties, Iterable<ConfigurationPropertySource> sources) {
		this.properties = properties;
		this.sources = sources;
	}

	private static List<String> lifecycleProperties() {
		List<String> names = new ArrayList<>();
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(LifecycleProperties.class)) {
			if (descriptor.getWriteMethod() != null) {
				names.add(descriptor.getName());
			}
		}
		return names;
	}

	/**
	 * Whether the bean is to be left exactly as the application made it.
	 * @param beanName the DataSource's bean name
	 * @return {@code true} when excluded by either form
	 */
	boolean isExcluded(String beanName) {
		DataSourceOverrides overrides = overrides(beanName);
		return this.properties.getExcludedDatasources().contains(beanName)
				|| (overrides != null && !overrides.isEnabled());
	}

	/**
	 * The lifecycle settings of a DataSource bean.
	 * @param beanName the DataSource's bean name
	 * @return its settings: its own where set, the top-level ones otherwise
	 */
	LifecycleProperties forDataSource(String beanName) {
		DataSourceOverrides overrides = overrides(beanName);
		Set<String> overridden = (overrides != null) ? overridden(beanName) : Set.of();
		BeanWrapper topLevel = new BeanWrapperImpl(this.properties);
		BeanWrapper own = (overrides != null) ? new BeanWrapperImpl(overrides) : null;
		LifecycleProperties settings = new LifecycleProperties();
		BeanWrapper resolved = new BeanWrapperImpl(settings);
		for (String property : LIFECYCLE_PROPERTIES) {
			BeanWrapper from = overridden.contains(uniform(property)) ? own : topLevel;
			resolved.setPropertyValue(property, from.getPropertyValue(property));
		}
		return settings;
	}

	/**
	 * Which property sets each setting of a DataSource bean, for messages that say what to change.
	 * @param beanName the DataSource's bean name
	 * @return from a setting's name ({@code conn-max-age}), {@code db.datasources.<bean-name>.conn-max-age}
	 * where the bean sets it, {@code db.conn-max-age} where it has the top-level value
	 */
	UnaryOperator<String> propertyNames(String beanName) {
		Set<String> overridden = overridden(beanName);
		return (setting) -> (overridden.contains(uniform(setting)) ? UnknownProperties.DATASOURCES + "." + beanName
				: UnknownProperties.PREFIX) + "." + setting;
	}

	/**
	 * Whether a setting of the bean is given in any source, for the bean or at the top level, rather
	 * than being the default.
	 * @param beanName the DataSource's bean name
	 * @param setting the setting's name ({@code conn-max-age-jitter})
	 * @return {@code true} when some source sets it
	 */
	boolean isSet(String beanName, String setting) {
		return overridden(beanName).contains(uniform(setting))
				|| propertiesAtOrBelow(UnknownProperties.PREFIX.append(setting)).findAny().isPresent();
	}

	/**
	 * Whether the bean has lifecycle settings of its own under {@code db.datasources.<bean-name>.},
	 * or an {@code enabled: true} that {@code db.excluded-datasources} contradicts.
	 * @param beanName the DataSource's bean name
	 * @return {@code true} when it has
	 */
	boolean hasOwnLifecycleSettings(String beanName) {
		Set<String> overridden = overridden(beanName);
		DataSourceOverrides overrides = overrides(beanName);
		return overridden.stream().anyMatch((setting) -> !setting.equals("enabled"))
				|| (overrides != null && overrides.isEnabled() && overridden.contains("enabled"));
	}

	/**
	 * The properties set under {@code db.datasources.<bean-name>.} in any source, in uniform form
	 * ({@code connmaxage}), whatever form of the bean name each source used.
	 */
	private Set<String> overridden(String beanName) {
		ConfigurationPropertyName prefix = prefixOf(beanName);
		return propertiesAtOrBelow(prefix).map(ConfigurationProperty::getName)
			.filter(prefix::isAncestorOf)
			.map((name) -> name.getElement(prefix.getNumberOfElements(), Form.UNIFORM))
			.collect(Collectors.toSet());
	}

	/** The properties of every source at the given name or below it, highest precedence first. */
	private Stream<ConfigurationProperty> propertiesAtOrBelow(ConfigurationPropertyName name) {
		return StreamSupport.stream(this.sources.spliterator(), false)
			.filter(IterableConfigurationPropertySource.class::isInstance)
			.flatMap((source) -> ((IterableConfigurationPropertySource) source).stream()
				.filter((candidate) -> name.equals(candidate) || name.isAncestorOf(candidate))
				.map(source::getConfigurationProperty))
			.filter(Objects::nonNull);
	}

	/** A property's name as relaxed binding compares it: {@code connmaxage} for either form. */
	private static String uniform(String property) {
		return property.replace("-", "").toLowerCase(Locale.ROOT);
	}

	private static ConfigurationPropertyName prefixOf(String key) {
		return UnknownProperties.DATASOURCES.append(ConfigurationPropertyName.adapt(key, '.'));
	}

	/** The bean's settings as bound, under its own name or another form of it. */
	private DataSourceOverrides overrides(String beanName) {
		for (Map.Entry<String, DataSourceOverrides> entry : this.properties.getDatasources().entrySet()) {
			if (sameName(entry.getKey(), beanName)) {
				return entry.getValue();
			}
		}
		return null;
	}

	/** Whether a key names the bean in a form relaxed binding accepts ({@code DB_DATASOURCES_MAIN_...}). */
	private static boolean sameName(String key, String beanName) {
		return ConfigurationPropertyName.adapt(key, '.').equals(ConfigurationPropertyName.adapt(beanName, '.'));
	}

	/**
	 * Fails when {@code db.datasources.<bean-name>} or {@code db.excluded-datasources} names a bean
	 * that is not one of the application's DataSources, naming the property and the beans there are.
	 * @param dataSourceBeans the bean names of the application's DataSources
	 * @throws UnknownDataSourceException for the first unknown name
	 */
	void checkBeanNames(Collection<String> dataSourceBeans) {
		for (String key : this.properties.getDatasources().keySet()) {
			if (dataSourceBeans.stream().noneMatch((bean) -> sameName(key, bean))) {
				throw new UnknownDataSourceException(UnknownProperties.DATASOURCES + "." + key + ".*",
						whereSet(prefixOf(key), null), key, dataSourceBeans);
			}
		}
		for (String name : this.properties.getExcludedDatasources()) {
			if (!dataSourceBeans.contains(name)) {
				throw new UnknownDataSourceException(EXCLUDED.toString(), whereSet(EXCLUDED, name), name,
						dataSourceBeans);
			}
		}
	}

	/** Where the name was set: the property at or below the given one whose value lists it. */
	private ConfigurationProperty whereSet(ConfigurationPropertyName property, String name) {
		return propertiesAtOrBelow(property)
			.filter((candidate) -> name == null
					|| List.of(String.valueOf(candidate.getValue()).split("\\s*,\\s*")).contains(name))
			.findFirst()
			.orElse(null);
	}

}
