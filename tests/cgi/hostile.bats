#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# Hostile input: each case gets its exact answer, never a crash, a hang,
# an injected header or a reflected script. (More cases are in
# refusals.bats; the fuzz target in fuzz/ checks the same invariants on
# inputs nobody wrote down.)

load helper

# The four ways to smuggle a line break: raw bytes, percent-encoded,
# double percent-encoded (decoded once, it stays harmless text), and NUL.
CRLF_RAW=$'\r\nX-Injected: 1'
CRLF_PCT='%0D%0AX-Injected:%201'
CRLF_DOUBLE='%250D%250AX-Injected:%25201'
NUL_PCT='%00X-Injected:%201'

# no_injection: no header line named X-Injected anywhere in the output.
no_injection() {
	if grep -qi $'^X-Injected:' <<<"${raw//$'\r'/}"; then
		fail "an X-Injected header got out"
	fi
}

# line_breaks PARAM VALUE CODE MSG DOUBLE_STATUS: PARAM=VALUE+breaks with
# code=CODE is refused with MSG for raw and single-encoded breaks and NUL;
# double-encoded, the status line is DOUBLE_STATUS.
line_breaks() {
	local param=$1 value=$2 code=$3 msg=$4
	cgi "QUERY_STRING=code=$code&$param=$value$CRLF_RAW"
	assert_refused '400 Bad Request' "$msg"
	no_injection
	cgi "QUERY_STRING=code=$code&$param=$value$CRLF_PCT"
	assert_refused '400 Bad Request' "$msg"
	no_injection
	cgi "QUERY_STRING=code=$code&$param=$value$NUL_PCT"
	assert_refused '400 Bad Request' "parameter \"$param\" holds a NUL byte"
	cgi "QUERY_STRING=code=$code&$param=$value$CRLF_DOUBLE"
	assert_status "$5"
	no_injection
}

@test "line breaks in reason: refused; double-encoded they are plain text in the phrase" {
	line_breaks reason Fine 404 'reason must be printable ASCII and spaces' \
		'404 Fine%0D%0AX-Injected:%201'
}

@test "line breaks in location: refused; double-encoded, an encoded control is refused too" {
	line_breaks location /x 302 'location must be a URI reference: no spaces, controls or non-ASCII' \
		'403 Forbidden'
}

@test "line breaks in header: refused; double-encoded they are plain text in the value" {
	line_breaks header X-A:1 200 'header must be printable ASCII: no CR, LF, NUL or other control characters' \
		'200 OK'
	assert_header X-A '1%0D%0AX-Injected:%201'
}

@test "line breaks in www-authenticate and proxy-authenticate: refused" {
	line_breaks www-authenticate Basic 401 'www-authenticate must be printable ASCII: no CR, LF, NUL or other control characters' \
		'400 Bad Request'
	line_breaks proxy-authenticate Basic 407 'proxy-authenticate must be printable ASCII: no CR, LF, NUL or other control characters' \
		'400 Bad Request'
}

@test "line breaks in allow, retry-after, content-range: refused" {
	line_breaks allow GET 405 'allow must be printable ASCII: no CR, LF, NUL or other control characters' '400 Bad Request'
	line_breaks retry-after 5 503 'retry-after must be printable ASCII: no CR, LF, NUL or other control characters' '400 Bad Request'
	line_breaks content-range 'bytes+0-1/2' 206 'content-range must be printable ASCII: no CR, LF, NUL or other control characters' '400 Bad Request'
}

@test "line breaks in upgrade, link: refused; double-encoded, plain text" {
	line_breaks upgrade h2 426 'upgrade must be printable ASCII: no CR, LF, NUL or other control characters' '400 Bad Request'
	line_breaks link '</a>' 103 'link must be printable ASCII: no CR, LF, NUL or other control characters' '103 Early Hints'
}

@test "line breaks in etag, last-modified, content-type: refused" {
	# double-encoded, the text is a valid entity-tag ('%' and ':' are etagc)
	line_breaks etag abc 304 'etag must be an entity-tag, like "xyz" or W/"xyz" (RFC 9110 section 8.8.3)' '304 Not Modified'
	assert_header ETag '"abc%0D%0AX-Injected:%201"'
	line_breaks last-modified 'Sun,+06+Nov+1994+08:49:37+GMT' 304 'last-modified must be an HTTP date, like "Sun, 06 Nov 1994 08:49:37 GMT"' '400 Bad Request'
	cgi "QUERY_STRING=code=200&body=x&content-type=text/plain$CRLF_PCT"
	assert_refused '400 Bad Request' 'content-type must be a media type, like "application/json" or "text/plain; charset=utf-8"'
}

