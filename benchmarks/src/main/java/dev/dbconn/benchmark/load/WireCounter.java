package dev.dbconn.benchmark.load;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.LongAdder;

/**
 * A TCP proxy in front of a PostgreSQL server that reads what clients send (the frontend messages
 * of the PostgreSQL protocol, version 3) and counts, from the wire:
 * <ul>
 * <li>connections opened,</li>
 * <li>round trips: each simple {@code Query} and each {@code Sync} that ends an extended-protocol
 * exchange, both of which the client then waits for the server to answer,</li>
 * <li>validations: the round trips that run only the empty statement, which is how pgjdbc's
 * {@code Connection.isValid} (and so HikariCP's and dbconn's checks) asks whether a connection
 * is alive.</li>
 * </ul>
 * Only a measuring tool for {@code benchmarks/load.sh}: it costs the application CPU, so the script
 * uses it in a counting pass of its own, never in the rounds it times.
 */
final class WireCounter {

	private static final int SSL_REQUEST = 80877103;

	private static final int GSS_ENCRYPTION_REQUEST = 80877104;

	private final LongAdder connections = new LongAdder();

	private final LongAdder roundTrips = new LongAdder();

	private final LongAdder validations = new LongAdder();

	private final ServerSocket listener;

	private final InetSocketAddress target;

	private WireCounter(int port, InetSocketAddress target) throws IOException {
		this.listener = new ServerSocket(port, 512, InetAddress.getLoopbackAddress());
		this.target = target;
	}

	/** Starts a counter when the arguments hold {@code --load.wire-listen=PORT}, else returns null. */
	static WireCounter startIfAsked(String[] args) throws IOException {
		String listen = option(args, "--load.wire-listen=");
		if (listen == null) {
			return null;
		}
		String target = option(args, "--load.wire-target=");
		if (target == null) {
			throw new IllegalArgumentException("--load.wire-listen needs --load.wire-target=HOST:PORT");
		}
		int colon = target.lastIndexOf(':');
		WireCounter counter = new WireCounter(Integer.parseInt(listen),
				new InetSocketAddress(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1))));
		Thread acceptor = new Thread(counter::accept, "wire-counter");
		acceptor.setDaemon(true);
		acceptor.start();
		return counter;
	}

	private static String option(String[] args, String prefix) {
		for (String arg : args) {
			if (arg.startsWith(prefix)) {
				return arg.substring(prefix.length());
			}
		}
		return null;
	}

	String report() {
		return "connections=" + this.connections.sum() + " roundtrips=" + this.roundTrips.sum() + " validations="
				+ this.validations.sum();
	}

	private void accept() {
		while (true) {
			try {
				Socket client = this.listener.accept();
				Socket server = new Socket();
				server.connect(this.target);
				client.setTcpNoDelay(true);
				server.setTcpNoDelay(true);
				this.connections.increment();
				start(() -> readClient(client, server));
				start(() -> pipe(server, client));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private static void start(Runnable work) {
		Thread thread = new Thread(work, "wire-counter-connection");
		thread.setDaemon(true);
		thread.start();
	}

	private static void pipe(Socket from, Socket to) {
		byte[] buffer = new byte[16384];
		try (from; to) {
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			int read;
			while ((read = in.read(buffer)) >= 0) {
				out.write(buffer, 0, read);
			}
		}
		catch (IOException ex) {
			// one side went away: closing both ends the other direction too
		}
	}

	/** Forwards the client's messages one by one, counting as it goes. */
	private void readClient(Socket client, Socket server) {
		try (client; server) {
			DataInputStream in = new DataInputStream(client.getInputStream());
			OutputStream out = server.getOutputStream();
			boolean started = false;
			boolean statementSeen = false;
			boolean parseSeen = false;
			boolean onlyEmptyStatements = true;
			while (true) {
				byte[] message;
				char type;
				if (!started) {
					// startup packets have no type byte: SSL/GSS requests, then the startup message
					message = readMessage(in, (byte) 0, false);
					int code = ((message[4] & 0xff) << 24) | ((message[5] & 0xff) << 16) | ((message[6] & 0xff) << 8)
							| (message[7] & 0xff);
					started = code != SSL_REQUEST && code != GSS_ENCRYPTION_REQUEST;
					out.write(message);
					out.flush();
					continue;
				}
				type = (char) in.readUnsignedByte();
				message = readMessage(in, (byte) type, true);
				switch (type) {
					case 'Q' -> {
						this.roundTrips.increment();
						if (message[5] == 0) {
							this.validations.increment();
						}
					}
					case 'P' -> {
						// Parse: statement name, NUL, query text, NUL, ...
						int nameEnd = 5;
						while (message[nameEnd] != 0) {
							nameEnd++;
						}
						statementSeen = true;
						parseSeen = true;
						onlyEmptyStatements &= message[nameEnd + 1] == 0;
					}
					case 'B' -> {
						// a Bind with no Parse before it in this exchange runs a statement prepared
						// earlier, which is never the empty one
						statementSeen = true;
						onlyEmptyStatements &= parseSeen;
					}
					case 'S' -> {
						this.roundTrips.increment();
						if (statementSeen && onlyEmptyStatements) {
							this.validations.increment();
						}
						statementSeen = false;
						parseSeen = false;
						onlyEmptyStatements = true;
					}
					default -> {
					}
				}
				out.write(message);
				if (type == 'S' || type == 'Q' || type == 'H' || type == 'X') {
					out.flush();
				}
			}
		}
		catch (EOFException ex) {
			// the client closed its connection
		}
		catch (IOException ex) {
			// either side went away
		}
	}

	/** Reads one whole message, its type byte (when it has one) and length included. */
	private static byte[] readMessage(DataInputStream in, byte type, boolean typed) throws IOException {
		int length = in.readInt();
		int offset = typed ? 1 : 0;
		byte[] message = new byte[offset + length];
		if (typed) {
			message[0] = type;
		}
		message[offset] = (byte) (length >>> 24);
		message[offset + 1] = (byte) (length >>> 16);
		message[offset + 2] = (byte) (length >>> 8);
		message[offset + 3] = (byte) length;
		in.readFully(message, offset + 4, length - 4);
		return message;
	}

}
