package dev.dbconn.benchmark.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Turns the raw results of {@code benchmarks/load.sh} into the Markdown tables of
 * {@code docs/performance.md}: per client count, each variant's median over the rounds, with the
 * range of its rounds and its ratio to variant A (HikariCP alone); the counts seen on the wire per
 * request; the server's connection rate; and the targets those figures are held against.
 * <p>
 * Usage: {@code LoadSummary results.tsv wire.tsv connect.tsv}.
 */
public final class LoadSummary {

	private static final Map<String, String> NAMES = Map.of("A", "A HikariCP alone", "B", "B `unlimited`", "C",
			"C `unlimited` + health checks", "Cw", "C + `health-check-window: 500ms`", "D", "D `600` + health checks",
			"E", "E `0` (the default)", "F", "F' connection per request, no pool");

	private LoadSummary() {
	}

	/** One measurement: a variant at a client count in one round. */
	record Row(int round, String variant, int clients, double rps, double meanMs, double p50Ms, double p99Ms,
			long errors, long timeouts, long cpuMicrosPerRequest) {

		static Row parse(String line) {
			String[] f = line.split("\t");
			return new Row(Integer.parseInt(f[0]), f[1], Integer.parseInt(f[2]), number(f[3]), number(f[4]),
					number(f[5]), number(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]), Long.parseLong(f[9]));
		}

	}

	public static void main(String[] args) throws IOException {
		List<Row> rows = lines(Path.of(args[0])).stream().map(Row::parse).toList();
		List<String[]> wire = lines(Path.of(args[1])).stream().map((line) -> line.split("\t")).toList();
		List<String[]> connect = lines(Path.of(args[2])).stream().map((line) -> line.split("\t")).toList();
		Set<Integer> clientCounts = new LinkedHashSet<>();
		Set<String> variants = new LinkedHashSet<>();
		rows.forEach((row) -> {
			clientCounts.add(row.clients());
			variants.add(row.variant());
		});
		int rounds = rows.stream().mapToInt(Row::round).max().orElse(0);
		StringBuilder out = new StringBuilder();
		Map<String, Double> medianRps = new LinkedHashMap<>();
		Map<String, Double> medianMean = new LinkedHashMap<>();
		Map<String, Double> medianP99 = new LinkedHashMap<>();
		for (int clients : clientCounts) {
			out.append(String.format(Locale.ROOT, "%n%d client%s (medians of %d rounds; req/s range in brackets)%n%n",
					clients, (clients == 1) ? "" : "s", rounds));
			out.append("| variant | req/s | ratio to A | mean ms | p50 ms | p99 ms | errors | socket timeouts "
					+ "| app CPU µs/request |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
			double a = median(select(rows, "A", clients), Row::rps);
			for (String variant : variants) {
				List<Row> cell = select(rows, variant, clients);
				if (cell.isEmpty()) {
					continue;
				}
				double rps = median(cell, Row::rps);
				String key = variant + "@" + clients;
				medianRps.put(key, rps);
				medianMean.put(key, median(cell, Row::meanMs));
				medianP99.put(key, median(cell, Row::p99Ms));
				out.append(String.format(Locale.ROOT, "| %s | %.0f [%.0f–%.0f] | %s | %.2f | %.2f | %.2f | %d | %d | %.0f |%n",
						NAMES.getOrDefault(variant, variant), rps, min(cell, Row::rps), max(cell, Row::rps),
						Double.isNaN(a) ? "–" : String.format(Locale.ROOT, "%.3f", rps / a), medianMean.get(key),
						median(cell, Row::p50Ms), medianP99.get(key),
						cell.stream().mapToLong(Row::errors).sum(), cell.stream().mapToLong(Row::timeouts).sum(),
						median(cell, (row) -> row.cpuMicrosPerRequest())));
			}
		}
		out.append("\nOn the wire, per request (16 clients, counting pass)\n\n");
		out.append("| variant | requests | connections opened | round trips | validations |\n"
				+ "| --- | --- | --- | --- | --- |\n");
		for (String[] w : wire) {
			double requests = Math.max(1, Long.parseLong(w[1]));
			out.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.3f |%n", NAMES.getOrDefault(w[0], w[0]),
					w[1], Long.parseLong(w[2]) / requests, Long.parseLong(w[3]) / requests,
					Long.parseLong(w[4]) / requests));
		}
		// The limit and the connect latency are pgjdbc's: what a Java application pays per connect.
		double limit = Double.NaN;
		double connectMillis = Double.NaN;
		if (!connect.isEmpty()) {
			out.append("\nThe server's connection rate: `pgbench -C` (a new connection per `select 1`) and a pgjdbc "
					+ "connect/close loop, per round\n\n");
			out.append("| tool | clients | connections/s per round | median | mean connect ms |\n"
					+ "| --- | --- | --- | --- | --- |\n");
			Map<String, List<String[]>> byTool = new LinkedHashMap<>();
			for (String[] c : connect) {
				byTool.computeIfAbsent(c[1] + "\t" + c[2], (k) -> new ArrayList<>()).add(c);
			}
			for (Map.Entry<String, List<String[]>> entry : byTool.entrySet()) {
				String[] key = entry.getKey().split("\t");
				List<Double> rates = entry.getValue().stream().map((c) -> number(c[3])).toList();
				double rate = median(rates);
				double mean = median(entry.getValue().stream().map((c) -> number(c[4])).toList());
				if (key[0].equals("pgjdbc")) {
					limit = Double.isNaN(limit) ? rate : Math.max(limit, rate);
					if (key[1].equals("1")) {
						connectMillis = mean;
					}
				}
				out.append(String.format(Locale.ROOT, "| %s | %s | %s | %.0f | %.2f |%n", key[0], key[1],
						rates.stream().map((v) -> String.format(Locale.ROOT, "%.0f", v)).toList(), rate, mean));
			}
		}
		out.append("\nAgainst the targets\n\n| target | figures |\n| --- | --- |\n");
		for (int clients : clientCounts) {
			target(out, "E ≥ 1.0 × F' at " + clients, ratio(medianRps, "E", "F", clients));
		}
		if (!Double.isNaN(limit)) {
			for (int clients : clientCounts) {
				Double e = medianRps.get("E@" + clients);
				if (e != null) {
					target(out, "E ≥ 0.7 × the connection rate at " + clients,
							String.format(Locale.ROOT, "%.2f (E %.0f req/s, limit %.0f/s)", e / limit, e, limit));
				}
			}
		}
		if (medianMean.containsKey("E@1") && medianMean.containsKey("A@1") && !Double.isNaN(connectMillis)) {
			target(out, "1 client: E's mean ≤ A's + 1.5 × pgjdbc connect",
					String.format(Locale.ROOT, "E %.2f ms, bound %.2f ms (A %.2f + 1.5 × %.2f)", medianMean.get("E@1"),
							medianMean.get("A@1") + 1.5 * connectMillis, medianMean.get("A@1"), connectMillis));
		}
		for (String variant : List.of("B", "D", "Cw")) {
			for (int clients : clientCounts) {
				String throughput = ratio(medianRps, variant, "A", clients);
				String p99 = ratio(medianP99, variant, "A", clients);
				if (throughput != null) {
					target(out, variant + " ≥ 0.98 × A" + (variant.equals("Cw") ? "" : ", p99 ≤ 1.05 × A") + " at "
							+ clients, throughput + (variant.equals("Cw") ? "" : "; p99 " + p99));
				}
			}
		}
		for (String variant : List.of("B", "C", "D")) {
			for (int clients : clientCounts) {
				target(out, variant + " ≥ 5 × F' at " + clients, ratio(medianRps, variant, "F", clients));
			}
		}
		System.out.print(out);
	}

	private static void target(StringBuilder out, String target, String figures) {
		if (figures != null) {
			out.append("| ").append(target).append(" | ").append(figures).append(" |\n");
		}
	}

	private static String ratio(Map<String, Double> medians, String variant, String base, int clients) {
		Double value = medians.get(variant + "@" + clients);
		Double reference = medians.get(base + "@" + clients);
		return (value == null || reference == null) ? null : String.format(Locale.ROOT, "%.3f", value / reference);
	}

	private static List<Row> select(List<Row> rows, String variant, int clients) {
		return rows.stream().filter((row) -> row.variant().equals(variant) && row.clients() == clients).toList();
	}

	private static double median(List<Row> rows, ToDoubleFunction<Row> value) {
		return median(rows.stream().map(value::applyAsDouble).toList());
	}

	private static double median(List<Double> values) {
		if (values.isEmpty()) {
			return Double.NaN;
		}
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	private static double min(List<Row> rows, ToDoubleFunction<Row> value) {
		return rows.stream().mapToDouble(value).min().orElse(Double.NaN);
	}

	private static double max(List<Row> rows, ToDoubleFunction<Row> value) {
		return rows.stream().mapToDouble(value).max().orElse(Double.NaN);
	}

	private static double number(String text) {
		return (text == null || text.isBlank()) ? Double.NaN : Double.parseDouble(text);
	}

	private static List<String> lines(Path path) throws IOException {
		return Files.exists(path) ? Files.readAllLines(path).stream().filter((line) -> !line.isBlank()).toList()
				: List.of();
	}

}