@test "line breaks in code, then, seed, sleep, type: refused" {
	cgi "QUERY_STRING=code=404$CRLF_PCT"
	assert_refused '400 Bad Request' 'bad code "404??X-Injected": a code is exactly three digits, 100 to 599'
	cgi "QUERY_STRING=code=103&then=200$CRLF_PCT"
	assert_refused '400 Bad Request' 'bad code "200??X-Injected: 1" (then): a code is exactly three digits, 100 to 599'
	cgi "QUERY_STRING=code=200,500&seed=1$CRLF_PCT"
	assert_refused '400 Bad Request' 'seed must be a whole number of at most 19 digits'
	cgi "QUERY_STRING=code=200&sleep=1$CRLF_PCT"
	assert_refused '400 Bad Request' 'sleep must be a whole number of milliseconds'
	cgi "QUERY_STRING=code=200&type=html$CRLF_PCT"
	assert_refused '400 Bad Request' 'type must be text, html or json, not "html??X-Injected: 1"'
}

@test "a line break in the path is a bad code, not a header" {
	cgi "PATH_INFO=/404$CRLF_RAW"
	assert_refused '400 Bad Request' 'bad code "404??X-Injected" (in the path): a code is exactly three digits, 100 to 599'
}

# UTF-8 and percent-escapes.

@test "overlong and invalid UTF-8 is refused, encoded or raw" {
	local v
	for v in %C0%AF %E0%80%AF %ED%A0%80 %F4%90%80%80 %FF %E2%82 %80; do
		cgi "QUERY_STRING=code=200&body=$v"
		assert_refused '400 Bad Request' 'parameter "body" is not valid UTF-8'
	done
	cgi "QUERY_STRING=code=200&body=a"$'\xc0\xaf'
	assert_refused '400 Bad Request' 'parameter "body" is not valid UTF-8'
}

@test "valid UTF-8 of every length is kept" {
	cgi 'QUERY_STRING=code=200&body=%C3%A9%E2%82%AC%F0%9F%98%80'
	assert_equal "$body" 'é€😀'
}

@test "invalid percent-escapes are refused, in names and in values" {
	local v
	for v in % %G1 %1 %%41 %zz; do
		cgi "QUERY_STRING=code=200&body=$v"
		assert_refused '400 Bad Request' 'parameter "body" has a bad percent-escape (% must be followed by two hex digits)'
	done
	cgi 'QUERY_STRING=code=200&b%zzody=1'
	assert_refused '400 Bad Request' 'parameter name "b%zzody" has a bad percent-escape (% must be followed by two hex digits)'
}

# Sizes.

@test "thousands of parameters are refused, in the query and in a form" {
	local many
	many=$(for i in $(seq 5000); do printf 'p=1&'; done)
	cgi "QUERY_STRING=${many:0:8000}"
	assert_refused '400 Bad Request' 'more than 64 parameters'
	post_form "$many"
	assert_refused '400 Bad Request' 'more than 64 parameters'
}

@test "a parameter of megabytes is refused: 414 in the query, 413 in a form" {
	local big
	# Linux passes at most 128 KiB in one environment string
	big=$(head -c 100000 /dev/zero | tr '\0' a)
	cgi_huge "QUERY_STRING=code=200&body=$big"
	assert_refused '414 URI Too Long' 'the query string is longer than 8192 bytes'
	big=$(head -c 2000000 /dev/zero | tr '\0' a)
	post_form "code=200&body=$big"
	assert_refused '413 Content Too Large' 'the form body is longer than 65536 bytes'
}

@test "a JSON body of megabytes is read in part and ignored" {
	head -c 3000000 /dev/zero | tr '\0' '[' >"$BATS_TEST_TMPDIR/big"
	CGI_STDIN=$BATS_TEST_TMPDIR/big cgi REQUEST_METHOD=POST PATH_INFO=/202 \
		CONTENT_TYPE=application/json CONTENT_LENGTH=3000000
	assert_status '202 Accepted'
}

@test "a POST that claims more bytes than it sends is answered with what came" {
	printf 'code=404' >"$BATS_TEST_TMPDIR/short"
	CGI_STDIN=$BATS_TEST_TMPDIR/short cgi REQUEST_METHOD=POST \
		CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=100
	assert_status '404 Not Found'
}

@test "a POST that sends more bytes than it claims is read only as far as claimed" {
	printf 'code=404&code=500&more=junk' >"$BATS_TEST_TMPDIR/long"
	CGI_STDIN=$BATS_TEST_TMPDIR/long cgi REQUEST_METHOD=POST \
		CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=8
	assert_status '404 Not Found'
}

