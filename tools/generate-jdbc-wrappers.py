#!/usr/bin/env python3
"""Writes the delegating JDBC classes of dev.dbconn.jdbc: ConnectionHandle, StatementWrapper,
PreparedStatementWrapper, CallableStatementWrapper, ResultSetWrapper and DatabaseMetaDataWrapper.

They delegate every method of the java.sql interfaces they implement, which is long and
mechanical, so they are written by this script from the JDK's own sources rather than by hand; the
few methods that carry dbconn's behaviour (close, unwrap, the statement and JDBC-state hooks) are in
the templates below. Edit this script, not the generated files, then run it from anywhere:

    tools/generate-jdbc-wrappers.py

It reads java.sql's sources from the src.zip of $JAVA_HOME (any recent JDK), and keeps only the
methods Java 17 has, asking a JDK 17 (JDK17_HOME, default /usr/lib/jvm/java-17-openjdk-amd64)
with javap, since the project compiles with --release 17.
"""
import os
import re
import subprocess
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JDK17 = os.environ.get("JDK17_HOME", "/usr/lib/jvm/java-17-openjdk-amd64")
_SRC = zipfile.ZipFile(os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "lib/src.zip"))
SQL_TYPES = [os.path.basename(n) for n in _SRC.namelist() if n.startswith("java.sql/java/sql/") and n.endswith(".java")]


def read_source(iface):
    return _SRC.read(f"java.sql/java/sql/{iface}.java").decode("utf-8")

def jdk17_sigs(iface):
    out = subprocess.run([os.path.join(JDK17, "bin/javap"), "-public", "java.sql." + iface], capture_output=True, text=True).stdout
    sigs = set()
    for line in out.splitlines():
        m = re.search(r" (\w+)\(([^)]*)\)", line)
        if m:
            args = m.group(2)
            while re.search(r"<[^<>]*>", args):
                args = re.sub(r"<[^<>]*>", "", args)
            n = 0 if not args.strip() else len(args.split(","))
            sigs.add((m.group(1), n))
    return sigs
def methods(iface):
    src = read_source(iface)
    src = re.sub(r"/\*.*?\*/", "", src, flags=re.S)
    src = re.sub(r"//[^\n]*", "", src)
    src = re.sub(r"@\w+(\([^)]*\))?", "", src)
    body = src[src.index("{", src.index("interface " + iface)) + 1:]
    out = []
    depth = 0; buf = ""; i = 0
    while i < len(body):
        c = body[i]
        if depth == 0 and c == ";":
            out.append(buf.strip()); buf = ""
        elif c == "{":
            if depth == 0:
                out.append(buf.strip() + " {DEFAULT}"); buf = ""
            depth += 1
        elif c == "}":
            depth -= 1
            if depth < 0: break
        elif depth == 0:
            buf += c
        i += 1
    allowed = jdk17_sigs(iface)
    res = []
    for d in out:
        d = " ".join(d.split())
        if "(" not in d: continue
        is_default = d.endswith("{DEFAULT}")
        d = d.replace(" {DEFAULT}", "")
        if re.match(r"^(public )?static ", d): continue
        d = re.sub(r"^(public |default )+", "", d)
        m = re.match(r"(<[^>]+> )?([\w.<>\[\], ?]+?) (\w+) ?\((.*)\)( throws [\w., ]+)?$", d)
        if not m:
            print("UNPARSED", d, file=sys.stderr); continue
        tparams, ret, name, params, throws = m.groups()
        ps = []
        if params.strip():
            depth2 = 0; cur = ""
            for ch in params:
                if ch == "<": depth2 += 1
                if ch == ">": depth2 -= 1
                if ch == "," and depth2 == 0:
                    ps.append(cur.strip()); cur = ""
                else: cur += ch
            ps.append(cur.strip())
        ps = [p.rsplit(" ", 1) for p in ps]
        ps = [[t + "[]", n[:-2]] if n.endswith("[]") else [t, n] for t, n in ps]
        if (name, len(ps)) not in allowed: continue
        res.append(dict(tparams=(tparams or "").strip(), ret=ret.strip(), name=name, params=ps, throws=(throws or "").strip(), default=is_default))
    return res

