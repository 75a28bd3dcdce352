#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# Apache httpd 2.4 from httpd.conf.example: mod_cgid, NPH under mod_cgi,
# mod_fcgid and mod_proxy_fcgi, each asked with real curl.

load helper
load ranges

setup_file() {
	lab_init
	# mod_proxy_fcgi talks to a responder started on its own.
	lab_bg responder "$LAB/cgi-bin/status.cgi" --listen "unix:$LAB/run/statuscgi.sock"
	wait_socket "$LAB/run/statuscgi.sock"
	# prefork + mod_cgi (for NPH), and event + mod_cgid + mod_fcgid + proxy
	PREFORK=$(apache_start apache-cgi prefork cgi) || return 1
	EVENT=$(apache_start apache-fcgi event cgid fcgid proxy proxy_fcgi) || return 1
	# the example with its enablereuse=on lines uncommented
	sed -e 's|^    #<Proxy "fcgi://localhost/" enablereuse=on>|    <Proxy "fcgi://localhost/" enablereuse=on>|' \
	    -e 's|^    #</Proxy>|    </Proxy>|' "$LAB/conf/httpd.example" >"$LAB/conf/httpd-reuse.example"
	REUSE=$(APACHE_EXAMPLE=httpd-reuse.example apache_start apache-reuse event proxy proxy_fcgi) || return 1
	export LAB PREFORK EVENT REUSE
}

teardown_file() {
	lab_stop
}

# mod_cgid

@test "Apache mod_cgid: every classic code arrives with its status line, headers and body" {
	classic_set "$EVENT" /statuscgi/status.cgi ours
}

@test "Apache mod_cgid: HEAD gets GET's status and headers and no content" {
	head_like_get "$EVENT" /statuscgi/status.cgi
}

@test "Apache mod_cgid: a POSTed form picks the status" {
	posted_form "$EVENT" /statuscgi/status.cgi ours
}

@test "Apache mod_cgid: curl -L follows a 302 to a 200" {
	redirect_followed "$EVENT" /statuscgi/status.cgi
}

@test "Apache mod_cgid: a 103 is a 501 that says to use NPH, not a broken answer" {
	interim_refused "$EVENT" /statuscgi/status.cgi
}


# NPH under mod_cgi (prefork)

@test "Apache NPH (mod_cgi): every classic code arrives with its status line, headers and body" {
	classic_set "$PREFORK" /statuscgi/nph-status.cgi ours
}

@test "Apache NPH (mod_cgi): HEAD gets GET's status and headers and no content" {
	head_like_get "$PREFORK" /statuscgi/nph-status.cgi
}

@test "Apache NPH (mod_cgi): a POSTed form picks the status" {
	posted_form "$PREFORK" /statuscgi/nph-status.cgi ours
}

@test "Apache NPH (mod_cgi): curl -L follows a 302 to a 200" {
	redirect_followed "$PREFORK" /statuscgi/nph-status.cgi
}

@test "Apache NPH (mod_cgi): a real 103 Early Hints, then the 200, on the wire" {
	interim_relayed "$PREFORK" /statuscgi/nph-status.cgi
}

@test "Apache NPH (mod_cgi): a 101 really switches protocols on the wire" {
	raw "$PREFORK" /statuscgi/nph-status.cgi/101
	assert_equal "${raw_out%%$'\n'*}" 'HTTP/1.1 101 Switching Protocols'
	assert_equal "$(grep -c -e '^Connection: Upgrade$' -e '^Upgrade: websocket$' <<<"$raw_out")" 2
	raw_content
	assert_equal "$content" ""
}

# mod_fcgid

@test "Apache mod_fcgid: every classic code arrives with its status line, headers and body" {
	classic_set "$EVENT" /statusfcgi ours
}

@test "Apache mod_fcgid: HEAD gets GET's status and headers and no content" {
	head_like_get "$EVENT" /statusfcgi
}

@test "Apache mod_fcgid: a POSTed form picks the status" {
	posted_form "$EVENT" /statusfcgi ours
}

