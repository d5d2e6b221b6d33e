package dev.dbconn.chaos;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import com.mysql.cj.jdbc.JdbcConnection;
import dev.dbconn.jdbc.UnitOfWork;
import dev.dbconn.testsupport.TestDatabase.Kind;
import org.postgresql.PGConnection;

/**
 * Clients that send requests to a DataSource one after another, with a pause between two, until
 * stopped. Each request is a unit of work, as {@code UnitOfWorkFilter} makes every HTTP request one:
 * some work of its own, then two handles on its connection, the first running a query, the second a
 * statement that lasts a couple of milliseconds on the server, so that a fault often meets a
 * statement under way. Each client records, for each of its requests, when it started, when its
 * first use of the database began, which backend served it and what it failed with.
 */
final class Load {

	/** How many clients send requests at once. */
	static final int CLIENTS = 32;

	// the request's work before its first query, and the client's pause between two requests
	private static final int WORK_MILLIS = 2;

	private static final int PAUSE_MILLIS = 60;

	private final DataSource dataSource;

	private final Kind kind;

	private final String slowStatement;

	private final List<Thread> threads = new ArrayList<>();

	private final List<List<Request>> requests = new ArrayList<>();

	private volatile boolean stopping;

	// while held, clients wait before their next request; counts those waiting
	private final Object gate = new Object();

	private boolean held;

	private int waiting;

	private Load(DataSource dataSource, Kind kind) {
		this.dataSource = dataSource;
		this.kind = kind;
		this.slowStatement = (kind == Kind.POSTGRESQL) ? "select pg_sleep(0.002)" : "select sleep(0.002)";
	}

	/**
	 * Start the clients.
	 * @param dataSource the DataSource they send requests to
	 * @param kind the database behind it
	 * @return the running load
	 */
	static Load start(DataSource dataSource, Kind kind) {
		Load load = new Load(dataSource, kind);
		for (int client = 0; client < CLIENTS; client++) {
			List<Request> own = new ArrayList<>();
			load.requests.add(own);
			int number = client;
			Thread thread = new Thread(() -> load.run(number, own), "chaos-client-" + client);
			thread.setDaemon(true);
			load.threads.add(thread);
		}
		load.threads.forEach(Thread::start);
		return load;
	}

	/**
	 * Let each client finish the request it is sending and wait before its next, until
	 * {@link #release()}: then no request is under way and every connection is back in the pool.
	 * @param within how long the clients may take
	 * @throws AssertionError when they have not all finished in time
	 */
	void hold(Duration within) throws InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		synchronized (this.gate) {
			this.held = true;
			while (this.waiting < CLIENTS) {
				long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
				if (left <= 0) {
					throw new AssertionError(
							(CLIENTS - this.waiting) + " clients still busy " + within.toMillis() + " ms after being held");
				}
				this.gate.wait(left);
			}
		}
	}

	/** Let the clients held by {@link #hold(Duration)} go on. */
	void release() {
		synchronized (this.gate) {
			this.held = false;
			this.gate.notifyAll();
		}
	}

	/**
	 * Let each client finish the request it is sending, and stop.
	 * @param within how long the clients may take: a client still busy then is stuck
	 * @return every request sent, in the order they started
	 * @throws AssertionError naming the clients still busy, with what each was doing
	 */
	List<Request> stop(Duration within) throws InterruptedException {
		this.stopping = true;
		release();
		long deadline = System.nanoTime() + within.toNanos();
		List<String> stuck = new ArrayList<>();
		for (Thread thread : this.threads) {
			thread.join(Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
			if (thread.isAlive()) {
				stuck.add(thread.getName() + " at " + List.of(thread.getStackTrace()).subList(0,
						Math.min(12, thread.getStackTrace().length)));
			}
		}
		if (!stuck.isEmpty()) {
			throw new AssertionError(stuck.size() + " of " + CLIENTS + " clients still busy " + within.toMillis()
					+ " ms after they were told to stop: " + String.join("\n", stuck));
		}
		List<Request> all = new ArrayList<>();
		this.requests.forEach(all::addAll);
		all.sort(Comparator.comparingLong(Request::started));
		return all;
	}

	private void run(int client, List<Request> own) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		try {
			while (!this.stopping) {
				own.add(request(client, random));
				Thread.sleep(random.nextInt(PAUSE_MILLIS + 1));
				awaitGate();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void awaitGate() throws InterruptedException {
		synchronized (this.gate) {
			if (!this.held) {
				return;
			}
			this.waiting++;
			this.gate.notifyAll();
			try {
				while (this.held) {
					this.gate.wait();
				}
			}
			finally {
				this.waiting--;
			}
		}
	}

	private Request request(int client, ThreadLocalRandom random) throws InterruptedException {
		long started = System.nanoTime();
		long firstUse = started;
		long backend = Request.NO_BACKEND;
		Throwable failure = null;
		try (UnitOfWork.Scope scope = UnitOfWork.begin()) {
			Thread.sleep(random.nextInt(WORK_MILLIS + 1));
			firstUse = System.nanoTime();
			try (Connection connection = this.dataSource.getConnection()) {
				backend = backendId(connection);
				execute(connection, "select 1");
			}
			try (Connection connection = this.dataSource.getConnection()) {
				backend = backendId(connection);
				execute(connection, this.slowStatement);
			}
		}
		catch (SQLException | RuntimeException ex) {
			failure = ex;
		}
		return new Request(client, started, firstUse, System.nanoTime(), backend, failure);
	}

	// the driver's own record of its backend, read without a round trip, so also on a dead connection
	private long backendId(Connection connection) throws SQLException {
		return switch (this.kind) {
			case POSTGRESQL -> connection.unwrap(PGConnection.class).getBackendPID();
			case MARIADB -> connection.unwrap(org.mariadb.jdbc.Connection.class).getThreadId();
			case MYSQL -> connection.unwrap(JdbcConnection.class).getId();
		};
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			result.next();
		}
	}

}
