package dev.dbconn.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Tests of the live page {@code connections.html} in a real browser: Debian's Chromium, run
 * headless, renders the page served by the application and polling the real
 * {@code dbconnections} endpoint, and the rendered DOM is compared with what the endpoint says.
 * Runs on the default in-memory H2 database, with {@code db.conn-max-age: 60}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(LivePageChromiumTests.HeldRequestController.class)
class LivePageChromiumTests {

	private static final String CHROMIUM_PROPERTY = "dbconn.test.chromium";

	private static final Path DEBIAN_CHROMIUM = Path.of("/usr/bin/chromium");

	// Virtual time lets the page's one-second polling run without waiting in real time; this is
	// enough for the first poll and two more, so what is rendered is at most a second old.
	private static final int VIRTUAL_TIME_BUDGET_MILLIS = 2500;

	// Chromium normally needs one to three seconds here; a hung browser must not hang the build.
	private static final Duration CHROMIUM_TIMEOUT = Duration.ofSeconds(60);

	// How long anything here may take on a loaded machine before the test gives up: a held request
	// ends when the test releases it, not on a clock.
	private static final int PATIENCE_SECONDS = 60;

	// Released by the test once it has looked at the page; a held request keeps its connection until then.
	private static volatile CountDownLatch release = new CountDownLatch(0);

	// The sample's pool size: more parallel requests than this would wait for each other.
	private static final int POOL_SIZE = 10;

	private static final Path SCREENSHOT = Path.of("target", "live-page.png");

	private static final Pattern ROW = Pattern.compile("<tr\\b[^>]*\\bdata-connection-id=\"[^\"]*\"[^>]*>");

	private static final Pattern ATTRIBUTE = Pattern.compile("([\\w-]+)=\"([^\"]*)\"");

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Test
	void pageRendersOneRowPerConnectionTheEndpointReports() throws Exception {
		// Make sure there is at least one connection to show.
		get("/connection");
		List<EndpointConnection> before = awaitIdle();
		Rendering page = render(pageUrl(), null);
		List<EndpointConnection> after = endpointConnections();

		assertThat(page.status()).as("poll status").isEqualTo("live");
		assertThat(page.rows()).as("rows of the live page").isNotEmpty();
		// Nothing used the database between the two looks at the endpoint, so the page must show
		// the very connections both of them saw, in the same order.
		assertThat(ids(before)).isEqualTo(ids(after));
		assertThat(page.rows().stream().map(Row::id).toList()).isEqualTo(ids(after));
		assertThat(page.connectionCount()).as("#connection-count").isEqualTo(after.size());
		for (Row row : page.rows()) {
			EndpointConnection first = find(before, row.id());
			EndpointConnection last = find(after, row.id());
			assertThat(row.state()).as("state of connection %d", row.id()).isEqualTo(last.state());
			// The page shows a poll made between the two looks, and a connection only grows older.
			assertThat(row.ageSeconds()).as("age of connection %d", row.id())
				.isBetween(first.ageSeconds(), last.ageSeconds());
		}
		assertThat(page.dom()).as("the age scale of conn-max-age 60").contains("data-conn-max-age=\"60\"");
	}

	@Test
	void pageFollowsConnectionsAsRequestsComeAndGo() throws Exception {
		get("/connection");
		awaitIdle();
		Rendering first = render(pageUrl(), null);
		assertThat(first.status()).isEqualTo("live");

		// Each request in flight holds a physical connection of its own, so this many parallel
		// slow requests need more connections than the page showed.
		int parallel = Math.min(first.rows().size() + 2, POOL_SIZE);
		List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
		release = new CountDownLatch(1);
		for (int i = 0; i < parallel; i++) {
			slow.add(this.http.sendAsync(request("/test/held").build(), HttpResponse.BodyHandlers.ofString()));
		}
		try {
			awaitInUse(parallel);
			Files.deleteIfExists(SCREENSHOT);
			Rendering second = render(pageUrl(), SCREENSHOT);
			List<EndpointConnection> during = endpointConnections();

			assertThat(second.status()).isEqualTo("live");
			assertThat(inUse(during)).as("slow requests still in flight after rendering").isEqualTo(parallel);
			assertThat(second.rows().stream().filter((row) -> row.state().equals("in-use")).count())
				.as("rows in use while %d slow requests run", parallel)
				.isEqualTo(parallel);
			assertThat(second.rows().stream().map(Row::id).toList()).isEqualTo(ids(during));
			assertThat(second.connectionCount()).isEqualTo(second.rows().size());
			if (first.rows().size() < POOL_SIZE) {
				assertThat(second.rows()).as("rows after %d parallel requests", parallel)
					.hasSizeGreaterThan(first.rows().size());
			}
			// A connection shown both times has aged in between.
			for (Row earlier : first.rows()) {
				second.rows()
					.stream()
					.filter((row) -> row.id() == earlier.id())
					.findFirst()
					.ifPresent((later) -> assertThat(later.ageSeconds()).as("age of connection %d", later.id())
						.isGreaterThan(earlier.ageSeconds()));
			}
			assertThat(SCREENSHOT).as("screenshot of the live page").isNotEmptyFile();
		}
		finally {
			// Other tests share this application: leave no request running behind.
			release.countDown();
			for (CompletableFuture<HttpResponse<String>> request : slow) {
				request.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
			}
		}
		for (CompletableFuture<HttpResponse<String>> request : slow) {
			assertThat(request.join().statusCode()).isEqualTo(200);
			assertThat(request.join().body()).as("the held request was released, not timed out").isEqualTo("released");
		}
	}