@test "Apache mod_fcgid: curl -L follows a 302 to a 200" {
	redirect_followed "$EVENT" /statusfcgi
}

@test "Apache mod_fcgid: a 103 is a 501 that says to use NPH" {
	interim_refused "$EVENT" /statusfcgi
}

# mod_proxy_fcgi

@test "Apache mod_proxy_fcgi: every classic code arrives with its status line, headers and body" {
	classic_set "$EVENT" /statusproxy ours
}

@test "Apache mod_proxy_fcgi: as the example has it, a connection per request, none kept" {
	local i
	for i in $(seq 10); do
		fetch "http://127.0.0.1:$EVENT/statusproxy/404"
		assert_equal "$status_line" 'HTTP/1.1 404 Not Found'
	done
	assert_equal "$(kept "$LAB/run/statuscgi.sock")" 0
}

@test "Apache mod_proxy_fcgi with enablereuse=on: connections to the program are kept and reused" {
	grep -q '^    <Proxy "fcgi://localhost/" enablereuse=on>' "$LAB/conf/httpd-reuse.example"
	keeps_connections "$REUSE" /statusproxy "$LAB/run/statuscgi.sock"
}

@test "Apache mod_proxy_fcgi: HEAD gets GET's status and headers and no content" {
	head_like_get "$EVENT" /statusproxy
}

@test "Apache mod_proxy_fcgi: a POSTed form picks the status" {
	posted_form "$EVENT" /statusproxy ours
}

@test "Apache mod_proxy_fcgi: curl -L follows a 302 to a 200" {
	redirect_followed "$EVENT" /statusproxy
}

@test "Apache mod_proxy_fcgi: a 103 is a 501 that says to use NPH" {
	interim_refused "$EVENT" /statusproxy
}

# What differs by deployment (the table in docs/servers.md comes from these).

@test "Apache mod_cgid: a custom reason and an unregistered code keep their phrases" {
	phrases "$EVENT" /statuscgi/status.cgi 'HTTP/1.1 404 Gone Fishing' 'HTTP/1.1 299 Successful'
}

@test "Apache mod_cgid: a 101 is a 501 that says only NPH can switch" {
	switch_refused "$EVENT" /statuscgi/status.cgi
}

@test "Apache NPH (mod_cgi): a custom reason and an unregistered code keep their phrases" {
	phrases "$PREFORK" /statuscgi/nph-status.cgi 'HTTP/1.1 404 Gone Fishing' 'HTTP/1.1 299 Successful'
}

@test "Apache mod_fcgid: a custom reason and an unregistered code keep their phrases" {
	phrases "$EVENT" /statusfcgi 'HTTP/1.1 404 Gone Fishing' 'HTTP/1.1 299 Successful'
}

@test "Apache mod_fcgid: a 101 is a 501 that says only NPH can switch" {
	switch_refused "$EVENT" /statusfcgi
}

@test "Apache mod_proxy_fcgi: a custom reason and an unregistered code keep their phrases" {
	phrases "$EVENT" /statusproxy 'HTTP/1.1 404 Gone Fishing' 'HTTP/1.1 299 Successful'
}

@test "Apache mod_proxy_fcgi: a 101 is a 501 that says only NPH can switch" {
	switch_refused "$EVENT" /statusproxy
}

# What the request decides (the table in docs/servers.md grows by these).

@test "Apache mod_cgid: If-None-Match and If-Modified-Since get a 304 with ETag, Cache-Control and Vary" {
	not_modified "$EVENT" /statuscgi/status.cgi
}

@test "Apache mod_cgid: a false If-Match gets a 412 saying why" {
	precondition_failed "$EVENT" /statuscgi/status.cgi
}

@test "Apache mod_cgid: the server does not judge the preconditions again" {
	not_overruled "$EVENT" /statuscgi/status.cgi
}

@test "Apache mod_cgid: Authorization reaches the program: 401 without it, 200 with it" {
	credentials "$EVENT" /statuscgi/status.cgi
}

