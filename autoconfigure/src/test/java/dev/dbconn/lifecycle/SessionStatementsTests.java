package dev.dbconn.lifecycle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which statements make a unit of work end with a session reset in {@code db.session-reset=auto}
 * mode. A missed statement leaks state into the next request; a statement flagged wrongly only costs
 * a reset, so the plain statements an application runs all the time are checked too.
 */
class SessionStatementsTests {

	@ParameterizedTest
	@ValueSource(strings = { "SET search_path TO app", "set time zone 'UTC'", "Set Session lock_timeout = '5s'",
			"SET LOCAL statement_timeout = 1000", "SET ROLE reporting", "SET SESSION AUTHORIZATION app",
			"SET NAMES utf8mb4", "SET @@session.sql_mode = 'ANSI'", "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE" })
	void setInAnyCaseAndFormChangesState(String sql) {
		assertThat(SessionStatements.mayChangeSessionState(sql)).isTrue();
	}

	// Frameworks and hand-written SQL put whitespace and comments in front of statements; what counts
	// is the first word the server reads.
	@ParameterizedTest
	@ValueSource(strings = { "   SET work_mem = '64MB'", "\n\t\r SET work_mem = '64MB'",
			"-- tune\nSET work_mem = '64MB'", "/* tune */ SET work_mem = '64MB'",
			"/* a */ -- b\n  /* c */SET work_mem = '64MB'", "(SET work_mem = '64MB')", "  ( ( set work_mem = '64MB'" })
	void setAfterWhitespaceCommentsAndParenthesesChangesState(String sql) {
		assertThat(SessionStatements.mayChangeSessionState(sql)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "RESET ALL", "reset search_path", "DISCARD ALL", "discard temp", "LISTEN jobs",
			"LOCK TABLES items WRITE", "LOAD 'auto_explain'",
			"PREPARE q AS select 1", "PREPARE q FROM 'select 1'", "EXECUTE q", "execute q using @a",
			"DECLARE c CURSOR WITH HOLD FOR select 1", "USE other", "CALL refresh_totals()",
			"DO $$ begin perform set_config('a.b', 'c', false); end $$", "HANDLER items OPEN" })
	void sessionLevelCommandsChangeState(String sql) {
		assertThat(SessionStatements.mayChangeSessionState(sql)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "CREATE TEMP TABLE scratch (id int)", "create temporary table scratch (id int)",
			"CREATE GLOBAL TEMPORARY TABLE scratch (id int)", "CREATE TEMP VIEW v AS select 1",
			"create temporary table scratch as select * from items" })
	void temporaryObjectsChangeState(String sql) {
		assertThat(SessionStatements.mayChangeSessionState(sql)).isTrue();
	}

	// Session-level locks outlive the statement and the transaction; only a reset or the end of the
	// session frees them.
	@ParameterizedTest
	@ValueSource(strings = { "select pg_advisory_lock(1)", "SELECT PG_ADVISORY_LOCK(1)",
			"select pg_try_advisory_lock(42)", "select pg_advisory_lock_shared(7)",
			"select pg_try_advisory_lock_shared(7, 8)", "select get_lock('x', 0)", "SELECT GET_LOCK('job', 10)",
			"insert into audit (locked) select pg_advisory_lock(3)",
			"with l as (select pg_try_advisory_lock(5) as ok) select ok from l" })
	void sessionLevelLocksChangeState(String sql) {
		assertThat(SessionStatements.mayChangeSessionState(sql)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "select set_config('search_path', 'app', false)",
			"SELECT pg_catalog.set_config('app.tenant', '42', false)",
			"update items set name = 'x' where current_setting('a.b') = set_config('a.b', 'c', false)" })
	void setConfigChangesState(String sql) {
		assertThat(SessionStatements.mayChangeSessionState(sql)).isTrue();
	}

