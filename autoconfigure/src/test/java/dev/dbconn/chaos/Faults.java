package dev.dbconn.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The faults a test caused: when each began and ended, and the backends each killed.
 */
final class Faults {

	private final List<long[]> spans = new ArrayList<>();

	private final List<Kill> kills = new ArrayList<>();

	/**
	 * Cause a fault, timing it from its first step to its last.
	 * @param fault the fault
	 * @param quiet whether the clients are held between requests meanwhile
	 */
	void run(Fault fault, boolean quiet) throws Exception {
		long start = System.nanoTime();
		Set<Long> killed = fault.run();
		long end = System.nanoTime();
		this.spans.add(new long[] { start, end });
		killed.forEach((backend) -> this.kills.add(new Kill(backend, start, end, quiet)));
	}

	int count() {
		return this.spans.size();
	}

	List<Kill> kills() {
		return this.kills;
	}

	/** Whether a request was under way at some time during a fault. */
	boolean overlaps(Request request) {
		return this.spans.stream().anyMatch((span) -> request.started() <= span[1] && request.ended() >= span[0]);
	}

	/** Whether a request began after a fault ended and ended before the next began. */
	boolean between(Request request) {
		for (int i = 0; i < this.spans.size(); i++) {
			long nextStart = (i + 1 < this.spans.size()) ? this.spans.get(i + 1)[0] : Long.MAX_VALUE;
			if (request.started() >= this.spans.get(i)[1] && request.ended() < nextStart) {
				return true;
			}
		}
		return false;
	}

	/**
	 * For each fault and client, the client's first request that began after the fault ended.
	 * @param requests every request, in the order they began
	 */
	List<Request> firstOfEachClientAfter(List<Request> requests) {
		List<Request> first = new ArrayList<>();
		for (long[] span : this.spans) {
			Map<Integer, Request> byClient = new HashMap<>();
			for (Request request : requests) {
				if (request.started() >= span[1]) {
					byClient.putIfAbsent(request.client(), request);
				}
			}
			first.addAll(byClient.values());
		}
		return first;
	}

	/** A fault a test causes. */
	@FunctionalInterface
	interface Fault {

		/**
		 * Cause the fault and end it.
		 * @return the backends it killed, empty for none
		 */
		Set<Long> run() throws Exception;

	}

	/**
	 * A backend killed in a fault that began at {@code start} and ended at {@code gone}, when the server
	 * had let go of every backend the fault killed.
	 *
	 * @param backend the backend id
	 * @param start when the fault began
	 * @param gone when it ended
	 * @param quiet whether the clients were held between requests
	 */
	record Kill(long backend, long start, long gone, boolean quiet) {
	}

}
