package dev.dbconn.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import dev.dbconn.lifecycle.Finding.Severity;

/**
 * Checks a DataSource's lifecycle against the pool, the servlet container and the database server
 * it runs with (Django's points on worker threads, server idle timeouts and pool limits).
 *
 * @param maxAge {@code conn-max-age}
 * @param healthChecks {@code conn-health-checks}
 * @param poolMaximum the pool's maximum size, or {@code -1} when unknown
 * @param poolMaxLifetime the pool's maximum connection lifetime, or {@code null} when unknown or none
 * @param leakDetectionThreshold the pool's leak detection threshold, or {@code null} when off
 * @param maxWorkerThreads the servlet container's maximum worker threads, {@code -1} when unbounded
 * (virtual threads) or not a web application
 * @param longestRequest the longest a request is expected to take
 * @param serverConnections connections the database server accepts from this application's user,
 * or {@code -1} when unknown
 * @param serverIdleTimeout after how long the server closes an idle connection, or {@code null} when
 * it does not
 * @param serverIdleTimeoutSetting the name of the server setting behind {@code serverIdleTimeout}
 * @param serverIdleInTransactionTimeout after how long the server closes a connection left idle
 * inside a transaction (PostgreSQL {@code idle_in_transaction_session_timeout}), or {@code null}
 * @param throughPooler whether the connections reach the server through a connection pooler such as
 * PgBouncer: the server's connection limit is then the pooler's to keep, not the pool's
 */