	// MariaDB user variables belong to the session: a later request on the same connection reads them.
	@ParameterizedTest
	@ValueSource(strings = { "select @x", "SELECT @x := 1", "select count(*) into @v from items",
			"select id from items where id = @last_id", "insert into items (id) values (@next)",
			"select @`odd name`", "select @'quoted'", "select @\"double\"", "select @_underscore" })
	void userVariablesChangeState(String sql) {
		assertThat(SessionStatements.mayChangeSessionState(sql)).isTrue();
	}

	// Drivers that allow several statements in one string run them all: any one of them counts.
	@ParameterizedTest
	@ValueSource(strings = { "select 1; set x = 1", "select 1;SET x=1",
			"insert into t values (1);\n  -- then\n  reset all",
			"select 1; select 2; select pg_advisory_lock(1)", "update t set a = 1; select @x := 2" })
	void aStateChangeAnywhereInSeveralStatementsCounts(String sql) {
		assertThat(SessionStatements.mayChangeSessionState(sql)).isTrue();
	}

	// The bulk of an application's statements: flagging these would reset the session after nearly
	// every request.
	@ParameterizedTest
	@ValueSource(strings = { "select * from items where id = ?", "SELECT 1",
			"insert into items (id, name) values (?, ?)", "update items set name = ? where id = ?",
			"UPDATE items SET qty = qty - 1", "delete from items where id = ?",
			"with recent as (select * from items) select * from recent", "(select 1) union (select 2)",
			"select * from items for update", "select nextval('items_seq')", "show search_path",
			"explain select * from items", "select * from settings", "insert into items values (1) returning id",
			"-- just a comment", "/* just a comment */", "   ", ";", "select 1;", "select 1; select 2" })
	void ordinaryStatementsDoNotChangeState(String sql) {
		assertThat(SessionStatements.mayChangeSessionState(sql)).isFalse();
	}

	// Transaction control ends with the transaction, which the lifecycle handles on its own.
	@ParameterizedTest
	@ValueSource(strings = { "BEGIN", "begin transaction", "COMMIT", "rollback", "ROLLBACK TO SAVEPOINT s",
			"SAVEPOINT s", "START TRANSACTION", "start transaction read only", "END" })
	void transactionControlDoesNotChangeState(String sql) {
		assertThat(SessionStatements.mayChangeSessionState(sql)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "CREATE TABLE items (id int)", "create index items_name on items (name)",
			"CREATE VIEW v AS select 1", "create table items as select * from old_items" })
	void permanentObjectsDoNotChangeState(String sql) {
		assertThat(SessionStatements.mayChangeSessionState(sql)).isFalse();
	}

	// Transaction-level advisory locks are released at commit or rollback.
	@ParameterizedTest
	@ValueSource(strings = { "select pg_advisory_xact_lock(1)", "SELECT pg_try_advisory_xact_lock(1)",
			"select pg_advisory_xact_lock_shared(1)" })
	void transactionLevelAdvisoryLocksDoNotChangeState(String sql) {
		assertThat(SessionStatements.mayChangeSessionState(sql)).isFalse();
	}

	// PostgreSQL's jsonb containment operators and MariaDB's system variable reads both contain an
	// at sign, but neither sets anything.
	@ParameterizedTest
	@ValueSource(strings = { "select * from docs where body @> '{\"a\": 1}'",
			"select * from docs where body @>?::jsonb",
			"select * from docs where '{\"a\": 1}' <@ body", "select @@session.sql_mode", "SELECT @@sql_mode",
			"select @@global.max_connections, @@session.time_zone", "select @@version" })
	void jsonbOperatorsAndSystemVariableReadsDoNotChangeState(String sql) {
		assertThat(SessionStatements.mayChangeSessionState(sql)).isFalse();
	}

	@ParameterizedTest
	@NullAndEmptySource
	void nullAndEmptyDoNotChangeState(String sql) {
		assertThat(SessionStatements.mayChangeSessionState(sql)).isFalse();
	}

