#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# Bad input gets a 4xx with a one-line reason: never an injected header,
# never an open redirect, never more than the limits.

load helper

# CR/LF in every parameter that reaches a header, and in the others.

# refuse_crlf PARAM PREFIX MESSAGE: PARAM=PREFIX<CR><LF>X-Injected:1 is
# refused with MESSAGE, and no X-Injected header appears.
refuse_crlf() {
	cgi "QUERY_STRING=code=$4&$1=$2%0D%0AX-Injected:%201"
	assert_refused '400 Bad Request' "$3"
	refute_header X-Injected
}

@test "CR LF in reason is refused" {
	refuse_crlf reason Fine 'reason must be printable ASCII and spaces' 404
}

@test "CR LF in location is refused" {
	refuse_crlf location /x 'location must be a URI reference: no spaces, controls or non-ASCII' 302
}

@test "CR LF in www-authenticate is refused" {
	refuse_crlf www-authenticate Basic 'www-authenticate must be printable ASCII: no CR, LF, NUL or other control characters' 401
}

@test "CR LF in proxy-authenticate is refused" {
	refuse_crlf proxy-authenticate Basic 'proxy-authenticate must be printable ASCII: no CR, LF, NUL or other control characters' 407
}

@test "CR LF in allow is refused" {
	refuse_crlf allow GET 'allow must be printable ASCII: no CR, LF, NUL or other control characters' 405
}

@test "CR LF in retry-after is refused" {
	refuse_crlf retry-after 5 'retry-after must be printable ASCII: no CR, LF, NUL or other control characters' 503
}

@test "CR LF in content-range is refused" {
	refuse_crlf content-range 'bytes+0-1/2' 'content-range must be printable ASCII: no CR, LF, NUL or other control characters' 206
}

@test "CR LF in upgrade is refused" {
	refuse_crlf upgrade websocket 'upgrade must be printable ASCII: no CR, LF, NUL or other control characters' 426
}

@test "CR LF in etag is refused" {
	refuse_crlf etag abc 'etag must be an entity-tag, like "xyz" or W/"xyz" (RFC 9110 section 8.8.3)' 304
}

@test "CR LF in last-modified is refused" {
	refuse_crlf last-modified 'Sun,+06+Nov+1994+08:49:37+GMT' 'last-modified must be an HTTP date, like "Sun, 06 Nov 1994 08:49:37 GMT"' 304
}

@test "CR LF in link is refused" {
	refuse_crlf link '</a>' 'link must be printable ASCII: no CR, LF, NUL or other control characters' 103
}

@test "CR LF in header is refused" {
	refuse_crlf header 'X-A:+1' 'header must be printable ASCII: no CR, LF, NUL or other control characters' 200
}

@test "CR LF in content-type is refused" {
	cgi 'QUERY_STRING=code=200&body=x&content-type=text/plain%0D%0AX-Injected:%201'
	assert_refused '400 Bad Request' 'content-type must be a media type, like "application/json" or "text/plain; charset=utf-8"'
	refute_header X-Injected
}

@test "CR LF in code is refused" {
	cgi 'QUERY_STRING=code=404%0D%0AX-Injected:%201'
	assert_refused '400 Bad Request' 'bad code "404??X-Injected": a code is exactly three digits, 100 to 599'
}

@test "a LF alone in a header value is refused too" {
	cgi 'QUERY_STRING=code=200&header=X-A:+1%0AX-Injected:+1'
	assert_refused '400 Bad Request' 'header must be printable ASCII: no CR, LF, NUL or other control characters'
}

@test "a tab in a header value is refused" {
	cgi 'QUERY_STRING=code=200&header=X-A:%091'
	assert_refused '400 Bad Request' 'header must be printable ASCII: no CR, LF, NUL or other control characters'
}

@test "a NUL byte in any parameter is refused" {
	cgi 'QUERY_STRING=code=200&body=a%00b'
	assert_refused '400 Bad Request' 'parameter "body" holds a NUL byte'
}