OUT = os.path.join(ROOT, "autoconfigure/src/main/java/dev/dbconn/jdbc/")
RS_WRAP = {"ResultSet"}

def sig(m):
    params = ", ".join(f"{t} {n}" for t, n in m["params"])
    tp = (m["tparams"] + " ") if m["tparams"] else ""
    th = (" " + m["throws"]) if m["throws"] else ""
    return f"\t@Override\n\tpublic {tp}{m['ret']} {m['name']}({params}){th} {{\n"

def call(m):
    return f"this.delegate.{m['name']}({', '.join(n for _, n in m['params'])})"

def body(m, expr, pre="", funnel="this.connection.onError(ex)", inner=""):
    ret = m["ret"]
    if "SQLClientInfoException" in m["throws"]:
        pre = pre.replace("checkOpen()", "checkOpenForClientInfo()")
    stmt = f"{expr};" if ret == "void" else f"return {expr};"
    if "SQLException" not in m["throws"] or expr in ("this.connection", "this.statement"):
        return f"{pre}\t\t{stmt}\n"
    return (f"{pre}\t\ttry {{\n{inner}\t\t\t{stmt}\n\t\t}}\n\t\tcatch (SQLException ex) {{\n"
            f"\t\t\tthrow {funnel};\n\t\t}}\n")

def emit(iface, skip, special, funnel="this.connection.onError(ex)", pre="", hook=None):
    out = []
    for m in methods(iface):
        key = m["name"]
        if key in skip:
            continue
        expr = special(m) if special else None
        if expr is None:
            expr = call(m)
        inner = (hook(m) if hook else None) or ""
        out.append(sig(m) + body(m, expr, pre, funnel, inner) + "\t}\n")
    return "\n".join(out)

HEADER = "package dev.dbconn.jdbc;\n\n"
WRAPPER = '''
	@Override
	public <T> T unwrap(Class<T> iface) throws SQLException {
		if (iface.isInstance(this)) {
			return iface.cast(this);
		}
		return this.delegate.unwrap(iface);
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) throws SQLException {
		return iface.isInstance(this) || this.delegate.isWrapperFor(iface);
	}
'''

def rs(expr, stmt):
    return f"ResultSetWrapper.wrap(this.connection, {stmt}, {expr})"

# ---- statements
def stmt_special(m):
    if m["ret"] == "ResultSet":
        return rs(call(m), "this")
    if m["name"] == "getConnection":
        return "this.connection"
    return None