# Codes.

@test "code edge cases: 100 and 599 are codes; their neighbours are not" {
	cgi QUERY_STRING=code=100
	assert_status '100 Continue'
	cgi QUERY_STRING=code=599
	assert_status '599 Server Error'
	cgi QUERY_STRING=code=099
	assert_refused '400 Bad Request' 'code 099 is out of range: codes run from 100 to 599'
	cgi QUERY_STRING=code=000
	assert_refused '400 Bad Request' 'code 000 is out of range: codes run from 100 to 599'
	cgi QUERY_STRING=code=999
	assert_refused '400 Bad Request' 'code 999 is out of range: codes run from 100 to 599'
}

@test "code edge cases: signs, hex, exponents, other digits are not codes" {
	local c
	for c in -404 0x194 1e3 4O4 404abc 200- ; do
		cgi "QUERY_STRING=code=$c"
		assert_refused '400 Bad Request' "bad code \"$c\": a code is exactly three digits, 100 to 599"
	done
	cgi 'QUERY_STRING=code=%EF%BC%94%EF%BC%90%EF%BC%94'
	assert_refused '400 Bad Request' 'bad code "?????????": a code is exactly three digits, 100 to 599'
	cgi 'QUERY_STRING=code=,'
	assert_refused '400 Bad Request' 'empty item in the code list'
	cgi 'QUERY_STRING=code=200::1'
	assert_refused '400 Bad Request' 'bad weight ":1": a weight is a number like 0.25 (up to 6 digits each side of the point)'
	cgi 'QUERY_STRING=code=200:1.0000001'
	assert_refused '400 Bad Request' 'bad weight "1.0000001": a weight is a number like 0.25 (up to 6 digits each side of the point)'
}

@test "the largest list there can be is fine: every code, weighted" {
	cgi 'QUERY_STRING=code=100-599:999999.999999,100-599:999999.999999&seed=18446744073709551615'
	assert_exact_body
}

# Header names.

@test "header names with spaces, colons inside values, and non-tokens" {
	cgi 'QUERY_STRING=code=200&header=X+A:+1'
	assert_refused '400 Bad Request' 'header name "X A: 1" is not a token (RFC 9110 section 5.1)'
	cgi 'QUERY_STRING=code=200&header=:+1'
	assert_refused '400 Bad Request' 'header name ": 1" is not a token (RFC 9110 section 5.1)'
	cgi 'QUERY_STRING=code=200&header=X(A):+1'
	assert_refused '400 Bad Request' 'header name "X(A): 1" is not a token (RFC 9110 section 5.1)'
	cgi 'QUERY_STRING=code=200&header=%C3%9C:+1'
	assert_refused '400 Bad Request' 'header must be printable ASCII: no CR, LF, NUL or other control characters'
	# the first colon ends the name; later ones belong to the value
	cgi 'QUERY_STRING=code=200&header=X:A:+1'
	assert_header X 'A: 1'
}

@test "every forbidden header is refused in any letter case, also from a form" {
	local h
	for h in status content-length TRANSFER-ENCODING Connection keep-alive \
	    te TRAILER proxy-connection UPGRADE; do
		post_form "code=200&header=$h:+x"
		assert_refused '400 Bad Request' "header $h is framing or hop-by-hop and cannot be set"
	done
}

# Location variants beyond refusals.bats.

@test "more open-redirect variants are refused" {
	local l
	cgi 'QUERY_STRING=code=302&location=https:/evil.example'
	assert_refused '403 Forbidden' 'location has a scheme but no "//host"'
	cgi 'QUERY_STRING=code=302&location=//localhost:8080@evil.example'
	assert_refused '403 Forbidden' 'location carries user information ("user@host")'
	cgi 'QUERY_STRING=code=302&location=http://[::1]:8080/'
	assert_refused '403 Forbidden' 'location points to another host (allow it with STATUSCGI_REDIRECT_HOSTS)'
	for l in '%2f%2fevil.example' '/%2F%2Fevil.example'; do
		cgi "QUERY_STRING=code=302&location=$l"
		assert_status '403 Forbidden'
		refute_header Location
	done
	for l in '+//evil.example' '%09//evil.example' '%E2%80%8B//evil.example'; do
		cgi "QUERY_STRING=code=302&location=$l"
		assert_refused '400 Bad Request' 'location must be a URI reference: no spaces, controls or non-ASCII'
	done
}

@test "our own host in capitals is still our own host" {
	cgi 'QUERY_STRING=code=302&location=HTTP://LOCALHOST:8080/x'
	assert_header Location HTTP://LOCALHOST:8080/x
}

