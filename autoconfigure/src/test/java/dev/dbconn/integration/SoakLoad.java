package dev.dbconn.integration;

import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.dbconn.lifecycle.SqlErrors;
import dev.dbconn.testsupport.ServerSide;

/**
 * The clients of the soak ({@link SoakTests}) and the thread that kills backends meanwhile. The
 * clients send requests of every {@link SoakKind} over HTTP, each with an id of its own, and check
 * each answer: a request succeeded, failed because a backend was killed while it ran (its error is a
 * lost connection, and a kill was under way while it ran), or failed otherwise. What the server
 * holds is checked once the load is over, from what is recorded here per id: the request's kind and
 * outcome, in arrays allocated before the load starts, so that the heap the soak measures does not
 * grow with the requests sent.
 */
final class SoakLoad {

	static final byte NOT_SENT = 0;

	static final byte SUCCEEDED = 1;

	static final byte KILLED = 2;

	static final byte FAILED = 3;

	private static final int SAMPLES = 10;

	private static final SoakKind[] KINDS = SoakKind.values();

	private static final SoakKind[] BY_SHARE = byShare();

	private final RunningApp app;

	private final ServerSide server;

	private final SoakSql sql;

	private final String newSession;

	private final int clients;

	private final long killPauseMillis;

	/** Each request's kind, by id. */
	final byte[] kinds;

	/** Each request's outcome, by id. */
	final byte[] outcomes;

	private final AtomicLong nextId = new AtomicLong(1);

	private final List<long[]> kills = new CopyOnWriteArrayList<>();

	private final Queue<Lost> lost = new ConcurrentLinkedQueue<>();

	private final Map<String, LongAdder> killedByCause = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> failedByCause = new ConcurrentHashMap<>();

	private final Queue<String> failedSamples = new ConcurrentLinkedQueue<>();

	private final LongAdder settingsSeen = new LongAdder();

	private final Queue<String> settingsSamples = new ConcurrentLinkedQueue<>();

	private final LongAdder killFailures = new LongAdder();

	private volatile boolean stopping;

	private long nanos;

	/**
	 * @param app the application under load
	 * @param server its database's server side, where backends are killed
	 * @param sql the soak's SQL on that database
	 * @param newSession the session's settings as a new session has them
	 * @param requests how many requests there will be at most
	 * @param clients how many clients send requests at once
	 * @param killPauseMillis the mean pause between two kills, {@code 0} for none
	 */
	SoakLoad(RunningApp app, ServerSide server, SoakSql sql, String newSession, int requests, int clients,
			long killPauseMillis) {
		this.app = app;
		this.server = server;
		this.sql = sql;
		this.newSession = newSession;
		this.clients = clients;
		this.killPauseMillis = killPauseMillis;
		this.kinds = new byte[requests + 1];
		this.outcomes = new byte[requests + 1];
	}

	/**
	 * Send requests until the ids below {@code end} have all been sent, with a backend killed every so
	 * often meanwhile, and wait until every client has its answer.
	 * @param end the first id not to send
	 */
	void run(long end) throws InterruptedException {
		this.stopping = false;
		List<Thread> threads = new ArrayList<>();
		for (int client = 0; client < this.clients; client++) {
			threads.add(thread("soak-client-" + client, () -> send(end)));
		}
		Thread killer = thread("soak-killer", this::kill);
		long start = System.nanoTime();
		threads.forEach(Thread::start);
		if (this.killPauseMillis > 0) {
			killer.start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		this.nanos += System.nanoTime() - start;
		this.stopping = true;
		killer.join();
		this.nextId.set(end);
	}

	/**
	 * Sort each request that lost its connection: allowed when a kill was under way while it ran.
	 * Call once the load is over, when every kill is recorded.
	 */
	void sortLostConnections() {
		for (Lost request = this.lost.poll(); request != null; request = this.lost.poll()) {
			if (metAKill(request.start(), request.end())) {
				this.outcomes[(int) request.id()] = KILLED;
				this.killedByCause.computeIfAbsent(request.cause(), (key) -> new LongAdder()).increment();
			}
			else {
				failed(request.id(), request.cause());
			}
		}
	}

	/**
	 * Whether a kill was under way at some time between {@code start} and {@code end}
	 * ({@link System#nanoTime()}).
	 */
	boolean metAKill(long start, long end) {
		return this.kills.stream().anyMatch((kill) -> kill[0] <= end && kill[1] >= start);
	}

	private void send(long end) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (long id = this.nextId.getAndIncrement(); id < end; id = this.nextId.getAndIncrement()) {
			SoakKind kind = BY_SHARE[random.nextInt(BY_SHARE.length)];
			this.kinds[(int) id] = (byte) kind.ordinal();
			long start = System.nanoTime();
			HttpResponse<String> response;
			try {
				response = this.app.send("GET", kind.path() + "?id=" + id);
			}
			catch (RuntimeException ex) {
				failed(id, "no answer: " + ex);
				continue;
			}
			String body = response.body();
			if (response.statusCode() == 200 && body.startsWith("ok;")) {
				this.outcomes[(int) id] = SUCCEEDED;
				checkSettings(id, kind, body.split(";", -1));
			}
			else if (response.statusCode() == 500 && body.startsWith(SqlErrors.Kind.CONNECTION_LOST.name() + ";")) {
				this.lost.add(new Lost(id, start, System.nanoTime(), brief(body)));
			}
			else {
				failed(id, response.statusCode() + " " + brief(body));
			}
		}
	}

