package dev.dbconn.actuate;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.dbconn.jdbc.ConnectionStatistics;
import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.jdbc.LifecycleObserver;
import dev.dbconn.lifecycle.CloseReason;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters for every dbconn DataSource, tagged {@code datasource} with its bean name:
 * <ul>
 * <li>{@code dbconn.connections.acquired} (counter, tag {@code reused}: {@code true}/{@code false})</li>
 * <li>{@code dbconn.connections.closed} (counter, tag {@code reason})</li>
 * <li>{@code dbconn.health.checks} (counter, tag {@code result}: {@code passed}/{@code failed})</li>
 * <li>{@code dbconn.health.check.duration} (timer)</li>
 * <li>{@code dbconn.connections.age.at.close} (distribution summary, seconds, tag {@code reason})</li>
 * <li>{@code dbconn.connections.known} (gauge, tag {@code state}: {@code in-use}/{@code idle})</li>
 * </ul>
 */
public class DbConnMetrics implements MeterBinder {

	private final Supplier<Map<String, LifecycleDataSource>> dataSources;

	/**
	 * Create a new binder.
	 * @param dataSources the dbconn DataSources by bean name
	 */
	public DbConnMetrics(Supplier<Map<String, LifecycleDataSource>> dataSources) {
		this.dataSources = dataSources;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.dataSources.get().forEach((name, dataSource) -> bind(registry, name, dataSource));
	}

	private static void bind(MeterRegistry registry, String name, LifecycleDataSource dataSource) {
		Tags tags = Tags.of("datasource", name);
		ConnectionStatistics statistics = dataSource.getStatistics();
		FunctionCounter.builder("dbconn.connections.acquired", statistics, ConnectionStatistics::reused)
			.tags(tags.and("reused", "true"))
			.description("Connections handed to units of work that were kept from an earlier one")
			.register(registry);
		FunctionCounter.builder("dbconn.connections.acquired", statistics, ConnectionStatistics::opened)
			.tags(tags.and("reused", "false"))
			.description("Connections handed to units of work that were new")
			.register(registry);
		for (CloseReason reason : CloseReason.values()) {
			FunctionCounter.builder("dbconn.connections.closed", statistics, (s) -> s.closed(reason))
				.tags(tags.and("reason", reason.tag()))
				.description("Physical connections closed by dbconn")
				.register(registry);
		}
		FunctionCounter.builder("dbconn.health.checks", statistics, ConnectionStatistics::healthChecksPassed)
			.tags(tags.and("result", "passed"))
			.description("Health checks of kept connections")
			.register(registry);
		FunctionCounter.builder("dbconn.health.checks", statistics, ConnectionStatistics::healthChecksFailed)
			.tags(tags.and("result", "failed"))
			.description("Health checks of kept connections")
			.register(registry);
		Gauge.builder("dbconn.connections.known", dataSource, (ds) -> count(ds, true))
			.tags(tags.and("state", "in-use"))
			.description("Physical connections dbconn knows")
			.register(registry);
		Gauge.builder("dbconn.connections.known", dataSource, (ds) -> count(ds, false))
			.tags(tags.and("state", "idle"))
			.description("Physical connections dbconn knows")
			.register(registry);
		Timer healthCheckDuration = Timer.builder("dbconn.health.check.duration")
			.tags(tags)
			.description("Time taken by health checks")
			.register(registry);
		Map<CloseReason, DistributionSummary> ageAtClose = new EnumMap<>(CloseReason.class);
		for (CloseReason reason : CloseReason.values()) {
			ageAtClose.put(reason, DistributionSummary.builder("dbconn.connections.age.at.close")
				.tags(tags.and("reason", reason.tag()))
				.baseUnit("seconds")
				.description("Age of connections when dbconn closed them")
				.register(registry));
		}
		dataSource.addObserver(new LifecycleObserver() {

			@Override
			public void healthChecked(boolean passed, long nanos) {
				healthCheckDuration.record(nanos, TimeUnit.NANOSECONDS);
			}

			@Override
			public void closed(CloseReason reason, long ageNanos) {
				ageAtClose.get(reason).record(ageNanos / 1e9);
			}

		});
	}

	private static double count(LifecycleDataSource dataSource, boolean inUse) {
		return dataSource.getConnections().stream().filter((c) -> c.inUse() == inUse).count();
	}

}
