#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# What an answer carries: HEAD, body formats, custom reason, the header
# parameters, extra headers, custom bodies, sleep and 1xx then=.

load helper

@test "HEAD gets the same status and headers as GET, and no content" {
	cgi PATH_INFO=/404
	local get_head=$head
	cgi REQUEST_METHOD=HEAD PATH_INFO=/404
	assert_equal "$head" "$get_head"
	assert_equal "$body_bytes" 0
	assert_header Content-Type 'text/plain; charset=utf-8'
	[ "$(header Content-Length)" -gt 0 ]
}

@test "HEAD of a 206 keeps Content-Range and the length of the range" {
	cgi REQUEST_METHOD=HEAD 'QUERY_STRING=code=206&content-range=bytes+5-9/10'
	assert_header Content-Range 'bytes 5-9/10'
	assert_header Content-Length 5
	assert_equal "$body_bytes" 0
}

@test "the text body names code, phrase, class, description and headers sent" {
	cgi PATH_INFO=/503
	assert_equal "$body" '503 Service Unavailable
5xx Server Error: The server failed to answer a request that looks valid.
The server cannot answer now, from overload or maintenance; Retry-After says when. (RFC 9110 §15.6.4)
Headers sent:
  Retry-After: 5
  Vary: Accept
  Access-Control-Allow-Origin: *
  Access-Control-Expose-Headers: Retry-After, Vary
'
}

@test "type=json gives a JSON body with the same facts" {
	cgi 'QUERY_STRING=code=401&type=json'
	assert_header Content-Type application/json
	assert_exact_body
	refute_header Vary
	run jq -c '[.code, .reason, .class, .class_name, .reference, .headers[0].name]' <<<"$body"
	assert_output '[401,"Unauthorized","4xx","Client Error","RFC 9110 §15.5.2","WWW-Authenticate"]'
}

@test "type=html gives an HTML page" {
	cgi 'QUERY_STRING=code=404&type=html'
	assert_header Content-Type 'text/html; charset=utf-8'
	assert_exact_body
	assert_body_line 0 '<!DOCTYPE html>'
	grep -q '<h1>404 Not Found</h1>' <<<"$body"
}

@test "Accept: application/json picks JSON, and says Vary: Accept" {
	cgi PATH_INFO=/404 HTTP_ACCEPT=application/json
	assert_header Content-Type application/json
	assert_header Vary Accept
}

@test "Accept q-values decide between formats" {
	cgi PATH_INFO=/404 'HTTP_ACCEPT=text/html;q=0.5, application/json;q=0.9'
	assert_header Content-Type application/json
}

@test "an Accept that fits no format gives text" {
	cgi PATH_INFO=/404 HTTP_ACCEPT=image/png
	assert_header Content-Type 'text/plain; charset=utf-8'
}

@test "type= overrides Accept" {
	cgi 'QUERY_STRING=code=404&type=text' HTTP_ACCEPT=application/json
	assert_header Content-Type 'text/plain; charset=utf-8'
}

@test "an unknown type is refused" {
	cgi 'QUERY_STRING=code=404&type=xml'
	assert_refused '400 Bad Request' 'type must be text, html or json, not "xml"'
}

@test "reason= sets a custom reason phrase, and the body names the registered one" {
	cgi 'QUERY_STRING=code=404&reason=Gone+Fishing'
	assert_status '404 Gone Fishing'
	assert_body_line 1 'Registered reason phrase: Not Found'
}

@test "reason= is escaped in an HTML body" {
	cgi 'QUERY_STRING=code=404&type=html&reason=<script>x</script>'
	assert_status '404 <script>x</script>'
	grep -qF '<h1>404 &lt;script&gt;x&lt;/script&gt;</h1>' <<<"$body"
	run grep -c '<script>' <<<"$body"
	assert_output 0
}

@test "a reason over 100 characters is refused" {
	cgi "QUERY_STRING=code=404&reason=$(printf 'a%.0s' $(seq 101))"
	assert_refused '400 Bad Request' 'reason is longer than 100 characters'
}

@test "an empty parameter counts as not given, as HTML forms send them" {
	cgi 'QUERY_STRING=code=404&reason=&location=&sleep=&type='
	assert_status '404 Not Found'
}

@test "location= sets the Location of a redirect" {
	cgi 'QUERY_STRING=code=302&location=/somewhere/else?a=1'
	assert_header Location '/somewhere/else?a=1'
}

@test "location= sets the Location of a 201" {
	cgi 'QUERY_STRING=code=201&location=/items/7'
	assert_header Location /items/7
}

