package dev.dbconn.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import dev.dbconn.lifecycle.ConnMaxAge;
import dev.dbconn.lifecycle.EncodingCheck;
import dev.dbconn.lifecycle.LifecyclePolicy;
import dev.dbconn.lifecycle.SessionPolicy;
import dev.dbconn.lifecycle.SessionReset;

import org.springframework.boot.convert.DurationUnit;

/**
 * The lifecycle settings of a DataSource: the top-level {@code db.*} values, which every DataSource
 * bean has unless {@code db.datasources.<bean-name>.*} sets its own. A property added here is at once
 * a top-level property and one each DataSource can override ({@code DataSourceSettings} resolves them).
 */
public class LifecycleProperties {

	/**
	 * How long to keep a physical connection for reuse by later requests: a number of seconds (600),
	 * a duration (10m, PT10M) up to 9223372036s (about 292 years), or 'unlimited'. 0 closes it at the
	 * end of each request.
	 */
	private ConnMaxAge connMaxAge = ConnMaxAge.ZERO;

	/**
	 * Largest fraction, from 0 to 1, by which each connection's conn-max-age is shortened: each
	 * connection gets a random share of it when first seen (Rails' pool_jitter), so that connections
	 * opened together are not all closed together. 0 keeps every connection exactly conn-max-age, as
	 * Django does.
	 */
	private double connMaxAgeJitter = 0.1;

	/**
	 * Whether to check a kept connection once per request, before its first use, and replace it
	 * transparently when the server has dropped it.
	 */
	private boolean connHealthChecks = false;

	/**
	 * How long a health check, or the check of a connection after an error, may take before the
	 * connection counts as dead, at most 2147483647s (about 68 years). Rounded up to whole seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration healthCheckTimeout = Duration.ofSeconds(5);

	/**
	 * How recently a connection must have completed a request's work without error for its health
	 * check to be skipped (Rails' verify_timeout); 0 checks every time, as Django does.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration healthCheckWindow = Duration.ZERO;

	/**
	 * When to reset a kept connection's SQL-level session state (SET, roles, search_path, time zone,
	 * temporary tables, locks, session and user variables) at the end of a request: 'auto' after
	 * requests that ran a statement that can change it, 'always', or 'never'.
	 */
	private SessionReset sessionReset = SessionReset.AUTO;

	/**
	 * Statements that reset a session, run instead of the database's own reset (PostgreSQL 'DISCARD
	 * ALL', MariaDB's connection reset).
	 */
	private List<String> sessionResetSql = new ArrayList<>();

	/**
	 * Statements run at the start of every request, on new and kept connections, e.g. "SET TIME
	 * ZONE 'UTC'".
	 */
	private List<String> initSql = new ArrayList<>();

	/**
	 * What to do when the database or the connection does not use UTF-8 (PostgreSQL UTF8, MariaDB
	 * utf8mb4): 'warn' once per DataSource, 'fail' to refuse to start, or 'off'.
	 */
	private EncodingCheck encodingCheck = EncodingCheck.WARN;

	public double getConnMaxAgeJitter() {
		return this.connMaxAgeJitter;
	}

	public void setConnMaxAgeJitter(double connMaxAgeJitter) {
		// JitterPropertyCheck refuses a bound value out of range, LifecyclePolicy any other
		this.connMaxAgeJitter = connMaxAgeJitter;
	}

	public ConnMaxAge getConnMaxAge() {
		return this.connMaxAge;
	}

	public void setConnMaxAge(ConnMaxAge connMaxAge) {
		this.connMaxAge = connMaxAge;
	}

	public boolean isConnHealthChecks() {
		return this.connHealthChecks;
	}

	public void setConnHealthChecks(boolean connHealthChecks) {
		this.connHealthChecks = connHealthChecks;
	}

	public Duration getHealthCheckTimeout() {
		return this.healthCheckTimeout;
	}

	public void setHealthCheckTimeout(Duration healthCheckTimeout) {
		// DurationPropertiesCheck refuses a bound value out of range, LifecyclePolicy any other
		this.healthCheckTimeout = healthCheckTimeout;
	}

	public Duration getHealthCheckWindow() {
		return this.healthCheckWindow;
	}

	public void setHealthCheckWindow(Duration healthCheckWindow) {
		// DurationPropertiesCheck refuses a bound value out of range, LifecyclePolicy any other
		this.healthCheckWindow = healthCheckWindow;
	}

	public SessionReset getSessionReset() {
		return this.sessionReset;
	}

	public void setSessionReset(SessionReset sessionReset) {
		this.sessionReset = sessionReset;
	}

	public List<String> getSessionResetSql() {
		return this.sessionResetSql;
	}

	public void setSessionResetSql(List<String> sessionResetSql) {
		this.sessionResetSql = sessionResetSql;
	}

	public List<String> getInitSql() {
		return this.initSql;
	}

	public void setInitSql(List<String> initSql) {
		this.initSql = initSql;
	}

	public EncodingCheck getEncodingCheck() {
		return this.encodingCheck;
	}

	public void setEncodingCheck(EncodingCheck encodingCheck) {
		this.encodingCheck = encodingCheck;
	}

	/**
	 * How session state is reset, forced and checked, as these properties describe.
	 * @return the session policy
	 */
	public SessionPolicy toSessionPolicy() {
		return new SessionPolicy(this.sessionReset, this.sessionResetSql, this.initSql, this.encodingCheck);
	}

	/**
	 * The lifecycle rules these properties describe.
	 * @return the policy
	 */
	public LifecyclePolicy toPolicy() {
		return new LifecyclePolicy(this.connMaxAge, this.connHealthChecks, this.healthCheckTimeout,
				this.healthCheckWindow, this.connMaxAgeJitter);
	}

}