# Content types.

@test "a content-type carrying markup in a quoted parameter is a header only, and sandboxed" {
	cgi 'QUERY_STRING=code=200&body=<script>x</script>&content-type=text/html;+x=%22<script>%22'
	assert_header Content-Type 'text/html; x="<script>"'
	assert_header Content-Security-Policy sandbox
	assert_header X-Content-Type-Options nosniff
}

@test "a content-type with markup outside quotes is refused" {
	cgi 'QUERY_STRING=code=200&body=x&content-type=text/html;<svg/onload=x>'
	assert_refused '400 Bad Request' 'content-type must be a media type, like "application/json" or "text/plain; charset=utf-8"'
}

# Authorization and the If-* fields come from the client as they are:
# nothing in them can make a 500, a crash, or an echo.

@test "bad base64 in Basic credentials is always a 401, never a 500" {
	local v
	for v in 'Basic' 'Basic ' 'Basic =' 'Basic ====' 'Basic YQ' 'Basic YQ=' \
		'Basic YWJj=' 'Basic YW=j' 'Basic Y!Jj' 'Basic YWJjZA===' \
		'Basic YR==' 'Basic YWF=' 'Basic ÿÿÿÿ' 'Basic YWxpY2U6c2VjcmV0 YQ==' \
		"Basic $(printf 'QUFB%.0s' $(seq 400))" 'Basic%20YWxpY2U6c2VjcmV0'; do
		cgi 'QUERY_STRING=code=200&auth=basic:alice:secret' "HTTP_AUTHORIZATION=$v"
		assert_equal "$v: $status_line" "$v: Status: 401 Unauthorized"
		assert_exact_body
	done
}

@test "non-canonical base64 (unused bits set) is refused: YWxpY2U6c2VjcmV1 is not alice:secret" {
	cgi 'QUERY_STRING=code=200&auth=basic:alice:secre' 'HTTP_AUTHORIZATION=Basic YWxpY2U6c2VjcmV='
	assert_status '401 Unauthorized'
	cgi 'QUERY_STRING=code=200&auth=basic:alice:secre' 'HTTP_AUTHORIZATION=Basic YWxpY2U6c2VjcmU='
	assert_status '200 OK'
}

@test "credentials with a NUL byte inside decode but do not match" {
	cgi 'QUERY_STRING=code=200&auth=basic:alice:secret' "HTTP_AUTHORIZATION=Basic $(printf 'alice:secret\0' | base64 -w0)"
	assert_status '401 Unauthorized'
	assert_body_line 3 'Why: the user or the password is wrong'
}

@test "100 KB of Authorization is a 401" {
	cgi_huge 'QUERY_STRING=code=200&auth=bearer:t' "HTTP_AUTHORIZATION=Bearer $(head -c 100000 /dev/zero | tr '\0' a)"
	assert_status '401 Unauthorized'
}

@test "bad dates in If-Modified-Since and If-Unmodified-Since are ignored, never a 500" {
	local v
	for v in '' 'x' 'Sun, 06 Nov 1994 08:49:37' 'Sun, 06 Nov 1994 08:49:37 UTC' \
		'Sun, 6 Nov 1994 08:49:37 GMT' 'Sun, 06 Nov 94 08:49:37 GMT' \
		'Sun, 32 Nov 1994 08:49:37 GMT' 'Sun, 31 Nov 1994 08:49:37 GMT' \
		'Sun, 06 Foo 1994 08:49:37 GMT' 'Sun, 06 Nov 1994 24:00:00 GMT' \
		'Sun, 06 Nov 1994 08:60:00 GMT' 'Sun, 06 Nov 1994 08:49:61 GMT' \
		'Sun, 06 Nov 0000 08:49:37 GMT' 'sun, 06 nov 1994 08:49:37 gmt' \
		'Sunday, 06-Nov-1994 08:49:37 GMT' 'Sun Nov 6 08:49:37 1994' \
		'Sun Nov  6 08:49:37 94' 'Sun, 06 Nov 1994 08:49:37 GMT, Mon, 07 Nov 1994 08:49:37 GMT' \
		'Sun, 99 Nov 9999 99:99:99 GMT' 'Sun, 06 Nov 1994 08:49:37 GMTX'; do
		cgi 'QUERY_STRING=code=200&last-modified=Sun,+06+Nov+1994+08:49:37+GMT' \
			"HTTP_IF_MODIFIED_SINCE=$v" "HTTP_IF_UNMODIFIED_SINCE=$v"
		assert_equal "$v: $status_line" "$v: Status: 200 OK"
	done
}

