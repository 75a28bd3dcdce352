#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# What the front page and browsers need: CORS, preflights, the page's own
# assets, and a Content-Security-Policy on every HTML page we make.

load helper

@test "any origin may read an answer, and every header it carries that is not safelisted" {
	cgi 'QUERY_STRING=code=301&header=X-Trace:+1&header=Cache-Control:+no-store'
	assert_header Access-Control-Allow-Origin '*'
	assert_header Access-Control-Expose-Headers 'Location, Vary, X-Trace'
}

@test "a refusal may be read by any origin too" {
	cgi QUERY_STRING=code=abc
	assert_header Access-Control-Allow-Origin '*'
}

@test "a CORS preflight gets 204 with the method and headers it asked about" {
	cgi REQUEST_METHOD=OPTIONS PATH_INFO=/418 HTTP_ORIGIN=https://client.example \
		HTTP_ACCESS_CONTROL_REQUEST_METHOD=PUT \
		'HTTP_ACCESS_CONTROL_REQUEST_HEADERS=content-type, x-api-key'
	assert_status '204 No Content'
	assert_header Access-Control-Allow-Origin '*'
	assert_header Access-Control-Allow-Methods PUT
	assert_header Access-Control-Allow-Headers 'content-type, x-api-key'
	assert_header Access-Control-Max-Age 600
	assert_no_body
}

@test "a preflight succeeds even when the real request's parameters are bad" {
	cgi REQUEST_METHOD=OPTIONS QUERY_STRING=code=abc HTTP_ACCESS_CONTROL_REQUEST_METHOD=GET
	assert_status '204 No Content'
}

@test "a preflight asking for headers that are not tokens gets no Allow-Headers" {
	cgi REQUEST_METHOD=OPTIONS PATH_INFO=/200 HTTP_ACCESS_CONTROL_REQUEST_METHOD=GET \
		'HTTP_ACCESS_CONTROL_REQUEST_HEADERS=x-a, <b>'
	assert_status '204 No Content'
	refute_header Access-Control-Allow-Headers
}

@test "a plain OPTIONS (not a preflight) gets the status asked for" {
	cgi REQUEST_METHOD=OPTIONS PATH_INFO=/405
	assert_status '405 Method Not Allowed'
}

@test "the index page carries a strict Content-Security-Policy" {
	cgi HTTP_ACCEPT=text/html
	assert_header Content-Security-Policy "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
}

@test "the index page has the form, with a label for every control" {
	cgi HTTP_ACCEPT=text/html
	local id
	for id in f-code f-reason f-location f-header1 f-header2 f-sleep f-etag f-lm \
		f-cc f-methods f-auth f-redirects f-size f-drip f-type t-user t-pass t-token t-inm \
		t-range; do
		grep -q "<label for=\"$id\">" <<<"$body" || fail "no label for $id"
		grep -q "id=\"$id\"" <<<"$body" || fail "no control $id"
	done
	grep -q '<form id="ask" action="/cgi-bin/status.cgi" method="get">' <<<"$body"
	grep -q 'formmethod="post"' <<<"$body"
}

@test "the form has code, reason and format first, the rest in closed sections named for their subject" {
	cgi HTTP_ACCEPT=text/html
	# Each control of the form, and the section it sits in (- for none).
	run awk 'BEGIN { sec = "-" }
		/<details id="/ { match($0, /id="[^"]*"/); sec = substr($0, RSTART + 4, RLENGTH - 5) }
		/<\/details>/ { sec = "-" }
		/<(input|select|button) / { match($0, /id="[^"]*"/); print substr($0, RSTART + 4, RLENGTH - 5), sec }' <<<"$body"
	assert_output "f-code -
f-reason -
f-type -
f-location s-headers
f-redirects s-headers
f-header1 s-headers
f-header2 s-headers
f-cc s-headers
f-sleep s-timing
f-drip s-timing
f-size s-content
f-etag s-conditions
f-lm s-conditions
f-methods s-conditions
f-auth s-credentials
send-get -
send-post -
t-user try-extra
t-pass try-extra
t-token try-extra
t-inm try-extra
t-range try-extra
try-get -
try-post -"
	local sec
	for sec in 's-headers">.<summary>Headers ' 's-timing">.<summary>Timing ' \
		's-content">.<summary>Content ' 's-conditions">.<summary>Conditions ' \
		's-credentials">.<summary>Credentials ' \
		'try-extra" hidden>.<summary>Request headers for Try it here '; do
		grep -qz "<details id=\"$sec" <<<"$body" || fail "no section $sec"
	done
	# Nothing is filled in on the server, so every section starts closed;
	# the script opens one whose field the browser has put a value back in.
	assert_equal "$(grep -c '<details' <<<"$body")" 6
	assert_equal "$(grep -c '<details[^>]* open' <<<"$body")" 0
}

