package dev.dbconn.chaos;

/**
 * What one client saw of one request. Times are {@link System#nanoTime()}.
 *
 * @param client the client that sent it
 * @param started when the request began
 * @param firstUse when its first use of the database began: the first {@code getConnection()},
 * after some work of its own
 * @param ended when it ended, answered or failed
 * @param backend the server's id for the connection it last held, {@link #NO_BACKEND} when it got
 * none
 * @param failure what it failed with, {@code null} when it succeeded
 */
record Request(int client, long started, long firstUse, long ended, long backend, Throwable failure) {

	/** The backend of a request that got no connection. */
	static final long NO_BACKEND = -1;

	boolean failed() {
		return this.failure != null;
	}

	long nanos() {
		return this.ended - this.started;
	}

}
