# SPDX-License-Identifier: ISC
# helper.bash - start the program as a FastCGI responder in various ways
# and ask it with cgi-fcgi (libfcgi-bin), a real FastCGI client.

load /usr/lib/bats/bats-support/load.bash
load /usr/lib/bats/bats-assert/load.bash
source "${BASH_SOURCE[0]%/*}/../lib.bash"

export LC_ALL=C
TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
BIN=${STATUSCGI_BIN:-cgi-bin/status.cgi}
case $BIN in /*) ;; *) BIN=$TOP/$BIN ;; esac
SOCK=$BATS_TEST_TMPDIR/s.sock

# ask ADDR [VAR=value ...]: one request to the responder at ADDR (a socket
# path or host:port); the answer's first line goes to status_line, all of
# it to answer.
ask() {
	local addr=$1
	shift
	answer=$(env -i REQUEST_METHOD=GET SCRIPT_NAME=/status.cgi \
		SERVER_PROTOCOL=HTTP/1.1 "$@" \
		cgi-fcgi -bind -connect "$addr" <"${ASK_STDIN:-/dev/null}")
	status_line=${answer%%$'\r'*}
}

# start [ARGS...]: starts the program with --listen unix:$SOCK ARGS in the
# background; its PID goes to PID.
start() {
	env -i PATH=/usr/bin:/bin "$BIN" --listen "unix:$SOCK" "$@" \
		2>"$BATS_TEST_TMPDIR/server.err" 3>&- &
	PID=$!
	wait_socket "$SOCK"
}

# start_tcp ENV...: starts the program with ENV and --listen on a free
# loopback port, waits for it; the port goes to PORT, the PID to PID.
start_tcp() {
	PORT=$(free_port)
	env -i "$@" "$BIN" --listen "127.0.0.1:$PORT" 3>&- &
	PID=$!
	wait_port "$PORT"
}

# stop_started: stops whatever a test started (as its teardown).
stop_started() {
	if [ -n "${PID:-}" ]; then
		{ kill -TERM "$PID"; wait "$PID"; } 2>/dev/null || true
	fi
	if [ -n "${SPAWN_PID:-}" ]; then
		kill -TERM "$SPAWN_PID" 2>/dev/null || true
	fi
}

# stop: SIGTERM, and the exit status in stop_status.
stop() {
	stop_status=0
	kill -TERM "$PID" 2>/dev/null || true
	wait "$PID" || stop_status=$?
}


# The suite's own FastCGI client (tests/fcgi/fcgiclient.c, built by make).
CLIENT=$TOP/build/fcgiclient

# workers: the PIDs of the supervisor's worker processes, one a line.
workers() {
	pgrep -P "$PID" | sort
}

# ready_workers: sets ready to the PIDs of the workers that have announced
# themselves. A worker enters its own sandbox just before it tells the
# supervisor: it runs under one seccomp filter more than the supervisor.
# Bash alone, no pgrep (it reads all of /proc) and no subshell (a fork
# costs milliseconds here): a loop can call it every few milliseconds.
ready_workers() {
	local w key value n mine= kids=()
	ready=()
	read -r -a kids <"/proc/$PID/task/$PID/children" || true
	for w in "$PID" "${kids[@]}"; do
		n=0
		{ while read -r key value; do
			[ "$key" = Seccomp_filters: ] && n=$value && break
		done <"/proc/$w/status"; } 2>/dev/null || true
		if [ -z "$mine" ]; then
			mine=$n
		elif [ "$n" -gt "$mine" ]; then
			ready+=("$w")
		fi
	done
}

# wait_workers N: waits (at most 5 s) until the supervisor has N workers
# that have announced themselves (their threads run).
wait_workers() {
	local i
	for i in $(seq 100); do
		[ "$(workers | wc -l)" -eq "$1" ] && sleep 0.05 && return 0
		sleep 0.05
	done
	echo "the supervisor has $(workers | wc -l) workers, not $1" >&2
	return 1
}

# running PID: whether PID is a process that still runs (not a zombie
# waiting for its parent to reap it).
running() {
	[ -r "/proc/$1/status" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status"
}

# has_line TEXT: whether the last answer has the line TEXT (CRLF ended).
has_line() {
	local line
	while IFS= read -r line; do
		[ "${line%$'\r'}" = "$1" ] && return 0
	done <<<"$answer"
	echo "the answer has no line \"$1\":" >&2
	printf '%s\n' "$answer" >&2
	return 1
}
