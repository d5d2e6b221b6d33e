package dev.dbconn.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of dbconn's connection lifecycle, under {@code db.*}: the lifecycle settings every
 * DataSource bean has, the settings of single DataSource beans, and the beans left alone.
 */
@ConfigurationProperties("db")
public class DbConnProperties extends LifecycleProperties {

	/**
	 * Whether to give the application's DataSources Django's connection lifecycle.
	 */
	private boolean enabled = true;

	/**
	 * Bean names of DataSources to leave exactly as the application made them, without the lifecycle.
	 */
	private List<String> excludedDatasources = new ArrayList<>();

	/**
	 * Settings of single DataSources, by bean name: any lifecycle setting (conn-max-age,
	 * conn-health-checks, ...), in place of the top-level one, and 'enabled: false' to leave the
	 * DataSource without the lifecycle.
	 */
	private Map<String, DataSourceOverrides> datasources = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getExcludedDatasources() {
		return this.excludedDatasources;
	}

	public void setExcludedDatasources(List<String> excludedDatasources) {
		this.excludedDatasources = excludedDatasources;
	}

	public Map<String, DataSourceOverrides> getDatasources() {
		return this.datasources;
	}

	public void setDatasources(Map<String, DataSourceOverrides> datasources) {
		this.datasources = datasources;
	}

	/**
	 * The settings of one DataSource bean, under {@code db.datasources.<bean-name>.*}. Only the
	 * settings given here count: the others are the top-level ones ({@code DataSourceSettings}).
	 */
	public static class DataSourceOverrides extends LifecycleProperties {

		/**
		 * Whether to give this DataSource the lifecycle; false leaves it exactly as the application
		 * made it.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
