package dev.dbconn.spring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import dev.dbconn.autoconfigure.DbConnAutoConfiguration;
import dev.dbconn.spring.SecuritySessionApplication.WatchedPool;
import dev.dbconn.testsupport.RunNames;
import dev.dbconn.testsupport.Setup;
import dev.dbconn.testsupport.SetupSource;
import dev.dbconn.testsupport.SpringStack;
import dev.dbconn.testsupport.TestDatabase;
import dev.dbconn.testsupport.TestDatabase.Kind;
import dev.dbconn.web.UnitOfWorkFilter;
import org.junit.jupiter.params.ParameterizedTest;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.AbstractFilterRegistrationBean;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.boot.web.servlet.ServletContextInitializerBeans;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.session.web.http.SessionRepositoryFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Security looking users up with {@code JdbcUserDetailsManager} and Spring Session JDBC, as
 * Boot sets them up, beside dbconn: dbconn's request filter comes before both in the container's
 * filter chain, so the user lookup, the session's load and save and the handler's query all run on
 * one loan of one pooled connection, on one backend of the server.
 */
class SecuritySessionTests {

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private static final String AUTHORIZATION = "Basic "
			+ Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));

	@ParameterizedTest
	@SetupSource
	void theFiltersQueriesShareTheRequestsConnection(Setup setup) throws Exception {
		TestDatabase database = setup.database();
		String tables = RunNames.of("dbconn_ss");
		createTables(database, tables);
		try (ConfigurableApplicationContext context = start(setup, tables)) {
			assertFilterOrder(context);
			StatementLog log = context.getBean(StatementLog.class);
			WatchedPool pool = context.getBean(WatchedPool.class);
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			log.clear();
			pool.loans().set(0);

			HttpResponse<String> first = visit(port, null);
			assertThat(first.body()).isEqualTo("1 1");
			awaitReturned(pool);
			assertOneConnection(log, pool, "from " + tables + "_users", "from " + tables + "_authorities",
					"insert into " + tables + "_session ", "select count(*) from " + tables + "_users");

			String cookie = first.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
			log.clear();
			pool.loans().set(0);
			assertThat(visit(port, cookie).body()).isEqualTo("2 1");
			awaitReturned(pool);
			assertOneConnection(log, pool, "from " + tables + "_users", "from " + tables + "_session ",
					"update " + tables + "_session ", "select count(*) from " + tables + "_users");
		}
		finally {
			dropTables(database, tables);
		}
	}

	/**
	 * dbconn's registration comes before Spring Security's and Spring Session's in the order Boot
	 * registers filters with the container, and its order value is below theirs.
	 */
	private static void assertFilterOrder(ConfigurableApplicationContext context) {
		List<ServletContextInitializer> initializers = new ArrayList<>(
				new ServletContextInitializerBeans(context.getBeanFactory()));
		AbstractFilterRegistrationBean<?> dbconn = initializers.stream()
			.filter(AbstractFilterRegistrationBean.class::isInstance)
			.map((initializer) -> (AbstractFilterRegistrationBean<?>) initializer)
			.filter((registration) -> registration.getFilter() instanceof UnitOfWorkFilter)
			.findFirst()
			.orElseThrow();
		AbstractFilterRegistrationBean<?> session = proxyRegistration(context, initializers,
				SessionRepositoryFilter.class);
		AbstractFilterRegistrationBean<?> security = proxyRegistration(context, initializers, FilterChainProxy.class);
		assertThat(dbconn.getOrder()).isEqualTo(DbConnAutoConfiguration.FILTER_ORDER)
			.isLessThan(session.getOrder())
			.isLessThan(security.getOrder());
		assertThat(initializers.indexOf(dbconn)).isLessThan(initializers.indexOf(session))
			.isLessThan(initializers.indexOf(security));
	}

	// Boot registers both Spring Session's filter and Spring Security's as a proxy to their bean
	private static AbstractFilterRegistrationBean<?> proxyRegistration(ConfigurableApplicationContext context,
			List<ServletContextInitializer> initializers, Class<?> filterType) {
		return initializers.stream()
			.filter(DelegatingFilterProxyRegistrationBean.class::isInstance)
			.map(DelegatingFilterProxyRegistrationBean.class::cast)
			.filter((registration) -> filterType.isInstance(context.getBean(registration.getFilterName())))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no registration of a " + filterType.getSimpleName()));
	}

	private static void assertOneConnection(StatementLog log, WatchedPool pool, String... expected) {
		List<String> statements = log.entries()
			.stream()
			.map((entry) -> entry.sql().toLowerCase(Locale.ROOT).replaceAll("\\s+", " "))
			.toList();
		for (String part : expected) {
			assertThat(statements).as("the statements of the request").anyMatch((sql) -> sql.contains(part));
		}
		assertThat(pool.loans()).as("loans from the pool for " + statements).hasValue(1);
		assertThat(log.backends()).as("backends for " + statements).hasSize(1);
	}

	// the client has the response before the request's filters have ended
	private static void awaitReturned(WatchedPool pool) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (pool.pool().getHikariPoolMXBean().getActiveConnections() > 0) {
			assertThat(System.nanoTime() - deadline).as("connection returned to the pool").isNegative();
			Thread.sleep(5);
		}
	}

	private static HttpResponse<String> visit(int port, String cookie) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/visit"))
			.header("Authorization", AUTHORIZATION)
			.timeout(Duration.ofSeconds(30));
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response;
	}

	private static ConfigurableApplicationContext start(Setup setup, String tables) {
		TestDatabase database = setup.database();
		List<String> properties = new ArrayList<>(List.of("server.port=0", "spring.main.banner-mode=off",
				"it.tables=" + tables, "it.database-kind=" + database.kind(),
				"spring.datasource.url=" + database.jdbcUrl(), "spring.datasource.username=" + database.username(),
				"spring.datasource.password=" + database.password(),
				"spring.datasource.hikari.connection-timeout=5000", "spring.datasource.hikari.maximum-pool-size=4",
				"spring.session.jdbc.table-name=" + tables + "_session",
				"spring.session.jdbc.initialize-schema=never", "spring.session.jdbc.cleanup-cron=-",
				"db.conn-max-age=60", SpringStack.leaveOut(SpringStack.JPA, SpringStack.DATA_JDBC, SpringStack.FLYWAY)));
		properties.addAll(setup.properties());
		return new SpringApplicationBuilder(SecuritySessionApplication.class)
			.properties(properties.toArray(String[]::new))
			.run();
	}

	private static void createTables(TestDatabase database, String tables) throws IOException, SQLException {
		String script = new ClassPathResource("org/springframework/session/jdbc/schema-"
				+ ((database.kind() == Kind.POSTGRESQL) ? "postgresql" : "mysql") + ".sql")
			.getContentAsString(StandardCharsets.UTF_8)
			.replace("SPRING_SESSION", tables + "_session");
		try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
			dropTables(statement, tables);
			for (String ddl : script.split(";")) {
				if (!ddl.isBlank()) {
					statement.execute(ddl);
				}
			}
			statement.execute("create table " + tables
					+ "_users (username varchar(50) primary key, password varchar(100) not null, enabled boolean not null)");
			statement.execute("create table " + tables + "_authorities (username varchar(50), authority varchar(50))");
			statement.execute("insert into " + tables + "_users values ('alice', '{noop}secret', true)");
			statement.execute("insert into " + tables + "_authorities values ('alice', 'ROLE_USER')");
		}
	}

	private static void dropTables(TestDatabase database, String tables) throws SQLException {
		try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
			dropTables(statement, tables);
		}
	}

	private static void dropTables(Statement statement, String tables) throws SQLException {
		for (String table : List.of("_session_ATTRIBUTES", "_session", "_authorities", "_users")) {
			statement.execute("drop table if exists " + tables + table);
		}
	}

}
