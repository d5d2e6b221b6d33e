package dev.dbconn.lifecycle;

/**
 * Something found at start-up about how the configuration fits this database, this server and this
 * pool, with what to do about it.
 *
 * @param severity how much it matters
 * @param message what was found
 * @param fix what to do about it
 */
public record Finding(Severity severity, String message, String fix) {

	/** How much a finding matters. */
	public enum Severity {

		/** Worth knowing; nothing is wrong. */
		INFO,

		/** Something will go wrong, or is wasted, unless it is fixed. */
		WARNING

	}

	@Override
	public String toString() {
		return this.message + " Fix: " + this.fix;
	}

}