@test "the form sends etag, last-modified, cache-control, methods, auth, redirects, size and drip by name" {
	cgi HTTP_ACCEPT=text/html
	local name
	for name in etag last-modified cache-control methods auth redirects size drip; do
		grep -q "<input id=\"f-[a-z]*\" name=\"$name\"" <<<"$body" || fail "no field named $name"
	done
}

@test "the fetch panel's request headers have no name: the form never sends them as parameters" {
	cgi HTTP_ACCEPT=text/html
	assert_equal "$(grep -c '<input id="t-[a-z]*" [^>]*name=' <<<"$body")" 0
	assert_equal "$(grep -c '<input id="t-[a-z]*"' <<<"$body")" 5
}

@test "the index says how a request brings about 206 and 416" {
	cgi HTTP_ACCEPT=text/html
	grep -qF '<span class="cause">Also the answer to a GET with a Range header, when a 200 has size=.</span>' <<<"$body"
	grep -qF '<span class="cause">Also the answer to a Range none of whose ranges fits the size= content.</span>' <<<"$body"
}

@test "the index says how a request brings about 304, 401, 405, 412 and redirect chains" {
	cgi HTTP_ACCEPT=text/html
	grep -qF '<span class="cause">Also what auth= answers a request without the right credentials.</span>' <<<"$body"
	grep -qF '<span class="cause">Also what methods= answers any other method.</span>' <<<"$body"
	assert_equal "$(grep -c 'If-None-Match or If-Modified-Since holds' <<<"$body")" 1
	assert_equal "$(grep -c 'If-Match or If-Unmodified-Since, when' <<<"$body")" 1
	assert_equal "$(grep -c 'redirects=N makes a chain' <<<"$body")" 5
}

@test "the index page loads its script and stylesheet from this program, nothing else" {
	cgi HTTP_ACCEPT=text/html
	run grep -Eo '(src|href)="[^"]*"' <<<"$body"
	refute_output --partial '//'
	assert_line 'src="/cgi-bin/status.cgi?asset=statuscgi.js"'
	assert_line 'href="/cgi-bin/status.cgi?asset=statuscgi.css"'
}

@test "the index lists the headers each code carries" {
	cgi HTTP_ACCEPT=text/html
	grep -qF '<a href="/cgi-bin/status.cgi/401">401 Unauthorized</a>: The request needs credentials for the scheme in WWW-Authenticate. <span class="hdrs">WWW-Authenticate; a body</span>' <<<"$body"
	grep -qF '<span class="hdrs">Location, Retry-After (when given); a body</span>' <<<"$body"
}

@test "the page's script is served with its type and nosniff" {
	cgi QUERY_STRING=asset=statuscgi.js
	assert_status '200 OK'
	assert_header Content-Type 'text/javascript; charset=utf-8'
	assert_header X-Content-Type-Options nosniff
	assert_exact_body
	assert_body_line 0 "'use strict';"
}

@test "the page's stylesheet is served as text/css" {
	cgi QUERY_STRING=asset=statuscgi.css
	assert_header Content-Type 'text/css; charset=utf-8'
	assert_exact_body
}

@test "an unknown asset is a 404 saying so" {
	cgi 'QUERY_STRING=asset=../../etc/passwd'
	assert_refused '404 Not Found' 'there is no asset "../../etc/passwd"'
}

@test "an HTML answer carries a Content-Security-Policy without script" {
	cgi 'QUERY_STRING=code=404&type=html'
	assert_header Content-Security-Policy "default-src 'none'; style-src 'self'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
}

@test "the index page is valid HTML: tidy finds nothing to say" {
	cgi HTTP_ACCEPT=text/html
	printf '%s' "$body" >"$BATS_TEST_TMPDIR/index.html"
	run tidy -q -e "$BATS_TEST_TMPDIR/index.html"
	assert_success
	assert_output ''
}

@test "an HTML answer is valid HTML, whatever the reason and headers hold" {
	cgi 'QUERY_STRING=code=401&type=html&reason=<b>"x"</b>&header=X-A:+<i>&'
	printf '%s' "$body" >"$BATS_TEST_TMPDIR/answer.html"
	run tidy -q -e "$BATS_TEST_TMPDIR/answer.html"
	assert_success
	assert_output ''
}
