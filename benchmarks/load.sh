#!/usr/bin/env bash
# Load benchmark of a whole Spring Boot application on PostgreSQL, in each of dbconn's modes and
# without dbconn, driven by wrk. Documented in docs/performance.md ("Load benchmark").
#
#   benchmarks/load.sh [rounds]                     (default 3 rounds)
#
# Settings, from the environment:
#   CLIENTS="1 16 64 256"     wrk connections per measurement
#   VARIANTS="A B C Cw D E F" which variants to run (see variant_args below)
#   WARMUP=4 DURATION=8       seconds of warm-up (discarded) and of measurement per client count
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres   the server; the script uses a database of its own,
#                                                  dbconn_load, which it creates when missing
#   OUT=benchmarks/target/load                     where the raw results and the summary go
#
# For a server a network hop away, start LatencyProxy (in benchmarks.jar) in front of it and point
# PGPORT at the proxy (docs/performance.md, "Through a simulated network hop").
#
# Each round starts the application once per variant, so that the variants alternate, each round
# starting one variant further along the list; within a start it measures each client count in
# turn. A counting pass per variant (after the rounds, with a TCP proxy that reads the PostgreSQL
# protocol in front of the server) gives the connections opened and the round trips and
# validations per request, as seen on the wire.
# The summary takes medians over the rounds.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

rounds="${1:-3}"
clients_list="${CLIENTS:-1 16 64 256}"
variants="${VARIANTS:-A B C Cw D E F}"
warmup="${WARMUP:-4}"
duration="${DURATION:-8}"
pghost="${PGHOST:-127.0.0.1}"
pgport="${PGPORT:-5432}"
pguser="${PGUSER:-postgres}"
out="${OUT:-benchmarks/target/load}"
app_port=18080
wire_port=15432
database=dbconn_load

jdk=/usr/lib/jvm/temurin-25-jdk-amd64
if [[ -d "$jdk" ]]; then
	export JAVA_HOME="$jdk"
	export PATH="$JAVA_HOME/bin:$PATH"
fi

if ! command -v wrk >/dev/null 2>&1; then
	echo "installing wrk from Debian's packages"
	apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi

jar=benchmarks/target/benchmarks.jar
if [[ ! -f "$jar" || -n "${BUILD:-}" ]]; then
	./mvnw -q -pl benchmarks -am package -DskipTests -Dmaven.javadoc.skip=true
fi

psql_admin() {
	psql -X -q -h "$pghost" -p "$pgport" -U "$pguser" -d postgres -tA "$@"
}
if [[ -z "$(psql_admin -c "select 1 from pg_database where datname = '$database'")" ]]; then
	psql_admin -c "create database $database"
fi

mkdir -p "$out"
results="$out/results.tsv"
wire="$out/wire.tsv"
connect="$out/connect.tsv"
: >"$results"
: >"$wire"
: >"$connect"

# The variants of docs/performance.md; the application and the pool (10 connections) are the same.
variant_args() {
	case "$1" in
		A) echo "--db.enabled=false" ;;
		B) echo "--db.conn-max-age=unlimited" ;;
		C) echo "--db.conn-max-age=unlimited --db.conn-health-checks=true" ;;
		Cw) echo "--db.conn-max-age=unlimited --db.conn-health-checks=true --db.health-check-window=500ms" ;;
		D) echo "--db.conn-max-age=600 --db.conn-health-checks=true" ;;
		E) echo "" ;; # dbconn's default, conn-max-age 0
		F) echo "--db.enabled=false --load.connection-per-request=true --spring.datasource.type=org.springframework.jdbc.datasource.SimpleDriverDataSource" ;;
		*) echo "unknown variant $1" >&2; return 1 ;;
	esac
}

app_pid=
if curl -s "http://127.0.0.1:$app_port/" >/dev/null 2>&1; then
	echo "port $app_port is in use: stop what listens there first" >&2
	exit 1
fi
start_app() {
	local variant="$1" url="$2"
	shift 2
	# shellcheck disable=SC2046
	java -Xms512m -Xmx512m -cp "$jar" dev.dbconn.benchmark.load.LoadApplication \
		--server.port="$app_port" \
		--spring.datasource.url="$url" \
		--spring.datasource.username="$pguser" \
		--spring.datasource.hikari.maximum-pool-size=10 \
		--logging.level.root=WARN \
		$(variant_args "$variant") "$@" >"$out/app-$variant.log" 2>&1 &
	app_pid=$!
	for _ in $(seq 1 120); do
		if ! kill -0 "$app_pid" 2>/dev/null; then
			break
		fi
		if curl -fs "http://127.0.0.1:$app_port/load" >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.5
	done
	echo "variant $variant did not start; see $out/app-$variant.log" >&2
	return 1
}

stop_app() {
	kill "$app_pid" 2>/dev/null || true
	wait "$app_pid" 2>/dev/null || true
}
trap stop_app EXIT

# user + system CPU time of the application, in microseconds
cpu_micros() {
	awk -v tick="$(getconf CLK_TCK)" '{ printf "%d\n", ($14 + $15) * 1000000 / tick }' "/proc/$app_pid/stat"
}