@test "Apache mod_cgid: methods= gets a DELETE 405 with exactly those in Allow" {
	method_refused "$EVENT" /statuscgi/status.cgi
}

@test "Apache mod_cgid: curl -L follows redirects=3 through exactly three hops to the 200" {
	chain_followed "$EVENT" /statuscgi/status.cgi
}

@test "Apache NPH (mod_cgi): If-None-Match and If-Modified-Since get a 304 with ETag, Cache-Control and Vary" {
	not_modified "$PREFORK" /statuscgi/nph-status.cgi
}

@test "Apache NPH (mod_cgi): a false If-Match gets a 412 saying why" {
	precondition_failed "$PREFORK" /statuscgi/nph-status.cgi
}

@test "Apache NPH (mod_cgi): the server does not judge the preconditions again" {
	not_overruled "$PREFORK" /statuscgi/nph-status.cgi
}

@test "Apache NPH (mod_cgi): Authorization reaches the program: 401 without it, 200 with it" {
	credentials "$PREFORK" /statuscgi/nph-status.cgi
}

@test "Apache NPH (mod_cgi): methods= gets a DELETE 405 with exactly those in Allow" {
	method_refused "$PREFORK" /statuscgi/nph-status.cgi
}

@test "Apache NPH (mod_cgi): curl -L follows redirects=3 through exactly three hops to the 200" {
	chain_followed "$PREFORK" /statuscgi/nph-status.cgi
}

@test "Apache mod_fcgid: If-None-Match and If-Modified-Since get a 304 with ETag, Cache-Control and Vary" {
	not_modified "$EVENT" /statusfcgi
}

@test "Apache mod_fcgid: a false If-Match gets a 412 saying why" {
	precondition_failed "$EVENT" /statusfcgi
}

@test "Apache mod_fcgid: the server does not judge the preconditions again" {
	not_overruled "$EVENT" /statusfcgi
}

@test "Apache mod_fcgid: Authorization reaches the program: 401 without it, 200 with it" {
	credentials "$EVENT" /statusfcgi
}

@test "Apache mod_fcgid: methods= gets a DELETE 405 with exactly those in Allow" {
	method_refused "$EVENT" /statusfcgi
}

@test "Apache mod_fcgid: curl -L follows redirects=3 through exactly three hops to the 200" {
	chain_followed "$EVENT" /statusfcgi
}

@test "Apache mod_proxy_fcgi: If-None-Match and If-Modified-Since get a 304 with ETag, Cache-Control and Vary" {
	not_modified "$EVENT" /statusproxy
}

@test "Apache mod_proxy_fcgi: a false If-Match gets a 412 saying why" {
	precondition_failed "$EVENT" /statusproxy
}

@test "Apache mod_proxy_fcgi: the server does not judge the preconditions again" {
	not_overruled "$EVENT" /statusproxy
}

@test "Apache mod_proxy_fcgi: Authorization reaches the program: 401 without it, 200 with it" {
	credentials "$EVENT" /statusproxy
}

@test "Apache mod_proxy_fcgi: methods= gets a DELETE 405 with exactly those in Allow" {
	method_refused "$EVENT" /statusproxy
}

@test "Apache mod_proxy_fcgi: curl -L follows redirects=3 through exactly three hops to the 200" {
	chain_followed "$EVENT" /statusproxy
}

# size=, Range and drip= (the table in docs/servers.md grows by these).

@test "Apache mod_cgid: size=1000000 arrives whole, with the program's Content-Length" {
	size_whole "$EVENT" /statuscgi/status.cgi
}

@test "Apache mod_cgid: a single Range gets a 206 with its Content-Range and bytes" {
	single_range "$EVENT" /statuscgi/status.cgi
}

@test "Apache mod_cgid: two ranges get a multipart/byteranges 206 with both parts" {
	two_ranges "$EVENT" /statuscgi/status.cgi
}

@test "Apache mod_cgid: a Range past the end gets a 416 with Content-Range bytes */N" {
	unsatisfiable "$EVENT" /statuscgi/status.cgi
}

