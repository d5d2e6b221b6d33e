package dev.dbconn.benchmark.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on loopback that delivers every byte a fixed time after it arrived, in each direction,
 * so that a database on the same machine answers as one a network hop away would: a round trip takes
 * twice the delay more, a connect as many times more as it has round trips after the TCP handshake
 * (which the proxy answers at once). Order and throughput are kept: what arrives is queued with its
 * due time and written when that time comes.
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.dbconn.benchmark.load.LatencyProxy 15433 127.0.0.1:5432 500
 * </pre>
 * (listen port, server, one-way delay in microseconds); it runs until killed.
 */
public final class LatencyProxy {

	private LatencyProxy() {
	}

	public static void main(String[] args) throws IOException {
		int port = Integer.parseInt(args[0]);
		String[] server = args[1].split(":");
		long delayNanos = TimeUnit.MICROSECONDS.toNanos(Long.parseLong(args[2]));
		InetSocketAddress target = new InetSocketAddress(server[0], Integer.parseInt(server[1]));
		try (ServerSocket listener = new ServerSocket(port, 512, InetAddress.getLoopbackAddress())) {
			System.out.println("latency proxy on 127.0.0.1:" + port + " to " + args[1] + ", " + args[2] + " µs each way");
			while (true) {
				Socket client = listener.accept();
				Socket upstream = new Socket();
				try {
					upstream.connect(target);
				}
				catch (IOException ex) {
					client.close();
					continue;
				}
				client.setTcpNoDelay(true);
				upstream.setTcpNoDelay(true);
				// both sockets closed once both directions have ended
				AtomicInteger open = new AtomicInteger(2);
				delayed(client, upstream, delayNanos, open);
				delayed(upstream, client, delayNanos, open);
			}
		}
	}

	// one direction: a reader that stamps each chunk with its due time, a writer that waits for it and
	// passes the end of the stream on as a half-close
	private static void delayed(Socket from, Socket to, long delayNanos, AtomicInteger open) {
		BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
		daemon(() -> {
			byte[] buffer = new byte[16384];
			try {
				InputStream in = from.getInputStream();
				for (int read; (read = in.read(buffer)) >= 0;) {
					queue.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, read)));
				}
			}
			catch (IOException ex) {
				// the peer went away
			}
			queue.add(new Chunk(System.nanoTime() + delayNanos, null));
		});
		daemon(() -> {
			try {
				OutputStream out = to.getOutputStream();
				while (true) {
					Chunk chunk = queue.take();
					for (long wait; (wait = chunk.due - System.nanoTime()) > 0;) {
						LockSupport.parkNanos(wait);
					}
					if (chunk.bytes == null) {
						to.shutdownOutput();
						break;
					}
					out.write(chunk.bytes);
				}
			}
			catch (IOException | InterruptedException ex) {
				// the peer went away
			}
			if (open.decrementAndGet() == 0) {
				closeQuietly(from);
				closeQuietly(to);
			}
		});
	}

	private static void daemon(Runnable work) {
		Thread thread = new Thread(work, "latency-proxy");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closed already
		}
	}

	private record Chunk(long due, byte[] bytes) {
	}

}
