#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The same binary as a FastCGI responder: how it is started, concurrency,
# signals, and that requests share nothing.

load helper

teardown() {
	stop_started
}

@test "under spawn-fcgi (a listening socket on fd 0) it serves FastCGI" {
	spawn-fcgi -s "$SOCK" -P "$BATS_TEST_TMPDIR/pid" -- "$BIN" >/dev/null
	SPAWN_PID=$(cat "$BATS_TEST_TMPDIR/pid")
	ask "$SOCK" PATH_INFO=/404
	assert_equal "$status_line" 'Status: 404 Not Found'
	ask "$SOCK" PATH_INFO=/503
	assert_equal "$status_line" 'Status: 503 Service Unavailable'
	kill -TERM "$SPAWN_PID"
}

@test "--listen unix:PATH serves on that socket, mode 0660 by default" {
	start
	assert_equal "$(stat -c %a "$SOCK")" 660
	ask "$SOCK" PATH_INFO=/418
	assert_equal "$status_line" "Status: 418 I'm a teapot"
	stop
	assert_equal "$stop_status" 0
	[ ! -e "$SOCK" ]
}

@test "--socket-mode sets the mode of the Unix socket" {
	start --socket-mode 0600
	assert_equal "$(stat -c %a "$SOCK")" 600
}

@test "--listen host:port serves on TCP" {
	start_tcp
	ask "127.0.0.1:$PORT" PATH_INFO=/202
	assert_equal "$status_line" 'Status: 202 Accepted'
}

@test "--listen with a host that does not resolve is a clear error" {
	run "$BIN" --listen no-such-host.invalid:9000
	assert_failure 1
	assert_output 'status.cgi: cannot resolve host "no-such-host.invalid": give an IP address, or a name in /etc/hosts'
}

@test "--listen takes a name from /etc/hosts, like localhost" {
	PORT=$(free_port)
	env -i "$BIN" --listen "localhost:$PORT" 3>&- &
	PID=$!
	wait_port "$PORT"
	ask "127.0.0.1:$PORT" PATH_INFO=/203
	assert_equal "$status_line" 'Status: 203 Non-Authoritative Information'
}

@test "--listen on IPv6 loopback serves on TCP" {
	# ::1 is 00000000000000000000000000000001 in /proc/net/if_inet6
	grep -q '^0\{31\}1 ' /proc/net/if_inet6 2>/dev/null ||
		skip "this machine has no IPv6 loopback address"
	PORT=$(free_port)
	env -i "$BIN" --listen "[::1]:$PORT" 3>&- &
	PID=$!
	wait_port "$PORT" ::1
}

@test "--listen with a malformed address is a clear error" {
	run "$BIN" --listen 9000
	assert_failure 1
	assert_output 'status.cgi: --listen takes unix:/path, host:port or [v6addr]:port, not "9000"'
}

@test "--listen on a path that is not a socket leaves the file alone" {
	echo keep >"$BATS_TEST_TMPDIR/file"
	run "$BIN" --listen "unix:$BATS_TEST_TMPDIR/file"
	assert_failure 1
	assert_output "status.cgi: $BATS_TEST_TMPDIR/file exists and is not a socket"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/file")" keep
}

@test "systemd socket activation (LISTEN_FDS, socket on fd 3) serves FastCGI" {
	systemd-socket-activate -l "$SOCK" "$BIN" 2>/dev/null &
	PID=$!
	wait_socket "$SOCK"
	ask "$SOCK" PATH_INFO=/410
	assert_equal "$status_line" 'Status: 410 Gone'
	ask "$SOCK" PATH_INFO=/411
	assert_equal "$status_line" 'Status: 411 Length Required'
	# one process served both: it is still running
	kill -0 "$PID"
}

@test "parameters come from the FastCGI params, never from the environment" {
	env -i PATH=/usr/bin:/bin PATH_INFO=/500 QUERY_STRING=code=500 \
		"$BIN" --listen "unix:$SOCK" 3>&- &
	PID=$!
	wait_socket "$SOCK"
	ask "$SOCK" PATH_INFO=/404
	assert_equal "$status_line" 'Status: 404 Not Found'
	ask "$SOCK"
	assert_equal "$status_line" 'Status: 200 OK'
}

