package dev.dbconn.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Finds the {@code db.*} keys that dbconn does not know, so that a misspelt one ({@code db.conn-max-ag})
 * is not ignored without a word: each is logged once at WARN with the closest known property. They do
 * not fail start-up, since applications have {@code db.*} keys of their own.
 * <p>
 * Known are the properties of {@link DbConnProperties} in any form relaxed binding accepts
 * ({@code connMaxAge}, {@code conn_max_age}, {@code CONN-MAX-AGE}), the elements of its list
 * properties ({@code db.init-sql[0]}), and under {@code db.datasources.<bean-name>.} the properties
 * of {@link DbConnProperties.DataSourceOverrides}, judged the same way. Environment variables are
 * not looked at: {@code DB_HOST}, {@code DB_PASSWORD} and the like usually belong to other software.
 */
final class UnknownProperties {

	private static final Log logger = LogFactory.getLog(UnknownProperties.class);

	static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of("db");

	/** Per-DataSource overrides: {@code db.datasources.<bean-name>.<property>}. */
	static final ConfigurationPropertyName DATASOURCES = PREFIX.append("datasources");

	/** dbconn's own properties, {@link DbConnProperties}. */
	static final UnknownProperties DBCONN = new UnknownProperties(DbConnProperties.class);

	/** Properties that take one value: known in any relaxed form of exactly that name. */
	private final List<ConfigurationPropertyName> values = new ArrayList<>();

	/** Properties that take lists or maps: every key below one is known too. */
	private final List<ConfigurationPropertyName> groups = new ArrayList<>();

	/** The properties of one DataSource, under {@code db} as if they were top-level ones; {@code null} in there. */
	private final UnknownProperties perDataSource;

	/**
	 * The known properties: those of the given class, under {@code db}, and those of a DataSource
	 * under {@code db.datasources.<bean-name>}.
	 * @param propertiesType the {@code @ConfigurationProperties("db")} class
	 */
	UnknownProperties(Class<?> propertiesType) {
		this(propertiesType, new UnknownProperties(DbConnProperties.DataSourceOverrides.class, null));
	}

