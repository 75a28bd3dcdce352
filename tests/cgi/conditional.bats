#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# etag= and last-modified= make the answer a resource with validators:
# when it would be 2xx, the request's If-* fields are evaluated in the
# order of RFC 9110 §13.2.2, giving 304 or 412. cache-control= rides along.

load helper

LM='Sun, 06 Nov 1994 08:49:37 GMT'
EARLIER='Sat, 05 Nov 1994 08:49:37 GMT'
LATER='Mon, 07 Nov 1994 08:49:37 GMT'
LMQ='last-modified=Sun,+06+Nov+1994+08:49:37+GMT'

# assert_304: a 304 with no content and the ETag of the resource.
assert_304() {
	assert_status '304 Not Modified'
	assert_no_body
}

@test "If-None-Match matching the ETag on GET gets 304 with ETag, Vary and no content" {
	cgi 'QUERY_STRING=code=200&etag=v1' 'HTTP_IF_NONE_MATCH="v1"'
	assert_304
	assert_header ETag '"v1"'
	assert_header Vary Accept
	assert_header Access-Control-Allow-Origin '*'
}

@test "If-None-Match matching the ETag on HEAD gets 304 too" {
	cgi REQUEST_METHOD=HEAD 'QUERY_STRING=code=200&etag=v1' 'HTTP_IF_NONE_MATCH="v1"'
	assert_304
}

@test "If-None-Match naming another tag gets the 200 asked for, with the ETag" {
	cgi 'QUERY_STRING=code=200&etag=v1' 'HTTP_IF_NONE_MATCH="v2"'
	assert_status '200 OK'
	assert_header ETag '"v1"'
	assert_exact_body
}

@test "If-None-Match compares weakly: \"v1\" matches the ETag W/\"v1\"" {
	cgi 'QUERY_STRING=code=200&etag=W/%22v1%22' 'HTTP_IF_NONE_MATCH="v1"'
	assert_304
	assert_header ETag 'W/"v1"'
}

@test "If-None-Match compares weakly: W/\"v1\" matches the ETag \"v1\"" {
	cgi 'QUERY_STRING=code=200&etag=v1' 'HTTP_IF_NONE_MATCH=W/"v1"'
	assert_304
}

@test "If-None-Match matches any member of a list, empty members allowed" {
	cgi 'QUERY_STRING=code=200&etag=v3' 'HTTP_IF_NONE_MATCH="v1", ,W/"v2",  "v3"'
	assert_304
}

@test "If-None-Match: * matches the current representation" {
	cgi 'QUERY_STRING=code=200&etag=v1' 'HTTP_IF_NONE_MATCH=*'
	assert_304
}

@test "a malformed If-None-Match matches nothing" {
	cgi 'QUERY_STRING=code=200&etag=v1' 'HTTP_IF_NONE_MATCH="v1" junk'
	assert_status '200 OK'
}

@test "If-None-Match matching on a POST gets 412, saying why" {
	cgi REQUEST_METHOD=POST 'QUERY_STRING=code=200&etag=v1' 'HTTP_IF_NONE_MATCH="v1"'
	assert_status '412 Precondition Failed'
	assert_exact_body
	assert_body_line 3 'Why: If-None-Match matched the ETag'
}

@test "If-Match with the ETag gets the 200 asked for" {
	cgi REQUEST_METHOD=PUT 'QUERY_STRING=code=200&etag=v1' 'HTTP_IF_MATCH="v0", "v1"'
	assert_status '200 OK'
}

@test "If-Match naming another tag gets 412, saying why" {
	cgi REQUEST_METHOD=PUT 'QUERY_STRING=code=200&etag=v1' 'HTTP_IF_MATCH="v2"'
	assert_status '412 Precondition Failed'
	assert_body_line 3 'Why: If-Match did not match the ETag'
	refute_header ETag
}

@test "If-Match compares strongly: W/\"v1\" does not match the ETag \"v1\"" {
	cgi 'QUERY_STRING=code=200&etag=v1' 'HTTP_IF_MATCH=W/"v1"'
	assert_status '412 Precondition Failed'
}

@test "If-Match compares strongly: a weak ETag matches nothing, not even itself" {
	cgi 'QUERY_STRING=code=200&etag=W/%22v1%22' 'HTTP_IF_MATCH=W/"v1"'
	assert_status '412 Precondition Failed'
}

