package dev.dbconn.testsupport;

/**
 * The single {@code host[:port]} part of a {@code jdbc:<driver>://host:port/database?params} URL,
 * with its position in the URL so that it can be swapped for another address.
 *
 * @param host the host, without IPv6 brackets
 * @param port the port, or the default port when the URL names none
 * @param start index of the first character of the address in the URL
 * @param end index just past the last character of the address in the URL
 */
record JdbcUrlAddress(String host, int port, int start, int end) {

	/**
	 * Find the address in a JDBC URL.
	 * @param url the JDBC URL
	 * @param defaultPort the port to assume when the URL names none
	 * @return the address
	 * @throws IllegalArgumentException if the URL does not name exactly one plain host, for example a
	 * fail-over list, since such a URL cannot be pointed at a single proxy
	 */
	static JdbcUrlAddress parse(String url, int defaultPort) {
		int separator = url.indexOf("://");
		if (separator < 0 || !url.startsWith("jdbc:") || url.substring(0, separator).lastIndexOf(':') != 4) {
			throw unsupported(url);
		}
		int start = separator + 3;
		int end = start;
		while (end < url.length() && "/?;".indexOf(url.charAt(end)) < 0) {
			end++;
		}
		String address = url.substring(start, end);
		if (address.contains(",") || address.contains("(") || address.contains("@")) {
			throw unsupported(url);
		}
		String host;
		String port;
		if (address.startsWith("[")) {
			int close = address.indexOf(']');
			if (close < 0) {
				throw unsupported(url);
			}
			host = address.substring(1, close);
			String rest = address.substring(close + 1);
			if (!rest.isEmpty() && !rest.startsWith(":")) {
				throw unsupported(url);
			}
			port = rest.isEmpty() ? "" : rest.substring(1);
		}
		else {
			int colon = address.indexOf(':');
			host = (colon < 0) ? address : address.substring(0, colon);
			port = (colon < 0) ? "" : address.substring(colon + 1);
		}
		if (host.isEmpty()) {
			// Both drivers read an empty host as the local machine.
			host = "localhost";
		}
		try {
			return new JdbcUrlAddress(host, port.isEmpty() ? defaultPort : Integer.parseInt(port), start, end);
		}
		catch (NumberFormatException ex) {
			throw unsupported(url);
		}
	}

	/**
	 * Put another address in place of the one in a JDBC URL, keeping the database and parameters.
	 * @param url the JDBC URL
	 * @param host the new host
	 * @param port the new port
	 * @return the new JDBC URL
	 */
	static String replace(String url, String host, int port) {
		JdbcUrlAddress address = parse(url, port);
		String hostPart = host.contains(":") ? "[" + host + "]" : host;
		return url.substring(0, address.start()) + hostPart + ":" + port + url.substring(address.end());
	}

	private static IllegalArgumentException unsupported(String url) {
		return new IllegalArgumentException(
				"Expected a JDBC URL of the form jdbc:<driver>://host[:port]/database[?parameters] naming a single host, got "
						+ url);
	}

}
