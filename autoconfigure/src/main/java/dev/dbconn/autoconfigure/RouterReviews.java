package dev.dbconn.autoconfigure;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

/**
 * The routing DataSources looked at (see {@link RouterReview}), so that each is said of once
 * however many beans lead to it and whenever they are made (see
 * {@link LifecycleDataSourcePostProcessor}). The routers looked at while the application starts are
 * kept (singletons mostly), and looked at again once every singleton is made; a proxy bean made later
 * over one of them (a prototype) says nothing more; a router first seen later is not kept, and its
 * bean is said of once by name.
 */
final class RouterReviews {

	private static final Log logger = LogFactory.getLog(LifecycleDataSourcePostProcessor.class);

	private final Predicate<DataSource> unmanaged;

	// the routers looked at while the application started; guarded by this
	private final Map<DataSource, RouterReview> reviewed = new IdentityHashMap<>();

	// the beans said of, for those made again later; guarded by this
	private final Set<String> namesSaidOf = new HashSet<>();

	// whether every singleton has been made; guarded by this
	private boolean started;

	/**
	 * @param unmanaged whether a target is left without the lifecycle
	 */
	RouterReviews(Predicate<DataSource> unmanaged) {
		this.unmanaged = unmanaged;
	}

	/**
	 * Say once which lookup keys of the router lead to DataSources that are not beans.
	 * @param kind how the message names the bean: the router itself, or a proxy bean over one
	 */
	void review(AbstractRoutingDataSource routing, String beanName, String kind) {
		RouterReview review = new RouterReview(routing, beanName, kind, this.unmanaged);
		boolean last;
		synchronized (this) {
			last = this.started;
			boolean saidOf = last ? this.reviewed.containsKey(routing) || this.namesSaidOf.contains(beanName)
					: this.reviewed.putIfAbsent(routing, review) != null;
			if (saidOf) {
				// a router bean, said of already, under a proxy bean; or a bean said of, made again later
				return;
			}
		}
		review.warnAboutNewTargetsThatAreNotBeans(last);
		if (last) {
			rememberIfSaidOf(List.of(review));
		}
	}

	/**
	 * Once every singleton is made, the routers are looked at again: an application may give one its
	 * targets only after it was made (from another bean's initialisation, calling
	 * {@code setTargetDataSources} and {@code initialize()}), and those too are said of, once. Nothing
	 * a router throws here stops the application from starting.
	 */
	void lookAgainOnceStarted() {
		List<RouterReview> reviews;
		synchronized (this) {
			this.started = true;
			reviews = new ArrayList<>(this.reviewed.values());
		}
		for (RouterReview review : reviews) {
			try {
				review.warnAboutNewTargetsThatAreNotBeans(true);
			}
			catch (RuntimeException ex) {
				logger.debug("Could not look at the targets: " + review.name(), ex);
			}
		}
		// a prototype over a router of its own, made during start-up and again later
		rememberIfSaidOf(reviews);
	}

	private synchronized void rememberIfSaidOf(List<RouterReview> reviews) {
		reviews.stream().filter(RouterReview::spoke).forEach((review) -> this.namesSaidOf.add(review.beanName()));
	}

}
