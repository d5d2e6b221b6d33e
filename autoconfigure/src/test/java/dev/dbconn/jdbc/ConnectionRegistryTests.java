package dev.dbconn.jdbc;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry of physical connections by driver connection, through its table of recent entries:
 * what is forgotten is never found again from there, and entries that share a slot are each found.
 * The driver connections are bare objects: only their identity and closed flag are read here.
 */
class ConnectionRegistryTests {

	@Test
	void aForgottenConnectionIsNotFoundAgainAndIsRegisteredAnewWhenSeenNext() {
		ConnectionRegistry registry = new ConnectionRegistry();
		Connection raw = connection(new AtomicBoolean());
		PhysicalConnection first = registry.register(raw);
		assertThat(registry.find(raw)).isSameAs(first);
		assertThat(registry.find(raw)).isSameAs(first);
		registry.forget(raw);
		assertThat(registry.find(raw)).isNull();
		PhysicalConnection second = registry.register(raw);
		assertThat(second).isNotSameAs(first);
		assertThat(registry.find(raw)).isSameAs(second);
	}

	@Test
	void connectionsSharingSlotsOfTheRecentTableAreEachFoundAsThemselves() {
		ConnectionRegistry registry = new ConnectionRegistry();
		List<Connection> raws = new ArrayList<>();
		List<PhysicalConnection> physicals = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			Connection raw = connection(new AtomicBoolean());
			raws.add(raw);
			physicals.add(registry.register(raw));
		}
		for (int i = 0; i < raws.size(); i += 2) {
			registry.forget(raws.get(i));
		}
		for (int round = 0; round < 2; round++) {
			for (int i = 0; i < raws.size(); i++) {
				PhysicalConnection found = registry.find(raws.get(i));
				if (i % 2 == 0) {
					assertThat(found).as("forgotten %d", i).isNull();
				}
				else {
					assertThat(found).as("kept %d", i).isSameAs(physicals.get(i));
				}
			}
		}
	}

	@Test
	void aConnectionThePoolClosedIsLeftOutOfTheSnapshotAndForgotten() {
		ConnectionRegistry registry = new ConnectionRegistry();
		AtomicBoolean closed = new AtomicBoolean();
		Connection gone = connection(closed);
		Connection open = connection(new AtomicBoolean());
		registry.register(gone);
		PhysicalConnection kept = registry.register(open);
		assertThat(registry.find(gone)).isNotNull();
		closed.set(true);
		assertThat(registry.snapshot()).containsOnlyKeys(open);
		assertThat(registry.find(gone)).isNull();
		assertThat(registry.find(open)).isSameAs(kept);
	}

	private static Connection connection(AtomicBoolean closed) {
		return (Connection) Proxy.newProxyInstance(ConnectionRegistryTests.class.getClassLoader(),
				new Class<?>[] { Connection.class }, (proxy, method, args) -> switch (method.getName()) {
					case "isClosed" -> closed.get();
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == args[0];
					default -> throw new UnsupportedOperationException(method.getName());
				});
	}

}