	@Test
	void aKeywordCountsOnlyAsAWholeFirstWord() {
		// statements whose first word merely starts like a state-changing command
		assertThat(SessionStatements.mayChangeSessionState("SETTLE")).isFalse();
		assertThat(SessionStatements.mayChangeSessionState("DOCUMENT")).isFalse();
		assertThat(SessionStatements.mayChangeSessionState("USER")).isFalse();
		assertThat(SessionStatements.mayChangeSessionState("UNLISTEN *")).isFalse();
	}

	// The cases below are easy to miss: each statement is one a server runs as written and that leaves
	// state behind in the session, so a kept connection would carry it into the next request.

	@ParameterizedTest
	@ValueSource(strings = { "{call refresh_totals(?)}", "{ call refresh_totals() }", "{? = call next_ticket(?)}" })
	void jdbcCallEscapesChangeStateLikeCall(String sql) {
		// the form CallableStatement and Spring's SimpleJdbcCall use for stored procedures
		assertThat(SessionStatements.mayChangeSessionState(sql)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/*!40101 SET NAMES latin1 */", "/*!40014 SET FOREIGN_KEY_CHECKS=0 */",
			"/*! SET @x = 1 */" })
	void mariaDbExecutableCommentsChangeState(String sql) {
		// what mysqldump writes and migration tools replay
		assertThat(SessionStatements.mayChangeSessionState(sql)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "select * into temp table scratch from items",
			"SELECT id INTO TEMPORARY scratch FROM items", "select 1 as x into temp scratch" })
	void selectIntoTempChangesState(String sql) {
		assertThat(SessionStatements.mayChangeSessionState(sql)).isTrue();
	}

