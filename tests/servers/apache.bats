#!/usr/bin/env bats
# Apache httpd 2.4 from httpd.conf.example: mod_cgid, NPH under mod_cgi,
# mod_fcgid and mod_proxy_fcgi, each asked with real curl.

load helper

setup_file() {
	lab_init
	# mod_proxy_fcgi talks to a responder started on its own.
	lab_bg responder "$LAB/cgi-bin/status.cgi" --listen "unix:$LAB/run/statuscgi.sock"
	wait_socket "$LAB/run/statuscgi.sock"
	# prefork + mod_cgi (for NPH), and event + mod_cgid + mod_fcgid + proxy
	PREFORK=$(apache_start apache-cgi prefork cgi) || return 1
	EVENT=$(apache_start apache-fcgi event cgid fcgid proxy proxy_fcgi) || return 1
	export LAB PREFORK EVENT
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

@test "Apache mod_cgid: Authorization reaches the program (CGIPassAuth On)" {
	# a 401 test client sends credentials; with them the program still
	# answers as asked, and Apache does not refuse the request
	fetch -u user:pass "http://127.0.0.1:$EVENT/statuscgi/status.cgi/401"
	assert_equal "$status_line" 'HTTP/1.1 401 Unauthorized'
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

# What differs by deployment (the README table comes from these).

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
