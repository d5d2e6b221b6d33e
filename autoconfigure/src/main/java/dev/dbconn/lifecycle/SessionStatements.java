package dev.dbconn.lifecycle;

import java.util.Arrays;

/**
 * Tells from the text of an SQL statement whether it may change the session's state, so that a
 * session is reset only after units of work that need it. Runs for every statement an application
 * prepares, so it allocates nothing per statement (each thread keeps three byte buffers, as long
 * as the longest statement it has read, 8 KB at most) and reads the text as few times as it can;
 * when in doubt it says yes, which costs a reset, never a leak.
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
 * How the text is read: the first word is read once, and decides for the commands above. Then,
 * with no tokenising, two passes over the whole text that the JIT runs with vector instructions:
 * {@link String#indexOf(int)} for {@code (} (the name in front of each parenthesis is read
 * backwards, so only the parentheses are visited), and one loop over a copy of the text as bytes
 * that marks every {@code ;} (a further statement, whose first word is then read), every
 * {@code @} (a user variable) and every {@code mp} in any case (the end of {@code TEMP}, read
 * backwards for {@code INTO}). Only the marked places are read again, and always in the
 * {@code String} itself, so that the byte copy (which narrows chars above U+00FF) can only mark
 * too much, never too little. Statements under 128 chars are marked char by char instead. An
 * {@code INTO} that starts with a lower-case {@code i} but is not all lower case ({@code iNTO}) is
 * not seen.
 */
public final class SessionStatements {

	private static final String[] STATE_KEYWORDS = { "SET", "RESET", "DISCARD", "LISTEN", "LOCK", "LOAD", "PREPARE",
			"EXECUTE", "DECLARE", "USE", "CALL", "DO", "HANDLER", "FLUSH" };

	// Statements found not to change session state, by identity; a racy cache is harmless here:
	// a reference is written whole, and a miss only means reading the text again.
	private static final String[] HARMLESS_SEEN = new String[1024];

	// Text is marked in chunks of at most this many chars: the marking loop pays a fixed cost per
	// chunk (vector set-up and remainder) that chunks of 1 KB made as large as the loop itself on a
	// 4 KB statement. Each thread's buffers grow to the longest chunk it has marked.
	private static final int CHUNK = 8192;

	private static final byte[] NO_MARKS = new byte[CHUNK];

	// Statements shorter than this are read char by char, without the copies.
	private static final int SHORT = 128;

