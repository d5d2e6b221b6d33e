package dev.dbconn.lifecycle;

/**
 * Tells from the text of an SQL statement whether it may change the session's state, so that a
 * session is reset only after units of work that need it. Runs for every statement an application
 * executes, so it allocates nothing and reads each statement at most once or twice; when in doubt it
 * says yes, which costs a reset, never a leak.
 * <p>
 * Recognised: statements that start with {@code SET}, {@code RESET}, {@code DISCARD},
 * {@code LISTEN}, {@code LOCK}, {@code LOAD}, {@code PREPARE}, {@code EXECUTE}, {@code DECLARE},
 * {@code USE}, {@code CALL}, {@code DO}, {@code HANDLER} or {@code FLUSH}, or are JDBC call escapes
 * ({@code {call p(?)}}); {@code CREATE} statements that mention {@code TEMP}; and any statement
 * that calls {@code pg_advisory_lock} (and its session-level variants), {@code set_config} or
 * {@code get_lock}, selects {@code INTO TEMP}, or uses a MariaDB/MySQL user variable
 * ({@code @name}). Comments ({@code --}, {@code #}, {@code /* *}{@code /}) before a statement are
 * skipped, except MariaDB's executable {@code /*! ... *}{@code /}, which is read. State changed inside functions the statement calls is not seen: use
 * {@link SessionReset#ALWAYS} for applications that do that.
 */
public final class SessionStatements {

	private static final String[] STATE_KEYWORDS = { "SET", "RESET", "DISCARD", "LISTEN", "LOCK", "LOAD", "PREPARE",
			"EXECUTE", "DECLARE", "USE", "CALL", "DO", "HANDLER", "FLUSH" };

	// session-level locks and settings made by function
	private static final String[] STATE_FUNCTIONS = { "advisory_lock", "set_config", "get_lock" };

	private SessionStatements() {
	}

	/**
	 * Whether the SQL may change session state.
	 * @param sql the text of one statement, or several separated by semicolons
	 * @return {@code true} when a session reset is needed after it
	 */
	public static boolean mayChangeSessionState(String sql) {
		if (sql == null) {
			return false;
		}
		int length = sql.length();
		// calls and variables may come anywhere, also after a semicolon inside a string literal
		for (String function : STATE_FUNCTIONS) {
			if (containsIgnoreCase(sql, 0, length, function)) {
				return true;
			}
		}
		if (selectsIntoTemp(sql) || usesUserVariable(sql, 0, length)) {
			return true;
		}
		int from = 0;
		while (from < length) {
			// comments first: a semicolon inside one does not end the statement
			int start = skipIgnorable(sql, from, length);
			int end = sql.indexOf(';', start);
			if (end < 0) {
				end = length;
			}
			if (start < end && statementMayChangeSessionState(sql, start, end)) {
				return true;
			}
			from = end + 1;
		}
		return false;
	}

	private static boolean statementMayChangeSessionState(String sql, int start, int to) {
		if (sql.charAt(start) == '{') {
			// a JDBC escape: {call p(?)} or {? = call f(?)}, a procedure that may do anything
			return true;
		}
		int end = start;
		while (end < to && Character.isLetter(sql.charAt(end))) {
			end++;
		}
		if (end == start) {
			return false;
		}
		for (String keyword : STATE_KEYWORDS) {
			if (isWord(sql, start, end, keyword)) {
				return true;
			}
		}
		return isWord(sql, start, end, "CREATE") && containsIgnoreCase(sql, end, to, "temp");
	}

	// PostgreSQL's SELECT ... INTO TEMP [TABLE] t, with any white space between the words
	private static boolean selectsIntoTemp(String sql) {
		int length = sql.length();
		for (int i = indexOfIgnoreCase(sql, "into", 0); i >= 0; i = indexOfIgnoreCase(sql, "into", i + 4)) {
			int next = i + 4;
			while (next < length && Character.isWhitespace(sql.charAt(next))) {
				next++;
			}
			if (next > i + 4 && sql.regionMatches(true, next, "temp", 0, 4)) {
				return true;
			}
		}
		return false;
	}

	private static int indexOfIgnoreCase(String sql, String needle, int from) {
		int last = sql.length() - needle.length();
		for (int i = from; i <= last; i++) {
			if (sql.regionMatches(true, i, needle, 0, needle.length())) {
				return i;
			}
		}
		return -1;
	}

	private static int skipIgnorable(String sql, int from, int to) {
		int i = from;
		while (i < to) {
			char c = sql.charAt(i);
			if (Character.isWhitespace(c) || c == '(') {
				i++;
			}
			else if ((c == '-' && i + 1 < to && sql.charAt(i + 1) == '-') || c == '#') {
				// '#' starts a comment on MariaDB/MySQL; on PostgreSQL no statement starts with it
				int newline = sql.indexOf('\n', i);
				i = (newline < 0 || newline > to) ? to : newline + 1;
			}
			else if (c == '/' && i + 2 < to && sql.charAt(i + 1) == '*'
					&& (sql.charAt(i + 2) == '!' || (sql.charAt(i + 2) == 'M' && i + 3 < to && sql.charAt(i + 3) == '!'))) {
				// MariaDB/MySQL run the text of /*! ... */ and /*M! ... */: read on after the version number
				i += (sql.charAt(i + 2) == 'M') ? 4 : 3;
				while (i < to && Character.isDigit(sql.charAt(i))) {
					i++;
				}
			}
			else if (c == '/' && i + 1 < to && sql.charAt(i + 1) == '*') {
				int close = sql.indexOf("*/", i + 2);
				i = (close < 0 || close > to) ? to : close + 2;
			}
			else {
				break;
			}
		}
		return i;
	}

	private static boolean isWord(String sql, int start, int end, String keyword) {
		return end - start == keyword.length() && sql.regionMatches(true, start, keyword, 0, keyword.length());
	}

	private static boolean containsIgnoreCase(String sql, int from, int to, String needle) {
		int last = to - needle.length();
		char first = needle.charAt(0);
		for (int i = from; i <= last; i++) {
			char c = sql.charAt(i);
			if ((c == first || Character.toLowerCase(c) == first)
					&& sql.regionMatches(true, i, needle, 0, needle.length())) {
				return true;
			}
		}
		return false;
	}

	// @name, @`name`, @'name', @"name" are user variables; @@name is a system variable (read only
	// here: setting one starts with SET), and PostgreSQL's @, @>, <@ operators are followed by
	// something else.
	private static boolean usesUserVariable(String sql, int from, int to) {
		for (int i = sql.indexOf('@', from); i >= 0 && i < to - 1; i = sql.indexOf('@', i + 1)) {
			char next = sql.charAt(i + 1);
			if (next == '@') {
				i++;
			}
			else if (Character.isLetter(next) || next == '_' || next == '`' || next == '\'' || next == '"') {
				return true;
			}
		}
		return false;
	}

}
