#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# lighttpd 1.4 from lighttpd.conf.example: mod_cgi and mod_fastcgi
# (lighttpd starts the responder itself), each asked with real curl.

load helper
load ranges

setup_file() {
	lab_init
	LIGHTTPD=$(lighttpd_start) || return 1
	export LAB LIGHTTPD
}

teardown_file() {
	lab_stop
}

# mod_cgi

@test "lighttpd mod_cgi: every classic code arrives with its status line (lighttpd's phrases), headers and body" {
	classic_set "$LIGHTTPD" /cgi-bin/status.cgi lighttpd
}

@test "lighttpd mod_cgi: HEAD gets GET's status and headers and no content" {
	head_like_get "$LIGHTTPD" /cgi-bin/status.cgi
}

@test "lighttpd mod_cgi: a POSTed form picks the status" {
	posted_form "$LIGHTTPD" /cgi-bin/status.cgi lighttpd
}

@test "lighttpd mod_cgi: curl -L follows a 302 to a 200" {
	redirect_followed "$LIGHTTPD" /cgi-bin/status.cgi
}

@test "lighttpd mod_cgi: a real 103 Early Hints, then the 200, on the wire" {
	interim_relayed "$LIGHTTPD" /cgi-bin/status.cgi
}

@test "lighttpd mod_cgi: a client Range header does not turn a 200 into a 206" {
	fetch -H 'Range: bytes=0-1' "http://127.0.0.1:$LIGHTTPD/cgi-bin/status.cgi/200"
	assert_equal "$status_line" 'HTTP/1.1 200 OK'
	assert_equal "$(header Accept-Ranges)" none
}

# mod_fastcgi

@test "lighttpd mod_fastcgi: every classic code arrives with its status line (lighttpd's phrases), headers and body" {
	classic_set "$LIGHTTPD" /statusfcgi lighttpd-fastcgi
}

@test "lighttpd mod_fastcgi: drops Upgrade from a 426, which mod_cgi passes" {
	fetch "http://127.0.0.1:$LIGHTTPD/statusfcgi/426"
	assert_equal "$(header Upgrade)" ''
	fetch "http://127.0.0.1:$LIGHTTPD/cgi-bin/status.cgi/426"
	assert_equal "$(header Upgrade)" 'TLS/1.2, HTTP/1.1'
}

@test "lighttpd mod_fastcgi: a connection per request, none kept (no FCGI_KEEP_CONN)" {
	local i sock
	for i in $(seq 10); do
		fetch "http://127.0.0.1:$LIGHTTPD/statusfcgi/404"
		assert_equal "$status_line" 'HTTP/1.1 404 Not Found'
	done
	for sock in "$LAB"/run/statuscgi.sock*; do
		assert_equal "$(kept "$sock")" 0
	done
}

@test "lighttpd mod_fastcgi: HEAD gets GET's status and headers and no content" {
	head_like_get "$LIGHTTPD" /statusfcgi
}

@test "lighttpd mod_fastcgi: a POSTed form picks the status" {
	posted_form "$LIGHTTPD" /statusfcgi lighttpd
}

@test "lighttpd mod_fastcgi: curl -L follows a 302 to a 200" {
	redirect_followed "$LIGHTTPD" /statusfcgi
}

@test "lighttpd mod_fastcgi: a real 103 Early Hints, then the 200, on the wire" {
	interim_relayed "$LIGHTTPD" /statusfcgi
}

# What differs by deployment (the table in docs/servers.md comes from these).

@test "lighttpd mod_cgi: a custom reason and an unregistered code get lighttpd's phrases" {
	phrases "$LIGHTTPD" /cgi-bin/status.cgi 'HTTP/1.1 404 Not Found' 'HTTP/1.1 299 '
}

@test "lighttpd mod_cgi: a 101 is a 501 that says only NPH can switch" {
	switch_refused "$LIGHTTPD" /cgi-bin/status.cgi
}

@test "lighttpd mod_fastcgi: a custom reason and an unregistered code get lighttpd's phrases" {
	phrases "$LIGHTTPD" /statusfcgi 'HTTP/1.1 404 Not Found' 'HTTP/1.1 299 '
}

@test "lighttpd mod_fastcgi: a 101 is a 501 that says only NPH can switch" {
	switch_refused "$LIGHTTPD" /statusfcgi
}

# What the request decides (the table in docs/servers.md grows by these).

@test "lighttpd mod_cgi: If-None-Match and If-Modified-Since get a 304 with ETag, Cache-Control and Vary" {
	not_modified "$LIGHTTPD" /cgi-bin/status.cgi
}

