package dev.dbconn.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.dbconn.jdbc.ConnectionSnapshot;
import dev.dbconn.jdbc.ConnectionStatistics;
import dev.dbconn.jdbc.LifecycleDataSource;
import dev.dbconn.jdbc.pool.PoolSettings;
import dev.dbconn.lifecycle.CloseReason;
import dev.dbconn.lifecycle.ConnMaxAge;
import dev.dbconn.lifecycle.Finding;
import dev.dbconn.lifecycle.Seconds;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code dbconnections} endpoint: per DataSource, the effective lifecycle settings, what dbconn
 * did with its connections, what it found at start-up, and every physical connection it knows.
 * Writing to it closes idle connections now.
 */
@Endpoint(id = "dbconnections")
public class DbConnectionsEndpoint {

	private final Supplier<Map<String, LifecycleDataSource>> dataSources;

	/**
	 * Create a new endpoint.
	 * @param dataSources the dbconn DataSources by bean name, asked for on each call
	 */
	public DbConnectionsEndpoint(Supplier<Map<String, LifecycleDataSource>> dataSources) {
		this.dataSources = dataSources;
	}

	/**
	 * Every DataSource.
	 * @return the report
	 */
	@ReadOperation
	public DbConnectionsReport connections() {
		Map<String, DataSourceReport> reports = new LinkedHashMap<>();
		this.dataSources.get().forEach((name, dataSource) -> reports.put(name, report(dataSource)));
		return new DbConnectionsReport(reports);
	}

	/**
	 * One DataSource.
	 * @param dataSource the bean name of the DataSource
	 * @return its report, or {@code null} (404) when there is no such DataSource
	 */
	@ReadOperation
	public DataSourceReport connections(@Selector String dataSource) {
		LifecycleDataSource found = this.dataSources.get().get(dataSource);
		return (found != null) ? report(found) : null;
	}

	/**
	 * Close idle connections now, e.g. after a database failover; connections in use are closed when
	 * their unit of work ends.
	 * @return the number of idle connections closed, per DataSource
	 */
	@WriteOperation
	public Map<String, Integer> closeIdleConnections() {
		Map<String, Integer> closed = new LinkedHashMap<>();
		this.dataSources.get().forEach((name, dataSource) -> closed.put(name, dataSource.closeIdleConnections()));
		return closed;
	}

	static DataSourceReport report(LifecycleDataSource dataSource) {
		ConnMaxAge maxAge = dataSource.getPolicy().maxAge();
		PoolSettings pool = dataSource.getPoolSettings();
		Settings settings = new Settings(
				maxAge.isUnlimited() ? "unlimited" : seconds(maxAge.toDuration()),
				dataSource.getPolicy().maxAgeJitter(), dataSource.getPolicy().healthChecks(),
				seconds(dataSource.getPolicy().healthCheckTimeout()),
				seconds(dataSource.getPolicy().healthCheckWindow()),
				dataSource.getSessionPolicy().reset().name().toLowerCase(),
				dataSource.getSessionPolicy().encodingCheck().name().toLowerCase(),
				dataSource.getSessionPolicy().initSql(),
				new Pool(pool.maximumPoolSize(), seconds(pool.maxLifetime()), seconds(pool.leakDetectionThreshold())));
		ConnectionStatistics statistics = dataSource.getStatistics();
		Map<String, Long> closed = new LinkedHashMap<>();
		for (CloseReason reason : CloseReason.values()) {
			closed.put(reason.tag(), statistics.closed(reason));
		}
		Counters counters = new Counters(statistics.acquired(), statistics.reused(), statistics.opened(),
				statistics.healthChecksPassed(), statistics.healthChecksFailed(), closed);
		List<FindingReport> findings = new ArrayList<>();
		for (Finding finding : dataSource.getFindings()) {
			findings.add(new FindingReport(finding.severity().name().toLowerCase(), finding.message(), finding.fix()));
		}
		List<ConnectionReport> connections = new ArrayList<>();
		for (ConnectionSnapshot connection : dataSource.getConnections()) {
			HealthCheck check = (connection.lastHealthCheckAt() != null)
					? new HealthCheck(connection.lastHealthCheckAt(), connection.lastHealthCheckPassed()) : null;
			connections.add(new ConnectionReport(connection.id(), connection.backendId(),
					connection.age().toMillis() / 1000.0,
					connection.inUse() ? "in-use" : "idle", connection.unitsServed(), check));
		}
		return new DataSourceReport(settings, counters, findings, connections);
	}

