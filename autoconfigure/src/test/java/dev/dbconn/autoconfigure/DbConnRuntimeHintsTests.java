package dev.dbconn.autoconfigure;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.stream.Stream;

import dev.dbconn.actuate.DbConnectionsEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hints a native image needs to run dbconn as it runs on the JVM, checked the way Spring checks
 * its own: with {@link RuntimeHintsPredicates} on what the registrars register.
 */
class DbConnRuntimeHintsTests {

	private static final RuntimeHints hints = registered();

	private static RuntimeHints registered() {
		RuntimeHints hints = new RuntimeHints();
		ClassLoader classLoader = DbConnRuntimeHintsTests.class.getClassLoader();
		new DbConnRuntimeHints().registerHints(hints, classLoader);
		new DbConnRuntimeHints.EndpointHints().registerHints(hints, classLoader);
		return hints;
	}

	/** Without these a native image would answer "absent" and dbconn would use plain JDBC only. */
	@ParameterizedTest
	@ValueSource(strings = { "org.postgresql.core.BaseConnection", "org.mariadb.jdbc.Connection",
			"com.mysql.cj.jdbc.JdbcConnection", "com.zaxxer.hikari.HikariDataSource",
			"org.springframework.web.context.WebApplicationContext",
			"org.springframework.orm.jpa.support.OpenEntityManagerInViewInterceptor" })
	void aClassLookedUpByNameIsRegistered(String className) {
		assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of(className))).accepts(hints);
	}

	@Test
	void theLazyProxysReadOnlyDataSourceCanBeRead() {
		assertThat(RuntimeHintsPredicates.reflection()
			.onFieldAccess(ReflectionUtils.findField(LazyConnectionDataSourceProxy.class, "readOnlyDataSource"))).accepts(hints);
	}

	@ParameterizedTest
	@MethodSource("propertyAccessors")
	void aPropertyCanBeReadAndWrittenAsAJavaBean(Method accessor) {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(accessor)).accepts(hints);
	}

	static Stream<Method> propertyAccessors() {
		return DbConnRuntimeHints.PROPERTY_CLASSES.stream()
			.flatMap((type) -> Arrays.stream(type.getDeclaredMethods()))
			.filter((method) -> Modifier.isPublic(method.getModifiers())
					&& method.getName().matches("(get|set|is)[A-Z].*"));
	}

	@ParameterizedTest
	@MethodSource("endpointAnswerComponents")
	void everyPartOfTheEndpointAnswerCanBeWritten(Method accessor) {
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(accessor)).accepts(hints);
	}

	static Stream<Method> endpointAnswerComponents() {
		return Arrays.stream(DbConnectionsEndpoint.class.getDeclaredClasses())
			.filter(Class::isRecord)
			.flatMap((type) -> Arrays.stream(type.getRecordComponents()))
			.map(RecordComponent::getAccessor);
	}

}
