package dev.dbconn.lifecycle;

/**
 * Why dbconn closed a physical connection instead of keeping it for the next unit of work.
 */
public enum CloseReason {

	/** The connection reached {@code conn-max-age}. */
	MAX_AGE("max-age"),

	/** An error left the connection unusable, or the server dropped it. */
	ERROR("error"),

	/** A health check found the connection dead before it was used. */
	HEALTH_CHECK("health-check"),

	/** A unit of work ended inside a transaction; the work was rolled back. */
	OPEN_TRANSACTION("open-transaction"),

	/** The application asked for it. */
	EXPLICIT("explicit"),

	/** The application is shutting down. */
	SHUTDOWN("shutdown");

	private final String tag;

	CloseReason(String tag) {
		this.tag = tag;
	}

	/**
	 * The reason as shown in logs, the actuator endpoint and meter tags.
	 * @return the reason in kebab case, e.g. {@code max-age}
	 */
	public String tag() {
		return this.tag;
	}

}
