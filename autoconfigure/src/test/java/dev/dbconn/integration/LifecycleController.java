package dev.dbconn.integration;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.dbconn.jdbc.ConnectionInfo;
import dev.dbconn.testsupport.ServerSide;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.dao.DataAccessException;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints that each do one thing a real application does with its connection, and answer with
 * the backend ids the server reported.
 */
@RestController
class LifecycleController {

	private final BackendQueries queries;

	private final JdbcTemplate jdbcTemplate;

	private final DataSource dataSource;

	private final ServerSide serverSide;

	private final OuterService outerService;

	private CyclicBarrier gathering;
	private final Gate gate;

	LifecycleController(BackendQueries queries, JdbcTemplate jdbcTemplate, DataSource dataSource,
			ServerSide serverSide, OuterService outerService, Gate gate) {
		this.queries = queries;
		this.jdbcTemplate = jdbcTemplate;
		this.dataSource = dataSource;
		this.serverSide = serverSide;
		this.outerService = outerService;
		this.gate = gate;
	}

	@GetMapping("/backend")
	String backend() {
		return String.valueOf(this.queries.backend());
	}

	/**
	 * dbconn's id for the request's connection and the backend serving it; when the query fails,
	 * a 500 naming the connection, so that a test can tell which backend the failure met.
	 */
	@GetMapping("/connection-backend")
	ResponseEntity<String> connectionBackend() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			long id = connection.unwrap(ConnectionInfo.class).connectionId();
			try {
				return ResponseEntity.ok(id + "," + this.serverSide.backendId(connection));
			}
			catch (SQLException ex) {
				return ResponseEntity.internalServerError().body(Long.toString(id));
			}
		}
	}

	@GetMapping("/async")
	Callable<String> async() {
		long before = this.queries.backend();
		// runs on another thread after the container thread is released
		return () -> before + "," + this.queries.backend();
	}

	/** Holds its connection until {@code count} requests are inside at once, then answers with its backend. */
	@GetMapping("/together")
	String together(@RequestParam int count) throws Exception {
		long backend = this.queries.backend();
		CyclicBarrier gathering;
		synchronized (this) {
			if (this.gathering == null || this.gathering.getParties() != count || this.gathering.isBroken()) {
				this.gathering = new CyclicBarrier(count);
			}
			gathering = this.gathering;
		}
		gathering.await(30, TimeUnit.SECONDS);
		return String.valueOf(backend);
	}

	@GetMapping("/thread")
	String thread() {
		return Thread.currentThread().toString();
	}

	@GetMapping("/slow")
	String slow(@RequestParam long millis) throws InterruptedException {
		long atStart = this.queries.backend();
		Thread.sleep(millis);
		return atStart + "," + this.queries.backend();
	}

	/** Holds its connection at the gate until the test opens it. */
	@GetMapping("/held")
	String held() throws InterruptedException {
		long atStart = this.queries.backend();
		this.gate.pass();
		return atStart + "," + this.queries.backend();
	}

	@GetMapping("/syntax-error")
	String syntaxError() {
		long before = this.queries.backend();
		try {
			this.jdbcTemplate.execute("selec 1");
			throw new IllegalStateException("the statement should have failed");
		}
		catch (DataAccessException ex) {
			return before + "," + this.queries.backend();
		}
	}

	@GetMapping("/drop-mid-request")
	String dropMidRequest() throws SQLException {
		long before = this.queries.backend();
		this.serverSide.killBackend(before);
		boolean failed = false;
		try {
			this.queries.backend();
		}
		catch (DataAccessException ex) {
			failed = true;
		}
		return before + "," + failed + "," + this.queries.backend();
	}

	/**
	 * An error the request recovers from, then the backend is killed: the request ends on a
	 * connection that can no longer answer a check.
	 */
	@PostMapping("/error-then-killed")
	String errorThenKilled(@RequestParam String error, @RequestParam int id) throws SQLException {
		long backend = this.queries.backend();
		try {
			if (error.equals("duplicate-key")) {
				insert(id, "first");
				insert(id, "duplicate");
			}
			else {
				this.jdbcTemplate.execute("selec 1");
			}
			throw new IllegalStateException("the statement should have failed");
		}
		catch (DataAccessException ex) {
			// recovered from
		}
		this.serverSide.killBackend(backend);
		return String.valueOf(backend);
	}

	/** A query that may fail, answered with the driver's error code, and one more after it. */
	@GetMapping("/query-after-failure")
	String queryAfterFailure() {
		String error = "none";
		try {
			this.queries.backend();
		}
		catch (DataAccessException ex) {
			Throwable cause = ex;
			while (cause != null && !(cause instanceof SQLException)) {
				cause = cause.getCause();
			}
			error = (cause != null) ? String.valueOf(((SQLException) cause).getErrorCode()) : ex.toString();
		}
		return error + "," + this.queries.backend();
	}

	@PostMapping("/leave-auto-commit-off")
	String leaveAutoCommitOff(@RequestParam int id) throws SQLException {
		// hand-written JDBC that forgets to commit and to restore auto-commit
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			insert(connection, id, "auto-commit-off");
		}
		return String.valueOf(this.queries.backend());
	}

	@PostMapping("/leave-failed-call")
	String leaveFailedCall(@RequestParam int id, @RequestParam String procedure) throws SQLException {
		// hand-written JDBC whose call fails after it wrote, and that closes without a rollback
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (CallableStatement call = connection.prepareCall("{call " + procedure + "(?)}")) {
				call.setInt(1, id);
				call.execute();
			}
			catch (SQLException ex) {
				if (!"45000".equals(ex.getSQLState())) {
					throw ex;
				}
				// the procedure's own error, after its insert: the application goes on as if the call
				// had written nothing
			}
		}
		return String.valueOf(this.queries.backend());
	}

	@PostMapping("/leave-begin")
	String leaveBegin(@RequestParam int id) throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.createStatement().execute("BEGIN");
			insert(connection, id, "begin");
		}
		return String.valueOf(this.queries.backend());
	}

	@PostMapping("/leave-then-transactional")
	String leaveThenTransactional(@RequestParam int leftId, @RequestParam int transactionalId) throws SQLException {
		long backend = this.queries.backend();
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			insert(connection, leftId, "left uncommitted");
		}
		this.outerService.insert(transactionalId);
		return String.valueOf(backend);
	}

	@PostMapping("/manual-commit-then-plain-insert")
	String manualCommitThenPlainInsert(@RequestParam int firstId, @RequestParam int secondId) throws SQLException {
		long backend = this.queries.backend();
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			insert(connection, firstId, "committed by hand");
			connection.commit();
		}
		// a new handle, as from a pool: auto-commit is on again
		try (Connection connection = this.dataSource.getConnection()) {
			insert(connection, secondId, "auto-committed");
		}
		return String.valueOf(backend);
	}

	@PostMapping("/sql-transaction")
	String sqlTransaction(@RequestParam int firstId, @RequestParam int secondId, @RequestParam String end) {
		long backend = this.queries.backend();
		// each call below closes its handle: the transaction must outlive them, as in Django's request
		this.jdbcTemplate.execute("BEGIN");
		insert(firstId, "sql transaction");
		insert(secondId, "sql transaction");
		switch (end) {
			case "commit" -> this.jdbcTemplate.execute("COMMIT");
			case "fail" -> this.jdbcTemplate.execute("selec 1");
			// MariaDB and MySQL commit before a DDL statement, which then fails: the table is there
			case "failing-ddl" -> this.jdbcTemplate.execute("create table " + LifecycleTestApplication.TABLE + " (id int)");
			default -> {
				// return with the transaction open
			}
		}
		return String.valueOf(backend);
	}

	/**
	 * A transaction begun in SQL, then a {@code @Transactional} method: its JDBC transaction would end
	 * the SQL one with its commit. "refused" when it cannot begin; the SQL transaction is then rolled
	 * back.
	 */
	@PostMapping("/sql-transaction-then-transactional")
	String sqlTransactionThenTransactional(@RequestParam int firstId, @RequestParam int secondId) {
		long backend = this.queries.backend();
		this.jdbcTemplate.execute("BEGIN");
		insert(firstId, "sql transaction");
		String outcome;
		try {
			this.outerService.insert(secondId);
			outcome = "joined";
		}
		catch (TransactionException ex) {
			outcome = "refused";
		}
		this.jdbcTemplate.execute("ROLLBACK");
		return outcome + "," + backend;
	}

	@GetMapping("/pool-fatal-error")
	String poolFatalError() {
		long before = this.queries.backend();
		try {
			// SQLState 0A000: HikariCP closes the connection, though the server has not dropped it
			this.jdbcTemplate.queryForObject("select count(*) from " + LifecycleTestApplication.TABLE + " for update",
					Long.class);
			throw new IllegalStateException("the statement should have failed");
		}
		catch (DataAccessException ex) {
			return before + "," + this.queries.backend();
		}
	}

	@PostMapping("/requires-new")
	String requiresNew(@RequestParam int outerId, @RequestParam int innerId,
			@RequestParam(defaultValue = "false") boolean innerFirst) {
		this.outerService.insertBothThenFail(outerId, innerId, innerFirst);
		return "unreachable";
	}

	@GetMapping("/filter-and-handler")
	String filterAndHandler(HttpServletRequest request) {
		return request.getAttribute(QueryingFilter.BACKEND_ATTRIBUTE) + "," + this.queries.backend() + ","
				+ request.getAttribute(QueryingFilter.ACTIVE_ATTRIBUTE);
	}

	private void insert(int id, String label) {
		this.jdbcTemplate.update("insert into " + LifecycleTestApplication.TABLE + " (id, label) values (?, ?)", id,
				label);
	}

	private static void insert(Connection connection, int id, String label) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("insert into " + LifecycleTestApplication.TABLE + " (id, label) values (?, ?)")) {
			statement.setInt(1, id);
			statement.setString(2, label);
			statement.executeUpdate();
		}
	}

}
