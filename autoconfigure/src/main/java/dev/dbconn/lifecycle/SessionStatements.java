package dev.dbconn.lifecycle;

/**
 * Tells from the text of an SQL statement whether it may change the session's state, so that a
 * session is reset only after units of work that need it. Runs for every statement an application
 * prepares, so it allocates nothing and reads as little of the text as it can; when in doubt it
 * says yes, which costs a reset, never a leak.
 * <p>
 * Recognised: statements that start with {@code SET}, {@code RESET}, {@code DISCARD},
 * {@code LISTEN}, {@code LOCK}, {@code LOAD}, {@code PREPARE}, {@code EXECUTE}, {@code DECLARE},
 * {@code USE}, {@code CALL}, {@code DO}, {@code HANDLER} or {@code FLUSH}, or are JDBC call escapes
 * ({@code {call p(?)}}); {@code CREATE} statements that mention {@code TEMP}; and any statement
 * that calls {@code pg_advisory_lock} (and its session-level variants), {@code set_config} or
 * {@code get_lock}, selects {@code INTO TEMP}, or uses a MariaDB/MySQL user variable
 * ({@code @name}). Comments ({@code --}, {@code #}, {@code /* *}{@code /}) before a statement are
 * skipped, except MariaDB's executable {@code /*! ... *}{@code /}, which is read. State changed
 * inside functions the statement calls is not seen: use {@link SessionReset#ALWAYS} for
 * applications that do that.
 * <p>
 * How the text is read: the first word of each statement is read once, and decides for the
 * commands above. Everything else is found by {@link String#indexOf} for a few markers, which the
 * JDK runs with vector instructions, so that the long SELECTs an ORM writes cost a few quick
 * passes and no tokenising: {@code ;} for the next statement, {@code @} for user variables,
 * {@code (} for function calls (the name in front of each parenthesis is read backwards, so only
 * the parentheses are visited), and {@code into} and {@code I} for {@code INTO TEMP}. An
 * {@code INTO} that starts with a lower-case {@code i} but is not all lower case ({@code iNTO}) is
 * not seen.
 */
public final class SessionStatements {

	private static final String[] STATE_KEYWORDS = { "SET", "RESET", "DISCARD", "LISTEN", "LOCK", "LOAD", "PREPARE",
			"EXECUTE", "DECLARE", "USE", "CALL", "DO", "HANDLER", "FLUSH" };

	// session-level locks and settings made by function, as the ends of the names before '('
	private static final String[] STATE_FUNCTIONS = { "advisory_lock", "advisory_lock_shared", "set_config",
			"get_lock" };

	// Statements found not to change session state, by identity; a racy cache is harmless here:
	// a reference is written whole, and a miss only means reading the text again.
	private static final String[] HARMLESS_SEEN = new String[1024];

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
		// ORMs and JdbcTemplate pass the same String object for the same statement: one seen before
		// and found harmless costs a constant, however long it is
		int slot = System.identityHashCode(sql) & (HARMLESS_SEEN.length - 1);
		if (HARMLESS_SEEN[slot] == sql) {
			return false;
		}
		if (scan(sql)) {
			return true;
		}
		HARMLESS_SEEN[slot] = sql;
		return false;
	}

	private static boolean scan(String sql) {
		int length = sql.length();
		int from = 0;
		while (from < length) {
			// comments first: a semicolon inside one does not end the statement
			int start = skipIgnorable(sql, from, length);
			int end = sql.indexOf(';', start);
			if (end < 0) {
				end = length;
			}
			if (start < end && startsStateChange(sql, start, end)) {
				return true;
			}
			from = end + 1;
		}
		// calls and variables may come anywhere, also after a semicolon inside a string literal
		return usesUserVariable(sql) || callsStateFunction(sql) || selectsIntoTemp(sql);
	}

	private static boolean startsStateChange(String sql, int start, int to) {
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

	// pg_advisory_lock(1), pg_catalog.set_config (...), "get_lock"(...): each '(' is found by
	// indexOf, and only the name just before it is read
	private static boolean callsStateFunction(String sql) {
		for (int paren = sql.indexOf('('); paren >= 0; paren = sql.indexOf('(', paren + 1)) {
			int end = endOfNameBefore(sql, paren);
			if (end < 0) {
				return true;
			}
			for (String function : STATE_FUNCTIONS) {
				int start = end - function.length();
				if (start >= 0 && sql.regionMatches(true, start, function, 0, function.length())) {
					return true;
				}
			}
		}
		return false;
	}

	// Where the name in front of a parenthesis ends: back over white space, block comments and one
	// closing quote. -1 when a line comment may stand in between, which is not worth telling apart.
	private static int endOfNameBefore(String sql, int paren) {
		int i = paren;
		boolean newline = false;
		while (i > 0) {
			char c = sql.charAt(i - 1);
			if (Character.isWhitespace(c)) {
				newline |= c == '\n';
				i--;
			}
			else if (c == '/' && i > 1 && sql.charAt(i - 2) == '*') {
				int open = sql.lastIndexOf("/*", i - 3);
				if (open < 0) {
					return -1;
				}
				i = open;
			}
			else {
				break;
			}
		}
		if (newline) {
			int lineStart = sql.lastIndexOf('\n', i - 1) + 1;
			int dashes = sql.indexOf("--", lineStart);
			if (dashes >= 0 && dashes < i) {
				return -1;
			}
		}
		if (i > 0 && (sql.charAt(i - 1) == '"' || sql.charAt(i - 1) == '`')) {
			i--;
		}
		return i;
	}

	// PostgreSQL's SELECT ... INTO TEMP [TABLE] t, with any white space between the words. INTO is
	// looked for as "into" and as every spelling that starts with 'I': two indexOf passes, of which
	// the one for 'I' stops rarely in the lower-case SQL that ORMs write.
	private static boolean selectsIntoTemp(String sql) {
		for (int i = sql.indexOf("into"); i >= 0; i = sql.indexOf("into", i + 4)) {
			if (tempFollows(sql, i + 4)) {
				return true;
			}
		}
		for (int i = sql.indexOf('I'); i >= 0; i = sql.indexOf('I', i + 1)) {
			if (sql.regionMatches(true, i + 1, "nto", 0, 3) && tempFollows(sql, i + 4)) {
				return true;
			}
		}
		return false;
	}

	private static boolean tempFollows(String sql, int from) {
		int next = from;
		while (next < sql.length() && Character.isWhitespace(sql.charAt(next))) {
			next++;
		}
		return next > from && sql.regionMatches(true, next, "temp", 0, 4);
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
	private static boolean usesUserVariable(String sql) {
		int to = sql.length();
		for (int i = sql.indexOf('@'); i >= 0 && i < to - 1; i = sql.indexOf('@', i + 1)) {
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