	private UnknownProperties(Class<?> propertiesType, UnknownProperties perDataSource) {
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(propertiesType)) {
			if (descriptor.getWriteMethod() == null && !isGroup(descriptor.getPropertyType())) {
				continue;
			}
			ConfigurationPropertyName name = PREFIX.append(DataObjectPropertyName.toDashedForm(descriptor.getName()));
			(isGroup(descriptor.getPropertyType()) ? this.groups : this.values).add(name);
		}
		this.perDataSource = perDataSource;
	}

	/**
	 * The top-level property a key of one DataSource's stands for: {@code db.conn-max-age} for
	 * {@code db.datasources.main.conn-max-age}; any other key as it is.
	 * @param name a {@code db.*} key
	 * @return the top-level key
	 */
	static ConfigurationPropertyName topLevel(ConfigurationPropertyName name) {
		return isPerDataSource(name) ? PREFIX.append(name.subName(DATASOURCES.getNumberOfElements() + 1)) : name;
	}

	/**
	 * The key as written: a bean name keeps its case ({@code db.datasources.mainDataSource.conn-max-age}),
	 * where the key's own text has it in lower case.
	 * @param name a {@code db.*} key
	 * @return the key for messages
	 */
	static String asWritten(ConfigurationPropertyName name) {
		if (!isPerDataSource(name)) {
			return name.toString();
		}
		int bean = DATASOURCES.getNumberOfElements();
		return DATASOURCES + "." + name.getElement(bean, Form.ORIGINAL) + "." + name.subName(bean + 1);
	}

	private static boolean isPerDataSource(ConfigurationPropertyName name) {
		return DATASOURCES.isAncestorOf(name) && name.getNumberOfElements() > DATASOURCES.getNumberOfElements() + 1;
	}

	private static boolean isGroup(Class<?> type) {
		return Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type) || type.isArray();
	}

	/**
	 * Logs each unknown {@code db.*} key in the given sources once, at WARN.
	 * @param sources the sources, highest precedence first
	 */
	void warnAbout(Iterable<ConfigurationPropertySource> sources) {
		find(sources).forEach((property, closest) -> logger.warn("Property '" + asWritten(property.getName()) + "'"
				+ ((property.getOrigin() != null) ? " (" + property.getOrigin() + ")" : "")
				+ " is not one of dbconn's: did you mean '" + closest + "'? Ignore this if the application reads "
				+ "it itself."));
	}

	/**
	 * The unknown {@code db.*} keys in the given sources, each once, with the closest known property.
	 * @param sources the sources, highest precedence first
	 * @return each unknown key, where it was set first, and the name of the closest known property
	 */
	Map<ConfigurationProperty, String> find(Iterable<ConfigurationPropertySource> sources) {
		Map<ConfigurationPropertyName, ConfigurationProperty> unknown = new LinkedHashMap<>();
		for (ConfigurationPropertySource source : sources) {
			if (!(source instanceof IterableConfigurationPropertySource iterable)
					|| source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource) {
				continue;
			}
			iterable.stream().filter((name) -> PREFIX.isAncestorOf(name) && !isKnown(name)).forEach((name) -> {
				ConfigurationProperty property = source.getConfigurationProperty(name);
				if (property != null) {
					unknown.putIfAbsent(name, property);
				}
			});
		}
		Map<ConfigurationProperty, String> found = new LinkedHashMap<>();
		unknown.values().forEach((property) -> found.put(property, closest(property.getName())));
		return found;
	}

	boolean isKnown(ConfigurationPropertyName name) {
		if (DATASOURCES.isAncestorOf(name)) {
			return this.perDataSource != null && isPerDataSource(name) && this.perDataSource.isKnown(topLevel(name));
		}
		return this.values.contains(name)
				|| this.groups.stream().anyMatch((group) -> group.equals(name) || group.isAncestorOf(name));
	}

	/**
	 * The known property whose name is fewest edits away, in the form the README gives; for a key of
	 * one DataSource's, that DataSource's property.
	 */
	private String closest(ConfigurationPropertyName name) {
		if (this.perDataSource != null && isPerDataSource(name)) {
			String closest = this.perDataSource.closest(topLevel(name));
			return asWritten(name.chop(DATASOURCES.getNumberOfElements() + 1)
				.append(closest.substring(PREFIX.toString().length() + 1)));
		}
		String closest = null;
		int fewest = Integer.MAX_VALUE;
		List<ConfigurationPropertyName> candidates = new ArrayList<>(this.values);
		candidates.addAll(this.groups);
		for (ConfigurationPropertyName candidate : candidates) {
			// a group is compared with as many elements of the key as it has itself
			int length = this.groups.contains(candidate) ? candidate.getNumberOfElements()
					: name.getNumberOfElements();
			int edits = editDistance(uniform(name, Math.min(length, name.getNumberOfElements())),
					uniform(candidate, candidate.getNumberOfElements()));
			if (edits < fewest) {
				fewest = edits;
				closest = candidate.equals(DATASOURCES) ? DATASOURCES + ".<bean-name>.*" : candidate.toString();
			}
		}
		return closest;
	}

	/** The elements after {@code db}, lower case without dashes: as relaxed binding compares them. */
	private static String uniform(ConfigurationPropertyName name, int elements) {
		StringBuilder uniform = new StringBuilder();
		for (int i = PREFIX.getNumberOfElements(); i < elements; i++) {
			uniform.append(name.getElement(i, Form.UNIFORM));
		}
		return uniform.toString();
	}

	/** Levenshtein distance: insertions, deletions and substitutions. */
	static int editDistance(String from, String to) {
		int[] previous = new int[to.length() + 1];
		int[] current = new int[to.length() + 1];
		for (int j = 0; j <= to.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= from.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= to.length(); j++) {
				int substitution = previous[j - 1] + ((from.charAt(i - 1) == to.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[to.length()];
	}

}
