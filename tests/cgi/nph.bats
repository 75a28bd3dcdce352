#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# Under an nph- name the program writes the whole response head itself
# (RFC 3875 §5): status line, Date, Connection: close, exact framing.

load helper

@test "NPH writes an HTTP status line in the request's protocol" {
	nph PATH_INFO=/404
	assert_equal "$status_line" 'HTTP/1.1 404 Not Found'
	nph PATH_INFO=/404 SERVER_PROTOCOL=HTTP/1.0
	assert_equal "$status_line" 'HTTP/1.0 404 Not Found'
}

@test "NPH sends Date, Connection: close and an exact Content-Length" {
	nph PATH_INFO=/503
	[[ $(header Date) =~ ^(Mon|Tue|Wed|Thu|Fri|Sat|Sun),\ [0-9]{2}\ [A-Z][a-z]{2}\ [0-9]{4}\ [0-9]{2}:[0-9]{2}:[0-9]{2}\ GMT$ ]]
	assert_header Connection close
	assert_header Retry-After 5
	assert_exact_body
}

@test "NPH keeps a custom reason phrase on the wire" {
	nph 'QUERY_STRING=code=404&reason=Gone+Fishing'
	assert_equal "$status_line" 'HTTP/1.1 404 Gone Fishing'
}

@test "NPH answers HEAD with the headers and no content" {
	nph REQUEST_METHOD=HEAD PATH_INFO=/200
	assert_equal "$status_line" 'HTTP/1.1 200 OK'
	[ "$(header Content-Length)" -gt 0 ]
	assert_equal "$body_bytes" 0
}

@test "NPH sends no Content-Length with a 204" {
	nph PATH_INFO=/204
	assert_equal "$status_line" 'HTTP/1.1 204 No Content'
	assert_no_body
}

@test "NPH sends a real 103 interim response, then the final 200" {
	nph PATH_INFO=/103
	assert_equal "$head" $'HTTP/1.1 103 Early Hints\r\nLink: </statuscgi.css>; rel=preload; as=style'
	next_answer
	assert_equal "$status_line" 'HTTP/1.1 200 OK'
	assert_header Connection close
	assert_header Link '</statuscgi.css>; rel=preload; as=style'
	assert_exact_body
}

@test "NPH sends 100 Continue, then the code named by then=" {
	nph 'QUERY_STRING=code=100&then=201'
	assert_equal "$head" 'HTTP/1.1 100 Continue'
	next_answer
	assert_equal "$status_line" 'HTTP/1.1 201 Created'
	assert_exact_body
}

@test "NPH sends no interim response to an HTTP/1.0 client" {
	nph PATH_INFO=/103 SERVER_PROTOCOL=HTTP/1.0
	assert_equal "$status_line" 'HTTP/1.0 200 OK'
}

@test "NPH 101 names Upgrade as a connection option and sends nothing after" {
	nph PATH_INFO=/101
	assert_equal "$status_line" 'HTTP/1.1 101 Switching Protocols'
	assert_header Upgrade websocket
	assert_header Connection Upgrade
	assert_no_body
}

@test "NPH refusals are whole HTTP responses too" {
	nph PATH_INFO=/abc
	assert_equal "$status_line" 'HTTP/1.1 400 Bad Request'
	assert_header Connection close
	assert_exact_body
}

@test "NPH sends a real 103 whatever the server" {
	nph PATH_INFO=/103 SERVER_SOFTWARE=Apache/2.4.62
	assert_equal "$status_line" 'HTTP/1.1 103 Early Hints'
	next_answer
	assert_equal "$status_line" 'HTTP/1.1 200 OK'
}