@test "a bad percent-escape is refused" {
	cgi 'QUERY_STRING=code=200&body=100%'
	assert_refused '400 Bad Request' 'parameter "body" has a bad percent-escape (% must be followed by two hex digits)'
}

@test "invalid UTF-8 is refused" {
	cgi 'QUERY_STRING=code=200&body=%C0%AF'
	assert_refused '400 Bad Request' 'parameter "body" is not valid UTF-8'
}

# header=: names must be tokens; framing and hop-by-hop headers are refused.

@test "a header name with a space is refused" {
	cgi 'QUERY_STRING=code=200&header=X+A:+1'
	assert_refused '400 Bad Request' 'header name "X A: 1" is not a token (RFC 9110 section 5.1)'
}

@test "a header without a colon is refused" {
	cgi 'QUERY_STRING=code=200&header=X-A'
	assert_refused '400 Bad Request' 'header must look like "Name: value"'
}

@test "framing and hop-by-hop headers are refused, in any letter case" {
	for h in Status Content-Length Transfer-Encoding Connection Keep-Alive \
	    TE Trailer Proxy-Connection Upgrade content-length TRANSFER-ENCODING cOnNeCtIoN; do
		cgi "QUERY_STRING=code=200&header=$h:+1"
		assert_refused '400 Bad Request' "header $h is framing or hop-by-hop and cannot be set"
	done
}

@test "headers with a parameter of their own are refused as header=" {
	cgi 'QUERY_STRING=code=302&header=Location:+//evil.example'
	assert_refused '400 Bad Request' 'header Location has a parameter of its own: use location='
	cgi 'QUERY_STRING=code=200&header=content-type:+text/html'
	assert_refused '400 Bad Request' 'header content-type has a parameter of its own: use content-type='
}

@test "headers that make the server act are refused" {
	for h in X-Sendfile X-LIGHTTPD-send-file X-Accel-Redirect x-accel-buffering; do
		cgi "QUERY_STRING=code=200&header=$h:+/etc/passwd"
		assert_refused '400 Bad Request' "header $h would make the web server act on it and cannot be set"
	done
}

# Redirects: relative always, absolute only to this host or listed hosts.

# refuse_location VALUE MESSAGE
refuse_location() {
	cgi "QUERY_STRING=code=302&location=$1"
	assert_refused '403 Forbidden' "$2"
	refute_header Location
}

@test "a relative location is allowed" {
	for l in /x x ../x '?code=200' '#top'; do
		cgi "QUERY_STRING=code=302&location=$l"
		assert_header Location "$l"
	done
}

@test "an absolute location to the request's own host is allowed" {
	cgi 'QUERY_STRING=code=302&location=http://localhost:8080/x' HTTP_HOST=localhost:8080
	assert_header Location http://localhost:8080/x
}

@test "//evil.example is refused" {
	refuse_location //evil.example 'location points to another host (allow it with STATUSCGI_REDIRECT_HOSTS)'
}

@test "https://evil.example/ is refused" {
	refuse_location https://evil.example/ 'location points to another host (allow it with STATUSCGI_REDIRECT_HOSTS)'
}

@test "mixed-case HTTPS://EVIL.EXAMPLE is refused" {
	refuse_location HTTPS://EVIL.EXAMPLE 'location points to another host (allow it with STATUSCGI_REDIRECT_HOSTS)'
}

@test "/\\evil.example is refused" {
	refuse_location '/%5Cevil.example' 'location holds a backslash, which browsers read as a slash'
}

@test "\\\\evil.example is refused" {
	refuse_location '%5C%5Cevil.example' 'location holds a backslash, which browsers read as a slash'
}

@test "http:evil.example (no slashes) is refused" {
	refuse_location http:evil.example 'location has a scheme but no "//host"'
}

@test "javascript: is refused" {
	refuse_location 'javascript:alert(1)' 'location scheme is not http or https'
}

@test "mixed-case JaVaScRiPt: is refused" {
	refuse_location 'JaVaScRiPt:alert(1)' 'location scheme is not http or https'
}