	private static final ThreadLocal<Marks> MARKS = ThreadLocal.withInitial(Marks::new);

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
		int start = skipIgnorable(sql, 0, length);
		// the first statement's first word; those after a semicolon are read when one is marked
		if (start < length && startsStateChange(sql, start, length)) {
			return true;
		}
		return callsStateFunction(sql) || marksChangeState(sql);
	}

	// Every statement's first word, for text that holds a semicolon: comments first, as a semicolon
	// inside one does not end the statement.
	private static boolean anyStatementStartsStateChange(String sql) {
		int length = sql.length();
		int from = 0;
		while (from < length) {
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
		return false;
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
		if (!isWord(sql, start, end, "CREATE")) {
			return false;
		}
		int semicolon = sql.indexOf(';', end);
		return containsIgnoreCase(sql, end, (semicolon < 0 || semicolon > to) ? to : semicolon, "temp");
	}

	// pg_advisory_lock(1), pg_catalog.set_config (...), "get_lock"(...): each '(' is found by
	// indexOf, and only the name just before it is read, from its last letter
	private static boolean callsStateFunction(String sql) {
		for (int paren = sql.indexOf('('); paren >= 0; paren = sql.indexOf('(', paren + 1)) {
			int end = endOfNameBefore(sql, paren);
			if (end < 0) {
				return true;
			}
			if (end > 0 && namesStateFunction(sql, end)) {
				return true;
			}
		}
		return false;
	}

	// Whether the name of a session-level lock or setting function ends at the index, in any case
	// (pg_advisory_lock and pg_try_advisory_lock, their _shared forms, set_config, get_lock). The
	// last letter picks the names to compare; U+212A (Kelvin sign) is a 'k' to regionMatches.
	private static boolean namesStateFunction(String sql, int end) {
		return switch (sql.charAt(end - 1)) {
			case 'k', 'K', '\u212A' -> endsWith(sql, end, "advisory_lock") || endsWith(sql, end, "get_lock");
			case 'd', 'D' -> endsWith(sql, end, "advisory_lock_shared");
			case 'g', 'G' -> endsWith(sql, end, "set_config");
			default -> false;
		};
	}

	private static boolean endsWith(String sql, int end, String name) {
		int start = end - name.length();
		return start >= 0 && sql.regionMatches(true, start, name, 0, name.length());
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

	// Marks ';', '@' and "mp" (any case) in one pass over the text as bytes, a chunk at a time, and
	// reads each marked place in the String. The copy narrows each char to its low byte: a char
	// above U+00FF may be marked by mistake (it is then not what the String holds there), but every
	// ';', '@', 'm' and 'p' in the String is one in the copy. None of the three has a char outside
	// ASCII that regionMatches takes for it ignoring case (only i, k and s have: U+0130, U+0131,
	// U+212A, U+017F), so nothing that the String-based checks below accept goes unmarked.
	private static boolean marksChangeState(String sql) {
		int length = sql.length();
		Marks marks = (length < SHORT) ? null : MARKS.get();
		boolean statementsRead = false;
		for (int base = 0; base < length; base += CHUNK) {
			int count = Math.min(CHUNK, length - base);
			if (marks != null) {
				marks.mark(sql, base, count);
			}
			for (int at = nextMark(sql, marks, base, base, count); at >= 0; at = nextMark(sql, marks, base, at + 1, count)) {
				switch (sql.charAt(at)) {
					case ';' -> {
						if (!statementsRead) {
							statementsRead = true;
							if (anyStatementStartsStateChange(sql)) {
								return true;
							}
						}
					}
					case '@' -> {
						if (startsUserVariable(sql, at)) {
							return true;
						}
					}
					case 'm', 'M' -> {
						if (intoTempAt(sql, at - 2)) {
							return true;
						}
					}
					default -> {
						// a char above U+00FF whose low byte is one of the marked ones
					}
				}
			}
		}
		return false;
	}

	// The next marked index from the given one in the chunk at base, or -1. A short statement is
	// read char by char instead, which costs less than setting up the copies and the vector loop.
	private static int nextMark(String sql, Marks marks, int base, int from, int count) {
		if (marks != null) {
			int i = marks.next(from - base, count);
			return (i < 0) ? -1 : base + i;
		}
		int end = base + count;
		for (int at = from; at < end; at++) {
			char c = sql.charAt(at);
			if (c == ';' || c == '@'
					|| ((c | 0x20) == 'm' && at + 1 < end && (sql.charAt(at + 1) | 0x20) == 'p')) {
				return at;
			}
		}
		return -1;
	}

	// @name, @`name`, @'name', @"name" are user variables; @@name is a system variable (read only
	// here: setting one starts with SET), and PostgreSQL's @, @>, <@ operators are followed by
	// something else. In a run of at signs, pairs are system-variable prefixes: the run names a
	// user variable when it is odd and a name follows. Read at the first sign of each run.
	private static boolean startsUserVariable(String sql, int at) {
		if (at > 0 && sql.charAt(at - 1) == '@') {
			return false;
		}
		int length = sql.length();
		int end = at + 1;
		while (end < length && sql.charAt(end) == '@') {
			end++;
		}
		if (((end - at) & 1) == 0 || end == length) {
			return false;
		}
		char next = sql.charAt(end);
		return Character.isLetter(next) || next == '_' || next == '`' || next == '\'' || next == '"';
	}

	// PostgreSQL's SELECT ... INTO TEMP [TABLE] t, with any white space between the words: TEMP at
	// the given index (any case), white space before it, and before that "into" in lower case or an
	// 'I' followed by "nto" in any case.
	private static boolean intoTempAt(String sql, int temp) {
		if (temp < 0 || !sql.regionMatches(true, temp, "temp", 0, 4)) {
			return false;
		}
		int into = temp;
		while (into > 0 && Character.isWhitespace(sql.charAt(into - 1))) {
			into--;
		}
		if (into == temp || into < 4) {
			return false;
		}
		into -= 4;
		return sql.startsWith("into", into)
				|| (sql.charAt(into) == 'I' && sql.regionMatches(true, into + 1, "nto", 0, 3));
	}

	/**
	 * A thread's buffers for marking: a chunk of the text as bytes, the same shifted by one (so that
	 * a pair of neighbours is read at one index, which the JIT vectorises where an offset into the
	 * same array it does not), and the marks.
	 */
	private static final class Marks {

		private byte[] text = new byte[0];

		private byte[] following = new byte[0];

		private byte[] marks = new byte[0];

		@SuppressWarnings("deprecation") // getBytes(int, int, byte[], int): the low byte of each char, no allocation
		void mark(String sql, int base, int count) {
			if (this.text.length < count) {
				int size = Math.min(CHUNK, Math.max(count, 2 * this.text.length));
				this.text = new byte[size];
				this.following = new byte[size];
				this.marks = new byte[size];
			}
			sql.getBytes(base, base + count, this.text, 0);
			int end = Math.min(base + count + 1, sql.length());
			sql.getBytes(base + 1, end, this.following, 0);
			if (end - base - 1 < count) {
				this.following[count - 1] = 0;
			}
			byte[] text = this.text;
			byte[] following = this.following;
			byte[] marks = this.marks;
			for (int i = 0; i < count; i++) {
				// per byte, x + 0x7F has its top bit set when x, at most 0x7F, is not zero; for bytes
				// above 0x7F (not ASCII, so never one looked for) the result does not matter
				int c = text[i];
				int none = ((c ^ ';') + 0x7F) & ((c ^ '@') + 0x7F)
						& ((((c | 0x20) ^ 'm') | ((following[i] | 0x20) ^ 'p')) + 0x7F);
				marks[i] = (byte) (~none & 0x80);
			}
		}

		// the index of the first mark from the given one, or -1
		int next(int from, int count) {
			int found = Arrays.mismatch(this.marks, from, count, NO_MARKS, from, count);
			return (found < 0) ? -1 : from + found;
		}

	}

}
