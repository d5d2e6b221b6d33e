package dev.dbconn.autoconfigure;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

/**
 * A routing DataSource bean, or the one a proxy bean leads to, and the lookup keys of its targets that
 * are not beans already said of in a WARN, so that each is said of once however often it is looked
 * at (see {@link LifecycleDataSourcePostProcessor}).
 */
final class RouterReview {

	private static final Log logger = LogFactory.getLog(LifecycleDataSourcePostProcessor.class);

	// stands for the default target among the lookup keys said of
	private static final Object DEFAULT = new Object();

	private final AbstractRoutingDataSource routing;

	private final String beanName;

	private final String kind;

	private final Predicate<DataSource> unmanaged;

	private final Set<Object> said = new HashSet<>();

	// whether a WARN was logged, of the targets or of a router that had not resolved them
	private boolean spoke;

	/**
	 * @param kind how the message names the bean: the router itself, or a proxy bean over one
	 * @param unmanaged whether a target is left without the lifecycle
	 */
	RouterReview(AbstractRoutingDataSource routing, String beanName, String kind, Predicate<DataSource> unmanaged) {
		this.routing = routing;
		this.beanName = beanName;
		this.kind = kind;
		this.unmanaged = unmanaged;
	}

	/**
	 * Say once which of the router's lookup keys lead to DataSources that are not beans.
	 * @param last whether it is not looked at again: a router that has not resolved its targets
	 * by then is said of too
	 */
	synchronized void warnAboutNewTargetsThatAreNotBeans(boolean last) {
		Map<Object, DataSource> targets;
		try {
			targets = this.routing.getResolvedDataSources();
		}
		catch (IllegalStateException ex) {
			// not initialised (yet)
			if (last) {
				logger.warn(name() + " has not resolved its targets (neither afterPropertiesSet() nor initialize() "
						+ "was called on it): dbconn could not look at them, and manages their connections only "
						+ "where they are DataSource beans.");
				this.spoke = true;
			}
			return;
		}
		List<String> keys = new ArrayList<>();
		List<DataSource> left = new ArrayList<>();
		targets.forEach((key, target) -> {
			if (this.unmanaged.test(target) && this.said.add(key)) {
				keys.add(String.valueOf(key));
				left.add(target);
			}
		});
		DataSource fallback = this.routing.getResolvedDefaultDataSource();
		if (fallback != null && this.unmanaged.test(fallback) && this.said.add(DEFAULT)) {
			keys.add("(default)");
			left.add(fallback);
		}
		if (!keys.isEmpty()) {
			logger.warn(name() + " has targets that are not DataSource beans " + keys + ": dbconn does not "
					+ "manage their connections. Declare each target as a DataSource bean to give it the lifecycle."
					+ UntestedDbcp2Pools.advice(left));
			this.spoke = true;
		}
	}

	String beanName() {
		return this.beanName;
	}

	/** Whether a WARN was logged of it so far. */
	synchronized boolean spoke() {
		return this.spoke;
	}

	String name() {
		String over = this.kind.equals("DataSource") ? " leads to a routing DataSource that" : "";
		return this.kind + " '" + this.beanName + "'" + over;
	}

}
