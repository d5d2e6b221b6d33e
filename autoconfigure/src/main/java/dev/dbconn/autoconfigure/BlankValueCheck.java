package dev.dbconn.autoconfigure;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * Refuses an empty {@code db.*} value while it is bound. Boot turns an empty duration or enum value
 * ({@code db.health-check-timeout=}) into no value at all, which would leave the default in place
 * without a word, and an empty list element ({@code db.init-sql[0]=}) into a blank statement that
 * fails every request. An empty list ({@code db.init-sql=}) stays allowed: it means no statements.
 * Only dbconn's own keys are judged: a {@code db.*} key of the application's, bound to a class of its
 * own, binds as Boot binds it (an empty value to no value).
 */
final class BlankValueCheck extends AbstractBindHandler {

	/** The list properties whose elements are SQL statements. */
	private static final Set<ConfigurationPropertyName> STATEMENTS = Set
		.of(UnknownProperties.PREFIX.append("init-sql"), UnknownProperties.PREFIX.append("session-reset-sql"));

	BlankValueCheck(BindHandler parent) {
		super(parent);
	}

	@Override
	public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
		Object bound = super.onSuccess(name, target, context, result);
		if (bound instanceof String statement && statement.isBlank() && name.isLastElementIndexed()
				&& STATEMENTS.contains(UnknownProperties.topLevel(name.getParent()))) {
			throw blank(name, context);
		}
		return bound;
	}

	@Override
	public Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
			Exception error) throws Exception {
		// a primitive (true/false, a number) fails Boot's own conversion of the empty value
		if (isBlankValueOf(name, target, context)) {
			throw blank(name, context);
		}
		return super.onFailure(name, target, context, error);
	}

	@Override
	public void onFinish(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result)
			throws Exception {
		if (result == null && isBlankValueOf(name, target, context)) {
			throw blank(name, context);
		}
		super.onFinish(name, target, context, result);
	}

	/** Whether a single-valued {@code db.*} property is being bound from an empty value. */
	private static boolean isBlankValueOf(ConfigurationPropertyName name, Bindable<?> target, BindContext context) {
		ConfigurationProperty property = context.getConfigurationProperty();
		Class<?> type = target.getType().resolve(Object.class);
		return UnknownProperties.PREFIX.isAncestorOf(name) && UnknownProperties.DBCONN.isKnown(name) && property != null
				&& property.getName().equals(name)
				&& property.getValue() instanceof String text && text.isBlank()
				&& !Collection.class.isAssignableFrom(type) && !Map.class.isAssignableFrom(type) && !type.isArray();
	}

	private static IllegalArgumentException blank(ConfigurationPropertyName name, BindContext context) {
		boolean statement = name.isLastElementIndexed();
		return new IllegalArgumentException(DbConnPropertiesFailureAnalyzer.INVALID_VALUE
				+ DurationPropertiesCheck.value(context) + "': " + (statement ? "a statement must not be blank"
						: "must not be empty")
				+ "; use " + DbConnPropertiesFailureAnalyzer.acceptedValues(name.toString()));
	}

}