@test "If-Match: * holds for any current representation" {
	cgi 'QUERY_STRING=code=204&etag=v1' 'HTTP_IF_MATCH=*'
	assert_status '204 No Content'
}

@test "If-Match with only last-modified given has no ETag to match: 412" {
	cgi "QUERY_STRING=code=200&$LMQ" 'HTTP_IF_MATCH="v1"'
	assert_status '412 Precondition Failed'
}

@test "If-Unmodified-Since earlier than Last-Modified gets 412, saying why" {
	cgi "QUERY_STRING=code=200&$LMQ" "HTTP_IF_UNMODIFIED_SINCE=$EARLIER"
	assert_status '412 Precondition Failed'
	assert_body_line 3 'Why: Last-Modified is later than If-Unmodified-Since'
}

@test "If-Unmodified-Since equal to Last-Modified holds" {
	cgi "QUERY_STRING=code=200&$LMQ" "HTTP_IF_UNMODIFIED_SINCE=$LM"
	assert_status '200 OK'
	assert_header Last-Modified "$LM"
}

@test "If-Unmodified-Since is not evaluated when If-Match is there" {
	cgi "QUERY_STRING=code=200&etag=v1&$LMQ" 'HTTP_IF_MATCH="v1"' "HTTP_IF_UNMODIFIED_SINCE=$EARLIER"
	assert_status '200 OK'
}

@test "If-Unmodified-Since is ignored without last-modified" {
	cgi 'QUERY_STRING=code=200&etag=v1' "HTTP_IF_UNMODIFIED_SINCE=$EARLIER"
	assert_status '200 OK'
}

@test "If-Match is evaluated before If-None-Match: a false If-Match is 412 even when If-None-Match would give 304" {
	cgi 'QUERY_STRING=code=200&etag=v1' 'HTTP_IF_MATCH="v2"' 'HTTP_IF_NONE_MATCH="v1"'
	assert_status '412 Precondition Failed'
}

@test "If-Modified-Since equal to Last-Modified gets 304 with Last-Modified" {
	cgi "QUERY_STRING=code=200&$LMQ" "HTTP_IF_MODIFIED_SINCE=$LM"
	assert_304
	assert_header Last-Modified "$LM"
}

@test "If-Modified-Since later than Last-Modified gets 304" {
	cgi "QUERY_STRING=code=200&$LMQ" "HTTP_IF_MODIFIED_SINCE=$LATER"
	assert_304
}

@test "If-Modified-Since earlier than Last-Modified gets the 200" {
	cgi "QUERY_STRING=code=200&$LMQ" "HTTP_IF_MODIFIED_SINCE=$EARLIER"
	assert_status '200 OK'
	assert_exact_body
}

@test "If-Modified-Since in the obsolete RFC 850 form is read (94 is 1994)" {
	cgi "QUERY_STRING=code=200&$LMQ" 'HTTP_IF_MODIFIED_SINCE=Sunday, 06-Nov-94 08:49:37 GMT'
	assert_304
}

@test "If-Modified-Since in the asctime form is read" {
	cgi "QUERY_STRING=code=200&$LMQ" 'HTTP_IF_MODIFIED_SINCE=Sun Nov  6 08:49:37 1994'
	assert_304
}

@test "If-Modified-Since one second before, in the asctime form, gets the 200" {
	cgi "QUERY_STRING=code=200&$LMQ" 'HTTP_IF_MODIFIED_SINCE=Sun Nov  6 08:49:36 1994'
	assert_status '200 OK'
}

@test "an unparseable If-Modified-Since is ignored" {
	cgi "QUERY_STRING=code=200&$LMQ" 'HTTP_IF_MODIFIED_SINCE=yesterday'
	assert_status '200 OK'
}

@test "a date that does not exist (29 Feb 1995) is ignored; 29 Feb 1996 is read" {
	cgi 'QUERY_STRING=code=200&last-modified=Thu,+29+Feb+1996+00:00:00+GMT' \
		'HTTP_IF_MODIFIED_SINCE=Wed, 01 Mar 1995 00:00:00 GMT'
	assert_status '200 OK'
	cgi 'QUERY_STRING=code=200&last-modified=Thu,+29+Feb+1996+00:00:00+GMT' \
		'HTTP_IF_MODIFIED_SINCE=Thu, 29 Feb 1996 00:00:00 GMT'
	assert_304
	cgi 'QUERY_STRING=code=200&last-modified=Thu,+29+Feb+1996+00:00:00+GMT' \
		'HTTP_IF_MODIFIED_SINCE=Wed, 29 Feb 1995 00:00:00 GMT'
	assert_status '200 OK'
}

