package dev.dbconn.integration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import dev.dbconn.lifecycle.SqlErrors;
import dev.dbconn.testsupport.TestDatabase.Kind;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.dao.DataAccessException;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoints of the soak ({@link SoakTests}), one per {@link SoakKind}, each called with an id of
 * its own. Each reads the session's settings first and answers {@code ok;<settings>} (and more for
 * some kinds, see each), or, when something fails, {@code 500} with {@code <meaning>;<SQLState>;<error>},
 * the meaning as dbconn classifies the error ({@link SqlErrors.Kind}), so that the client can tell a
 * request that failed because its backend was killed from any other failure.
 */
@RestController
@RequestMapping("/soak")
@ConditionalOnBooleanProperty("it.soak")
class SoakController {

	/** What HikariCP's connection says, without an SQLState, once HikariCP has closed it. */
	private static final String POOL_CLOSED = "Connection is closed";

	private static final String INSERT = "insert into " + SoakSql.TABLE + " (id, part, kind, label) values (?, ?, ?, ?)";

	private final JdbcTemplate jdbcTemplate;

	private final DataSource dataSource;

	private final TransactionTemplate transactions;

	private final SoakConfiguration.Tasks tasks;

	private final SoakSql sql;

	SoakController(JdbcTemplate jdbcTemplate, DataSource dataSource, PlatformTransactionManager transactionManager,
			SoakConfiguration.Tasks tasks, @Value("${it.database-kind}") Kind kind) {
		this.jdbcTemplate = jdbcTemplate;
		this.dataSource = dataSource;
		this.transactions = new TransactionTemplate(transactionManager);
		this.tasks = tasks;
		this.sql = SoakSql.of(kind);
	}

	@GetMapping("/query")
	String query(@RequestParam long id) {
		String settings = settings();
		this.jdbcTemplate.queryForObject("select count(*) from " + SoakSql.TABLE + " where id = ?", Long.class, id);
		return ok(settings);
	}

	/** Answers once the syntax error came as one, and the next statement on the connection worked. */
	@GetMapping("/statement-error")
	String statementError(@RequestParam long id) {
		String settings = settings();
		expectError(() -> this.jdbcTemplate.execute("selec 1"), "42");
		this.jdbcTemplate.queryForObject("select 1", Integer.class);
		return ok(settings);
	}

	@GetMapping("/data-error")
	String dataError(@RequestParam long id) {
		String settings = settings();
		expectError(() -> insert(id, 0, SoakKind.DATA_ERROR, SoakSql.TOO_LONG), "22");
		return ok(settings);
	}

	@GetMapping("/integrity-error")
	String integrityError(@RequestParam long id) {
		String settings = settings();
		expectError(() -> insert(SoakSql.SEED_ID, 0, SoakKind.INTEGRITY_ERROR, "again"), "23");
		return ok(settings);
	}

	/** Auto-commit off through JDBC, a row inserted, and the handle closed without a commit. */
	@GetMapping("/leaked-jdbc-transaction")
	String leakedJdbcTransaction(@RequestParam long id) throws SQLException {
		String settings = settings();
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
				statement.setLong(1, id);
				statement.setInt(2, 0);
				statement.setString(3, SoakKind.LEAKED_JDBC_TRANSACTION.name());
				statement.setString(4, "left open");
				statement.executeUpdate();
			}
		}
		return ok(settings);
	}

	@GetMapping("/leaked-sql-transaction")
	String leakedSqlTransaction(@RequestParam long id) {
		String settings = settings();
		this.jdbcTemplate.execute("BEGIN");
		insert(id, 0, SoakKind.LEAKED_SQL_TRANSACTION, "left open");
		return ok(settings);
	}

	@GetMapping("/sql-transaction")
	String sqlTransaction(@RequestParam long id) {
		String settings = settings();
		this.jdbcTemplate.execute("BEGIN");
		insert(id, 0, SoakKind.SQL_TRANSACTION, "first");
		insert(id, 1, SoakKind.SQL_TRANSACTION, "second");
		this.jdbcTemplate.execute("COMMIT");
		return ok(settings);
	}

	@GetMapping("/jdbc-transaction")
	String jdbcTransaction(@RequestParam long id) {
		String settings = settings();
		this.transactions.executeWithoutResult((status) -> {
			insert(id, 0, SoakKind.JDBC_TRANSACTION, "first");
			insert(id, 1, SoakKind.JDBC_TRANSACTION, "second");
		});
		return ok(settings);
	}

	/** Answers {@code ok;<settings before>;<settings after the SETs>}. */
	@GetMapping("/session-set")
	String sessionSet(@RequestParam long id) {
		String settings = settings();
		this.sql.set(id).forEach(this.jdbcTemplate::execute);
		return ok(settings) + ";" + settings();
	}

	/** Answers {@code ok;<settings on the request thread>;<settings in the async part>}. */
	@GetMapping("/async-request")
	Callable<String> asyncRequest(@RequestParam long id) {
		String settings = settings();
		return () -> {
			String later = settings();
			insert(id, 0, SoakKind.ASYNC_REQUEST, "async part");
			return ok(settings) + ";" + later;
		};
	}

	@GetMapping("/async-task")
	String asyncTask(@RequestParam long id) {
		this.tasks.submitted();
		this.tasks.run(id);
		return ok(settings());
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<String> failed(Exception ex) {
		return ResponseEntity.internalServerError().body(describe(ex));
	}

	/**
	 * How a failure reads: dbconn's meaning of the first SQL exception in its causes, its SQLState,
	 * and the exception.
	 */
	static String describe(Throwable failure) {
		SQLException sql = sqlCause(failure);
		String meaning = (sql != null) ? SqlErrors.classify(sql).name() : "NOT_SQL";
		if (sql != null && sql.getSQLState() == null && POOL_CLOSED.equals(sql.getMessage())) {
			// HikariCP closed the connection after the server dropped it, and a later call on it (Spring's
			// rollback after a failed statement or commit) failed with this, hiding the first error
			meaning = SqlErrors.Kind.CONNECTION_LOST.name();
		}
		Throwable shown = (sql != null) ? sql : failure;
		String message = String.valueOf(shown.getMessage()).lines().findFirst().orElse("");
		return meaning + ";" + ((sql != null) ? sql.getSQLState() : "") + ";" + shown.getClass().getSimpleName() + ": "
				+ message;
	}

	private static SQLException sqlCause(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql) {
				return sql;
			}
		}
		return null;
	}

	private String settings() {
		return this.jdbcTemplate.queryForObject(this.sql.read, String.class);
	}

	private void insert(long id, int part, SoakKind kind, String label) {
		this.jdbcTemplate.update(INSERT, id, part, kind.name(), label);
	}

	private static String ok(String settings) {
		return "ok;" + settings;
	}

	/**
	 * Run a statement that must fail with an SQLState of the given class; any other failure goes on
	 * to the request's answer.
	 */
	private static void expectError(Runnable statement, String sqlStateClass) {
		try {
			statement.run();
		}
		catch (DataAccessException ex) {
			SQLException sql = sqlCause(ex);
			if (sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith(sqlStateClass)) {
				return;
			}
			throw ex;
		}
		throw new IllegalStateException("The statement did not fail with SQLState class " + sqlStateClass);
	}

}