public record ConfigurationReview(ConnMaxAge maxAge, boolean healthChecks, int poolMaximum, Duration poolMaxLifetime,
		Duration leakDetectionThreshold, int maxWorkerThreads, Duration longestRequest, int serverConnections,
		Duration serverIdleTimeout, String serverIdleTimeoutSetting, Duration serverIdleInTransactionTimeout,
		boolean throughPooler) {

	/**
	 * The findings, most important first, naming the top-level properties ({@code db.conn-max-age}).
	 * @return the findings, empty when everything fits
	 */
	public List<Finding> findings() {
		return findings((setting) -> "db." + setting);
	}

	/**
	 * The findings, most important first.
	 * @param property the property that sets one of this DataSource's settings, from the setting's
	 * name ({@code conn-max-age}): the top-level one or the DataSource's own
	 * @return the findings, empty when everything fits
	 */
	public List<Finding> findings(UnaryOperator<String> property) {
		String maxAgeProperty = property.apply("conn-max-age");
		List<Finding> findings = new ArrayList<>();
		if (this.throughPooler) {
			findings.add(new Finding(Severity.INFO,
					"Connections reach PostgreSQL through a connection pooler such as PgBouncer: the server's process "
							+ "for a session is not the one the connection was given, and the server's max_connections "
							+ "is the pooler's to respect. With session pooling every guarantee holds for the "
							+ "application's connections, and dbconn's session reset is what keeps one request's "
							+ "session state from the next (PgBouncer resets a server connection only when its client "
							+ "disconnects). With transaction pooling a session lasts one transaction: SET, session "
							+ "advisory locks, LISTEN, temporary tables and server-side prepared statements do not "
							+ "last to the next one, may reach other clients, and no reset at the end of a request "
							+ "can take them back.",
					"With session pooling, nothing. With transaction pooling, set db.session-reset=never, add "
							+ "prepareThreshold=0 to the JDBC URL (unless PgBouncer 1.21 or later has "
							+ "max_prepared_statements set), and keep session state inside transactions "
							+ "(SET LOCAL, pg_advisory_xact_lock)."));
		}
		else if (this.poolMaximum > 0 && this.serverConnections >= 0 && this.poolMaximum > this.serverConnections) {
			findings.add(new Finding(Severity.WARNING,
					"The pool may open " + this.poolMaximum + " connections, but the database server accepts only "
							+ this.serverConnections + " (max_connections less reserved ones), shared with every "
							+ "other client.",
					"Lower spring.datasource.hikari.maximum-pool-size, or raise the server's max_connections."));
		}
		if (!this.maxAge.isZero() && this.serverIdleTimeout != null && !this.serverIdleTimeout.isZero()
				&& (this.maxAge.isUnlimited() || this.maxAge.toDuration().compareTo(this.serverIdleTimeout) > 0)) {
			findings.add(new Finding(this.healthChecks ? Severity.INFO : Severity.WARNING,
					"The database server closes connections idle for " + Seconds.text(this.serverIdleTimeout) + " ("
							+ this.serverIdleTimeoutSetting + "), sooner than " + maxAgeProperty + " (" + this.maxAge
							+ "): a connection kept through a quiet spell is dead when the next request comes"
							+ (this.healthChecks ? "; health checks replace it, at the cost of a check." : "."),
					"Set " + maxAgeProperty + " below " + Seconds.text(this.serverIdleTimeout)
							+ (this.healthChecks ? "." : ", or turn on " + property.apply("conn-health-checks") + ".")
							+ " HikariCP's keepalive-time, below it, also keeps idle connections alive."));
		}
		if (this.serverIdleInTransactionTimeout != null && !this.serverIdleInTransactionTimeout.isZero()
				&& this.serverIdleInTransactionTimeout.compareTo(this.longestRequest) < 0) {
			findings.add(new Finding(Severity.WARNING,
					"The database server closes a connection left idle inside a transaction for "
							+ Seconds.text(this.serverIdleInTransactionTimeout)
							+ " (idle_in_transaction_session_timeout), less than the longest expected request ("
							+ Seconds.text(this.longestRequest) + "): a request that holds a transaction open while "
							+ "it does other work that long loses its connection and its transaction.",
					"Raise idle_in_transaction_session_timeout above " + Seconds.text(this.longestRequest)
							+ " for this application's role, or keep transactions short."));
		}
		if (this.poolMaxLifetime != null && !this.poolMaxLifetime.isZero() && !this.maxAge.isZero()
				&& (this.maxAge.isUnlimited() || this.maxAge.toDuration().compareTo(this.poolMaxLifetime) > 0)) {
			findings.add(new Finding(Severity.INFO,
					"HikariCP's maxLifetime (" + Seconds.text(this.poolMaxLifetime) + ") is shorter than "
							+ maxAgeProperty + " (" + this.maxAge + "): the shorter one wins, so connections live at "
							+ "most " + Seconds.text(this.poolMaxLifetime)
							+ " (HikariCP retires them between requests).",
					"Set " + maxAgeProperty + " to at most " + Seconds.text(this.poolMaxLifetime)
							+ " to say what happens, or raise spring.datasource.hikari.max-lifetime."));
		}
		if (this.leakDetectionThreshold != null && !this.leakDetectionThreshold.isZero()
				&& this.leakDetectionThreshold.compareTo(this.longestRequest) < 0) {
			findings.add(new Finding(Severity.WARNING,
					"HikariCP's leakDetectionThreshold (" + Seconds.text(this.leakDetectionThreshold)
							+ ") is shorter than the longest expected request (" + Seconds.text(this.longestRequest)
							+ "): a request keeps its connection until it ends, so every slower request is "
							+ "reported as a leak.",
					"Raise spring.datasource.hikari.leak-detection-threshold above " + Seconds.text(this.longestRequest)
							+ ", or set it to 0."));
		}
		if (this.poolMaximum > 0 && this.maxWorkerThreads > 0 && this.poolMaximum > this.maxWorkerThreads) {
			findings.add(new Finding(Severity.WARNING,
					"The pool may open " + this.poolMaximum + " connections, but the servlet container runs at most "
							+ this.maxWorkerThreads + " requests at once, each with one connection: the rest are "
							+ "never used by requests.",
					"Lower spring.datasource.hikari.maximum-pool-size to " + this.maxWorkerThreads
							+ " plus what background work needs."));
		}
		else if (this.poolMaximum > 0 && this.maxWorkerThreads > this.poolMaximum) {
			findings.add(new Finding(Severity.INFO,
					"The servlet container runs up to " + this.maxWorkerThreads + " requests at once, and each "
							+ "request that uses the database holds one of the pool's " + this.poolMaximum
							+ " connections until it ends: under load, requests wait for a connection.",
					"Nothing, if that is the intent (it protects the database). Otherwise raise "
							+ "spring.datasource.hikari.maximum-pool-size, within the server's max_connections."));
		}
		return findings;
	}

	/**
	 * The finding about JPA's open-session-in-view, for an application that has it on with the pool's
	 * auto-commit off: each request's entity manager holds its connection until the view is rendered,
	 * with auto-commit off, where a transaction of the application's may have begun with no statement
	 * run yet; so a query outside a transaction in the same request takes a second connection.
	 * @return the finding
	 */
	public static Finding openInView() {
		return new Finding(Severity.WARNING,
				"JPA's open-in-view is on (spring.jpa.open-in-view, Boot's default) and the pool's auto-commit is "
						+ "off: a request's entity manager holds its connection until the view is rendered, with "
						+ "auto-commit off, where no transaction can be told from one begun with no statement yet, "
						+ "so JdbcTemplate and other JDBC use outside a transaction in the same request takes a "
						+ "second connection; a request may hold two, and more such requests at once than half the "
						+ "pool wait for each other until the pool's connection-timeout.",
				"Set spring.jpa.open-in-view=false and load in the service what the view needs, or leave the "
						+ "pool's auto-commit on (spring.datasource.hikari.auto-commit), or size "
						+ "spring.datasource.hikari.maximum-pool-size for two connections per request.");
	}

}
