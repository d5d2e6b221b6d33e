package dev.dbconn.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import dev.dbconn.jdbc.LifecycleDataSource;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Finds the dbconn DataSources of an application context.
 */
final class LifecycleDataSources {

	private LifecycleDataSources() {
	}

	/**
	 * The dbconn DataSources by bean name. DataSource beans are declared with their pool's type; only
	 * the created beans show that they are wrapped, so this looks at created DataSources: the bean
	 * itself, or the lifecycle placed beneath a proxy bean (lazy, transaction-aware) over a pool that
	 * is not a bean, which bears the proxy's name.
	 */
	static Map<String, LifecycleDataSource> byName(ListableBeanFactory beanFactory) {
		Map<String, LifecycleDataSource> found = new LinkedHashMap<>();
		beanFactory.getBeansOfType(DataSource.class, false, false).forEach((name, dataSource) -> {
			if (dataSource instanceof LifecycleDataSource lifecycle) {
				found.put(name, lifecycle);
			}
			else if (dataSource instanceof DelegatingDataSource proxy
					&& proxy.getTargetDataSource() instanceof LifecycleDataSource beneath && beneath.getName().equals(name)) {
				found.put(name, beneath);
			}
		});
		return found;
	}

}
