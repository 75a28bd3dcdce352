#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# methods= and auth=: a method the resource does not allow gets 405, a
# request without the right credentials 401 with the matching challenge;
# checked in that order, before preconditions and the answer asked for.

load helper

# basic USER:PASS: prints the Authorization value for those credentials.
basic() {
	printf 'Basic %s' "$(printf '%s' "$1" | base64 -w0)"
}

BASIC_CHALLENGE='Basic realm="statuscgi", charset="UTF-8"'

@test "auth=basic without Authorization gets 401 with the Basic challenge, saying why" {
	cgi 'QUERY_STRING=code=200&auth=basic:alice:secret'
	assert_status '401 Unauthorized'
	assert_header WWW-Authenticate "$BASIC_CHALLENGE"
	assert_exact_body
	assert_body_line 3 'Why: no Authorization header'
}

@test "auth=basic with the right user and password gets the answer asked for" {
	cgi 'QUERY_STRING=code=200&auth=basic:alice:secret' "HTTP_AUTHORIZATION=$(basic alice:secret)"
	assert_status '200 OK'
	refute_header WWW-Authenticate
}

@test "auth=basic with a wrong password gets 401, saying so" {
	cgi 'QUERY_STRING=code=200&auth=basic:alice:secret' "HTTP_AUTHORIZATION=$(basic alice:secreT)"
	assert_status '401 Unauthorized'
	assert_body_line 3 'Why: the user or the password is wrong'
}

@test "auth=basic with a wrong user gets 401" {
	cgi 'QUERY_STRING=code=200&auth=basic:alice:secret' "HTTP_AUTHORIZATION=$(basic bob:secret)"
	assert_status '401 Unauthorized'
}

@test "auth=basic: the scheme name is case-insensitive, spaces around the credentials are fine" {
	cgi 'QUERY_STRING=code=200&auth=basic:alice:secret' \
		"HTTP_AUTHORIZATION=bAsIc   $(printf alice:secret | base64 -w0)  "
	assert_status '200 OK'
}

@test "auth=basic: a password may hold colons, the user is what comes before the first" {
	cgi 'QUERY_STRING=code=200&auth=basic:alice:se:cr:et' "HTTP_AUTHORIZATION=$(basic alice:se:cr:et)"
	assert_status '200 OK'
}

@test "auth=basic: a UTF-8 user and password are compared as UTF-8 (RFC 7617 charset)" {
	cgi 'QUERY_STRING=code=200&auth=basic:j%C3%BCrgen:gr%C3%BC%C3%9Fe' "HTTP_AUTHORIZATION=$(basic 'jürgen:grüße')"
	assert_status '200 OK'
}

@test "auth=basic with Bearer credentials gets 401: not Basic credentials" {
	cgi 'QUERY_STRING=code=200&auth=basic:alice:secret' 'HTTP_AUTHORIZATION=Bearer abc'
	assert_status '401 Unauthorized'
	assert_header WWW-Authenticate "$BASIC_CHALLENGE"
	assert_body_line 3 'Why: Authorization is not Basic credentials'
}

@test "auth=basic with credentials that are not base64 gets 401, never 500" {
	cgi 'QUERY_STRING=code=200&auth=basic:alice:secret' 'HTTP_AUTHORIZATION=Basic ***'
	assert_status '401 Unauthorized'
	assert_body_line 3 'Why: the Basic credentials are not valid base64'
}

@test "auth=basic with base64 that holds no colon gets 401" {
	cgi 'QUERY_STRING=code=200&auth=basic:alice:secret' "HTTP_AUTHORIZATION=$(basic alicesecret)"
	assert_status '401 Unauthorized'
	assert_body_line 3 'Why: the Basic credentials hold no colon between user and password'
}

@test "the credentials never come back in the answer" {
	local auth
	auth=$(basic alice:secret)
	cgi 'QUERY_STRING=code=200&auth=basic:alice:secret&type=json' "HTTP_AUTHORIZATION=$auth"
	assert_status '200 OK'
	[[ $raw != *"${auth#Basic }"* ]] || fail "the credentials were echoed"
	[[ $raw != *secret* ]] || fail "the password was echoed"
}

@test "auth=bearer without Authorization gets 401 with a Bearer challenge and no error code" {
	cgi 'QUERY_STRING=code=200&auth=bearer'
	assert_status '401 Unauthorized'
	assert_header WWW-Authenticate 'Bearer realm="statuscgi"'
	assert_body_line 3 'Why: no Authorization header'
}

@test "auth=bearer takes any token" {
	cgi 'QUERY_STRING=code=200&auth=bearer' 'HTTP_AUTHORIZATION=Bearer any.thing-at_all~/+=='
	assert_status '200 OK'
}

@test "auth=bearer:TOKEN with that token gets the answer asked for" {
	cgi 'QUERY_STRING=code=204&auth=bearer:s3cr3t' 'HTTP_AUTHORIZATION=Bearer s3cr3t'
	assert_status '204 No Content'
}

@test "auth=bearer:TOKEN with another token gets 401 with error=\"invalid_token\" (RFC 6750 section 3)" {
	cgi 'QUERY_STRING=code=200&auth=bearer:s3cr3t' 'HTTP_AUTHORIZATION=Bearer s3cr3T'
	assert_status '401 Unauthorized'
	assert_header WWW-Authenticate 'Bearer realm="statuscgi", error="invalid_token", error_description="the token is not accepted"'
	assert_body_line 3 'Why: the Bearer token is wrong'
}

@test "auth=bearer:TOKEN with a longer token that starts with it gets 401" {
	cgi 'QUERY_STRING=code=200&auth=bearer:s3cr3t' 'HTTP_AUTHORIZATION=Bearer s3cr3ts3cr3t'
	assert_status '401 Unauthorized'
}

