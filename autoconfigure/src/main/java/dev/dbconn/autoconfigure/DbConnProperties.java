package dev.dbconn.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import dev.dbconn.lifecycle.ConnMaxAge;
import dev.dbconn.lifecycle.LifecyclePolicy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * Configuration of dbconn's connection lifecycle, under {@code db.*}.
 */
@ConfigurationProperties("db")
public class DbConnProperties {

	/**
	 * Whether to give the application's DataSources Django's connection lifecycle.
	 */
	private boolean enabled = true;

	/**
	 * How long to keep a physical connection for reuse by later requests: a number of seconds (600),
	 * a duration (10m, PT10M), or 'unlimited'. 0 closes it at the end of each request.
	 */
	private ConnMaxAge connMaxAge = ConnMaxAge.ZERO;

	/**
	 * Whether to check a kept connection once per request, before its first use, and replace it
	 * transparently when the server has dropped it.
	 */
	private boolean connHealthChecks = false;

	/**
	 * How long a health check, or the check of a connection after an error, may take before the
	 * connection counts as dead. Rounded up to whole seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration healthCheckTimeout = Duration.ofSeconds(5);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
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
		if (healthCheckTimeout == null || healthCheckTimeout.isNegative() || healthCheckTimeout.isZero()) {
			// thrown from a setter, Boot reports the whole group: name the property here
			throw new IllegalArgumentException("Invalid value '" + healthCheckTimeout
					+ "' for property 'db.health-check-timeout': use "
					+ DbConnPropertiesFailureAnalyzer.acceptedValues("db.health-check-timeout"));
		}
		this.healthCheckTimeout = healthCheckTimeout;
	}

	/**
	 * The lifecycle rules these properties describe.
	 * @return the policy
	 */
	public LifecyclePolicy toPolicy() {
		return new LifecyclePolicy(this.connMaxAge, this.connHealthChecks, this.healthCheckTimeout);
	}

}
