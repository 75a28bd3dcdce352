#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# `make serve`: builds and serves with lighttpd in the foreground.

load helper

setup() {
	PORT=$(free_port)
	export PORT
	setsid make -C "$TOP" -s serve >"$BATS_TEST_TMPDIR/serve.log" 2>&1 &
	SERVE_PID=$!
	wait_http "http://127.0.0.1:$PORT/"
}

teardown() {
	kill -TERM -- "-$SERVE_PID" 2>/dev/null || true
	wait "$SERVE_PID" 2>/dev/null || true
}

@test "make serve answers /cgi-bin/status.cgi/503 with 503 and Retry-After" {
	fetch "http://127.0.0.1:$PORT/cgi-bin/status.cgi/503"
	assert_equal "$status_line" 'HTTP/1.1 503 Service Unavailable'
	assert_equal "$(header Retry-After)" 5
}

@test "make serve sends / to the index of every code" {
	fetch "http://127.0.0.1:$PORT/"
	assert_equal "$(header Location)" /cgi-bin/status.cgi
	fetch -H 'Accept: text/html' "http://127.0.0.1:$PORT/cgi-bin/status.cgi"
	assert_equal "$(header Content-Type)" 'text/html; charset=utf-8'
	grep -q '<h1>statuscgi: every HTTP status</h1>' <<<"$body"
}

@test "make serve stops on SIGTERM and leaves no lighttpd behind" {
	kill -TERM -- "-$SERVE_PID"
	wait "$SERVE_PID" || true
	run pgrep -f "lighttpd -D -f .*statuscgi-serve"
	assert_failure
	! curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/"
}