# wrk's latency with its unit, in milliseconds
to_ms() {
	awk -v v="$1" 'BEGIN {
		if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
		else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
		else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
		else { printf "%s", v }
	}'
}

measure() {
	local round="$1" variant="$2" clients="$3" threads=2 report before after
	if ((clients < threads)); then
		threads="$clients"
	fi
	wrk -t"$threads" -c"$clients" -d"${warmup}s" "http://127.0.0.1:$app_port/load" >/dev/null
	before=$(cpu_micros)
	report=$(wrk -t"$threads" -c"$clients" -d"${duration}s" --latency "http://127.0.0.1:$app_port/load")
	after=$(cpu_micros)
	echo "$report" >"$out/wrk-$round-$variant-$clients.txt"
	local requests rps avg p50 p99 errors timeouts non2xx
	requests=$(echo "$report" | awk '/requests in/ { print $1 }')
	rps=$(echo "$report" | awk '/Requests\/sec/ { print $2 }')
	p50=$(to_ms "$(echo "$report" | awk '$1 == "50%" { print $2 }')")
	p99=$(to_ms "$(echo "$report" | awk '$1 == "99%" { print $2 }')")
	avg=$(to_ms "$(echo "$report" | awk '$1 == "Latency" { print $2; exit }')")
	# "  Socket errors: connect 0, read 0, write 0, timeout 0"
	errors=$(echo "$report" | awk -F'[ ,]+' '/Socket errors/ { print $5 + $7 + $9 }')
	timeouts=$(echo "$report" | awk -F'[ ,]+' '/Socket errors/ { print $11 }')
	non2xx=$(echo "$report" | awk '/Non-2xx/ { print $NF }')
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$variant" "$clients" "$rps" "$avg" "$p50" "$p99" \
		"$((${errors:-0} + ${non2xx:-0}))" "${timeouts:-0}" \
		"$(((after - before) / (requests > 0 ? requests : 1)))" | tee -a "$results"
}

# The variants in the order of a round: each round starts one further along the list, so that no
# variant always runs first or last (a variant's place in a round moves its figures: see
# docs/performance.md).
rotated() {
	local round="$1"
	shift
	local list=("$@") count=$#
	local i
	for ((i = 0; i < count; i++)); do
		printf '%s ' "${list[$(((i + round - 1) % count))]}"
	done
}

url="jdbc:postgresql://$pghost:$pgport/$database?sslmode=disable"
echo "round variant clients req/s mean_ms p50_ms p99_ms errors timeouts cpu_us_per_request"
for round in $(seq 1 "$rounds"); do
	# The server's own rate of new connections: pgbench opening a connection per transaction, and
	# pgjdbc opening and closing connections in a loop (what a Java application pays per connect).
	for c in 1 2; do
		if command -v pgbench >/dev/null 2>&1; then
			pgbench -n -C -h "$pghost" -p "$pgport" -U "$pguser" -c "$c" -j "$c" -T "$duration" \
				-f <(echo "select 1;") "$database" 2>/dev/null |
				awk -v round="$round" -v c="$c" '/^latency average/ { ms = $4 } /^tps/ { printf "%s\tpgbench\t%s\t%s\t%s\n", round, c, $3, ms; exit }' >>"$connect"
		fi
		java -cp "$jar" dev.dbconn.benchmark.ConnectionChurnLoad connect-loop "$c" "$duration" \
			"jdbc:postgresql://$pghost:$pgport/$database?user=$pguser&sslmode=disable" 2>/dev/null |
			sed -E 's/.*req\/s= *([0-9.]+) +mean= *([0-9.]+) ms.*/\1 \2/' |
			awk -v round="$round" -v c="$c" '{ printf "%s\tpgjdbc\t%s\t%s\t%s\n", round, c, $1, $2 }' >>"$connect"
	done
	for variant in $(rotated "$round" $variants); do
		start_app "$variant" "$url"
		for clients in $clients_list; do
			measure "$round" "$variant" "$clients"
		done
		stop_app
	done
done

# Counting pass: each variant once more, through the counting proxy, at 16 clients.
echo "variant requests connections round_trips validations"
for variant in $variants; do
	start_app "$variant" "jdbc:postgresql://127.0.0.1:$wire_port/$database?sslmode=disable" \
		--load.wire-listen="$wire_port" --load.wire-target="$pghost:$pgport"
	wrk -t2 -c16 -d"${warmup}s" "http://127.0.0.1:$app_port/load" >/dev/null
	before=$(curl -fs "http://127.0.0.1:$app_port/wire")
	wrk -t2 -c16 -d"${duration}s" "http://127.0.0.1:$app_port/load" >/dev/null
	after=$(curl -fs "http://127.0.0.1:$app_port/wire")
	stop_app
	# "requests=N connections=N roundtrips=N validations=N", before and after
	printf '%s %s\n' "$before" "$after" | awk -v variant="$variant" '{
		for (i = 1; i <= 4; i++) { split($i, b, "="); split($(i + 4), a, "="); d[i] = a[2] - b[2] }
		printf "%s\t%d\t%d\t%d\t%d\n", variant, d[1], d[2], d[3], d[4]
	}' | tee -a "$wire"
done

java -cp "$jar" dev.dbconn.benchmark.load.LoadSummary "$results" "$wire" "$connect" | tee "$out/summary.md"