	private static Number seconds(Duration duration) {
		return (duration != null) ? Seconds.of(duration) : 0;
	}

	/**
	 * Every dbconn DataSource, by bean name.
	 *
	 * @param dataSources the DataSources
	 */
	public record DbConnectionsReport(Map<String, DataSourceReport> dataSources) {
	}

	/**
	 * One DataSource.
	 *
	 * @param settings the effective settings
	 * @param counters what dbconn did with its connections
	 * @param findings what was found at start-up
	 * @param connections the physical connections dbconn knows, oldest first
	 */
	public record DataSourceReport(Settings settings, Counters counters, List<FindingReport> findings,
			List<ConnectionReport> connections) {
	}

	/**
	 * Effective settings.
	 *
	 * @param connMaxAge seconds, or {@code "unlimited"}
	 * @param connMaxAgeJitter the largest fraction by which a connection's maximum age is shortened
	 * @param connHealthChecks whether kept connections are checked before use
	 * @param healthCheckTimeout seconds
	 * @param healthCheckWindow seconds since a connection last worked within which its check is skipped
	 * @param sessionReset {@code auto}, {@code always} or {@code never}
	 * @param encodingCheck {@code warn}, {@code fail} or {@code off}
	 * @param initSql statements run at the start of each unit of work
	 * @param pool the pool's settings that bear on the lifecycle
	 */
	public record Settings(Object connMaxAge, double connMaxAgeJitter, boolean connHealthChecks,
			Number healthCheckTimeout, Number healthCheckWindow, String sessionReset, String encodingCheck,
			List<String> initSql, Pool pool) {
	}

	/**
	 * The pool's settings; {@code -1} or {@code 0} where unknown or off.
	 *
	 * @param maximumPoolSize maximum connections
	 * @param maxLifetimeSeconds longest life of a connection
	 * @param leakDetectionThresholdSeconds leak detection threshold
	 */
	public record Pool(int maximumPoolSize, Number maxLifetimeSeconds, Number leakDetectionThresholdSeconds) {
	}

	/**
	 * Counters since start-up.
	 *
	 * @param acquired connections handed to units of work
	 * @param reused of those, connections kept from an earlier unit
	 * @param opened of those, connections seen for the first time
	 * @param healthChecksPassed health checks that found the connection alive
	 * @param healthChecksFailed health checks that found it dead
	 * @param closed physical closes by reason
	 */
	public record Counters(long acquired, long reused, long opened, long healthChecksPassed, long healthChecksFailed,
			Map<String, Long> closed) {
	}

	/**
	 * A start-up finding.
	 *
	 * @param severity {@code info} or {@code warning}
	 * @param message what was found
	 * @param fix what to do
	 */
	public record FindingReport(String severity, String message, String fix) {
	}

	/**
	 * A physical connection.
	 *
	 * @param id dbconn's id of the connection
	 * @param backendId the server's id for its session (PostgreSQL backend pid, MariaDB connection id),
	 * or {@code null}
	 * @param ageSeconds time since dbconn first saw it
	 * @param state {@code in-use} or {@code idle}
	 * @param unitsServed units of work it served
	 * @param lastHealthCheck its last health check, or {@code null}
	 */
	public record ConnectionReport(long id, Long backendId, double ageSeconds, String state, long unitsServed,
			HealthCheck lastHealthCheck) {
	}

	/**
	 * A health check.
	 *
	 * @param at when
	 * @param passed whether the connection was alive
	 */
	public record HealthCheck(Instant at, boolean passed) {
	}

}
