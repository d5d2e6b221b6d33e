package dev.dbconn.autoconfigure;

import dev.dbconn.lifecycle.LifecyclePolicy;

import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;

/**
 * Checks {@code conn-max-age-jitter} while it is bound: a number outside 0 to 1 fails the binding of
 * that property, so that the failure report names the property, where it was set and the value as
 * written, with the values it accepts. A value that is not a number at all is Boot's conversion
 * failure, reported the same way.
 */
final class JitterPropertyCheck extends AbstractBindHandler {

	/** The values the property accepts, for error messages. */
	static final String ACCEPTED_VALUES = "a fraction from 0 to 1 (0.1 shortens each connection's conn-max-age "
			+ "by up to a tenth; 0 keeps it exact)";

	private static final String PROPERTY = "conn-max-age-jitter";

	JitterPropertyCheck(BindHandler parent) {
		super(parent);
	}

	@Override
	public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
		Object bound = super.onSuccess(name, target, context, result);
		if (bound instanceof Double jitter && !LifecyclePolicy.isValidJitter(jitter) && isJitter(name)) {
			throw new IllegalArgumentException(DbConnPropertiesFailureAnalyzer.INVALID_VALUE
					+ DurationPropertiesCheck.value(context) + "': must be from 0 to 1; use " + ACCEPTED_VALUES);
		}
		return bound;
	}

	private static boolean isJitter(ConfigurationPropertyName name) {
		return name.getNumberOfElements() > 1 && name.getElement(0, Form.DASHED).equals("db")
				&& name.getLastElement(Form.DASHED).equals(PROPERTY);
	}

}