@test "If-Modified-Since is not evaluated when If-None-Match is there" {
	cgi "QUERY_STRING=code=200&etag=v1&$LMQ" 'HTTP_IF_NONE_MATCH="v2"' "HTTP_IF_MODIFIED_SINCE=$LM"
	assert_status '200 OK'
}

@test "If-Modified-Since is ignored on a POST" {
	cgi REQUEST_METHOD=POST "QUERY_STRING=code=200&$LMQ" "HTTP_IF_MODIFIED_SINCE=$LM"
	assert_status '200 OK'
}

@test "an answer that would not be 2xx ignores preconditions" {
	cgi 'QUERY_STRING=code=404&etag=v1' 'HTTP_IF_NONE_MATCH="v1"'
	assert_status '404 Not Found'
	cgi 'QUERY_STRING=code=302&etag=v1' 'HTTP_IF_MATCH="v2"'
	assert_status '302 Found'
}

@test "without etag= or last-modified= preconditions are ignored" {
	cgi 'QUERY_STRING=code=200' 'HTTP_IF_MATCH="v2"' 'HTTP_IF_NONE_MATCH=*'
	assert_status '200 OK'
}

@test "OPTIONS and TRACE ignore preconditions" {
	cgi REQUEST_METHOD=OPTIONS 'QUERY_STRING=code=200&etag=v1' 'HTTP_IF_MATCH="v2"'
	assert_status '200 OK'
	cgi REQUEST_METHOD=TRACE 'QUERY_STRING=code=200&etag=v1' 'HTTP_IF_MATCH="v2"'
	assert_status '200 OK'
}

@test "the 304 stands for the answer after a 103: no interim block, a 304" {
	cgi 'QUERY_STRING=code=103&etag=v1' 'HTTP_IF_NONE_MATCH="v1"'
	assert_304
}

@test "cache-control= sets Cache-Control on the answer asked for" {
	cgi 'QUERY_STRING=code=200&cache-control=max-age=60,+public'
	assert_header Cache-Control 'max-age=60, public'
	cgi 'QUERY_STRING=code=404&cache-control=no-store'
	assert_header Cache-Control 'no-store'
}

@test "cache-control= is on the 304 too, as on the 200 it stands for" {
	cgi 'QUERY_STRING=code=200&etag=v1&cache-control=no-cache' 'HTTP_IF_NONE_MATCH="v1"'
	assert_304
	assert_header Cache-Control 'no-cache'
}

@test "cache-control= is not on a 412 the request caused" {
	cgi 'QUERY_STRING=code=200&etag=v1&cache-control=max-age=60' 'HTTP_IF_MATCH="v2"'
	assert_status '412 Precondition Failed'
	refute_header Cache-Control
}

@test "a 304 keeps header= and has no Vary when type= fixed the format" {
	cgi 'QUERY_STRING=code=200&etag=v1&type=json&header=Expires:+Thu,+01+Dec+1994+16:00:00+GMT' \
		'HTTP_IF_NONE_MATCH="v1"'
	assert_304
	assert_header Expires 'Thu, 01 Dec 1994 16:00:00 GMT'
	refute_header Vary
}

@test "the 412's JSON body says why" {
	cgi 'QUERY_STRING=code=200&etag=v1&type=json' 'HTTP_IF_MATCH="v2"'
	run jq -r .why <<<"$body"
	assert_output 'If-Match did not match the ETag'
}

@test "the 412's HTML body says why" {
	cgi 'QUERY_STRING=code=200&etag=v1&type=html' 'HTTP_IF_MATCH="v2"'
	assert_equal "$(grep -c '^<p class="why">Why: If-Match did not match the ETag</p>$' <<<"$body")" 1
}

@test "a body= of the 200 is not the 412's body" {
	cgi 'QUERY_STRING=code=200&etag=v1&body=mine' 'HTTP_IF_MATCH="v2"'
	assert_body_line 0 '412 Precondition Failed'
	refute_header Content-Security-Policy
}

@test "etag= and last-modified= from a POSTed form make preconditions too" {
	post_form 'code=200&etag=v1' 'HTTP_IF_MATCH="v2"'
	assert_status '412 Precondition Failed'
	post_form "code=200&$LMQ" "HTTP_IF_UNMODIFIED_SINCE=$LM"
	assert_status '200 OK'
}
