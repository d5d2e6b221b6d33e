package dev.dbconn.testsupport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.dbconn.testsupport.TestDatabase.Kind;
import dev.dbconn.testsupport.TestDatabase.Origin;

/**
 * A PgBouncer of the tests' own in front of the PostgreSQL test database: a child process on a
 * free loopback port, with a generated configuration in a directory of its own, stopped when the
 * test closes it or, at the latest, when the JVM ends.
 * <p>
 * The process runs in the foreground under a small shell that stops it as soon as its standard
 * input reaches end of file, which happens when this JVM closes it or dies, even by
 * {@code SIGKILL}: no PgBouncer outlives the build. PgBouncer refuses to run as root; as root it is
 * told to switch to the user {@code nobody} ({@code -u}) once started.
 * <p>
 * It accepts the test database's user without a password ({@code auth_type = trust}) and forwards
 * every database name to the server of the same name, with the server credentials of
 * {@link TestDatabases#postgres()}. Its admin console (database {@code pgbouncer}) is read with
 * {@link #show(String)}.
 * <p>
 * The binary is {@value #DEFAULT_BINARY} or {@code pgbouncer} on the {@code PATH}, or the file named
 * by the system property {@value #BINARY_PROPERTY}. Without one, a test that needs it fails saying
 * how to install it; it is never skipped.
 */
public final class PgBouncer implements AutoCloseable {

	/** System property naming the PgBouncer binary. */
	public static final String BINARY_PROPERTY = "dbconn.test.pgbouncer";

	static final String DEFAULT_BINARY = "/usr/sbin/pgbouncer";

	private static final String LOOPBACK = "127.0.0.1";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	private static final int PROTOCOL_3 = 196608;

	/**
	 * Starts the command it is given in the background and stops it when the shell's standard input
	 * ends; the shell itself ends with the command. Asynchronous lists get {@code /dev/null} as
	 * their standard input, hence the copy on descriptor 3.
	 */
	private static final String WATCHDOG = "exec 3<&0\n" + "\"$@\" 3<&- &\n" + "child=$!\n"
			+ "( cat <&3 >/dev/null; kill \"$child\" 2>/dev/null ) &\n" + "wait \"$child\"\n";

	private static final Set<PgBouncer> RUNNING = ConcurrentHashMap.newKeySet();