@test "Apache mod_cgid: If-Range with another ETag gets the whole 200" {
	if_range_mismatch "$EVENT" /statuscgi/status.cgi
}

@test "Apache mod_cgid: a Range the program ignores stays its 200, not Apache's 206 or 416" {
	range_left_alone "$EVENT" /statuscgi/status.cgi
}

@test "Apache mod_cgid: drip= reaches the client in pieces as the program sends them" {
	drip_relayed "$EVENT" /statuscgi/status.cgi
}

@test "Apache NPH (mod_cgi): size=1000000 arrives whole, with the program's Content-Length" {
	size_whole "$PREFORK" /statuscgi/nph-status.cgi
}

@test "Apache NPH (mod_cgi): a single Range gets a 206 with its Content-Range and bytes" {
	single_range "$PREFORK" /statuscgi/nph-status.cgi
}

@test "Apache NPH (mod_cgi): two ranges get a multipart/byteranges 206 with both parts" {
	two_ranges "$PREFORK" /statuscgi/nph-status.cgi
}

@test "Apache NPH (mod_cgi): a Range past the end gets a 416 with Content-Range bytes */N" {
	unsatisfiable "$PREFORK" /statuscgi/nph-status.cgi
}

@test "Apache NPH (mod_cgi): If-Range with another ETag gets the whole 200" {
	if_range_mismatch "$PREFORK" /statuscgi/nph-status.cgi
}

@test "Apache NPH (mod_cgi): a Range the program ignores stays its 200, not Apache's 206 or 416" {
	range_left_alone "$PREFORK" /statuscgi/nph-status.cgi
}

@test "Apache NPH (mod_cgi): drip= reaches the client in pieces as the program sends them" {
	drip_relayed "$PREFORK" /statuscgi/nph-status.cgi
}

@test "Apache mod_fcgid: size=1000000 arrives whole, with the program's Content-Length" {
	size_whole "$EVENT" /statusfcgi
}

@test "Apache mod_fcgid: a single Range gets a 206 with its Content-Range and bytes" {
	single_range "$EVENT" /statusfcgi
}

@test "Apache mod_fcgid: two ranges get a multipart/byteranges 206 with both parts" {
	two_ranges "$EVENT" /statusfcgi
}

@test "Apache mod_fcgid: a Range past the end gets a 416 with Content-Range bytes */N" {
	unsatisfiable "$EVENT" /statusfcgi
}

@test "Apache mod_fcgid: If-Range with another ETag gets the whole 200" {
	if_range_mismatch "$EVENT" /statusfcgi
}

@test "Apache mod_fcgid: a Range the program ignores stays its 200, not Apache's 206 or 416" {
	range_left_alone "$EVENT" /statusfcgi
}

@test "Apache mod_fcgid: drip= reaches the client in pieces as the program sends them" {
	drip_relayed "$EVENT" /statusfcgi
}

@test "Apache mod_proxy_fcgi: size=1000000 arrives whole, with the program's Content-Length" {
	size_whole "$EVENT" /statusproxy
}

@test "Apache mod_proxy_fcgi: a single Range gets a 206 with its Content-Range and bytes" {
	single_range "$EVENT" /statusproxy
}

@test "Apache mod_proxy_fcgi: two ranges get a multipart/byteranges 206 with both parts" {
	two_ranges "$EVENT" /statusproxy
}

@test "Apache mod_proxy_fcgi: a Range past the end gets a 416 with Content-Range bytes */N" {
	unsatisfiable "$EVENT" /statusproxy
}

@test "Apache mod_proxy_fcgi: If-Range with another ETag gets the whole 200" {
	if_range_mismatch "$EVENT" /statusproxy
}

@test "Apache mod_proxy_fcgi: a Range the program ignores stays its 200, not Apache's 206 or 416" {
	range_left_alone "$EVENT" /statusproxy
}

@test "Apache mod_proxy_fcgi: drip= reaches the client in pieces as the program sends them" {
	drip_relayed "$EVENT" /statusproxy
}