	@Test
	void setAfterAHashCommentChangesState() {
		assertThat(SessionStatements.mayChangeSessionState("# tune\nSET sql_mode = 'ANSI'")).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "-- step 1; tune\nSET work_mem = '64MB'", "/* a; b */ SET work_mem = '64MB'" })
	void setAfterACommentWithASemicolonChangesState(String sql) {
		assertThat(SessionStatements.mayChangeSessionState(sql)).isTrue();
	}

	@Test
	void flushTablesWithReadLockChangesState() {
		assertThat(SessionStatements.mayChangeSessionState("FLUSH TABLES WITH READ LOCK")).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "SELECT string_agg(name, ';'), pg_advisory_lock(42) FROM t",
			"select ';' as s, @counter := 1", "select 'a;b' into  temp scratch", "select 1 into\ttemp scratch" })
	void aSemicolonInsideAStringDoesNotHideWhatFollows(String sql) {
		assertThat(SessionStatements.mayChangeSessionState(sql)).isTrue();
	}

	// Functions are found by their parenthesis and the name in front of it, which the server reads
	// through white space, comments and quotes just as well.
	@ParameterizedTest
	@ValueSource(strings = { "select pg_advisory_lock (1)", "select set_config\n\t('a.b', 'c', false)",
			"select set_config /* tenant */ ('a.b', 'c', false)", "select \"pg_advisory_lock\"(1)",
			"select `GET_LOCK`('x', 0)", "select set_config -- tenant\n('a.b', 'c', false)",
			"select Pg_Advisory_Lock(1)" })
	void aFunctionNameApartFromItsParenthesisChangesState(String sql) {
		assertThat(SessionStatements.mayChangeSessionState(sql)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "Select 1 Into Temp scratch", "SELECT 1 INTO temp scratch", "select 1 InTo temp scratch",
			"select 1 into\n  TEMPORARY TABLE scratch" })
	void intoTempInTheUsualSpellingsChangesState(String sql) {
		assertThat(SessionStatements.mayChangeSessionState(sql)).isTrue();
	}

	// What an ORM sends all day: long, many parentheses and comments, none of it a state change.
	@ParameterizedTest
	@ValueSource(strings = { "/* load Book */ (select b1_0.id from book b1_0) union (select 2)",
			"select count(b1_0.id), lower(b1_0.title), coalesce(b1_0.price, 0) from book b1_0 where b1_0.id in (?, ?)",
			"insert into book (id, title) values (?, ?)", "select b1_0.id from book b1_0 where b1_0.lock_id = ?",
			"select b1_0.id from book b1_0 where exists (select 1 from loan l1_0 where l1_0.book_id = b1_0.id)" })
	void ormStatementsDoNotChangeState(String sql) {
		assertThat(SessionStatements.mayChangeSessionState(sql)).isFalse();
	}

	@Test
	void aLongOrmSelectDoesNotChangeState() {
		StringBuilder sql = new StringBuilder("select ");
		for (int i = 0; sql.length() < 4096; i++) {
			sql.append("b1_0.column_").append(i).append(" as c").append(i).append("_0_, ");
		}
		sql.append("b1_0.id from book b1_0 left join author a1_0 on a1_0.id = b1_0.author_id where b1_0.id = ?");
		assertThat(SessionStatements.mayChangeSessionState(sql.toString())).isFalse();
		assertThat(SessionStatements.mayChangeSessionState(sql + " and pg_try_advisory_lock(b1_0.id)")).isTrue();
	}

	// Statements of 128 chars and more are read as bytes, in chunks of 8192: the same statements
	// must give the same answer on either path and wherever a marker falls, chunk borders included.
	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 100, 200, 8175, 8176, 8177, 8182, 8183, 8187, 8188, 8189, 8190, 8191, 8192, 8193, 16383 })
	void whatChangesStateIsFoundWhereverItStandsInALongStatement(int padding) {
		String pad = "x".repeat(padding);
		assertThat(SessionStatements.mayChangeSessionState("select " + pad + " into temp t")).isTrue();
		assertThat(SessionStatements.mayChangeSessionState("select " + pad + " Into\n Temporary t")).isTrue();
		assertThat(SessionStatements.mayChangeSessionState("select " + pad + ", @v")).isTrue();
		assertThat(SessionStatements.mayChangeSessionState("select " + pad + ", @@@v")).isTrue();
		assertThat(SessionStatements.mayChangeSessionState("select " + pad + "; set x = 1")).isTrue();
		assertThat(SessionStatements.mayChangeSessionState("select " + pad + ", pg_advisory_lock(1)")).isTrue();
		assertThat(SessionStatements.mayChangeSessionState("select " + pad + ", @@v from t")).isFalse();
		assertThat(SessionStatements.mayChangeSessionState("select " + pad + " into temp_log")).isTrue();
		assertThat(SessionStatements.mayChangeSessionState("select " + pad + " from temp")).isFalse();
		assertThat(SessionStatements.mayChangeSessionState("select " + pad + " intotemp t")).isFalse();
		assertThat(SessionStatements.mayChangeSessionState("select " + pad + "; select 2")).isFalse();
	}

	// Chars above U+00FF are read in the String, not in the byte copy, where their low byte can look
	// like a marker: U+0140 ends in 0x40 ('@'), U+013B in 0x3B (';'), U+016D and U+0170 in 'm' and 'p'.
	@ParameterizedTest
	@ValueSource(ints = { 0, 200 })
	void charsAboveLatin1AreReadAsTheyAre(int padding) {
		String pad = "x".repeat(padding);
		assertThat(SessionStatements.mayChangeSessionState("select '\u0140x' " + pad)).isFalse();
		assertThat(SessionStatements.mayChangeSessionState("select 1 " + pad + "\u013B set x = 1")).isFalse();
		assertThat(SessionStatements.mayChangeSessionState("select 1 " + pad + " into te\u016D\u0170 t")).isFalse();
		// what the server, or regionMatches ignoring case, reads as white space or as a letter
		assertThat(SessionStatements.mayChangeSessionState("select 1 " + pad + " into\u2003temp t")).isTrue();
		assertThat(SessionStatements.mayChangeSessionState("select '\u00e9' " + pad + ", @\u00e9t\u00e9")).isTrue();
		assertThat(SessionStatements.mayChangeSessionState("select " + pad + " pg_advisory_loc\u212A(1)")).isTrue();
	}

}
