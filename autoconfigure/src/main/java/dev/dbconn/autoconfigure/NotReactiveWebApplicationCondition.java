package dev.dbconn.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.ConfigurationCondition;

/**
 * Matches servlet web applications and non-web applications, not reactive ones.
 */
class NotReactiveWebApplicationCondition extends NoneNestedConditions {

	NotReactiveWebApplicationCondition() {
		super(ConfigurationCondition.ConfigurationPhase.PARSE_CONFIGURATION);
	}

	@ConditionalOnWebApplication(type = Type.REACTIVE)
	static class ReactiveWebApplication {

	}

}