@test "location= is not sent with a 200 (Apache would turn it into a 302)" {
	cgi 'QUERY_STRING=code=200&location=/x'
	refute_header Location
}

@test "300 carries Location only when given" {
	cgi 'QUERY_STRING=code=300&location=/preferred'
	assert_header Location /preferred
}

@test "www-authenticate= sets the challenge of a 401" {
	cgi 'QUERY_STRING=code=401&www-authenticate=Bearer+realm="api",+error="invalid_token"'
	assert_header WWW-Authenticate 'Bearer realm="api", error="invalid_token"'
}

@test "proxy-authenticate= sets the challenge of a 407" {
	cgi 'QUERY_STRING=code=407&proxy-authenticate=Digest+realm="proxy"'
	assert_header Proxy-Authenticate 'Digest realm="proxy"'
}

@test "allow= sets Allow on a 405" {
	cgi 'QUERY_STRING=code=405&allow=GET,+HEAD'
	assert_header Allow 'GET, HEAD'
}

@test "retry-after= sets Retry-After on a 503, in seconds" {
	cgi 'QUERY_STRING=code=503&retry-after=120'
	assert_header Retry-After 120
}

@test "retry-after= takes an HTTP date on a 429" {
	cgi 'QUERY_STRING=code=429&retry-after=Fri,+31+Dec+1999+23:59:59+GMT'
	assert_header Retry-After 'Fri, 31 Dec 1999 23:59:59 GMT'
}

@test "retry-after= is sent with a 3xx when given" {
	cgi 'QUERY_STRING=code=301&retry-after=3'
	assert_header Retry-After 3
}

@test "a bad retry-after is refused" {
	cgi 'QUERY_STRING=code=503&retry-after=soon'
	assert_refused '400 Bad Request' 'retry-after must be seconds or an HTTP date (RFC 9110 section 10.2.3)'
}

@test "content-range= picks the bytes of a 206, and the body matches it" {
	cgi 'QUERY_STRING=code=206&content-range=bytes+10-19/100'
	assert_header Content-Range 'bytes 10-19/100'
	assert_exact_body
	assert_equal "$body" abcdefghij
}

@test "content-range= may leave the complete length unknown" {
	cgi 'QUERY_STRING=code=206&content-range=bytes+0-3/*'
	assert_header Content-Range 'bytes 0-3/*'
	assert_equal "$body" 0123
}

@test "an unsatisfiable content-range for a 206 is refused" {
	cgi 'QUERY_STRING=code=206&content-range=bytes+10-200/100'
	assert_refused '400 Bad Request' 'content-range is not satisfiable: need first <= last < length'
}

@test "content-range= sets the length a 416 reports" {
	cgi 'QUERY_STRING=code=416&content-range=bytes+*/4096'
	assert_header Content-Range 'bytes */4096'
	assert_exact_body
}

@test "upgrade= sets Upgrade on a 426" {
	cgi 'QUERY_STRING=code=426&upgrade=HTTP/2.0'
	assert_header Upgrade HTTP/2.0
}

@test "etag= and last-modified= go on a 304" {
	cgi 'QUERY_STRING=code=304&etag="v1"&last-modified=Sun,+06+Nov+1994+08:49:37+GMT'
	assert_header ETag '"v1"'
	assert_header Last-Modified 'Sun, 06 Nov 1994 08:49:37 GMT'
	assert_no_body
}

@test "a bare etag is quoted, a weak one kept" {
	cgi 'QUERY_STRING=code=304&etag=abc'
	assert_header ETag '"abc"'
	cgi 'QUERY_STRING=code=200&etag=W/"abc"'
	assert_header ETag 'W/"abc"'
}

@test "a bad last-modified is refused" {
	cgi 'QUERY_STRING=code=304&last-modified=yesterday'
	assert_refused '400 Bad Request' 'last-modified must be an HTTP date, like "Sun, 06 Nov 1994 08:49:37 GMT"'
}

@test "header= adds headers, repeatable, with spaces around the value trimmed" {
	cgi 'QUERY_STRING=code=200&header=X-One:+1&header=Set-Cookie:+a=b&header=X-One:2++'
	assert_equal "$(header X-One | tr '\n' ' ')" '1 2 '
	assert_header Set-Cookie a=b
	assert_exact_body
}

@test "body= replaces the content, as text/plain unless content-type= says" {
	cgi 'QUERY_STRING=code=500&body=oops'
	assert_header Content-Type 'text/plain; charset=utf-8'
	assert_equal "$body" oops
	assert_exact_body
}

