package dev.dbconn.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A TCP proxy on the loopback interface that forwards every connection to one target, so that a
 * test can break the network between a pool and its database with {@link #cutAll()}.
 * <p>
 * Each forwarded connection uses two daemon threads; {@link #close()} stops them all and closes every
 * socket.
 */
public final class TcpProxy implements AutoCloseable {

	private static final String LOOPBACK = "127.0.0.1";

	private static final int CONNECT_TIMEOUT_MILLIS = 3000;

	private static final long STOP_TIMEOUT_MILLIS = 5000;

	private final String targetHost;

	private final int targetPort;

	private final ServerSocket serverSocket;

	private final Set<Link> links = ConcurrentHashMap.newKeySet();

	private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

	private final AtomicInteger linkNumbers = new AtomicInteger();

	private volatile boolean closed;

	private TcpProxy(String targetHost, int targetPort, ServerSocket serverSocket) {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.serverSocket = serverSocket;
	}

	/**
	 * Start a proxy on an ephemeral loopback port.
	 * @param targetHost the host to forward to
	 * @param targetPort the port to forward to
	 * @return the running proxy
	 * @throws IOException if no local port can be bound
	 */
	public static TcpProxy start(String targetHost, int targetPort) throws IOException {
		ServerSocket serverSocket = new ServerSocket(0, 50, InetAddress.getByName(LOOPBACK));
		TcpProxy proxy = new TcpProxy(targetHost, targetPort, serverSocket);
		proxy.startThread("accept", proxy::acceptLoop);
		return proxy;
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
		return this.serverSocket.getLocalPort();
	}

	/**
	 * Number of connections currently being forwarded.
	 * @return the number of open connections
	 */
	public int openConnections() {
		return this.links.size();
	}

	/**
	 * Abruptly close every connection currently being forwarded, on both sides, as if the network had
	 * dropped. The client and the server each see a reset. New connections are still accepted.
	 */
	public void cutAll() {
		for (Link link : List.copyOf(this.links)) {
			link.cut();
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
	 * Stop accepting connections, cut the open ones, and wait for every proxy thread to end.
	 * @throws IllegalStateException if a proxy thread does not end in time
	 */
	@Override
	public void close() {
		this.closed = true;
		closeQuietly(this.serverSocket);
		cutAll();
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_TIMEOUT_MILLIS);
		List<Thread> stuck = new ArrayList<>();
		for (Thread thread : List.copyOf(this.threads)) {
			long remainingMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
			try {
				thread.join(remainingMillis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			if (thread.isAlive()) {
				stuck.add(thread);
			}
		}
		if (!stuck.isEmpty()) {
			throw new IllegalStateException("Proxy threads did not stop: " + stuck);
		}
	}

	@Override
	public String toString() {
		return "TcpProxy[" + LOOPBACK + ":" + port() + " -> " + this.targetHost + ":" + this.targetPort + "]";
	}

	private void acceptLoop() {
		while (!this.closed) {
			Socket client;
			try {
				client = this.serverSocket.accept();
			}
			catch (IOException ex) {
				// The server socket was closed by close(), or is unusable: either way, stop.
				return;
			}
			forward(client);
		}
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

	private void startThread(String name, Runnable task) {
		// A thread stays in the set until it has ended, so that close() joins every thread still alive:
		// one that removed itself as its last act could outlive close(). Ended ones are dropped here.
		this.threads.removeIf((started) -> !started.isAlive());
		Thread thread = new Thread(task, "tcp-proxy-" + port() + "-" + name);
		thread.setDaemon(true);
		this.threads.add(thread);
		thread.start();
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
			while (this.stalled) {
				if (this.cutOff || TcpProxy.this.closed) {
					throw new IOException("cut while stalled");
				}
				try {
					Thread.sleep(10);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IOException("interrupted while stalled", ex);
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
