package dev.dbconn.lifecycle;

/**
 * When to reset a kept connection's SQL-level session state ({@code SET ...}, roles, temporary
 * tables, locks, session variables) at the end of a unit of work.
 */
public enum SessionReset {

	/** Only when the unit ran a statement that can change session state (see {@link SessionStatements}). */
	AUTO,

	/** At the end of every unit of work that keeps its connection. */
	ALWAYS,

	/** Never: the application restores what it changes, or changes nothing. */
	NEVER

}