@test "the far future and the far past in a date are read, not overflowed" {
	cgi 'QUERY_STRING=code=200&last-modified=Fri,+31+Dec+9999+23:59:59+GMT' \
		'HTTP_IF_MODIFIED_SINCE=Mon, 01 Jan 0001 00:00:00 GMT'
	assert_status '200 OK'
	cgi 'QUERY_STRING=code=200&last-modified=Mon,+01+Jan+0001+00:00:00+GMT' \
		'HTTP_IF_MODIFIED_SINCE=Fri, 31 Dec 9999 23:59:59 GMT'
	assert_status '304 Not Modified'
}

@test "malformed entity-tag lists match nothing, never a 500; a long list is read" {
	local v
	for v in '"' '"a' 'a"' 'W/' 'W/a' '"a" "a"' ',,,' '*, "a"' '**' \
		'"a"x' 'w/"a"' '"a	b"' "$(printf '"b",%.0s' $(seq 3000))"; do
		cgi 'QUERY_STRING=code=200&etag=a' "HTTP_IF_NONE_MATCH=$v"
		assert_equal "$v: $status_line" "$v: Status: 200 OK"
	done
}

@test "Range positions past 2^64 are read as beyond the content, never wrapped" {
	cgi 'QUERY_STRING=code=200&size=100' HTTP_RANGE=bytes=18446744073709551616-18446744073709551617
	assert_status '416 Range Not Satisfiable'
	cgi 'QUERY_STRING=code=200&size=100' HTTP_RANGE=bytes=0-18446744073709551617
	assert_status '206 Partial Content'
	assert_header Content-Range 'bytes 0-99/100'
	cgi 'QUERY_STRING=code=200&size=100' HTTP_RANGE=bytes=-18446744073709551617
	assert_header Content-Range 'bytes 0-99/100'
}

@test "100 KB of Range is read and ignored: 200, not a hang or a 500" {
	local r=bytes=0-0 i
	for ((i = 0; i < 10000; i++)); do r+=",1-2"; done
	cgi 'QUERY_STRING=code=200&size=100' "HTTP_RANGE=$r"
	assert_status '200 OK'
	assert_header Content-Length 100
}

@test "100 overlapping whole ranges make one part, not 100 copies" {
	local r=bytes=0- i
	for ((i = 1; i < 100; i++)); do r+=",0-"; done
	cgi 'QUERY_STRING=code=200&size=1000' "HTTP_RANGE=$r"
	assert_status '206 Partial Content'
	assert_header Content-Length 1000
}

@test "16 parts are the most: the multipart answer stays under content plus 16 part heads" {
	local r=bytes=0-0 i
	for ((i = 1; i < 16; i++)); do r+=",$((i * 10))-$((i * 10))"; done
	cgi 'QUERY_STRING=code=200&size=1000' "HTTP_RANGE=$r"
	assert_status '206 Partial Content'
	[ "$body_bytes" -lt $((16 + 16 * 150 + 100)) ]
	assert_equal "$(grep -c 'Content-Range: bytes' <<<"$body")" 16
}

@test "control characters and other units in Range are ignored, never echoed" {
	for r in $'bytes=0-1\x01' 'bytes=0-1,<script>' 'bytes=--1' 'bytes=1--2' 'bytes=0x10-0x20' 'bytes = 0-1 , 3-4'; do
		cgi 'QUERY_STRING=code=200&size=100' "HTTP_RANGE=$r"
		case $r in
		'bytes = 0-1 , 3-4') assert_status '206 Partial Content' ;;
		*) assert_status '200 OK' ;;
		esac
		[[ $raw != *'<script>'* ]]
	done
}

@test "a 416's reason quotes at most 80 characters of the Range" {
	local r=bytes=1000-1000 i
	for ((i = 0; i < 50; i++)); do r+=",1000-1000"; done
	cgi 'QUERY_STRING=code=200&size=10&type=json' "HTTP_RANGE=$r"
	assert_status '416 Range Not Satisfiable'
	local why
	why=$(jq -r .why <<<"$body")
	[ "${#why}" -lt 160 ]
	[[ $why == *"..."* ]]
}

@test "If-Range with garbage, a list or a huge value is false, never a 500" {
	for ir in '"v1", "v2"' 'W/"v1"' '"v1' "$(printf 'x%.0s' {1..5000})"; do
		cgi 'QUERY_STRING=code=200&size=100&etag=v1' HTTP_RANGE=bytes=0-1 "HTTP_IF_RANGE=$ir"
		assert_status '200 OK'
	done
}
