package dev.dbconn.jdbc;

import java.util.ArrayList;
import java.util.List;

/**
 * One running {@link UnitOfWork}: the connections it holds, one per {@link LifecycleDataSource} it
 * uses, and the scope that {@link UnitOfWork#begin()} returns for it, so that beginning a unit makes
 * one object.
 */
final class ActiveUnit implements UnitOfWork.Scope {

	// The first connection bound in a field of its own, as a unit seldom uses more than one
	// DataSource, and a list only for the others.
	private ManagedConnection first;

	private List<ManagedConnection> others;

	private volatile boolean ended;

	ManagedConnection boundTo(ConnectionSettler owner) {
		if (this.first != null && this.first.settler == owner) {
			return this.first;
		}
		if (this.others != null) {
			for (ManagedConnection connection : this.others) {
				if (connection.settler == owner) {
					return connection;
				}
			}
		}
		return null;
	}

	void bind(ManagedConnection connection) {
		if (this.first == null) {
			this.first = connection;
			return;
		}
		if (this.others == null) {
			this.others = new ArrayList<>(2);
		}
		this.others.add(connection);
	}

	void unbind(ManagedConnection connection) {
		if (this.first == connection) {
			this.first = null;
		}
		else if (this.others != null) {
			this.others.remove(connection);
		}
	}

	// the connections bound now: the one in the field, then the others in the order they were bound
	List<ManagedConnection> bound() {
		List<ManagedConnection> bound = new ArrayList<>(1 + ((this.others != null) ? this.others.size() : 0));
		if (this.first != null) {
			bound.add(this.first);
		}
		if (this.others != null) {
			bound.addAll(this.others);
		}
		return bound;
	}

	boolean ended() {
		return this.ended;
	}

	/**
	 * End the unit of work and settle its connections.
	 */
	@Override
	public void close() {
		if (this.ended) {
			return;
		}
		this.ended = true;
		UnitOfWork.left(this);
		Throwable failure = null;
		if (this.first != null) {
			failure = release(this.first, null);
			this.first = null;
		}
		if (this.others != null) {
			for (ManagedConnection connection : this.others) {
				failure = release(connection, failure);
			}
			this.others = null;
		}
		if (failure instanceof RuntimeException runtime) {
			throw runtime;
		}
		if (failure instanceof Error error) {
			throw error;
		}
	}

	// release one connection whatever the others did: the first failure is kept to be thrown
	private static Throwable release(ManagedConnection connection, Throwable failure) {
		try {
			connection.release();
			return failure;
		}
		catch (RuntimeException | Error ex) {
			return (failure != null) ? failure : ex;
		}
	}

}
