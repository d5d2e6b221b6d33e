package dev.dbconn.autoconfigure;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.dbconn.actuate.DbConnectionsEndpoint;
import dev.dbconn.jdbc.driver.DriverSupport;
import dev.dbconn.jdbc.pool.PoolSupport;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.util.ReflectionUtils;

/**
 * What dbconn needs in a native image beyond what Spring and Boot register for it (its
 * auto-configurations, the binding of {@code db.*}, the failure analyzers in
 * {@code META-INF/spring.factories}, the endpoint's operations): the driver, pool and Spring classes
 * it looks up by name, without which it would quietly fall back to plain JDBC; and the property
 * classes it reads and writes as JavaBeans to resolve each DataSource's settings; and the one field
 * of Spring's it reads (a lazy proxy's read-only DataSource). dbconn reads no
 * resource of its own at run time and makes no JDK proxies.
 */
class DbConnRuntimeHints implements RuntimeHintsRegistrar {

	/** The classes whose properties are copied with a {@code BeanWrapper}. */
	static final List<Class<?>> PROPERTY_CLASSES = List.of(LifecycleProperties.class, DbConnProperties.class,
			DbConnProperties.DataSourceOverrides.class);

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		for (String className : classesLookedUpByName()) {
			hints.reflection().registerTypeIfPresent(classLoader, className);
		}
		for (Class<?> type : PROPERTY_CLASSES) {
			hints.reflection().registerType(type, MemberCategory.INVOKE_PUBLIC_METHODS);
		}
		Field readOnly = readOnlyDataSourceField();
		if (readOnly != null) {
			hints.reflection().registerField(readOnly);
		}
	}

	/**
	 * The read-only DataSource of Spring's lazy proxy, which has no getter: read to warn when it is
	 * not a bean.
	 * @return the field, or {@code null} when this Spring version has none
	 */
	static Field readOnlyDataSourceField() {
		return ReflectionUtils.findField(LazyConnectionDataSourceProxy.class,
				LifecycleDataSourcePostProcessor.READ_ONLY_DATA_SOURCE, DataSource.class);
	}

	/**
	 * Every class dbconn asks for by name ({@code ClassUtils.isPresent}), where it may be absent.
	 * @return the class names
	 */
	static List<String> classesLookedUpByName() {
		List<String> names = new ArrayList<>(DriverSupport.driverConnectionTypeNames());
		names.addAll(PoolSupport.poolClassNames());
		names.add(StartupReview.WEB_APPLICATION_CONTEXT);
		names.add(StartupReview.OPEN_IN_VIEW_INTERCEPTOR);
		return names;
	}

	/**
	 * The {@code dbconnections} endpoint's answers, which Jackson writes from their record
	 * components.
	 */
	static class EndpointHints implements RuntimeHintsRegistrar {

		@Override
		public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
			new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(),
					DbConnectionsEndpoint.DbConnectionsReport.class, DbConnectionsEndpoint.DataSourceReport.class);
		}

	}

}