@test "lighttpd mod_cgi: a false If-Match gets a 412 saying why" {
	precondition_failed "$LIGHTTPD" /cgi-bin/status.cgi
}

@test "lighttpd mod_cgi: the server does not judge the preconditions again" {
	not_overruled "$LIGHTTPD" /cgi-bin/status.cgi
}

@test "lighttpd mod_cgi: Authorization reaches the program: 401 without it, 200 with it" {
	credentials "$LIGHTTPD" /cgi-bin/status.cgi
}

@test "lighttpd mod_cgi: methods= gets a DELETE 405 with exactly those in Allow" {
	method_refused "$LIGHTTPD" /cgi-bin/status.cgi
}

@test "lighttpd mod_cgi: curl -L follows redirects=3 through exactly three hops to the 200" {
	chain_followed "$LIGHTTPD" /cgi-bin/status.cgi
}

@test "lighttpd mod_fastcgi: If-None-Match and If-Modified-Since get a 304 with ETag, Cache-Control and Vary" {
	not_modified "$LIGHTTPD" /statusfcgi
}

@test "lighttpd mod_fastcgi: a false If-Match gets a 412 saying why" {
	precondition_failed "$LIGHTTPD" /statusfcgi
}

@test "lighttpd mod_fastcgi: the server does not judge the preconditions again" {
	not_overruled "$LIGHTTPD" /statusfcgi
}

@test "lighttpd mod_fastcgi: Authorization reaches the program: 401 without it, 200 with it" {
	credentials "$LIGHTTPD" /statusfcgi
}

@test "lighttpd mod_fastcgi: methods= gets a DELETE 405 with exactly those in Allow" {
	method_refused "$LIGHTTPD" /statusfcgi
}

@test "lighttpd mod_fastcgi: curl -L follows redirects=3 through exactly three hops to the 200" {
	chain_followed "$LIGHTTPD" /statusfcgi
}

# size=, Range and drip= (the table in docs/servers.md grows by these).

@test "lighttpd mod_cgi: size=1000000 arrives whole, with the program's Content-Length" {
	size_whole "$LIGHTTPD" /cgi-bin/status.cgi
}

@test "lighttpd mod_cgi: a single Range gets a 206 with its Content-Range and bytes" {
	single_range "$LIGHTTPD" /cgi-bin/status.cgi
}

@test "lighttpd mod_cgi: two ranges get a multipart/byteranges 206 with both parts" {
	two_ranges "$LIGHTTPD" /cgi-bin/status.cgi
}

@test "lighttpd mod_cgi: a Range past the end gets a 416 with Content-Range bytes */N" {
	unsatisfiable "$LIGHTTPD" /cgi-bin/status.cgi
}

@test "lighttpd mod_cgi: If-Range with another ETag gets the whole 200" {
	if_range_mismatch "$LIGHTTPD" /cgi-bin/status.cgi
}

@test "lighttpd mod_cgi: a Range the program ignores stays its 200, not lighttpd's 206 or 416" {
	range_left_alone "$LIGHTTPD" /cgi-bin/status.cgi
}

@test "lighttpd mod_cgi: drip= reaches the client in pieces as the program sends them" {
	drip_relayed "$LIGHTTPD" /cgi-bin/status.cgi
}

@test "lighttpd mod_fastcgi: size=1000000 arrives whole, with the program's Content-Length" {
	size_whole "$LIGHTTPD" /statusfcgi
}

@test "lighttpd mod_fastcgi: a single Range gets a 206 with its Content-Range and bytes" {
	single_range "$LIGHTTPD" /statusfcgi
}

@test "lighttpd mod_fastcgi: two ranges get a multipart/byteranges 206 with both parts" {
	two_ranges "$LIGHTTPD" /statusfcgi
}

@test "lighttpd mod_fastcgi: a Range past the end gets a 416 with Content-Range bytes */N" {
	unsatisfiable "$LIGHTTPD" /statusfcgi
}

@test "lighttpd mod_fastcgi: If-Range with another ETag gets the whole 200" {
	if_range_mismatch "$LIGHTTPD" /statusfcgi
}

@test "lighttpd mod_fastcgi: a Range the program ignores stays its 200, not lighttpd's 206 or 416" {
	range_left_alone "$LIGHTTPD" /statusfcgi
}

@test "lighttpd mod_fastcgi: drip= reaches the client in pieces as the program sends them" {
	drip_relayed "$LIGHTTPD" /statusfcgi
}