@test "auth=bearer with a malformed token gets 401 with invalid_token, never 500" {
	cgi 'QUERY_STRING=code=200&auth=bearer' 'HTTP_AUTHORIZATION=Bearer a b'
	assert_status '401 Unauthorized'
	assert_header WWW-Authenticate 'Bearer realm="statuscgi", error="invalid_token", error_description="the token is not accepted"'
	assert_body_line 3 'Why: the Bearer token is malformed'
	cgi 'QUERY_STRING=code=200&auth=bearer' 'HTTP_AUTHORIZATION=Bearer'
	assert_status '401 Unauthorized'
}

@test "auth=bearer with Basic credentials gets 401 with no error code" {
	cgi 'QUERY_STRING=code=200&auth=bearer' "HTTP_AUTHORIZATION=$(basic a:b)"
	assert_header WWW-Authenticate 'Bearer realm="statuscgi"'
	assert_body_line 3 'Why: Authorization is not a Bearer token'
}

@test "auth= decides the challenge even when www-authenticate= is given" {
	cgi 'QUERY_STRING=code=200&auth=bearer&www-authenticate=Digest+realm=x'
	assert_header WWW-Authenticate 'Bearer realm="statuscgi"'
}

@test "with the right credentials a 401 asked for is still a 401, with its usual challenge" {
	cgi 'QUERY_STRING=code=401&auth=bearer' 'HTTP_AUTHORIZATION=Bearer t'
	assert_status '401 Unauthorized'
	assert_header WWW-Authenticate "$BASIC_CHALLENGE"
	assert_equal "$(grep -c '^Why:' <<<"$body")" 0
}

@test "a 401 the credentials caused has no body= and no cache-control= of the answer asked for" {
	cgi 'QUERY_STRING=code=200&auth=bearer&body=hello&cache-control=max-age=60'
	assert_status '401 Unauthorized'
	assert_body_line 0 '401 Unauthorized'
	refute_header Cache-Control
}

@test "auth= from a POSTed form works the same" {
	post_form 'code=200&auth=basic:alice:secret' "HTTP_AUTHORIZATION=$(basic alice:secret)"
	assert_status '200 OK'
	post_form 'code=200&auth=basic:alice:secret'
	assert_status '401 Unauthorized'
}

# methods=

@test "methods=GET,HEAD: DELETE gets 405 with exactly those in Allow, saying why" {
	cgi REQUEST_METHOD=DELETE 'QUERY_STRING=code=200&methods=GET,HEAD'
	assert_status '405 Method Not Allowed'
	assert_header Allow 'GET, HEAD'
	assert_exact_body
	assert_body_line 3 'Why: the method DELETE is not one of those allowed: GET, HEAD'
}

@test "methods=GET,HEAD: GET gets the answer asked for" {
	cgi 'QUERY_STRING=code=200&methods=GET,HEAD'
	assert_status '200 OK'
	refute_header Allow
}

@test "methods=GET: HEAD is a method of its own and gets 405, with no content" {
	cgi REQUEST_METHOD=HEAD 'QUERY_STRING=code=200&methods=GET'
	assert_status '405 Method Not Allowed'
	assert_header Allow 'GET'
	assert_equal "$body_bytes" 0
}

@test "methods= compares case-sensitively (RFC 9110 section 9.1): get does not allow GET" {
	cgi 'QUERY_STRING=code=200&methods=get'
	assert_status '405 Method Not Allowed'
	assert_header Allow 'get'
}

@test "methods= with spaces is sent in Allow as a clean list" {
	cgi REQUEST_METHOD=PATCH 'QUERY_STRING=code=200&methods=PUT+,POST'
	assert_header Allow 'PUT, POST'
}

@test "a 405 asked for says methods= in Allow when allow= is not given" {
	cgi 'QUERY_STRING=code=405&methods=GET,PUT'
	assert_status '405 Method Not Allowed'
	assert_header Allow 'GET, PUT'
}

@test "a CORS preflight is answered whatever methods= says" {
	cgi REQUEST_METHOD=OPTIONS HTTP_ACCESS_CONTROL_REQUEST_METHOD=PUT 'QUERY_STRING=code=200&methods=GET'
	assert_status '204 No Content'
}

@test "methods= from a POSTed form: POST allowed, the answer asked for" {
	post_form 'code=201&methods=POST'
	assert_status '201 Created'
	post_form 'code=201&methods=PUT'
	assert_status '405 Method Not Allowed'
	assert_header Allow 'PUT'
}

# The order a real server checks in.

@test "the method is checked before the credentials" {
	cgi REQUEST_METHOD=DELETE 'QUERY_STRING=code=200&methods=GET&auth=bearer'
	assert_status '405 Method Not Allowed'
}

@test "the credentials are checked before the preconditions" {
	cgi 'QUERY_STRING=code=200&auth=bearer&etag=v1' 'HTTP_IF_NONE_MATCH="v1"'
	assert_status '401 Unauthorized'
	cgi 'QUERY_STRING=code=200&auth=bearer&etag=v1' 'HTTP_IF_NONE_MATCH="v1"' 'HTTP_AUTHORIZATION=Bearer x'
	assert_status '304 Not Modified'
}

@test "the method and credentials are checked whatever code is asked for" {
	cgi REQUEST_METHOD=PUT 'QUERY_STRING=code=503&methods=GET'
	assert_status '405 Method Not Allowed'
	cgi 'QUERY_STRING=code=302&auth=bearer'
	assert_status '401 Unauthorized'
	refute_header Location
}
