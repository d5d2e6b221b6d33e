package dev.dbconn.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import dev.dbconn.lifecycle.ConnMaxAge;
import dev.dbconn.lifecycle.LifecyclePolicy;

import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * Checks dbconn's {@link Duration} properties while they are bound: a value that is not positive,
 * longer than the property accepts, or not a duration at all fails the binding of that property, so
 * that the failure report names the property, where it was set and the value as written, with the
 * forms the property accepts. Boot converts these properties itself; this only judges the result.
 * <p>
 * A new duration property gets the same treatment by adding it to {@link #LONGEST}; the same
 * property of one DataSource ({@code db.datasources.<bean-name>.*}) is checked the same way.
 */
final class DurationPropertiesCheck extends AbstractBindHandler {

	private static final ConfigurationPropertyName HEALTH_CHECK_WINDOW = ConfigurationPropertyName
		.of("db.health-check-window");

	/** dbconn's duration properties, each with the longest value it accepts; all must be positive. */
	static final Map<ConfigurationPropertyName, Duration> LONGEST = Map.of(
			ConfigurationPropertyName.of("db.health-check-timeout"), LifecyclePolicy.LONGEST_HEALTH_CHECK_TIMEOUT,
			HEALTH_CHECK_WINDOW, ConnMaxAge.LONGEST);

	/** The duration properties for which zero means something (off), rather than being refused. */
	private static final Set<ConfigurationPropertyName> ZERO_ALLOWED = Set.of(HEALTH_CHECK_WINDOW);

	DurationPropertiesCheck(BindHandler parent) {
		super(parent);
	}

	@Override
	public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
		Object bound = super.onSuccess(name, target, context, result);
		ConfigurationPropertyName property = UnknownProperties.topLevel(name);
		Duration longest = LONGEST.get(property);
		if (longest != null && bound instanceof Duration duration) {
			if (duration.isNegative() || (duration.isZero() && !ZERO_ALLOWED.contains(property))) {
				throw new InvalidDuration(name, context, ZERO_ALLOWED.contains(property) ? "must not be negative"
						: "must be positive");
			}
			if (duration.compareTo(longest) > 0) {
				throw new InvalidDuration(name, context, "too large");
			}
		}
		return bound;
	}

	@Override
	public Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
			Exception error) throws Exception {
		ConfigurationPropertyName property = UnknownProperties.topLevel(name);
		// a message of dbconn's own (an empty value, BlankValueCheck) already says what is wrong
		if (String.valueOf(error.getMessage()).startsWith(DbConnPropertiesFailureAnalyzer.INVALID_VALUE)
				|| !LONGEST.containsKey(property)) {
			return super.onFailure(name, target, context, error);
		}
		if (isOverflow(error)) {
			boolean negative = String.valueOf(value(context)).trim().startsWith("-");
			String sign = ZERO_ALLOWED.contains(property) ? "must not be negative" : "must be positive";
			throw new InvalidDuration(name, context, negative ? sign : "too large");
		}
		throw new InvalidDuration(name, context, null);
	}

	/** Boot's conversion reports a number too long for a {@code long} or a {@link Duration} so. */
	private static boolean isOverflow(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof NumberFormatException || cause instanceof ArithmeticException) {
				return true;
			}
		}
		return false;
	}

	/** The value as written, where it was set. */
	static Object value(BindContext context) {
		ConfigurationProperty property = context.getConfigurationProperty();
		return (property != null) ? property.getValue() : null;
	}

	/** A duration property's value refused, in the words of {@code ConnMaxAge.parse}. */
	static final class InvalidDuration extends IllegalArgumentException {

		InvalidDuration(ConfigurationPropertyName name, BindContext context, String problem) {
			super(DbConnPropertiesFailureAnalyzer.INVALID_VALUE + value(context) + "': "
					+ ((problem != null) ? problem + "; " : "") + "use "
					+ DbConnPropertiesFailureAnalyzer.acceptedValues(name.toString()));
		}

	}

}