@test "data: is refused" {
	refuse_location 'data:text/html,x' 'location scheme is not http or https'
}

@test "user information in front of our host is refused" {
	refuse_location 'http://localhost@evil.example/' 'location carries user information ("user@host")'
}

@test "an encoded //evil.example is refused" {
	refuse_location '%2F%2Fevil.example' 'location points to another host (allow it with STATUSCGI_REDIRECT_HOSTS)'
}

@test "a double-encoded //evil.example is refused" {
	refuse_location '%252F%252Fevil.example' 'location starts with an encoded slash'
}

@test "an encoded backslash is refused" {
	refuse_location '/%255Cevil.example' 'location holds an encoded control character or backslash'
}

@test "STATUSCGI_REDIRECT_HOSTS allows the hosts it lists" {
	cgi 'QUERY_STRING=code=307&location=https://example.org/x' STATUSCGI_REDIRECT_HOSTS=example.net,example.org
	assert_header Location https://example.org/x
}

@test "STATUSCGI_REDIRECT_HOSTS=* allows any host" {
	cgi 'QUERY_STRING=code=307&location=https://anywhere.example/' 'STATUSCGI_REDIRECT_HOSTS=*'
	assert_header Location https://anywhere.example/
}

@test "a bad location is refused even when the code picked would not send it" {
	cgi 'QUERY_STRING=code=200&location=//evil.example'
	assert_refused '403 Forbidden' 'location points to another host (allow it with STATUSCGI_REDIRECT_HOSTS)'
}

# Limits.

@test "a query string over 8 KiB is refused with 414" {
	cgi "QUERY_STRING=code=200&body=$(head -c 8200 /dev/zero | tr '\0' a)"
	assert_refused '414 URI Too Long' 'the query string is longer than 8192 bytes'
}

@test "a form body over 64 KiB is refused with 413" {
	post_form "code=200&body=$(head -c 65600 /dev/zero | tr '\0' a)"
	assert_refused '413 Content Too Large' 'the form body is longer than 65536 bytes'
}

@test "more than 64 parameters are refused" {
	cgi "QUERY_STRING=$(for i in $(seq 65); do printf 'p%d=1&' "$i"; done)"
	assert_refused '400 Bad Request' 'more than 64 parameters'
}

@test "64 parameters are fine" {
	cgi "QUERY_STRING=$(for i in $(seq 63); do printf 'p%d=1&' "$i"; done)code=204"
	assert_status '204 No Content'
}

@test "headers that would pass 4000 bytes are refused, naming the parameter" {
	local v
	v=$(head -c 1900 /dev/zero | tr '\0' a)
	cgi "QUERY_STRING=code=200&header=X-A:$v&header=X-B:$v&header=X-C:$v"
	assert_refused '400 Bad Request' 'parameter header makes the response headers longer than 4000 bytes'
}

# The parameters that let the request decide.

@test "methods= that is not a list of methods is refused" {
	cgi 'QUERY_STRING=code=200&methods=GET;POST'
	assert_refused '400 Bad Request' 'methods must be a list of methods, like "GET,HEAD"'
}

@test "auth= with an unknown scheme is refused" {
	cgi 'QUERY_STRING=code=200&auth=digest:a:b'
	assert_refused '400 Bad Request' 'auth must be basic:USER:PASS, bearer, or bearer:TOKEN'
}

@test "auth=basic without a password part is refused" {
	cgi 'QUERY_STRING=code=200&auth=basic:alice'
	assert_refused '400 Bad Request' 'auth must look like basic:USER:PASS (the user without a colon)'
}

@test "auth=basic with a control character is refused" {
	cgi 'QUERY_STRING=code=200&auth=basic:alice:se%09cret'
	assert_refused '400 Bad Request' 'auth: user and password must hold no control characters (RFC 7617 section 2)'
}

@test "auth=bearer: with a token that is not a b64token is refused" {
	cgi 'QUERY_STRING=code=200&auth=bearer:a+b'
	assert_refused '400 Bad Request' 'auth: a bearer token is letters, digits and -._~+/ with = at the end (RFC 6750 section 2.1)'
}

