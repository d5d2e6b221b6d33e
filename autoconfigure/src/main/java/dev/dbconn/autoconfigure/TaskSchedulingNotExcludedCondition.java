package dev.dbconn.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless the application excluded Boot's {@link TaskSchedulingAutoConfiguration}: then Boot
 * defines no task scheduler, and dbconn does not define one in its place either.
 */
class TaskSchedulingNotExcludedCondition extends SpringBootCondition {

	private static final String TASK_SCHEDULING = TaskSchedulingAutoConfiguration.class.getName();

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		boolean excluded = context.getBeanFactory() != null
				&& ConditionEvaluationReport.get(context.getBeanFactory()).getExclusions().contains(TASK_SCHEDULING);
		return excluded ? ConditionOutcome.noMatch(TASK_SCHEDULING + " is excluded")
				: ConditionOutcome.match(TASK_SCHEDULING + " is not excluded");
	}

}
