package dev.dbconn.autoconfigure;

import java.util.Collection;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A {@code db.datasources.<bean-name>} or {@code db.excluded-datasources} entry that names no
 * DataSource bean of the application: a misspelt name would otherwise leave that DataSource with the
 * top-level settings without a word.
 */
final class UnknownDataSourceException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String action;

	/**
	 * @param property the property that names the bean: {@code db.datasources.<name>.*} or
	 * {@code db.excluded-datasources}
	 * @param setting the property that set the name, and where, or {@code null} when no source says
	 * @param beanName the name given
	 * @param dataSourceBeans the bean names of the application's DataSources
	 */
	UnknownDataSourceException(String property, ConfigurationProperty setting, String beanName,
			Collection<String> dataSourceBeans) {
		super("Property '" + ((setting != null) ? setting.getName() : property) + "'"
				+ ((setting != null && setting.getOrigin() != null) ? " (" + setting.getOrigin() + ")" : "")
				+ " names DataSource '" + beanName + "', but the application has no DataSource bean of that name. "
				+ "Its DataSource beans: " + String.join(", ", dataSourceBeans) + ".");
		this.action = "Name one of the application's DataSource beans (" + String.join(", ", dataSourceBeans)
				+ ") in place of '" + beanName + "' in '" + property + "', or remove it.";
	}

	/** Prints the exception's message and what to do, as for a bad property value. */
	static final class Analyzer extends AbstractFailureAnalyzer<UnknownDataSourceException> {

		@Override
		protected FailureAnalysis analyze(Throwable rootFailure, UnknownDataSourceException cause) {
			return new FailureAnalysis(cause.getMessage(), cause.action, cause);
		}

	}

}
