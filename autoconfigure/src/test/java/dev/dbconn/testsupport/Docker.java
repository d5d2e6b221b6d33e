package dev.dbconn.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;

import org.testcontainers.DockerClientFactory;

/**
 * Whether Testcontainers can reach a Docker engine, decided once per JVM.
 * <p>
 * Testcontainers' own check loads native code and logs an error for every strategy it tries, which is
 * noise on a machine that simply has no Docker. So it is only asked when something points at an
 * engine: a Docker or Testcontainers setting, or a socket where one of its strategies would look.
 */
final class Docker {

	private static Boolean available;

	private Docker() {
	}

	static synchronized boolean isAvailable() {
		if (available == null) {
			available = endpointConfigured() && DockerClientFactory.instance().isDockerAvailable();
		}
		return available;
	}

	private static boolean endpointConfigured() {
		if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
			// Named pipes cannot be probed cheaply from here; let Testcontainers decide.
			return true;
		}
		for (Map.Entry<String, String> variable : System.getenv().entrySet()) {
			String name = variable.getKey();
			if ((name.startsWith("DOCKER_") || name.startsWith("TESTCONTAINERS_")) && !variable.getValue().isEmpty()) {
				return true;
			}
		}
		if (System.getProperty("docker.host") != null || System.getProperty("tc.host") != null
				|| Docker.class.getClassLoader().getResource("testcontainers.properties") != null) {
			return true;
		}
		Path home = Paths.get(System.getProperty("user.home", "/nonexistent"));
		if (Files.exists(home.resolve(".testcontainers.properties")) || Files.isDirectory(home.resolve(".docker"))
				|| Files.exists(Paths.get("/var/run/docker.sock"))) {
			return true;
		}
		String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
		if (runtimeDir != null && Files.exists(Paths.get(runtimeDir, "docker.sock"))) {
			return true;
		}
		return anyUserRuntimeSocket() || onPath("docker-machine");
	}

	private static boolean anyUserRuntimeSocket() {
		Path runUser = Paths.get("/run/user");
		if (!Files.isDirectory(runUser)) {
			return false;
		}
		try (DirectoryStream<Path> users = Files.newDirectoryStream(runUser)) {
			for (Path user : users) {
				if (Files.exists(user.resolve("docker.sock"))) {
					return true;
				}
			}
		}
		catch (IOException ex) {
			// Unreadable: rootless Docker of another user would not be usable anyway.
		}
		return false;
	}

	private static boolean onPath(String executable) {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String dir : path.split(File.pathSeparator)) {
			if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, executable))) {
				return true;
			}
		}
		return false;
	}

}
