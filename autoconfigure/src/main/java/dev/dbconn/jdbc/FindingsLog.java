package dev.dbconn.jdbc;

import java.util.ArrayList;
import java.util.List;

import dev.dbconn.lifecycle.Finding;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The findings about one DataSource's configuration and encodings, each logged once when first found.
 */
final class FindingsLog {

	private static final Log logger = LogFactory.getLog(LifecycleDataSource.class);

	private final String dataSourceName;

	private volatile List<Finding> findings = List.of();

	FindingsLog(String dataSourceName) {
		this.dataSourceName = dataSourceName;
	}

	List<Finding> all() {
		return this.findings;
	}

	/**
	 * Add the findings not found before, logging each once.
	 * @param logSuffix what to add to each log line, e.g. how to silence it
	 * @return every finding so far
	 */
	synchronized List<Finding> add(List<Finding> found, String logSuffix) {
		List<Finding> all = new ArrayList<>(this.findings);
		for (Finding finding : found) {
			if (all.contains(finding)) {
				continue;
			}
			all.add(finding);
			String line = "DataSource '" + this.dataSourceName + "': " + finding + logSuffix;
			if (finding.severity() == Finding.Severity.WARNING) {
				logger.warn(line);
			}
			else {
				logger.info(line);
			}
		}
		this.findings = List.copyOf(all);
		return this.findings;
	}

}
