package dev.dbconn.sample;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints that show which physical connection serves a request and how long it is kept.
 */
@RestController
public class ConnectionController {

	// Long enough to outlive a short db.conn-max-age, short enough not to tie up a server thread.
	private static final int MAX_SLOW_SECONDS = 10;

	private final ConnectionInspector inspector;

	public ConnectionController(ConnectionInspector inspector) {
		this.inspector = inspector;
	}

	/**
	 * Describe the connection that served this request.
	 * @return the report
	 */
	@GetMapping("/connection")
	public ConnectionReport connection() {
		return this.inspector.inspect();
	}

	/**
	 * Run two separate queries and show that one request uses one physical connection.
	 * @return the backend id each query saw
	 */
	@GetMapping("/connection/twice")
	public TwiceReport twice() {
		long first = this.inspector.backendId();
		long second = this.inspector.backendId();
		return new TwiceReport(first, second, first == second);
	}

	/**
	 * Keep the request, and so its connection, busy for a while, and show that the connection is
	 * not replaced mid-request even when it grows older than {@code db.conn-max-age}.
	 * @param seconds how long to wait, capped at ten seconds
	 * @return the connection seen before and after the wait
	 * @throws InterruptedException if the server is shutting down during the wait
	 */
	@GetMapping("/slow")
	public SlowReport slow(@RequestParam(defaultValue = "1") int seconds) throws InterruptedException {
		int held = Math.max(0, Math.min(seconds, MAX_SLOW_SECONDS));
		ConnectionReport start = this.inspector.inspect();
		Thread.sleep(held * 1000L);
		ConnectionReport end = this.inspector.inspect();
		return new SlowReport(held, start, end, start.backendId() == end.backendId());
	}

	/**
	 * Backend ids seen by two queries in one request.
	 *
	 * @param firstBackendId the backend id seen by the first query
	 * @param secondBackendId the backend id seen by the second query
	 * @param sameBackend whether both queries ran on the same server-side session
	 */
	public record TwiceReport(long firstBackendId, long secondBackendId, boolean sameBackend) {
	}

	/**
	 * The connection seen at the start and at the end of a slow request.
	 *
	 * @param heldSeconds how long the request waited between the two looks
	 * @param start the connection at the start
	 * @param end the connection at the end
	 * @param sameBackend whether both looks saw the same server-side session
	 */
	public record SlowReport(int heldSeconds, ConnectionReport start, ConnectionReport end, boolean sameBackend) {
	}

}
