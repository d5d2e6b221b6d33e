package dev.dbconn.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless {@code db.enabled} is {@code false}. Unlike a property condition, which takes any
 * value but {@code true} for {@code false}, a value that is neither ({@code db.enabled=maybe}) fails
 * start-up with the report of a bad property value, rather than turning dbconn off without a word.
 */
class DbConnEnabledCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		boolean enabled = Binder.get(context.getEnvironment()).bind("db.enabled", Boolean.class).orElse(true);
		return enabled ? ConditionOutcome.match("db.enabled is not false")
				: ConditionOutcome.noMatch("db.enabled is false");
	}

}
