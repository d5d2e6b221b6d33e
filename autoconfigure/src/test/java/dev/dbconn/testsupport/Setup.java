package dev.dbconn.testsupport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.dbconn.testsupport.PgBouncer.PoolMode;
import com.zaxxer.hikari.HikariDataSource;
import dev.dbconn.testsupport.TestDatabase.Kind;

/**
 * One cell of the test matrix: a database reached through its driver ({@link Kind}), and the
 * auto-commit mode of the pool in front of it. Lifecycle tests take a {@code Setup} where they would
 * take a {@code Kind}, and get every cell from {@link SetupSource}.
 * <p>
 * A test whose guarantees hold through PgBouncer also runs on PostgreSQL reached through a
 * {@link PgBouncer} in a given pool mode, the one the JVM shares ({@link PgBouncer#shared}), with
 * the pool in auto-commit mode.
 * <p>
 * Which cells run can be narrowed for a run with the system properties
 * {@value #KINDS_PROPERTY} (kinds, comma-separated, e.g. {@code MARIADB,MYSQL}) and
 * {@value #POOL_AUTO_COMMIT_PROPERTY} ({@code true}, {@code false} or both); by default all run.
 *
 * @param kind the database and driver
 * @param poolAutoCommit the pool's auto-commit default: {@code false} runs the application with
 * {@code spring.datasource.hikari.auto-commit=false}
 * @param pgBouncer the pool mode of the PgBouncer between the application and PostgreSQL, or
 * {@code null} when it connects to the server directly
 */
public record Setup(Kind kind, boolean poolAutoCommit, PoolMode pgBouncer) {

	/** System property naming the kinds to run, comma-separated; all when unset. */
	public static final String KINDS_PROPERTY = "dbconn.test.kinds";

	/** System property naming the pool auto-commit modes to run, {@code true}, {@code false} or both. */
	public static final String POOL_AUTO_COMMIT_PROPERTY = "dbconn.test.pool-auto-commit";

	public Setup {
		if (pgBouncer != null && kind != Kind.POSTGRESQL) {
			throw new IllegalArgumentException("PgBouncer is for PostgreSQL, not " + kind);
		}
	}

	/**
	 * A cell where the application connects to the server directly.
	 * @param kind the database and driver
	 * @param poolAutoCommit the pool's auto-commit default
	 */
	public Setup(Kind kind, boolean poolAutoCommit) {
		this(kind, poolAutoCommit, null);
	}

	/**
	 * The plain cell of a kind: the pool in auto-commit mode, as Spring Boot configures it by default.
	 * @param kind the database and driver
	 * @return the setup
	 */
	public static Setup of(Kind kind) {
		return new Setup(kind, true);
	}

	/**
	 * The cells a test may run on, as far as the run's system properties allow.
	 * @param kinds the kinds the test applies to, empty for all
	 * @param withPoolAutoCommitOff whether the test applies to a pool with auto-commit off at all
	 * @return the cells, kinds in declaration order, each with auto-commit on first
	 */
	public static List<Setup> matrix(Kind[] kinds, boolean withPoolAutoCommitOff) {
		return matrix(kinds, withPoolAutoCommitOff, new PoolMode[0]);
	}

	/**
	 * The cells a test may run on, as far as the run's system properties allow, with PostgreSQL also
	 * reached through PgBouncer.
	 * @param kinds the kinds the test applies to, empty for all
	 * @param withPoolAutoCommitOff whether the test applies to a pool with auto-commit off at all
	 * @param pgBouncer the PgBouncer pool modes to reach PostgreSQL through as well, when it is among
	 * the kinds
	 * @return the cells, kinds in declaration order, each with auto-commit on first, then the
	 * PgBouncer cells, with auto-commit on
	 */
	public static List<Setup> matrix(Kind[] kinds, boolean withPoolAutoCommitOff, PoolMode... pgBouncer) {
		Set<Kind> wanted = (kinds.length == 0) ? EnumSet.allOf(Kind.class) : EnumSet.copyOf(Arrays.asList(kinds));
		wanted.retainAll(selectedKinds());
		List<Boolean> modes = new ArrayList<>(selectedAutoCommitModes());
		if (!withPoolAutoCommitOff) {
			modes.remove(Boolean.FALSE);
		}
		List<Setup> setups = new ArrayList<>();
		for (Kind kind : wanted) {
			for (boolean autoCommit : modes) {
				setups.add(new Setup(kind, autoCommit));
			}
		}
		// the pool's auto-commit mode is no matter of PgBouncer's: its cells run with Boot's default only
		if (wanted.contains(Kind.POSTGRESQL) && modes.contains(Boolean.TRUE)) {
			for (PoolMode mode : pgBouncer) {
				setups.add(new Setup(Kind.POSTGRESQL, true, mode));
			}
		}
		return setups;
	}

	/**
	 * The database to run against: found by {@link TestDatabases} for the kind, or reached through
	 * the shared PgBouncer of the cell's pool mode.
	 * @return the database
	 */
	public TestDatabase database() {
		return (this.pgBouncer != null) ? PgBouncer.shared(this.pgBouncer).database() : TestDatabases.get(this.kind);
	}

	/**
	 * A HikariCP pool of this cell's database in this cell's auto-commit mode, for tests that build
	 * their DataSource themselves; close it when done.
	 * @param maximumPoolSize the pool's maximum
	 * @return the pool, started on first use
	 */
	public HikariDataSource pool(int maximumPoolSize) {
		HikariDataSource pool = database().pool(maximumPoolSize);
		pool.setAutoCommit(this.poolAutoCommit);
		return pool;
	}

	/**
	 * The application properties this cell adds to those of the test.
	 * @return the properties, {@code name=value}
	 */
	public List<String> properties() {
		return this.poolAutoCommit ? List.of() : List.of("spring.datasource.hikari.auto-commit=false");
	}

	@Override
	public String toString() {
		return this.kind + ((this.pgBouncer != null) ? " via PgBouncer " + this.pgBouncer.name().toLowerCase(Locale.ROOT)
				+ " pooling" : "") + (this.poolAutoCommit ? "" : " auto-commit=false");
	}

	private static Set<Kind> selectedKinds() {
		String value = System.getProperty(KINDS_PROPERTY);
		if (value == null || value.isBlank()) {
			return EnumSet.allOf(Kind.class);
		}
		Set<Kind> kinds = EnumSet.noneOf(Kind.class);
		for (String name : value.split(",")) {
			try {
				kinds.add(Kind.valueOf(name.trim().toUpperCase(Locale.ROOT)));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(KINDS_PROPERTY + " names '" + name.trim() + "'; expected some of "
						+ Arrays.toString(Kind.values()), ex);
			}
		}
		return kinds;
	}

	private static List<Boolean> selectedAutoCommitModes() {
		String value = System.getProperty(POOL_AUTO_COMMIT_PROPERTY);
		if (value == null || value.isBlank()) {
			return List.of(true, false);
		}
		List<Boolean> modes = new ArrayList<>();
		for (String mode : value.split(",")) {
			switch (mode.trim().toLowerCase(Locale.ROOT)) {
				case "true" -> modes.add(true);
				case "false" -> modes.add(false);
				default -> throw new IllegalArgumentException(
						POOL_AUTO_COMMIT_PROPERTY + " is '" + value + "'; expected true, false or true,false");
			}
		}
		return modes;
	}

}
