#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# nginx 1.22 from nginx.conf.example: fastcgi_pass to the program's own
# socket, CGI through fcgiwrap, and an upstream of two responders.

load helper
load ranges

setup_file() {
	lab_init
	lab_bg responder "$LAB/cgi-bin/status.cgi" --listen "unix:$LAB/run/statuscgi.sock"
	# Two responders for the upstream; only the first lets location= name
	# pool1.example, so which one answered shows in the answer (a
	# difference that leaves sleep=, size= and drip= alike in both).
	lab_bg pool1 env STATUSCGI_REDIRECT_HOSTS=pool1.example \
		"$LAB/cgi-bin/status.cgi" --listen "unix:$LAB/run/pool-1.sock"
	lab_bg pool2 "$LAB/cgi-bin/status.cgi" --listen "unix:$LAB/run/pool-2.sock"
	lab_bg fcgiwrap fcgiwrap -c 2 -s "unix:$LAB/run/fcgiwrap.sock"
	local s
	for s in statuscgi pool-1 pool-2 fcgiwrap; do
		wait_socket "$LAB/run/$s.sock"
	done
	NGINX=$(nginx_start) || return 1
	export LAB NGINX
}

teardown_file() {
	lab_stop
}

# fastcgi_pass to the program's own --listen socket

@test "nginx fastcgi_pass: every classic code arrives with its status line, headers and body" {
	classic_set "$NGINX" /statuscgi ours
}

@test "nginx fastcgi_pass: connections to the program are kept alive between requests" {
	keeps_connections "$NGINX" /statuscgi "$LAB/run/statuscgi.sock"
}

@test "nginx fastcgi_pass: HEAD gets GET's status and headers and no content" {
	head_like_get "$NGINX" /statuscgi
}

@test "nginx fastcgi_pass: a POSTed form picks the status" {
	posted_form "$NGINX" /statuscgi ours
}

@test "nginx fastcgi_pass: curl -L follows a 302 to a 200" {
	redirect_followed "$NGINX" /statuscgi
}

@test "nginx fastcgi_pass: a 103 is a 501 that says why, not a broken answer" {
	interim_refused "$NGINX" /statuscgi
}

@test "nginx fastcgi_pass: headers near the 4000-byte limit pass nginx's 4 KiB buffer" {
	local v
	v=$(head -c 3700 /dev/zero | tr '\0' a)
	fetch "http://127.0.0.1:$NGINX/statuscgi/200?header=X-Big:+$v"
	assert_equal "$status_line" 'HTTP/1.1 200 OK'
	assert_equal "$(header X-Big | wc -c)" 3701
}

# CGI through fcgiwrap

@test "nginx + fcgiwrap: every classic code arrives with its status line, headers and body" {
	classic_set "$NGINX" /cgi-bin/status.cgi ours
}

@test "nginx + fcgiwrap: HEAD gets GET's status and headers and no content" {
	head_like_get "$NGINX" /cgi-bin/status.cgi
}

@test "nginx + fcgiwrap: a POSTed form picks the status" {
	posted_form "$NGINX" /cgi-bin/status.cgi ours
}

@test "nginx + fcgiwrap: curl -L follows a 302 to a 200" {
	redirect_followed "$NGINX" /cgi-bin/status.cgi
}

@test "nginx + fcgiwrap: a 103 is a 501 that says why" {
	interim_refused "$NGINX" /cgi-bin/status.cgi
}

# an upstream of two responders

@test "nginx upstream: every classic code arrives with its status line, headers and body" {
	classic_set "$NGINX" /statuspool ours
}

@test "nginx upstream: HEAD gets GET's status and headers and no content" {
	head_like_get "$NGINX" /statuspool
}

@test "nginx upstream: a POSTed form picks the status" {
	posted_form "$NGINX" /statuspool ours
}

@test "nginx upstream: curl -L follows a 302 to a 200" {
	redirect_followed "$NGINX" /statuspool
}

@test "nginx upstream: a 103 is a 501 that says why" {
	interim_refused "$NGINX" /statuspool
}

@test "nginx upstream: requests are spread over both responders" {
	local i seen=
	for i in 1 2 3 4 5 6; do
		fetch "http://127.0.0.1:$NGINX/statuspool/302?location=http://pool1.example/"
		seen="$seen ${status_line:9:3}"
	done
	# the first responder redirects to pool1.example, the second refuses
	[[ $seen == *302* && $seen == *403* ]] || fail "answers:$seen"
}

