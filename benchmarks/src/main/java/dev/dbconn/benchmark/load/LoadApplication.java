package dev.dbconn.benchmark.load;

import java.util.concurrent.atomic.LongAdder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The web application {@code benchmarks/load.sh} puts under load: {@code GET /load} runs two short
 * queries, each through its own {@code JdbcTemplate} call (so each on its own
 * {@code getConnection()}), the way a small endpoint of a real application does.
 * <p>
 * The variants differ only in their properties ({@code db.*}, {@code spring.datasource.*}), given
 * on the command line by the script, except Django's default without a pool, which
 * {@link ConnectionPerRequest} provides ({@code --load.connection-per-request=true}). With
 * {@code --load.wire-listen=PORT} the application first starts a {@link WireCounter} on that port
 * in front of the server named by {@code --load.wire-target=HOST:PORT}, and answers
 * {@code GET /wire} with what it counted.
 */
@SpringBootApplication
@RestController
public class LoadApplication {

	private final JdbcTemplate jdbcTemplate;

	private final WireCounter wireCounter;

	private final LongAdder requests = new LongAdder();

	LoadApplication(JdbcTemplate jdbcTemplate, ObjectProvider<WireCounter> wireCounter) {
		this.jdbcTemplate = jdbcTemplate;
		this.wireCounter = wireCounter.getIfAvailable();
	}

	public static void main(String[] args) throws Exception {
		WireCounter counter = WireCounter.startIfAsked(args);
		SpringApplication application = new SpringApplication(LoadApplication.class);
		if (counter != null) {
			application.addInitializers((context) -> context.getBeanFactory().registerSingleton("wireCounter", counter));
		}
		application.run(args);
	}

	@GetMapping("/load")
	String load() {
		Integer first = this.jdbcTemplate.queryForObject("select 1", Integer.class);
		Integer second = this.jdbcTemplate.queryForObject("select 2", Integer.class);
		this.requests.increment();
		return first + " " + second;
	}

	/** Requests served so far, beside what the wire counter saw (absent without one). */
	@GetMapping("/wire")
	String wire() {
		return "requests=" + this.requests.sum() + ((this.wireCounter != null) ? " " + this.wireCounter.report() : "");
	}

}
