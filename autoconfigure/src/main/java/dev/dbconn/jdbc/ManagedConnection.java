package dev.dbconn.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import dev.dbconn.lifecycle.SqlErrors;

/**
 * One physical connection borrowed from the pool for a unit of work: what happened to it during
 * the unit, and the handle currently open on it. At most one handle is open at a time, so the
 * connection is never shared between two pieces of work that could each hold a transaction.
 */
final class ManagedConnection implements ConnectionInfo {

	final LifecycleDataSource dataSource;

	/** The connection as the pool handed it out; closing it returns it to the pool. */
	final Connection pooled;

	/** The driver's connection behind {@link #pooled}: identifies the physical connection. */
	final Connection raw;

	final PhysicalConnection physical;

	/** Whether the unit is a request or explicit scope, rather than a single checkout. */
	final boolean unitScoped;

	private final boolean reused;

	private final boolean releaseWithHandle;

	private ConnectionHandle openHandle;

	private volatile boolean errorSeen;

	private volatile boolean broken;

	private boolean released;

	ManagedConnection(LifecycleDataSource dataSource, Connection pooled, Connection raw, PhysicalConnection physical,
			boolean reused, boolean unitScoped, boolean releaseWithHandle) {
		this.dataSource = dataSource;
		this.pooled = pooled;
		this.raw = raw;
		this.physical = physical;
		this.reused = reused;
		this.unitScoped = unitScoped;
		this.releaseWithHandle = releaseWithHandle;
	}

	Connection openHandle() {
		ConnectionHandle handle = new ConnectionHandle(this, this.pooled);
		this.openHandle = handle;
		return handle;
	}

	boolean hasOpenHandle() {
		return this.openHandle != null;
	}

	void handleClosed(ConnectionHandle handle) {
		if (this.openHandle == handle) {
			this.openHandle = null;
		}
		if (this.releaseWithHandle) {
			this.dataSource.release(this);
		}
	}

	/**
	 * Record what an error raised through this connection says about it, and return the error.
	 */
	SQLException onError(SQLException ex) {
		switch (SqlErrors.classify(ex)) {
			case CONNECTION_LOST -> this.broken = true;
			case OTHER -> this.errorSeen = true;
			default -> {
				// data and integrity errors say nothing about the connection
			}
		}
		return ex;
	}

	void markBroken() {
		this.broken = true;
	}

	boolean isBroken() {
		return this.broken;
	}

	boolean errorSeen() {
		return this.errorSeen;
	}

	/**
	 * Mark the connection released, closing any handle the application still holds.
	 * @return {@code false} when it had already been released
	 */
	boolean markReleased() {
		if (this.released) {
			return false;
		}
		this.released = true;
		ConnectionHandle handle = this.openHandle;
		if (handle != null) {
			handle.invalidate();
			this.openHandle = null;
		}
		return true;
	}

	@Override
	public long connectionId() {
		return this.physical.id();
	}

	@Override
	public Duration age() {
		return Duration.ofNanos(this.physical.ageNanos());
	}

	@Override
	public long unitsServed() {
		return this.physical.unitsServed();
	}

	@Override
	public boolean reused() {
		return this.reused;
	}

}