# What differs by deployment (the table in docs/servers.md comes from these).

@test "nginx fastcgi_pass: a custom reason and an unregistered code keep their phrases" {
	phrases "$NGINX" /statuscgi 'HTTP/1.1 404 Gone Fishing' 'HTTP/1.1 299 Successful'
}

@test "nginx fastcgi_pass: a 101 is a 501 that says only NPH can switch" {
	switch_refused "$NGINX" /statuscgi
}

@test "nginx + fcgiwrap: a custom reason and an unregistered code keep their phrases" {
	phrases "$NGINX" /cgi-bin/status.cgi 'HTTP/1.1 404 Gone Fishing' 'HTTP/1.1 299 Successful'
}

@test "nginx + fcgiwrap: a 101 is a 501 that says only NPH can switch" {
	switch_refused "$NGINX" /cgi-bin/status.cgi
}

@test "nginx upstream: a custom reason and an unregistered code keep their phrases" {
	phrases "$NGINX" /statuspool 'HTTP/1.1 404 Gone Fishing' 'HTTP/1.1 299 Successful'
}

@test "nginx upstream: a 101 is a 501 that says only NPH can switch" {
	switch_refused "$NGINX" /statuspool
}

@test "nginx upstream: with one responder stopped, the other answers everything" {
	kill -TERM "$(cat "$LAB/run/pool1.pid")"
	rm -f "$LAB/run/pool1.pid"
	local i
	for i in 1 2 3 4; do
		fetch "http://127.0.0.1:$NGINX/statuspool/302?location=http://pool1.example/"
		assert_equal "$status_line" 'HTTP/1.1 403 Forbidden'
	done
}

# What the request decides (the table in docs/servers.md grows by these).

@test "nginx fastcgi_pass: If-None-Match and If-Modified-Since get a 304 with ETag, Cache-Control and Vary" {
	not_modified "$NGINX" /statuscgi
}

@test "nginx fastcgi_pass: a false If-Match gets a 412 saying why" {
	precondition_failed "$NGINX" /statuscgi
}

@test "nginx fastcgi_pass: the server does not judge the preconditions again" {
	not_overruled "$NGINX" /statuscgi
}

@test "nginx fastcgi_pass: Authorization reaches the program: 401 without it, 200 with it" {
	credentials "$NGINX" /statuscgi
}

@test "nginx fastcgi_pass: methods= gets a DELETE 405 with exactly those in Allow" {
	method_refused "$NGINX" /statuscgi
}

@test "nginx fastcgi_pass: curl -L follows redirects=3 through exactly three hops to the 200" {
	chain_followed "$NGINX" /statuscgi
}

@test "nginx + fcgiwrap: If-None-Match and If-Modified-Since get a 304 with ETag, Cache-Control and Vary" {
	not_modified "$NGINX" /cgi-bin/status.cgi
}

@test "nginx + fcgiwrap: a false If-Match gets a 412 saying why" {
	precondition_failed "$NGINX" /cgi-bin/status.cgi
}

@test "nginx + fcgiwrap: the server does not judge the preconditions again" {
	not_overruled "$NGINX" /cgi-bin/status.cgi
}

@test "nginx + fcgiwrap: Authorization reaches the program: 401 without it, 200 with it" {
	credentials "$NGINX" /cgi-bin/status.cgi
}

@test "nginx + fcgiwrap: methods= gets a DELETE 405 with exactly those in Allow" {
	method_refused "$NGINX" /cgi-bin/status.cgi
}

@test "nginx + fcgiwrap: curl -L follows redirects=3 through exactly three hops to the 200" {
	chain_followed "$NGINX" /cgi-bin/status.cgi
}

@test "nginx upstream: If-None-Match and If-Modified-Since get a 304 with ETag, Cache-Control and Vary" {
	not_modified "$NGINX" /statuspool
}

@test "nginx upstream: a false If-Match gets a 412 saying why" {
	precondition_failed "$NGINX" /statuspool
}

@test "nginx upstream: the server does not judge the preconditions again" {
	not_overruled "$NGINX" /statuspool
}

@test "nginx upstream: Authorization reaches the program: 401 without it, 200 with it" {
	credentials "$NGINX" /statuspool
}