	/** Every setting a request read is that of a new session, but those it set itself. */
	private void checkSettings(long id, SoakKind kind, String[] parts) {
		List<String> wrong = new ArrayList<>();
		if (!parts[1].equals(this.newSession)) {
			wrong.add(parts[1]);
		}
		if (kind == SoakKind.SESSION_SET && !(parts.length > 2 && parts[2].equals(this.sql.afterSet(id)))) {
			// not a leak, but then the check of the others proves nothing
			failed(id, "the settings did not take: " + String.join(";", parts));
		}
		if (kind == SoakKind.ASYNC_REQUEST && !(parts.length > 2 && parts[2].equals(this.newSession))) {
			wrong.add((parts.length > 2) ? parts[2] : "nothing");
		}
		if (!wrong.isEmpty()) {
			this.settingsSeen.increment();
			sample(this.settingsSamples, kind + " " + id + " saw " + wrong);
		}
	}

	private void failed(long id, String cause) {
		this.outcomes[(int) id] = FAILED;
		this.failedByCause.computeIfAbsent(cause, (key) -> new LongAdder()).increment();
		sample(this.failedSamples, KINDS[this.kinds[(int) id]] + " " + id + ": " + cause);
	}

	private void kill() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		while (!this.stopping) {
			try {
				Thread.sleep(random.nextLong(2 * this.killPauseMillis + 1));
				List<Long> backends = List.copyOf(this.server.backends());
				if (backends.isEmpty()) {
					continue;
				}
				long start = System.nanoTime();
				try {
					this.server.killBackend(backends.get(random.nextInt(backends.size())));
					this.kills.add(new long[] { start, System.nanoTime() });
				}
				catch (SQLException ex) {
					// MariaDB refuses to kill a connection that has just ended; one that was killed counts
					this.kills.add(new long[] { start, System.nanoTime() });
					this.killFailures.increment();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Cannot list the backends to kill one", ex);
			}
		}
	}

	int kills() {
		return this.kills.size() - this.killFailures.intValue();
	}

	long nanos() {
		return this.nanos;
	}

	long sent() {
		return this.nextId.get() - 1;
	}

	SoakKind kind(long id) {
		return KINDS[this.kinds[(int) id]];
	}

	Map<String, LongAdder> killedByCause() {
		return this.killedByCause;
	}

	Map<String, LongAdder> failedByCause() {
		return this.failedByCause;
	}

	List<String> failedSamples() {
		return List.copyOf(this.failedSamples);
	}

	long settingsSeen() {
		return this.settingsSeen.sum();
	}

	List<String> settingsSamples() {
		return List.copyOf(this.settingsSamples);
	}

	/** The failure as counted by cause: what it means, the SQLState and the error, without its numbers. */
	static String brief(String failure) {
		String line = failure.lines().findFirst().orElse("").replaceAll("[0-9]+", "#");
		return (line.length() > 140) ? line.substring(0, 140) + "..." : line;
	}

	private static void sample(Queue<String> samples, String sample) {
		if (samples.size() < SAMPLES) {
			samples.add(sample);
		}
	}

	private static Thread thread(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

	private static SoakKind[] byShare() {
		List<SoakKind> shares = new ArrayList<>();
		for (SoakKind kind : KINDS) {
			for (int i = 0; i < kind.weight(); i++) {
				shares.add(kind);
			}
		}
		return shares.toArray(SoakKind[]::new);
	}

	/**
	 * A request that failed with a lost connection, sorted once the load is over.
	 */
	private record Lost(long id, long start, long end, String cause) {
	}

}