@test "body= with content-type= sends that type, sandboxed and unsniffed" {
	cgi 'QUERY_STRING=code=422&body={"error":"bad"}&content-type=application/problem%2Bjson'
	assert_header Content-Type 'application/problem+json'
	assert_header Content-Security-Policy sandbox
	assert_header X-Content-Type-Options nosniff
	assert_equal "$body" '{"error":"bad"}'
	assert_exact_body
}

@test "body= keeps UTF-8 and counts its bytes" {
	cgi 'QUERY_STRING=code=200&body=caf%C3%A9'
	assert_equal "$body" 'café'
	assert_header Content-Length 5
}

@test "content-type= without body= is refused" {
	cgi 'QUERY_STRING=code=200&content-type=text/csv'
	assert_refused '400 Bad Request' 'content-type needs body or size: it is the type of that content'
}

@test "a content-type that is not a media type is refused" {
	cgi 'QUERY_STRING=code=200&body=x&content-type=text/html<script>'
	assert_refused '400 Bad Request' 'content-type must be a media type, like "application/json" or "text/plain; charset=utf-8"'
}

@test "sleep= waits before answering" {
	local t0 t1
	t0=$(date +%s%N)
	cgi 'QUERY_STRING=code=200&sleep=300'
	t1=$(date +%s%N)
	assert_status '200 OK'
	[ $(( (t1 - t0) / 1000000 )) -ge 300 ]
}

@test "sleep= over the 10 s cap is refused" {
	cgi 'QUERY_STRING=code=200&sleep=10001'
	assert_refused '400 Bad Request' 'sleep=10001 is over the cap of 10000 ms (STATUSCGI_MAX_SLEEP_MS)'
}

@test "STATUSCGI_MAX_SLEEP_MS changes the cap" {
	cgi 'QUERY_STRING=code=200&sleep=600' STATUSCGI_MAX_SLEEP_MS=500
	assert_refused '400 Bad Request' 'sleep=600 is over the cap of 500 ms (STATUSCGI_MAX_SLEEP_MS)'
}

@test "a sleep that is not a number is refused" {
	cgi 'QUERY_STRING=code=200&sleep=1.5'
	assert_refused '400 Bad Request' 'sleep must be a whole number of milliseconds'
}

@test "then= picks the final answer after a 1xx" {
	cgi 'QUERY_STRING=code=103&then=404'
	assert_status '103 Early Hints'
	next_answer
	assert_status '404 Not Found'
}

@test "then= must be a final code" {
	cgi 'QUERY_STRING=code=103&then=100'
	assert_refused '400 Bad Request' 'then must be a final code, 200 to 599'
}

@test "link= sets the Links of a 103, repeatable, and repeats them on the final answer" {
	cgi 'QUERY_STRING=code=103&link=</a.css>;+rel=preload&link=</b.js>;+rel=preload'
	assert_equal "$(header Link | tr '\n' '|')" '</a.css>; rel=preload|</b.js>; rel=preload|'
	next_answer
	assert_equal "$(header Link | tr '\n' '|')" '</a.css>; rel=preload|</b.js>; rel=preload|'
}

@test "no 1xx goes to an HTTP/1.0 client" {
	cgi PATH_INFO=/103 SERVER_PROTOCOL=HTTP/1.0
	assert_status '200 OK'
	assert_exact_body
}

@test "under lighttpd a 1xx is still an interim block, then the final answer" {
	cgi PATH_INFO=/103 SERVER_SOFTWARE=lighttpd/1.4.69
	assert_status '103 Early Hints'
	next_answer
	assert_status '200 OK'
}

@test "under a server that cannot pass a 1xx from a program, a 1xx is a 501 saying why" {
	cgi PATH_INFO=/103 SERVER_SOFTWARE=nginx/1.22.1
	assert_refused '501 Not Implemented' 'nginx/1.22.1 cannot pass a 1xx interim response from a CGI or FastCGI program: ask nph-status.cgi under Apache mod_cgi/mod_cgid, or use lighttpd'
}

@test "under any server a 101 needs NPH, and says so" {
	cgi PATH_INFO=/101 'SERVER_SOFTWARE=Apache/2.4.62 (Debian)'
	assert_refused '501 Not Implemented' 'Apache/2.4.62 (Debian) cannot switch protocols for a CGI or FastCGI program: ask nph-status.cgi under Apache mod_cgi/mod_cgid'
	cgi PATH_INFO=/101 SERVER_SOFTWARE=lighttpd/1.4.69
	assert_status '501 Not Implemented'
}
