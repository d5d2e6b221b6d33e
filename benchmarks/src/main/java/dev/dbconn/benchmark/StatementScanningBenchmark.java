package dev.dbconn.benchmark;

import java.util.concurrent.TimeUnit;

import dev.dbconn.lifecycle.SessionStatements;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@code db.session-reset: auto} costs per prepared statement: the time
 * {@link SessionStatements#mayChangeSessionState} takes to read a statement's text.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class StatementScanningBenchmark {

	/** A statement as Hibernate writes it to load an entity with its associations, about 4 KB. */
	String hibernateSelect;

	/** A short statement, as hand-written code and {@code JdbcTemplate} send. */
	String shortSelect;

	/** A statement decided by its first word. */
	String set;

	byte[] bytes;

	@Setup
	public void build() {
		this.hibernateSelect = hibernateSelect(4096);
		this.shortSelect = "select id, name from items where id = ?";
		this.set = "SET search_path TO app";
		this.bytes = new byte[this.hibernateSelect.length()];
		if (SessionStatements.mayChangeSessionState(this.hibernateSelect)
				|| SessionStatements.mayChangeSessionState(this.shortSelect)
				|| !SessionStatements.mayChangeSessionState(this.set)) {
			throw new IllegalStateException("the statements no longer say what this benchmark expects");
		}
	}

	/** The same String object every time, as an ORM's statement cache or a constant passes it. */
	@Benchmark
	public boolean hibernateSelect4k() {
		return SessionStatements.mayChangeSessionState(this.hibernateSelect);
	}

	/**
	 * A String object never seen before with the same text, as SQL built anew per call is: the text
	 * is read in full each time. The new String shares the bytes and the cached hash code of the
	 * original, which is fair as long as the reading uses neither (it keys its table of harmless
	 * statements by identity, and a fresh 4 KB string's hash code alone costs microseconds).
	 */
	@Benchmark
	public boolean hibernateSelect4kFirstSeen() {
		return SessionStatements.mayChangeSessionState(new String(this.hibernateSelect));
	}

	@Benchmark
	public boolean shortSelect() {
		return SessionStatements.mayChangeSessionState(this.shortSelect);
	}

	/** The short statement in a String object never seen before. */
	@Benchmark
	public boolean shortSelectFirstSeen() {
		return SessionStatements.mayChangeSessionState(new String(this.shortSelect));
	}

	@Benchmark
	public boolean setStatement() {
		return SessionStatements.mayChangeSessionState(this.set);
	}

	/** For scale: one pass of the JDK's vectorised search over the 4 KB text (a char it lacks). */
	@Benchmark
	public int jdkIndexOfChar4k() {
		return this.hibernateSelect.indexOf('@');
	}

	/** For scale: the copy of the 4 KB text as bytes that the marking pass reads (it makes two). */
	@Benchmark
	@SuppressWarnings("deprecation")
	public byte[] jdkCopyAsBytes4k() {
		this.hibernateSelect.getBytes(0, this.hibernateSelect.length(), this.bytes, 0);
		return this.bytes;
	}

	/**
	 * A SELECT of at least the given length in Hibernate 6's style: aliased columns of several joined
	 * tables, a few function calls, and a WHERE with bind markers and an IN list.
	 */
	static String hibernateSelect(int length) {
		String[] tables = { "order_line", "product", "customer_account", "shipping_address", "warehouse" };
		String[] columns = { "id", "created_at", "updated_at", "version", "display_name", "status_code",
				"amount_net", "amount_gross", "currency_code", "external_reference" };
		StringBuilder sql = new StringBuilder("select ");
		int column = 0;
		while (sql.length() < length - 700) {
			String alias = alias(column / columns.length % tables.length);
			String name = columns[column % columns.length];
			if (column % 17 == 5) {
				sql.append("coalesce(").append(alias).append('.').append(name).append(",?)");
			}
			else {
				sql.append(alias).append('.').append(name);
			}
			sql.append(" as ").append(name).append(column).append("_0, ");
			column++;
		}
		sql.append("o1_0.id from ").append(tables[0]).append(" o1_0");
		for (int t = 1; t < tables.length; t++) {
			sql.append(" left join ").append(tables[t]).append(' ').append(alias(t)).append(" on ")
				.append(alias(t)).append(".id=o1_0.").append(tables[t]).append("_id");
		}
		sql.append(" where o1_0.status_code in (?,?,?) and lower(c1_0.display_name) like ? escape '\\'")
			.append(" and o1_0.created_at between ? and ? and p1_0.version>=? and w1_0.id=?");
		while (sql.length() < length - 30) {
			sql.append(" and o1_0.external_reference<>?");
		}
		sql.append(" order by o1_0.created_at desc offset ? rows fetch first ? rows only");
		return sql.toString();
	}

	private static String alias(int table) {
		return "opcsw".charAt(table) + "1_0";
	}

}