@test "nginx upstream: methods= gets a DELETE 405 with exactly those in Allow" {
	method_refused "$NGINX" /statuspool
}

@test "nginx upstream: curl -L follows redirects=3 through exactly three hops to the 200" {
	chain_followed "$NGINX" /statuspool
}

# size=, Range and drip= (the table in docs/servers.md grows by these).

@test "nginx fastcgi_pass: size=1000000 arrives whole, with the program's Content-Length" {
	size_whole "$NGINX" /statuscgi
}

@test "nginx fastcgi_pass: a single Range gets a 206 with its Content-Range and bytes" {
	single_range "$NGINX" /statuscgi
}

@test "nginx fastcgi_pass: two ranges get a multipart/byteranges 206 with both parts" {
	two_ranges "$NGINX" /statuscgi
}

@test "nginx fastcgi_pass: a Range past the end gets a 416 with Content-Range bytes */N" {
	unsatisfiable "$NGINX" /statuscgi
}

@test "nginx fastcgi_pass: If-Range with another ETag gets the whole 200" {
	if_range_mismatch "$NGINX" /statuscgi
}

@test "nginx fastcgi_pass: a Range the program ignores stays its 200, not nginx's 206 or 416" {
	range_left_alone "$NGINX" /statuscgi
}

@test "nginx fastcgi_pass: drip= reaches the client in pieces as the program sends them" {
	drip_relayed "$NGINX" /statuscgi
}

@test "nginx + fcgiwrap: size=1000000 arrives whole, with the program's Content-Length" {
	size_whole "$NGINX" /cgi-bin/status.cgi
}

@test "nginx + fcgiwrap: a single Range gets a 206 with its Content-Range and bytes" {
	single_range "$NGINX" /cgi-bin/status.cgi
}

@test "nginx + fcgiwrap: two ranges get a multipart/byteranges 206 with both parts" {
	two_ranges "$NGINX" /cgi-bin/status.cgi
}

@test "nginx + fcgiwrap: a Range past the end gets a 416 with Content-Range bytes */N" {
	unsatisfiable "$NGINX" /cgi-bin/status.cgi
}

@test "nginx + fcgiwrap: If-Range with another ETag gets the whole 200" {
	if_range_mismatch "$NGINX" /cgi-bin/status.cgi
}

@test "nginx + fcgiwrap: a Range the program ignores stays its 200, not nginx's 206 or 416" {
	range_left_alone "$NGINX" /cgi-bin/status.cgi
}

@test "nginx + fcgiwrap: drip= pieces of 8 KiB or more reach the client as they come" {
	drip_times "$NGINX" /cgi-bin/status.cgi 'size=400000&drip=2000'
	assert_equal "$got" 400000
	[ "$first_ms" -lt 1000 ] || fail "the first byte of content came after $first_ms ms"
	[ "$all_ms" -ge 1800 ] || fail "all of it came after $all_ms ms"
}

@test "nginx + fcgiwrap: drip= pieces under 8 KiB are held back by fcgiwrap until 8 KiB or the end" {
	drip_times "$NGINX" /cgi-bin/status.cgi 'size=200&drip=2000'
	assert_equal "$got" 200
	[ "$first_ms" -ge 1800 ] || fail "the first byte of content came after $first_ms ms"
}

@test "nginx upstream: size=1000000 arrives whole, with the program's Content-Length" {
	size_whole "$NGINX" /statuspool
}

@test "nginx upstream: a single Range gets a 206 with its Content-Range and bytes" {
	single_range "$NGINX" /statuspool
}

@test "nginx upstream: two ranges get a multipart/byteranges 206 with both parts" {
	two_ranges "$NGINX" /statuspool
}

@test "nginx upstream: a Range past the end gets a 416 with Content-Range bytes */N" {
	unsatisfiable "$NGINX" /statuspool
}

@test "nginx upstream: If-Range with another ETag gets the whole 200" {
	if_range_mismatch "$NGINX" /statuspool
}

@test "nginx upstream: a Range the program ignores stays its 200, not nginx's 206 or 416" {
	range_left_alone "$NGINX" /statuspool
}

@test "nginx upstream: drip= reaches the client in pieces as the program sends them" {
	drip_relayed "$NGINX" /statuspool
}