	private static final Map<PoolMode, PgBouncer> SHARED = new EnumMap<>(PoolMode.class);

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(PgBouncer::close), "stop-pgbouncer"));
	}

	private final PoolMode mode;

	private final Path directory;

	private final Process process;

	private final int port;

	private final int poolSize;

	private final TestDatabase server;

	private PgBouncer(PoolMode mode, int poolSize, Path directory, Process process, int port, TestDatabase server) {
		this.mode = mode;
		this.poolSize = poolSize;
		this.directory = directory;
		this.process = process;
		this.port = port;
		this.server = server;
	}

	/**
	 * The PgBouncer of a pool mode that the whole JVM shares, started when first asked for; it has
	 * the default pool size (20 server connections per database and user).
	 * @param mode the pool mode
	 * @return the running PgBouncer
	 * @throws AssertionError if PgBouncer is not installed or does not start
	 */
	public static PgBouncer shared(PoolMode mode) {
		synchronized (SHARED) {
			PgBouncer running = SHARED.get(mode);
			if (running == null || !running.process.isAlive()) {
				running = start(mode, 20);
				SHARED.put(mode, running);
			}
			return running;
		}
	}

	/**
	 * Start a PgBouncer of the test's own; close it when done.
	 * @param mode the pool mode
	 * @param poolSize the most server connections it opens per database and user
	 * @return the running PgBouncer, accepting connections
	 * @throws AssertionError if PgBouncer is not installed or does not start
	 */
	public static PgBouncer start(PoolMode mode, int poolSize) {
		Path binary = binary();
		TestDatabase server = TestDatabases.postgres();
		IOException lastFailure = null;
		// a free port can be taken by someone else before PgBouncer binds it: try a few
		for (int attempt = 0; attempt < 3; attempt++) {
			try {
				return start(binary, mode, poolSize, server);
			}
			catch (IOException ex) {
				lastFailure = ex;
			}
		}
		throw new AssertionError("PgBouncer did not start: " + lastFailure.getMessage(), lastFailure);
	}

	private static PgBouncer start(Path binary, PoolMode mode, int poolSize, TestDatabase server)
			throws IOException {
		int port = freePort();
		Path directory = Files.createTempDirectory("dbconn-pgbouncer",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
		Path users = writeReadable(directory.resolve("users.txt"),
				quoted(server.username()) + " " + quoted(server.password()) + "\n");
		Path config = writeReadable(directory.resolve("pgbouncer.ini"),
				String.join("\n", "[databases]", "* = host=" + server.host() + " port=" + server.port(), "",
						"[pgbouncer]", "listen_addr = " + LOOPBACK, "listen_port = " + port, "unix_socket_dir =",
						"auth_type = trust", "auth_file = " + users, "admin_users = " + server.username(),
						"pool_mode = " + mode.name().toLowerCase(Locale.ROOT), "default_pool_size = " + poolSize,
						"max_client_conn = 500", "")
		);
		List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG, "pgbouncer", binary.toString()));
		if ("root".equals(System.getProperty("user.name"))) {
			command.addAll(List.of("-u", "nobody"));
		}
		command.add(config.toString());
		Path log = directory.resolve("pgbouncer.log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		PgBouncer pgBouncer = new PgBouncer(mode, poolSize, directory, process, port, server);
		RUNNING.add(pgBouncer);
		try {
			pgBouncer.awaitAccepting(log);
		}
		catch (IOException | RuntimeException | Error ex) {
			pgBouncer.close();
			throw ex;
		}
		return pgBouncer;
	}

	private void awaitAccepting(Path log) throws IOException {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (true) {
			if (!this.process.isAlive()) {
				throw new IOException("it ended at once (exit " + this.process.exitValue() + "): " + Files.readString(log));
			}
			try {
				show("VERSION");
				return;
			}
			catch (UncheckedIOException ex) {
				if (System.nanoTime() - deadline >= 0) {
					throw new IOException("it accepted no connection on port " + this.port + " within "
							+ START_TIMEOUT.toSeconds() + " s: " + Files.readString(log), ex);
				}
			}
			sleep(50);
		}
	}

	/**
	 * The pool mode.
	 * @return the mode
	 */
	public PoolMode mode() {
		return this.mode;
	}

	/**
	 * The port PgBouncer listens on, on {@code 127.0.0.1}.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * The PostgreSQL test database reached through this PgBouncer: the same database name, user and
	 * URL parameters, another address.
	 * @return the database, of kind {@link Kind#POSTGRESQL}
	 */
	public TestDatabase database() {
		String url = JdbcUrlAddress.replace(this.server.jdbcUrl(), LOOPBACK, this.port);
		return new TestDatabase(Kind.POSTGRESQL, url, this.server.username(), this.server.password(),
				Origin.PGBOUNCER);
	}

	/**
	 * The PostgreSQL server behind this PgBouncer, reached directly: for watching and acting on its
	 * backends from outside PgBouncer.
	 * @return the database
	 */
	public TestDatabase server() {
		return this.server;
	}

	/**
	 * Run a {@code SHOW} command on the admin console and return its rows.
	 * @param what what to show, e.g. {@code CLIENTS}, {@code SERVERS}, {@code POOLS}
	 * @return the rows, each column by name, values as text ({@code null} for SQL null)
	 * @throws UncheckedIOException if the console cannot be reached
	 */
	public List<Map<String, String>> show(String what) {
		try {
			return adminQuery("SHOW " + what);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("SHOW " + what + " on the PgBouncer at port " + this.port + " failed", ex);
		}
	}

	/**
	 * The client connections of the databases behind PgBouncer, the admin console's left out.
	 * @return the rows of {@code SHOW CLIENTS} for them
	 */
	public List<Map<String, String>> clients() {
		return show("CLIENTS").stream().filter((row) -> !"pgbouncer".equals(row.get("database"))).toList();
	}

	/**
	 * The source ports of the client connections of the databases behind PgBouncer, which tell the
	 * connections apart.
	 * @return the ports, in PgBouncer's order
	 */
	public Set<Integer> clientPorts() {
		Set<Integer> ports = new LinkedHashSet<>();
		clients().forEach((row) -> ports.add(Integer.parseInt(row.get("port"))));
		return ports;
	}

	/**
	 * The backends (server process ids) of the server connections PgBouncer holds now.
	 * @return the process ids
	 */
	public Set<Long> serverBackends() {
		Set<Long> pids = new LinkedHashSet<>();
		show("SERVERS").forEach((row) -> pids.add(Long.parseLong(row.get("remote_pid"))));
		return pids;
	}

	/**
	 * Take a given server connection away from everyone else: as a client of its own, hold it in a
	 * transaction. In transaction pooling, the other clients' next transactions then run on the
	 * other server connections. Assumes the server connection is idle.
	 * @param backendId the server connection's backend (process id)
	 * @return the client holding it, in a transaction until it is closed
	 * @throws SQLException if PgBouncer cannot be reached
	 * @throws AssertionError if PgBouncer does not hand it out
	 */
	public HeldServer holdServer(long backendId) throws SQLException {
		List<HeldServer> others = new ArrayList<>();
		try {
			// each attempt holds the server connection it gets, so the next one gets another
			for (int attempt = 0; attempt < this.poolSize; attempt++) {
				HeldServer held = new HeldServer(database().withParameters("prepareThreshold=0").open());
				if (held.backendId() == backendId) {
					return held;
				}
				others.add(held);
			}
		}
		finally {
			for (HeldServer other : others) {
				other.close();
			}
		}
		throw new AssertionError(this + " did not hand out server connection " + backendId + " to a new client");
	}

	@Override
	public void close() {
		if (!RUNNING.remove(this)) {
			return;
		}
		try {
			// end of input: the shell stops PgBouncer and ends with it
			this.process.getOutputStream().close();
			if (!this.process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.descendants().forEach(ProcessHandle::destroyForcibly);
				this.process.destroyForcibly();
			}
		}
		catch (IOException ex) {
			this.process.descendants().forEach(ProcessHandle::destroyForcibly);
			this.process.destroyForcibly();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
		deleteDirectory();
	}

	@Override
	public String toString() {
		return "PgBouncer (" + this.mode.name().toLowerCase(Locale.ROOT) + " pooling) at " + LOOPBACK + ":"
				+ this.port;
	}

	private void deleteDirectory() {
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory: left to the system
		}
	}

	/**
	 * One simple query on the admin console, over the protocol itself: pgjdbc cannot connect to the
	 * console, which refuses the {@code SET extra_float_digits} the driver sends after connecting.
	 */
	private List<Map<String, String>> adminQuery(String sql) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(LOOPBACK, this.port), 3000);
			socket.setSoTimeout(10_000);
			DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
			DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
			byte[] startup = cStrings("user", this.server.username(), "database", "pgbouncer", "");
			out.writeInt(8 + startup.length);
			out.writeInt(PROTOCOL_3);
			out.write(startup);
			out.flush();
			readUntilReady(in);
			byte[] query = cStrings(sql);
			out.writeByte('Q');
			out.writeInt(4 + query.length);
			out.write(query);
			out.flush();
			List<Map<String, String>> rows = readUntilReady(in);
			out.writeByte('X');
			out.writeInt(4);
			out.flush();
			return rows;
		}
	}

	private static List<Map<String, String>> readUntilReady(DataInputStream in) throws IOException {
		List<String> columns = List.of();
		List<Map<String, String>> rows = new ArrayList<>();
		while (true) {
			int type = in.readUnsignedByte();
			ByteBuffer body = ByteBuffer.wrap(in.readNBytes(in.readInt() - 4));
			switch (type) {
				case 'R' -> {
					if (body.getInt() != 0) {
						throw new IOException("the admin console asked for a password");
					}
				}
				case 'E' -> throw new IOException("the admin console answered: " + errorText(body));
				case 'T' -> {
					List<String> names = new ArrayList<>();
					for (int i = body.getShort(); i > 0; i--) {
						names.add(cString(body));
						// table, column, type, size, modifier, format
						body.position(body.position() + 18);
					}
					columns = names;
				}
				case 'D' -> {
					Map<String, String> row = new LinkedHashMap<>();
					int count = body.getShort();
					for (int i = 0; i < count; i++) {
						int length = body.getInt();
						String value = null;
						if (length >= 0) {
							byte[] bytes = new byte[length];
							body.get(bytes);
							value = new String(bytes, StandardCharsets.UTF_8);
						}
						row.put(columns.get(i), value);
					}
					rows.add(row);
				}
				case 'Z' -> {
					return rows;
				}
				default -> {
					// parameter status, key data, command complete, notices
				}
			}
		}
	}

	private static String errorText(ByteBuffer body) {
		StringBuilder text = new StringBuilder();
		for (byte field = body.get(); field != 0; field = body.get()) {
			String value = cString(body);
			if (field == 'M') {
				text.append(value);
			}
		}
		return text.toString();
	}

	private static String cString(ByteBuffer buffer) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (byte b = buffer.get(); b != 0; b = buffer.get()) {
			bytes.write(b);
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	private static byte[] cStrings(String... values) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (String value : values) {
			bytes.writeBytes(value.getBytes(StandardCharsets.UTF_8));
			bytes.write(0);
		}
		return bytes.toByteArray();
	}

	private static Path binary() {
		String configured = System.getProperty(BINARY_PROPERTY);
		if (configured != null && !configured.isBlank()) {
			Path path = Paths.get(configured);
			if (!Files.isExecutable(path)) {
				throw new AssertionError(BINARY_PROPERTY + " names " + configured + ", which is not an executable file");
			}
			return path;
		}
		Path standard = Paths.get(DEFAULT_BINARY);
		if (Files.isExecutable(standard)) {
			return standard;
		}
		for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			Path candidate = Paths.get(directory, "pgbouncer");
			if (!directory.isEmpty() && Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		throw new AssertionError("The PgBouncer tests need PgBouncer, which is neither at " + DEFAULT_BINARY
				+ " nor on the PATH. Install it (apt-get install pgbouncer; .ci/run does so), or name the binary with -D"
				+ BINARY_PROPERTY + "=/path/to/pgbouncer.");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
			return socket.getLocalPort();
		}
	}

	private static Path writeReadable(Path file, String content) throws IOException {
		Files.writeString(file, content);
		// PgBouncer reads them after switching to another user
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
		return file;
	}

	// auth_file quoting: double quotes around, doubled inside
	private static String quoted(String value) {
		return "\"" + value.replace("\"", "\"\"") + "\"";
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for PgBouncer", ex);
		}
	}

	/**
	 * A client of {@link #holdServer} holding a server connection in a transaction.
	 */
	public static final class HeldServer implements AutoCloseable {

		private final Connection connection;

		private final long backendId;

		HeldServer(Connection connection) throws SQLException {
			this.connection = connection;
			try {
				connection.setAutoCommit(false);
				this.backendId = Long.parseLong(query("select pg_backend_pid()"));
			}
			catch (SQLException | RuntimeException ex) {
				connection.close();
				throw ex;
			}
		}

		/**
		 * The backend of the server connection held.
		 * @return the process id
		 */
		public long backendId() {
			return this.backendId;
		}

		/**
		 * Read one value on the server connection held.
		 * @param sql a query of one row and column
		 * @return the value as text
		 * @throws SQLException if the query fails
		 */
		public String query(String sql) throws SQLException {
			try (Statement statement = this.connection.createStatement();
					ResultSet result = statement.executeQuery(sql)) {
				result.next();
				return result.getString(1);
			}
		}

		/** End the transaction and the client connection: the server connection is free again. */
		@Override
		public void close() throws SQLException {
			try {
				this.connection.rollback();
			}
			finally {
				this.connection.close();
			}
		}

	}

	/**
	 * When PgBouncer hands a server connection to another client.
	 */
	public enum PoolMode {

		/** When the client disconnects. */
		SESSION,

		/** When the client's transaction ends. */
		TRANSACTION

	}

}
