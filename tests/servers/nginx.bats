#!/usr/bin/env bats
# nginx 1.22 from nginx.conf.example: fastcgi_pass to the program's own
# socket, CGI through fcgiwrap, and an upstream of two responders.

load helper

setup_file() {
	lab_init
	lab_bg responder "$LAB/cgi-bin/status.cgi" --listen "unix:$LAB/run/statuscgi.sock"
	# Two responders for the upstream; the first caps sleep= at 1 ms, so
	# which one answered shows in the answer.
	lab_bg pool1 env STATUSCGI_MAX_SLEEP_MS=1 \
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
		fetch "http://127.0.0.1:$NGINX/statuspool/200?sleep=2"
		seen="$seen ${status_line:9:3}"
	done
	# the first responder refuses sleep=2 (cap 1 ms), the second answers
	[[ $seen == *400* && $seen == *200* ]] || fail "answers:$seen"
}

# What differs by deployment (the README table comes from these).

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
		fetch "http://127.0.0.1:$NGINX/statuspool/200?sleep=2"
		assert_equal "$status_line" 'HTTP/1.1 200 OK'
	done
}

# What the request decides (the README table grows by these).

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
