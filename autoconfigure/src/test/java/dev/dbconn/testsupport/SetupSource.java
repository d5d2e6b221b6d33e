package dev.dbconn.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.AnnotationBasedArgumentsProvider;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.ParameterDeclarations;

import dev.dbconn.testsupport.PgBouncer.PoolMode;
import dev.dbconn.testsupport.TestDatabase.Kind;

/**
 * Runs a {@code @ParameterizedTest} once per {@link Setup} of the test matrix, passing the setup as
 * its first argument: every kind of database and driver, each with the pool in auto-commit mode and
 * with auto-commit off, and PostgreSQL through PgBouncer where the test asks for it. Each run doubles as a check that no physical connection is used by two
 * threads at once ({@link ConcurrentUseCheck}).
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ArgumentsSource(SetupSource.Provider.class)
@ExtendWith(ConcurrentUseCheck.class)
public @interface SetupSource {

	/**
	 * The kinds the test applies to.
	 * @return the kinds, empty (the default) for all
	 */
	Kind[] kinds() default {};

	/**
	 * Whether the test also runs with the pool's auto-commit off.
	 * @return {@code true} (the default) unless the test is about something that mode does not have
	 */
	boolean withPoolAutoCommitOff() default true;

	/**
	 * The PgBouncer pool modes the test also runs through, on PostgreSQL: for guarantees that hold
	 * for the application's connection whatever PgBouncer does with the server connections.
	 * @return the modes, none (the default) to connect to the servers directly only
	 */
	PoolMode[] pgBouncer() default {};

	/**
	 * Provides the setups the annotation and the run's system properties select.
	 */
	final class Provider extends AnnotationBasedArgumentsProvider<SetupSource> {

		@Override
		protected Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters,
				ExtensionContext context, SetupSource source) {
			return Setup.matrix(source.kinds(), source.withPoolAutoCommitOff(), source.pgBouncer())
				.stream()
				.map(Arguments::of);
		}

	}

}