@test "a param sent twice counts as its first, as libfcgi's FCGX_GetParam has it" {
	start
	run "$CLIENT" "$SOCK" get REQUEST_METHOD=GET PATH_INFO=/418 \
		PATH_INFO=/404 QUERY_STRING=reason=First QUERY_STRING=reason=Second
	assert_success
	assert_line --index 0 --partial "Status: 418 First"
}

@test "nothing of one request survives into the next" {
	start --threads 1
	ask "$SOCK" 'QUERY_STRING=code=404&reason=Custom&header=X-Left:+over'
	assert_equal "$status_line" 'Status: 404 Custom'
	ask "$SOCK" PATH_INFO=/404
	assert_equal "$status_line" 'Status: 404 Not Found'
	refute [ "$answer" != "${answer/X-Left/}" ]
}

@test "a POSTed form is read from the FastCGI stream" {
	printf 'code=418&reason=Short' >"$BATS_TEST_TMPDIR/form"
	start
	ASK_STDIN=$BATS_TEST_TMPDIR/form ask "$SOCK" REQUEST_METHOD=POST \
		CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=21
	assert_equal "$status_line" 'Status: 418 Short'
}

@test "a sleeping request holds one worker only: another is answered meanwhile" {
	start --threads 2
	ask "$SOCK" 'QUERY_STRING=code=200&sleep=4000' >/dev/null &
	local slow=$!
	sleep 0.3
	ask "$SOCK" PATH_INFO=/204
	assert_equal "$status_line" 'Status: 204 No Content'
	# the slow one is still waiting
	kill -0 "$slow"
	wait "$slow"
}

@test "SIGTERM lets a request in flight finish, then exits 0" {
	start --threads 2
	( ask "$SOCK" 'QUERY_STRING=code=201&sleep=1500'; echo "$status_line" >"$BATS_TEST_TMPDIR/slow" ) &
	local slow=$!
	sleep 0.5
	stop
	assert_equal "$stop_status" 0
	wait "$slow"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/slow")" 'Status: 201 Created'
	[ ! -e "$SOCK" ]
}

@test "SIGTERM ends an idle responder at once, with exit 0" {
	start --threads 4
	stop
	assert_equal "$stop_status" 0
	assert_equal "$(cat "$BATS_TEST_TMPDIR/server.err")" ''
}

@test "SIGTERM kills a CGI-mode process at once" {
	env -i GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET \
		QUERY_STRING='code=200&sleep=8000' "$BIN" >"$BATS_TEST_TMPDIR/out" &
	local cgi=$!
	sleep 0.3
	kill -TERM "$cgi"
	local rc=0
	wait "$cgi" || rc=$?
	assert_equal "$rc" 143
	assert_equal "$(cat "$BATS_TEST_TMPDIR/out")" ''
}

@test "a client that disconnects mid-response costs only its own request" {
	start --threads 1
	timeout 0.3 env -i REQUEST_METHOD=GET QUERY_STRING='code=200&sleep=800' \
		cgi-fcgi -bind -connect "$SOCK" >/dev/null || true
	sleep 0.8
	ask "$SOCK" PATH_INFO=/207
	assert_equal "$status_line" 'Status: 207 Multi-Status'
	kill -0 "$PID"
}

@test "FCGI_WEB_SERVER_ADDRS refuses TCP peers it does not list" {
	start_tcp FCGI_WEB_SERVER_ADDRS=10.0.0.1
	ask "127.0.0.1:$PORT" PATH_INFO=/404 || true
	assert_equal "$status_line" ''
}

@test "FCGI_WEB_SERVER_ADDRS accepts the TCP peers it lists" {
	start_tcp FCGI_WEB_SERVER_ADDRS=127.0.0.1,10.0.0.1
	ask "127.0.0.1:$PORT" PATH_INFO=/404
	assert_equal "$status_line" 'Status: 404 Not Found'
}
