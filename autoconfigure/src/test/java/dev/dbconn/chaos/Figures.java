package dev.dbconn.chaos;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import dev.dbconn.lifecycle.SqlErrors;

/**
 * The figures a chaos test prints when it ends: what it did, the requests, their failures by cause
 * and their timings.
 */
public final class Figures {

	private static final int MESSAGE_LENGTH = 110;

	private final String title;

	private final List<String> lines = new ArrayList<>();

	public Figures(String title) {
		this.title = title;
	}

	public Figures add(String format, Object... arguments) {
		this.lines.add(String.format(Locale.ROOT, format, arguments));
		return this;
	}

	/** A line with how many requests there were, how many failed, and why. */
	Figures requests(String which, Collection<Request> requests) {
		List<Request> failed = requests.stream().filter(Request::failed).toList();
		return add("%s: %d, failed %d%s", which, requests.size(), failed.size(),
				failed.isEmpty() ? "" : " (" + causes(failed) + ")");
	}

	/** A line with how many requests failed in some way, and why. */
	Figures failures(String which, Collection<Request> failed) {
		return add("%s: %d%s", which, failed.size(), failed.isEmpty() ? "" : " (" + causes(failed) + ")");
	}

	/** A line with the requests' durations. */
	Figures durations(String which, Collection<Request> requests) {
		long[] nanos = requests.stream().mapToLong(Request::nanos).sorted().toArray();
		if (nanos.length == 0) {
			return add("%s: none", which);
		}
		return add("%s: median %s, 99th percentile %s, longest %s", which, millis(nanos[nanos.length / 2]),
				millis(nanos[(int) Math.min(nanos.length - 1L, nanos.length * 99L / 100)]),
				millis(nanos[nanos.length - 1]));
	}

	/**
	 * A line with how busy the pool's connections were: the time requests held or waited for one,
	 * against the time all of them were there for.
	 */
	Figures occupancy(Collection<Request> requests, int poolSize) {
		long from = requests.stream().mapToLong(Request::started).min().orElse(0);
		long to = requests.stream().mapToLong(Request::ended).max().orElse(0);
		long used = requests.stream().mapToLong((request) -> request.ended() - request.firstUse()).sum();
		return add("connections held or waited for %.0f%% of the time",
				(to > from) ? 100.0 * used / ((double) (to - from) * poolSize) : 0.0);
	}

	/** A line with dbconn's health checks of the pool under test. */
	Figures healthChecks(PoolUnderTest target) {
		return add("health checks: %d passed, %d failed, longest %s", target.healthChecksPassed.sum(),
				target.healthChecksFailed.sum(), millis(target.longestHealthCheckNanos.get()));
	}

	public void print() {
		StringBuilder out = new StringBuilder("[chaos] ").append(this.title);
		for (String line : this.lines) {
			out.append(System.lineSeparator()).append("[chaos]   ").append(line);
		}
		System.out.println(out);
	}

	public static String millis(long nanos) {
		return String.format(Locale.ROOT, "%.1f ms", nanos / (double) TimeUnit.MILLISECONDS.toNanos(1));
	}

	/** Failures counted by cause, most frequent first. */
	static String causes(Collection<Request> failed) {
		Map<String, Integer> counts = new TreeMap<>();
		failed.forEach((request) -> counts.merge(cause(request.failure()), 1, Integer::sum));
		List<String> parts = new ArrayList<>();
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.forEach((entry) -> parts.add(entry.getValue() + " × " + entry.getKey()));
		return String.join("; ", parts);
	}

	/**
	 * What a request failed with, in a few words: what it means for the connection, the SQLState,
	 * and the driver's or pool's message, with the numbers in it (times, ids, ports) left out so that
	 * failures of the same cause are counted together.
	 */
	static String cause(Throwable failure) {
		String meaning = switch (clarity(failure)) {
			case NO_CONNECTION -> "no connection in time";
			case CONNECTION_LOST -> "connection lost";
			case OTHER -> "other";
		};
		String state = (failure instanceof SQLException ex) ? " [" + ex.getSQLState() + "]" : "";
		String text = meaning + state + " " + failure.getClass().getSimpleName() + ": " + brief(failure.getMessage());
		if (failure instanceof SQLTransientConnectionException && failure.getCause() != null) {
			text += " <- " + failure.getCause().getClass().getSimpleName() + ": " + brief(failure.getCause().getMessage());
		}
		return text;
	}

	/**
	 * Whether a failure tells the application plainly that the database could not be reached: the
	 * pool had no connection for it within its connection timeout, or the connection was lost.
	 */
	static Clarity clarity(Throwable failure) {
		if (failure instanceof SQLTransientConnectionException) {
			return Clarity.NO_CONNECTION;
		}
		if (failure instanceof SQLException ex && SqlErrors.classify(ex) == SqlErrors.Kind.CONNECTION_LOST) {
			return Clarity.CONNECTION_LOST;
		}
		return Clarity.OTHER;
	}

	private static String brief(String message) {
		if (message == null) {
			return "";
		}
		String line = message.lines().findFirst().orElse("").replaceAll("[0-9]+", "#");
		return (line.length() > MESSAGE_LENGTH) ? line.substring(0, MESSAGE_LENGTH) + "..." : line;
	}

	/** How plainly a failure says that the database could not be reached. */
	enum Clarity {

		/** The pool had no connection for the request within its connection timeout. */
		NO_CONNECTION,

		/** The connection was lost (SQLState class 08, a server shutdown or kill code). */
		CONNECTION_LOST,

		/** Anything else: not a clear account of a database that cannot be reached. */
		OTHER

	}

}