@test "auth= longer than 512 bytes is refused" {
	cgi "QUERY_STRING=code=200&auth=bearer:$(printf 'a%.0s' $(seq 513))"
	assert_refused '400 Bad Request' 'auth: the bearer token is longer than 512 bytes'
}

@test "cache-control= that is not a list of directives is refused" {
	cgi 'QUERY_STRING=code=200&cache-control=max-age=%2260'
	assert_refused '400 Bad Request' 'cache-control must be a list of directives, like "max-age=60, public" (RFC 9111 section 5.2)'
}

@test "CR LF in cache-control is refused" {
	refuse_crlf cache-control no-store 'cache-control must be printable ASCII: no CR, LF, NUL or other control characters' 200
}

@test "CR LF in methods is refused" {
	refuse_crlf methods GET 'methods must be printable ASCII: no CR, LF, NUL or other control characters' 200
}

@test "redirects= of 0, 21 or not a number is refused" {
	local v
	for v in 0 21 abc 100 -1; do
		cgi "QUERY_STRING=code=302&redirects=$v"
		assert_refused '400 Bad Request' 'redirects must be a number from 1 to 20'
	done
}

@test "redirects= with a code that is not a redirect is refused, naming it" {
	cgi 'QUERY_STRING=code=302,200&redirects=2'
	assert_refused '400 Bad Request' 'redirects needs a redirect code: 301, 302, 303, 307 or 308, not 200'
	cgi 'QUERY_STRING=code=304&redirects=2'
	assert_refused '400 Bad Request' 'redirects needs a redirect code: 301, 302, 303, 307 or 308, not 304'
}

@test "redirects= without a code is refused" {
	cgi 'QUERY_STRING=redirects=2'
	assert_refused '400 Bad Request' 'redirects needs a redirect code: 301, 302, 303, 307 or 308'
}

@test "hop= past the chain, or without redirects=, is refused" {
	cgi 'QUERY_STRING=code=302&redirects=2&hop=2'
	assert_refused '400 Bad Request' 'hop counts the answers of a redirects= chain already given: 0 to redirects-1'
	cgi 'QUERY_STRING=code=302&hop=1'
	assert_refused '400 Bad Request' 'hop counts the answers of a redirects= chain already given: 0 to redirects-1'
}

@test "redirects= cannot carry a parameter with a line break or a backslash along the chain" {
	cgi 'QUERY_STRING=code=302&redirects=2&body=two%0Alines'
	assert_refused '400 Bad Request' 'redirects cannot carry parameter body along the chain: it holds control characters or a backslash'
	cgi 'QUERY_STRING=code=302&redirects=2&header=X-A:+a%5Cb'
	assert_refused '400 Bad Request' 'redirects cannot carry parameter header along the chain: it holds control characters or a backslash'
}

@test "a chain whose Location would pass the header limit is refused, naming redirects" {
	cgi "QUERY_STRING=code=302&redirects=2&body=$(printf '%%25%.0s' $(seq 700))"
	assert_refused '400 Bad Request' 'parameter redirects makes the Location longer than 2048 bytes'
}

@test "last-modified= naming a day that does not exist is refused" {
	cgi 'QUERY_STRING=code=200&last-modified=Mon,+30+Feb+2026+00:00:00+GMT'
	assert_refused '400 Bad Request' 'last-modified must be an HTTP date, like "Sun, 06 Nov 1994 08:49:37 GMT"'
}

@test "a bad header= is refused on the front page and on an asset as on any answer" {
	cgi 'QUERY_STRING=header=Status:1'
	assert_refused '400 Bad Request' 'header Status is framing or hop-by-hop and cannot be set'
	cgi 'QUERY_STRING=asset=statuscgi.css&header=Bad%20Name:1'
	assert_refused '400 Bad Request' 'header name "Bad Name:1" is not a token (RFC 9110 section 5.1)'
}
