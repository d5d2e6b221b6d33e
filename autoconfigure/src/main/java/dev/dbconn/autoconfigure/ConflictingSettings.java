package dev.dbconn.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import dev.dbconn.lifecycle.ConnMaxAge;
import dev.dbconn.lifecycle.Finding;
import dev.dbconn.lifecycle.Finding.Severity;
import dev.dbconn.lifecycle.Seconds;
import dev.dbconn.lifecycle.SessionReset;

/**
 * Settings of one DataSource that each make sense alone but together leave one of them without
 * effect: a health-check window with health checks off or not shorter than conn-max-age, a reset SQL
 * that is never run, a jitter with nothing to shorten, settings of an excluded DataSource. None of
 * them puts data at risk, so none fails start-up (as Boot ignores a setting another one overrides);
 * each is a WARN finding naming both properties and what to change.
 */
final class ConflictingSettings {

	private ConflictingSettings() {
	}

	/**
	 * The conflicts among a DataSource bean's settings.
	 * @param beanName the DataSource's bean name
	 * @param settings the settings of every DataSource
	 * @return the findings, empty when the settings agree
	 */
	static List<Finding> of(String beanName, DataSourceSettings settings) {
		List<Finding> findings = new ArrayList<>();
		if (settings.isExcluded(beanName)) {
			if (settings.hasOwnLifecycleSettings(beanName)) {
				findings.add(warning("Its settings under " + UnknownProperties.DATASOURCES + "." + beanName
						+ ".* have no effect: it is excluded and keeps no lifecycle.",
						"Remove them, or remove '" + beanName + "' from " + DataSourceSettings.EXCLUDED + " and set "
								+ UnknownProperties.DATASOURCES + "." + beanName + ".enabled to true."));
			}
			return findings;
		}
		UnaryOperator<String> property = settings.propertyNames(beanName);
		LifecycleProperties own = settings.forDataSource(beanName);
		ConnMaxAge maxAge = own.getConnMaxAge();
		Duration window = own.getHealthCheckWindow();
		String ageText = property.apply("conn-max-age") + " (" + maxAge + ")";
		String windowText = property.apply("health-check-window") + " (" + Seconds.text(window) + ")";
		if (!window.isZero() && !own.isConnHealthChecks()) {
			findings.add(warning(windowText + " has no effect: health checks are off ("
					+ property.apply("conn-health-checks") + ").",
					"Set " + property.apply("conn-health-checks") + " to true, or remove "
							+ property.apply("health-check-window") + "."));
		}
		else if (!window.isZero() && !maxAge.isUnlimited() && window.compareTo(maxAge.toDuration()) >= 0) {
			findings.add(warning(windowText + " is not shorter than " + ageText + ": every kept connection last "
					+ "completed a request within the window, so its health check is always skipped.",
					"Set " + property.apply("health-check-window") + " below " + property.apply("conn-max-age")
							+ " (0 checks every time)."));
		}
		if (!own.getSessionResetSql().isEmpty() && own.getSessionReset() == SessionReset.NEVER) {
			findings.add(warning(property.apply("session-reset-sql") + " is never run: "
					+ property.apply("session-reset") + " is never.",
					"Set " + property.apply("session-reset") + " to auto or always, or remove "
							+ property.apply("session-reset-sql") + "."));
		}
		if (settings.isSet(beanName, "conn-max-age-jitter") && own.getConnMaxAgeJitter() > 0
				&& (maxAge.isZero() || maxAge.isUnlimited())) {
			findings.add(warning(property.apply("conn-max-age-jitter") + " (" + own.getConnMaxAgeJitter()
					+ ") has no effect: " + ageText + " gives no age to shorten.",
					"Remove " + property.apply("conn-max-age-jitter") + ", or set " + property.apply("conn-max-age")
							+ " to a duration."));
		}
		return findings;
	}

	private static Finding warning(String message, String fix) {
		return new Finding(Severity.WARNING, message, fix);
	}

}