	@Test
	void pageSaysSoWhenTheEndpointIsUnreachable() throws Exception {
		// Opened from the file system, the page has no application to poll.
		String url = new ClassPathResource("static/connections.html").getURI().toString();
		assertThat(url).startsWith("file:");
		Rendering page = render(url, null);
		assertThat(page.status()).isEqualTo("down");
		assertThat(page.rows()).isEmpty();
		Matcher banner = Pattern.compile("<div id=\"unreachable\"([^>]*)>").matcher(page.dom());
		assertThat(banner.find()).as("the unreachable banner").isTrue();
		assertThat(banner.group(1)).as("attributes of the unreachable banner").doesNotContain("hidden");
		assertThat(page.dom()).contains("Cannot reach");
	}

	private String pageUrl() {
		return "http://localhost:" + this.port + "/connections.html";
	}

	// The response can reach the test a moment before the request's unit of work ends, and the end
	// of a unit may still close its connection: compare only once every connection is back.
	private List<EndpointConnection> awaitIdle() throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		List<EndpointConnection> connections = endpointConnections();
		while (inUse(connections) > 0) {
			if (System.nanoTime() > deadline) {
				fail("Connections still in use with no request running: %s", connections);
			}
			Thread.sleep(20);
			connections = endpointConnections();
		}
		return connections;
	}

	private void awaitInUse(int expected) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(PATIENCE_SECONDS).toNanos();
		long seen = 0;
		while (System.nanoTime() < deadline) {
			seen = inUse(endpointConnections());
			if (seen >= expected) {
				return;
			}
			Thread.sleep(50);
		}
		fail("Expected %d connections in use by the slow requests, the endpoint reported %d", expected, seen);
	}

	private static long inUse(List<EndpointConnection> connections) {
		return connections.stream().filter((c) -> c.state().equals("in-use")).count();
	}

	private static List<Long> ids(List<EndpointConnection> connections) {
		return connections.stream().map(EndpointConnection::id).toList();
	}

	private static EndpointConnection find(List<EndpointConnection> connections, long id) {
		return connections.stream()
			.filter((c) -> c.id() == id)
			.findFirst()
			.orElseThrow(() -> new AssertionError("The endpoint did not report connection " + id));
	}

	private List<EndpointConnection> endpointConnections() throws IOException, InterruptedException {
		JsonNode report = get("/actuator/dbconnections").path("dataSources").path("dataSource");
		assertThat(report.isObject()).as("the dataSource entry of /actuator/dbconnections").isTrue();
		List<EndpointConnection> connections = new ArrayList<>();
		for (JsonNode connection : report.path("connections")) {
			connections.add(new EndpointConnection(connection.path("id").asLong(), connection.path("state").asString(),
					connection.path("ageSeconds").asDouble()));
		}
		return connections;
	}

	private JsonNode get(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("status of GET %s", path).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(PATIENCE_SECONDS + 15));
	}

	/**
	 * Render a page in headless Chromium and return its DOM once the virtual time budget is spent.
	 * @param url the page
	 * @param screenshot where to save a screenshot, or {@code null} for none
	 * @return the rendered page
	 */
	private Rendering render(String url, Path screenshot) throws IOException, InterruptedException {
		Path chromium = chromium();
		// A fresh profile each time, so no cache, cookie or crash-recovery state leaks between runs.
		Path profile = Files.createTempDirectory("dbconn-chromium-profile-");
		Path dom = Files.createTempFile("dbconn-chromium-dom-", ".html");
		Path log = Files.createTempFile("dbconn-chromium-log-", ".txt");
		List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
				"--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
				"--window-size=1280,900", "--virtual-time-budget=" + VIRTUAL_TIME_BUDGET_MILLIS, "--dump-dom"));
		if (screenshot != null) {
			Files.createDirectories(screenshot.toAbsolutePath().getParent());
			command.add("--screenshot=" + screenshot.toAbsolutePath());
		}
		command.add(url);
		// Output goes to files rather than pipes, so a chatty browser can never block on a full pipe.
		Process process = new ProcessBuilder(command).redirectOutput(dom.toFile()).redirectError(log.toFile()).start();
		try {
			if (!process.waitFor(CHROMIUM_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				fail("Chromium did not render %s within %s. Its output:%n%s", url, CHROMIUM_TIMEOUT, tail(log));
			}
			assertThat(process.exitValue()).as("exit code of Chromium rendering %s; its output:%n%s", url, tail(log))
				.isZero();
			return Rendering.of(Files.readString(dom));
		}
		finally {
			destroy(process);
			Files.deleteIfExists(dom);
			Files.deleteIfExists(log);
			deleteRecursively(profile);
		}
	}

	private static Path chromium() {
		String configured = System.getProperty(CHROMIUM_PROPERTY);
		if (configured != null && !configured.isBlank()) {
			Path path = Path.of(configured);
			if (!Files.isExecutable(path)) {
				fail("System property %s is '%s', which is not an executable file", CHROMIUM_PROPERTY, configured);
			}
			return path;
		}
		if (Files.isExecutable(DEBIAN_CHROMIUM)) {
			return DEBIAN_CHROMIUM;
		}
		return fail("Chromium is needed to test the live page and was not found at %s. Install it with "
				+ "'apt-get install chromium', or set the system property %s to its path, "
				+ "e.g. ./mvnw verify -D%s=/path/to/chromium", DEBIAN_CHROMIUM, CHROMIUM_PROPERTY, CHROMIUM_PROPERTY);
	}

	private static void destroy(Process process) throws InterruptedException {
		// Chromium starts helper processes (zygote, renderer, utility); taken before the parent
		// goes, as they are re-parented afterwards and no longer found as its descendants.
		List<ProcessHandle> helpers = process.descendants().toList();
		process.destroyForcibly();
		helpers.forEach(ProcessHandle::destroyForcibly);
		process.waitFor(10, TimeUnit.SECONDS);
		for (ProcessHandle helper : helpers) {
			helper.onExit().completeOnTimeout(helper, 10, TimeUnit.SECONDS).join();
		}
	}

	private static String tail(Path log) throws IOException {
		String text = Files.readString(log);
		return (text.length() > 4000) ? "..." + text.substring(text.length() - 4000) : text;
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

	/**
	 * A connection as the endpoint reported it.
	 *
	 * @param id dbconn's id of the connection
	 * @param state {@code in-use} or {@code idle}
	 * @param ageSeconds its age when the endpoint answered
	 */
	private record EndpointConnection(long id, String state, double ageSeconds) {
	}

	/**
	 * A connection row of the rendered page.
	 *
	 * @param id the row's {@code data-connection-id}
	 * @param state the row's {@code data-state}
	 * @param ageSeconds the row's {@code data-age-seconds}
	 */
	private record Row(long id, String state, double ageSeconds) {
	}

	/**
	 * What Chromium rendered.
	 *
	 * @param dom the serialized DOM
	 * @param rows the connection rows, top to bottom
	 * @param connectionCount the number in {@code #connection-count}, or {@code -1} when it shows none
	 * @param status the poll status the page shows: {@code waiting}, {@code live} or {@code down}
	 */
	private record Rendering(String dom, List<Row> rows, int connectionCount, String status) {

		private static final Pattern COUNT = Pattern.compile("id=\"connection-count\">([^<]*)<");

		private static final Pattern STATUS = Pattern.compile("id=\"poll-status\"[^>]*\\bdata-status=\"([^\"]*)\"");

		static Rendering of(String dom) {
			List<Row> rows = new ArrayList<>();
			Matcher row = ROW.matcher(dom);
			while (row.find()) {
				Map<String, String> attributes = attributes(row.group());
				rows.add(new Row(Long.parseLong(attributes.get("data-connection-id")), attributes.get("data-state"),
						Double.parseDouble(attributes.get("data-age-seconds"))));
			}
			Matcher count = COUNT.matcher(dom);
			int connectionCount = (count.find() && count.group(1).matches("\\d+")) ? Integer.parseInt(count.group(1)) : -1;
			Matcher status = STATUS.matcher(dom);
			return new Rendering(dom, rows, connectionCount, status.find() ? status.group(1) : null);
		}

		private static Map<String, String> attributes(String tag) {
			Map<String, String> attributes = new LinkedHashMap<>();
			Matcher attribute = ATTRIBUTE.matcher(tag);
			while (attribute.find()) {
				attributes.put(attribute.group(1), attribute.group(2));
			}
			return attributes;
		}

	}

	/**
	 * A request that uses the database, so that its unit of work holds a connection, and then waits
	 * until the test releases it.
	 */
	@RestController
	static class HeldRequestController {

		private final JdbcTemplate jdbcTemplate;

		HeldRequestController(JdbcTemplate jdbcTemplate) {
			this.jdbcTemplate = jdbcTemplate;
		}

		@GetMapping("/test/held")
		String held() throws InterruptedException {
			this.jdbcTemplate.queryForObject("select 1", Integer.class);
			return release.await(PATIENCE_SECONDS, TimeUnit.SECONDS) ? "released" : "timed out";
		}

	}

}
