package dev.dbconn.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A TCP proxy on the loopback interface that forwards every connection to one target, so that a
 * test can break the network between a pool and its database: {@link #cutAll()} drops every
 * connection, {@link #blackHole()} makes the network stop answering until
 * {@link #resumeForwarding()}, and {@link #refuseConnections()} turns new connections away until
 * {@link #acceptConnections()}, on the same port.
 * <p>
 * Each forwarded connection uses two daemon threads, and each connection held in a black hole one;
 * {@link #close()} stops them all and closes every socket.
 */
public final class TcpProxy implements AutoCloseable {

	private static final String LOOPBACK = "127.0.0.1";

	private static final int CONNECT_TIMEOUT_MILLIS = 3000;

	private static final long STOP_TIMEOUT_MILLIS = 5000;

	private static final long STALL_POLL_MILLIS = 10;

	private static final int BACKLOG = 50;

	private final String targetHost;

	private final int targetPort;

	private final int port;

	private volatile ServerSocket serverSocket;

	// the thread accepting on serverSocket: the JDK closes a listening socket for good only once the
	// thread blocked in accept() on it has left
	private volatile Thread acceptThread;

	private final Set<Link> links = ConcurrentHashMap.newKeySet();

	// accepted while in a black hole, not yet forwarded
	private final Set<Socket> held = ConcurrentHashMap.newKeySet();

	private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

	private final AtomicInteger linkNumbers = new AtomicInteger();

	private volatile boolean closed;

	private volatile boolean blackHole;

	private TcpProxy(String targetHost, int targetPort, ServerSocket serverSocket) {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.port = serverSocket.getLocalPort();
		this.serverSocket = serverSocket;
	}

	/**
	 * Start a proxy on a free loopback port below the system's ephemeral range.
	 * @param targetHost the host to forward to
	 * @param targetPort the port to forward to
	 * @return the running proxy
	 * @throws IOException if no local port can be bound
	 */
	public static TcpProxy start(String targetHost, int targetPort) throws IOException {
		ServerSocket serverSocket = listenBelowEphemeralPorts();
		TcpProxy proxy = new TcpProxy(targetHost, targetPort, serverSocket);
		proxy.acceptThread = proxy.startThread("accept", () -> proxy.acceptLoop(serverSocket));
		return proxy;
	}

	/**
	 * Listen on a free port below the ephemeral range, where the system never picks a port for a
	 * listener asking for any port ({@code new ServerSocket(0)}, PgBouncer's tests): while
	 * {@link #refuseConnections()} has the port free, another build on the same machine could
	 * otherwise be given it, and take the connections meant to be refused, or keep
	 * {@link #acceptConnections()} from listening there again.
	 */
	private static ServerSocket listenBelowEphemeralPorts() throws IOException {
		int low = ephemeralLow();
		int first = 10_000;
		if (low - first >= 1000) {
			for (int attempt = 0; attempt < 100; attempt++) {
				int port = first + ThreadLocalRandom.current().nextInt(low - first);
				try {
					return new ServerSocket(port, BACKLOG, InetAddress.getByName(LOOPBACK));
				}
				catch (BindException ex) {
					// taken: try another
				}
			}
		}
		return new ServerSocket(0, BACKLOG, InetAddress.getByName(LOOPBACK));
	}

	// Linux says it in /proc (read by line: a read of the whole file may stop after its first byte);
	// elsewhere assume IANA's range, from 49152
	private static int ephemeralLow() {
		try (BufferedReader reader = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
			String range = reader.readLine();
			return Integer.parseInt(range.trim().split("\\s+")[0]);
		}
		catch (IOException | RuntimeException ex) {
			return 49152;
		}
	}

	/**
	 * Start a proxy in front of a test database; point a data source at it with
	 * {@link TestDatabase#viaProxy(TcpProxy)}.
	 * @param database the database to forward to
	 * @return the running proxy
	 * @throws IOException if no local port can be bound
	 */
	public static TcpProxy start(TestDatabase database) throws IOException {
		return start(database.host(), database.port());
	}

	/**
	 * The address clients connect to.
	 * @return the loopback address, {@code 127.0.0.1}
	 */
	public String host() {
		return LOOPBACK;
	}

	/**
	 * The port clients connect to.
	 * @return the local port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Number of connections currently open through the proxy: forwarded, stalled, or held in a black
	 * hole.
	 * @return the number of open connections
	 */
	public int openConnections() {
		return this.links.size() + this.held.size();
	}

	/**
	 * Abruptly close every connection currently being forwarded, on both sides, as if the network had
	 * dropped. The client and the server each see a reset. New connections are still accepted.
	 */
	public void cutAll() {
		for (Link link : List.copyOf(this.links)) {
			link.cut();
		}
		for (Socket client : List.copyOf(this.held)) {
			this.held.remove(client);
			abort(client);
		}
	}

	/**
	 * Stop forwarding on every connection open now, without closing any: both sides see a network
	 * that has stopped answering. Connections opened later are forwarded as usual, and
	 * {@link #cutAll()} still cuts the stalled ones.
	 */
	public void stallOpenConnections() {
		for (Link link : List.copyOf(this.links)) {
			link.stalled = true;
		}
	}

	/**
	 * On every connection open now, answer the client's next request in the server's place and hang
	 * up, as a server that fails a command with an error and then drops the connection: the request
	 * is not forwarded, the server's side is reset, and the client reads the answer and then the end
	 * of the connection.
	 * @param answer what to send the client, made from the bytes of its request
	 */
	public void answerNextRequestAndHangUp(UnaryOperator<byte[]> answer) {
		for (Link link : List.copyOf(this.links)) {
			link.answer = answer;
		}
	}

	/**
	 * Make the network stop answering, without closing anything: nothing more is forwarded on the
	 * connections open now, and new connections are accepted (the client's connect succeeds) but
	 * never reach the server. Both sides of every connection wait, as behind a firewall that drops
	 * packets. {@link #cutAll()} still cuts every connection, the held ones included.
	 */
	public void blackHole() {
		this.blackHole = true;
	}

	/**
	 * Forward again: the connections stalled by {@link #blackHole()} or
	 * {@link #stallOpenConnections()} pass on what they held, and the connections accepted in the black
	 * hole are connected to the target now.
	 */
	public void resumeForwarding() {
		this.blackHole = false;
		for (Link link : List.copyOf(this.links)) {
			link.stalled = false;
		}
	}

	/**
	 * Refuse new connections, as a host with nothing listening on the port does: the proxy closes its
	 * listening socket, so a client's connect fails at once with "connection refused". Connections
	 * open now are left as they are.
	 */
	public synchronized void refuseConnections() {
		closeQuietly(this.serverSocket);
		// until the accepting thread has left accept(), the socket still listens and connects succeed
		Thread accepting = this.acceptThread;
		if (accepting != null) {
			try {
				accepting.join(TimeUnit.SECONDS.toMillis(10));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (accepting.isAlive()) {
				throw new IllegalStateException("The proxy's accepting thread did not end within 10 s");
			}
		}
	}

	/**
	 * Accept new connections again after {@link #refuseConnections()}, on the same port, so that the
	 * JDBC URLs pointing at the proxy stay valid.
	 * @throws UncheckedIOException if the port cannot be bound again (something else took it)
	 */
	public synchronized void acceptConnections() {
		if (this.closed || !this.serverSocket.isClosed()) {
			return;
		}
		ServerSocket serverSocket;
		try {
			serverSocket = new ServerSocket();
			// the port's accepted connections may linger in TIME_WAIT; they do not stop a new listener
			serverSocket.setReuseAddress(true);
			serverSocket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), this.port), BACKLOG);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot listen on " + LOOPBACK + ":" + this.port + " again", ex);
		}
		this.serverSocket = serverSocket;
		this.acceptThread = startThread("accept", () -> acceptLoop(serverSocket));
	}

	/**
	 * Stop accepting connections, cut the open ones, and wait for every proxy thread to end.
	 * @throws IllegalStateException if a proxy thread does not end in time
	 */
	@Override
	public void close() {
		synchronized (this) {
			this.closed = true;
			closeQuietly(this.serverSocket);
		}
		cutAll();
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_TIMEOUT_MILLIS);
		// again until none is alive: a thread still ending (the accept loop) may have started another
		for (List<Thread> alive = aliveThreads(); !alive.isEmpty(); alive = aliveThreads()) {
			long remainingNanos = deadline - System.nanoTime();
			if (remainingNanos <= 0) {
				throw new IllegalStateException("Proxy threads did not stop: " + alive);
			}
			try {
				alive.get(0).join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNanos)));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private List<Thread> aliveThreads() {
		List<Thread> alive = new ArrayList<>();
		for (Thread thread : this.threads) {
			if (thread.isAlive()) {
				alive.add(thread);
			}
		}
		return alive;
	}

	@Override
	public String toString() {
		return "TcpProxy[" + LOOPBACK + ":" + port() + " -> " + this.targetHost + ":" + this.targetPort + "]";
	}

	private void acceptLoop(ServerSocket serverSocket) {
		while (!this.closed) {
			Socket client;
			try {
				client = serverSocket.accept();
			}
			catch (IOException ex) {
				// The server socket was closed by close() or refuseConnections(), or is unusable: stop.
				return;
			}
			if (this.blackHole) {
				hold(client);
			}
			else {
				forward(client);
			}
		}
	}

	// a connection accepted in a black hole waits, unanswered, until forwarding resumes or it is cut
	private void hold(Socket client) {
		this.held.add(client);
		if (this.closed) {
			// close() may have run cutAll() before this connection was held.
			this.held.remove(client);
			abort(client);
			return;
		}
		startThread("held-" + client.getPort(), () -> {
			while (this.blackHole && !this.closed && this.held.contains(client)) {
				if (!pause()) {
					break;
				}
			}
			if (this.held.remove(client) && !this.closed) {
				forward(client);
			}
			else {
				abort(client);
			}
		});
	}

	private void forward(Socket client) {
		Socket upstream = new Socket();
		try {
			client.setTcpNoDelay(true);
			upstream.setTcpNoDelay(true);
			upstream.connect(new InetSocketAddress(this.targetHost, this.targetPort), CONNECT_TIMEOUT_MILLIS);
		}
		catch (IOException ex) {
			// The client sees a reset, which is what it would see if the target itself refused.
			abort(client);
			abort(upstream);
			return;
		}
		Link link = new Link(this.linkNumbers.incrementAndGet(), client, upstream);
		this.links.add(link);
		if (this.closed) {
			// close() may have run cutAll() before this link was registered.
			link.cut();
			return;
		}
		startThread("link-" + link.number + "-to-server", () -> link.pump(client, upstream));
		startThread("link-" + link.number + "-to-client", () -> link.pump(upstream, client));
	}

	private Thread startThread(String name, Runnable task) {
		// A thread stays in the set until it has ended, so that close() joins every thread still alive:
		// one that removed itself as its last act could outlive close(). Ended ones are dropped here.
		this.threads.removeIf((started) -> !started.isAlive());
		Thread thread = new Thread(task, "tcp-proxy-" + port() + "-" + name);
		thread.setDaemon(true);
		this.threads.add(thread);
		thread.start();
		return thread;
	}

	// false when interrupted, with the interrupt kept
	private static boolean pause() {
		try {
			Thread.sleep(STALL_POLL_MILLIS);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void abort(Socket socket) {
		try {
			// A zero linger time makes close() send a reset instead of an orderly shutdown.
			socket.setSoLinger(true, 0);
		}
		catch (IOException ex) {
			// Already closed: nothing left to reset.
		}
		closeQuietly(socket);
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Closing is best effort; the socket is unusable either way.
		}
	}

	/**
	 * One forwarded connection: the client's socket and the matching socket to the target.
	 */
	private final class Link {

		private final int number;

		private final Socket client;

		private final Socket upstream;

		private final AtomicInteger runningPumps = new AtomicInteger(2);

		private volatile boolean stalled;

		private volatile UnaryOperator<byte[]> answer;

		private volatile boolean hungUp;

		private volatile boolean cutOff;

		Link(int number, Socket client, Socket upstream) {
			this.number = number;
			this.client = client;
			this.upstream = upstream;
		}

		void pump(Socket from, Socket to) {
			byte[] buffer = new byte[16 * 1024];
			try {
				InputStream in = from.getInputStream();
				OutputStream out = to.getOutputStream();
				int read;
				while ((read = in.read(buffer)) >= 0) {
					UnaryOperator<byte[]> answer = this.answer;
					if (answer != null && from == this.client) {
						hangUp(answer.apply(Arrays.copyOf(buffer, read)));
						return;
					}
					awaitForwarding();
					out.write(buffer, 0, read);
					out.flush();
				}
				// An orderly close on one side is passed on as an orderly close to the other.
				to.shutdownOutput();
			}
			catch (IOException ex) {
				cut();
			}
			finally {
				if (this.runningPumps.decrementAndGet() == 0) {
					TcpProxy.this.links.remove(this);
					closeQuietly(this.client);
					closeQuietly(this.upstream);
				}
			}
		}

		// holds what was read while stalled, as a network that stopped answering would
		private void awaitForwarding() throws IOException {
			while (this.stalled || TcpProxy.this.blackHole) {
				if (this.cutOff || TcpProxy.this.closed) {
					throw new IOException("cut while stalled");
				}
				if (!pause()) {
					throw new IOException("interrupted while stalled");
				}
			}
		}

		// the client must read the answer before the end of the connection, so it gets no reset
		private void hangUp(byte[] reply) throws IOException {
			this.hungUp = true;
			abort(this.upstream);
			OutputStream out = this.client.getOutputStream();
			out.write(reply);
			out.flush();
			this.client.shutdownOutput();
		}

		void cut() {
			this.cutOff = true;
			TcpProxy.this.links.remove(this);
			if (!this.hungUp) {
				abort(this.client);
			}
			abort(this.upstream);
		}

	}

}
