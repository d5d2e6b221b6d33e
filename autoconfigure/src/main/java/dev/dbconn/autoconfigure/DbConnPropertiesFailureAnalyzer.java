package dev.dbconn.autoconfigure;

import dev.dbconn.lifecycle.ConnMaxAge;
import dev.dbconn.lifecycle.LifecyclePolicy;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Explains a {@code db.*} property that could not be bound: which property, the value given, and the
 * values it accepts. Placed before Boot's own analyzer of the same failure, which would otherwise
 * answer first where its jar comes first on the class path; a key dbconn does not know (one of the
 * application's own {@code db.*} properties) is left to Boot's.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class DbConnPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

	/** How dbconn's messages about a value start, followed by the value and a closing quote. */
	static final String INVALID_VALUE = "Invalid value '";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		String name = UnknownProperties.asWritten(cause.getName());
		if (name.equals("db") && cause.getTarget().getType().resolve(Object.class) == DbConnProperties.class) {
			// a setter refused the value; its message names the property
			return new FailureAnalysis(rootMessage(cause), "Correct the property named above.", cause);
		}
		if (!name.startsWith("db.") || !UnknownProperties.DBCONN.isKnown(cause.getName())) {
			return null;
		}
		ConfigurationProperty property = cause.getProperty();
		String origin = (property != null && property.getOrigin() != null) ? " (" + property.getOrigin() + ")" : "";
		String description = "Invalid value for property '" + name + "'" + origin + ": " + reason(cause, property);
		return new FailureAnalysis(description, "Set '" + name + "' to " + acceptedValues(name) + ".", cause);
	}

	static String acceptedValues(String name) {
		// a list element (db.init-sql[0]) is judged as its list
		String property = name.substring(name.lastIndexOf('.') + 1).replaceFirst("\\[.*]$", "");
		return switch (property) {
			case "conn-max-age" -> ConnMaxAge.ACCEPTED_FORMS;
			case "conn-max-age-jitter" -> JitterPropertyCheck.ACCEPTED_VALUES;
			case "enabled", "conn-health-checks" -> "true or false";
			case "health-check-timeout" -> "a positive duration up to "
					+ LifecyclePolicy.LONGEST_HEALTH_CHECK_TIMEOUT.toSeconds()
					+ "s (about 68 years): a number of seconds (5) or a duration (500ms, 5s)";
			case "health-check-window" -> "zero or a positive duration up to " + ConnMaxAge.LONGEST.toSeconds()
					+ "s: a number of seconds (2) or a duration (500ms, 2s)";
			case "session-reset" -> "auto, always or never";
			case "encoding-check" -> "warn, fail or off";
			case "init-sql", "session-reset-sql" -> "SQL statements, none of them blank (an empty list for none)";
			default -> "a valid value";
		};
	}

	/**
	 * The root message when it is dbconn's own (ConnMaxAge, DurationPropertiesCheck), which says what
	 * is wrong with the value; otherwise the value alone, since Boot's converters word their messages
	 * for Java developers ("No enum constant ...") and the action lists what is accepted.
	 */
	private static String reason(BindException ex, ConfigurationProperty property) {
		String message = rootMessage(ex);
		if (property == null || (message != null && message.startsWith(INVALID_VALUE))) {
			return message;
		}
		return INVALID_VALUE + property.getValue() + "'";
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getMessage();
	}

}