IMPORTS = "@@IMPORTS@@"
def stmt_hook(m):
    if m["params"] and m["params"][0][1] == "sql" and m["name"] in ("execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "addBatch"):
        return "\t\t\tthis.connection.beforeStatement(sql);\n"
    return None
JDBC_STATE = {"setAutoCommit": "AUTO_COMMIT", "setTransactionIsolation": "ISOLATION", "setReadOnly": "READ_ONLY",
    "setCatalog": "CATALOG", "setSchema": "SCHEMA", "setHoldability": "HOLDABILITY", "setNetworkTimeout": "NETWORK_TIMEOUT"}
def handle_hook(m):
    if m["name"] in ("prepareStatement", "prepareCall"):
        return "\t\t\tthis.managed.beforeStatement(sql);\n"
    if m["name"] in JDBC_STATE:
        return "\t\t\tthis.managed.beforeJdbcStateChange(JdbcState." + JDBC_STATE[m["name"]] + ");\n"
    return None
_UNUSED = "import java.io.InputStream;\nimport java.io.Reader;\nimport java.math.BigDecimal;\nimport java.net.URL;\nimport java.sql.*;\nimport java.util.Calendar;\nimport java.util.Map;\n"

def gen_statement():
    s = HEADER + IMPORTS + '''
/**
 * {@link Statement} handed out by a {@link ConnectionHandle}: reports every {@link SQLException} to
 * the connection it belongs to and answers {@link #getConnection()} with the handle, never with the
 * pooled connection behind it.
 *
 * @param <S> the type of the statement it wraps
 */
class StatementWrapper<S extends Statement> implements Statement {

	final ConnectionHandle connection;

	final S delegate;

	StatementWrapper(ConnectionHandle connection, S delegate) {
		this.connection = connection;
		this.delegate = delegate;
	}

''' + emit("Statement", {"unwrap", "isWrapperFor"}, stmt_special, hook=stmt_hook) + WRAPPER + "\n}\n"
    open(OUT + "StatementWrapper.java", "w").write(s)

def gen_prepared():
    s = HEADER + IMPORTS + '''
/**
 * {@link PreparedStatement} handed out by a {@link ConnectionHandle}; see {@link StatementWrapper}.
 *
 * @param <S> the type of the statement it wraps
 */
class PreparedStatementWrapper<S extends PreparedStatement> extends StatementWrapper<S>
		implements PreparedStatement {

	PreparedStatementWrapper(ConnectionHandle connection, S delegate) {
		super(connection, delegate);
	}

''' + emit("PreparedStatement", set(), stmt_special) + "\n}\n"
    open(OUT + "PreparedStatementWrapper.java", "w").write(s)

def gen_callable():
    s = HEADER + IMPORTS + '''
/**
 * {@link CallableStatement} handed out by a {@link ConnectionHandle}; see {@link StatementWrapper}.
 */
final class CallableStatementWrapper extends PreparedStatementWrapper<CallableStatement>
		implements CallableStatement {

	CallableStatementWrapper(ConnectionHandle connection, CallableStatement delegate) {
		super(connection, delegate);
	}

''' + emit("CallableStatement", set(), stmt_special) + "\n}\n"
    open(OUT + "CallableStatementWrapper.java", "w").write(s)

def gen_resultset():
    def sp(m):
        if m["name"] == "getStatement":
            return "this.statement"
        return None
    s = HEADER + IMPORTS + '''
/**
 * {@link ResultSet} handed out through a {@link ConnectionHandle}: reports every
 * {@link SQLException} to the connection and answers {@link #getStatement()} with the wrapping
 * statement (or {@code null} for result sets from {@link DatabaseMetaData}).
 */
final class ResultSetWrapper implements ResultSet {

	private final ConnectionHandle connection;

	private final Statement statement;

	private final ResultSet delegate;

	private ResultSetWrapper(ConnectionHandle connection, Statement statement, ResultSet delegate) {
		this.connection = connection;
		this.statement = statement;
		this.delegate = delegate;
	}

	static ResultSet wrap(ConnectionHandle connection, Statement statement, ResultSet delegate) {
		return (delegate != null) ? new ResultSetWrapper(connection, statement, delegate) : null;
	}

''' + emit("ResultSet", {"unwrap", "isWrapperFor"}, sp) + WRAPPER + "\n}\n"
    open(OUT + "ResultSetWrapper.java", "w").write(s)

def gen_metadata():
    def sp(m):
        if m["ret"] == "ResultSet":
            return rs(call(m), "null")
        if m["name"] == "getConnection":
            return "this.connection"
        return None
    s = HEADER + IMPORTS + '''
/**
 * {@link DatabaseMetaData} handed out by a {@link ConnectionHandle}: reports every
 * {@link SQLException} to the connection and answers {@link #getConnection()} with the handle.
 */
final class DatabaseMetaDataWrapper implements DatabaseMetaData {

	private final ConnectionHandle connection;

	private final DatabaseMetaData delegate;

	DatabaseMetaDataWrapper(ConnectionHandle connection, DatabaseMetaData delegate) {
		this.connection = connection;
		this.delegate = delegate;
	}

''' + emit("DatabaseMetaData", {"unwrap", "isWrapperFor"}, sp) + WRAPPER + "\n}\n"
    open(OUT + "DatabaseMetaDataWrapper.java", "w").write(s)

def gen_handle():
    def sp(m):
        n = m["name"]
        if n == "createStatement":
            return f"new StatementWrapper<>(this, {call(m)})"
        if n == "prepareStatement":
            return f"new PreparedStatementWrapper<>(this, {call(m)})"
        if n == "prepareCall":
            return f"new CallableStatementWrapper(this, {call(m)})"
        if n == "getMetaData":
            return f"new DatabaseMetaDataWrapper(this, {call(m)})"
        return None
    skip = {"close", "isClosed", "isValid", "abort", "unwrap", "isWrapperFor"}
    methods_src = emit("Connection", skip, sp, funnel="this.managed.onError(ex)", pre="\t\tcheckOpen();\n", hook=handle_hook)
    s = HEADER + IMPORTS + '''
/**
 * The {@link Connection} an application gets from a {@link LifecycleDataSource}: a handle onto the
 * physical connection that the unit of work holds. Closing the handle gives the connection back to
 * the unit of work, not to the pool; every {@link SQLException} is reported to the connection so
 * that the end of the unit can decide whether to keep it. The methods below delegate; the lifecycle
 * lives in {@link ManagedConnection}.
 */
final class ConnectionHandle implements Connection {

	private final ManagedConnection managed;

	private final Connection delegate;

	private volatile boolean closed;

	ConnectionHandle(ManagedConnection managed, Connection delegate) {
		this.managed = managed;
		this.delegate = delegate;
	}

	SQLException onError(SQLException ex) {
		return this.managed.onError(ex);
	}

	void beforeStatement(String sql) {
		this.managed.beforeStatement(sql);
	}

	/**
	 * Called by the unit of work when it ends while the application still holds this handle.
	 */
	void invalidate() {
		this.closed = true;
	}

	private void checkOpen() throws SQLException {
		if (this.closed) {
			throw new SQLException("Connection handle is closed", "08003");
		}
	}

	private void checkOpenForClientInfo() throws SQLClientInfoException {
		if (this.closed) {
			throw new SQLClientInfoException("Connection handle is closed", "08003", 0, Map.of());
		}
	}

	@Override
	public void close() {
		if (!this.closed) {
			this.closed = true;
			this.managed.handleClosed(this);
		}
	}

	@Override
	public boolean isClosed() {
		return this.closed;
	}

	@Override
	public boolean isValid(int timeout) throws SQLException {
		if (this.closed) {
			return false;
		}
		try {
			return this.delegate.isValid(timeout);
		}
		catch (SQLException ex) {
			throw this.managed.onError(ex);
		}
	}

	@Override
	public void abort(Executor executor) throws SQLException {
		if (this.closed) {
			return;
		}
		// An aborted connection can never be handed on: the unit of work closes it for good.
		this.managed.markBroken();
		this.closed = true;
		try {
			this.delegate.abort(executor);
		}
		finally {
			this.managed.handleClosed(this);
		}
	}

	@Override
	public <T> T unwrap(Class<T> iface) throws SQLException {
		if (iface.isInstance(this)) {
			return iface.cast(this);
		}
		if (iface.isInstance(this.managed)) {
			return iface.cast(this.managed);
		}
		return this.delegate.unwrap(iface);
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) throws SQLException {
		return iface.isInstance(this) || iface.isInstance(this.managed) || this.delegate.isWrapperFor(iface);
	}

''' + methods_src + "\n}\n"
    open(OUT + "ConnectionHandle.java", "w").write(s)

KNOWN = {"InputStream": "java.io", "Reader": "java.io", "BigDecimal": "java.math", "URL": "java.net",
         "Calendar": "java.util", "Map": "java.util", "Properties": "java.util", "Executor": "java.util.concurrent"}
def fix_imports(path):
    src = open(path).read()
    body = src.split("@@IMPORTS@@", 1)[1]
    body_nc = re.sub(r"/\*.*?\*/", "", body, flags=re.S)
    names = set(re.findall(r"\b([A-Z]\w+)\b", body_nc))
    sql = set(n[:-5] for n in SQL_TYPES if n.endswith(".java"))
    imps = []
    for n in sorted(names):
        if n in KNOWN: imps.append(KNOWN[n] + "." + n)
        elif n in sql: imps.append("java.sql." + n)
    groups = sorted(imps, key=lambda x: (not x.startswith("java."), x))
    text = "".join(f"import {i};\n" for i in groups)
    src = src.replace("@@IMPORTS@@", text)
    src = src.replace("\n */\n", "\n * <p>\n * Written by {@code tools/generate-jdbc-wrappers.py}: change the script, not this file.\n */\n", 1)
    open(path, "w").write(src)
gen_statement(); gen_prepared(); gen_callable(); gen_resultset(); gen_metadata(); gen_handle()
for f in ["StatementWrapper", "PreparedStatementWrapper", "CallableStatementWrapper", "ResultSetWrapper", "DatabaseMetaDataWrapper", "ConnectionHandle"]:
    fix_imports(OUT + f + ".java")
