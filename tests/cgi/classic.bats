#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The classic set: for each code, the exact status line, the headers the
# status needs, and content or none, with an exact Content-Length.

load helper

@test "200 answers 'OK' with Accept-Ranges and a text body" {
	cgi PATH_INFO=/200
	assert_status '200 OK'
	assert_header Accept-Ranges 'none'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '200 OK'
}

@test "201 answers 'Created' with Location and a text body" {
	cgi PATH_INFO=/201
	assert_status '201 Created'
	assert_header Location '/cgi-bin/status.cgi/200'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '201 Created'
}

@test "202 answers 'Accepted' with a text body" {
	cgi PATH_INFO=/202
	assert_status '202 Accepted'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '202 Accepted'
}

@test "203 answers 'Non-Authoritative Information' with a text body" {
	cgi PATH_INFO=/203
	assert_status '203 Non-Authoritative Information'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '203 Non-Authoritative Information'
}

@test "204 answers 'No Content' with no content" {
	cgi PATH_INFO=/204
	assert_status '204 No Content'
	assert_no_body
}

@test "205 answers 'Reset Content' with no content but Content-Length: 0" {
	cgi PATH_INFO=/205
	assert_status '205 Reset Content'
	assert_crlf
	refute_header Content-Type
	assert_header Content-Length 0
	assert_equal "$body_bytes" 0
}

@test "206 answers 'Partial Content' with Content-Range and the 100 bytes it names" {
	cgi PATH_INFO=/206
	assert_status '206 Partial Content'
	assert_header Content-Range 'bytes 0-99/1000'
	assert_exact_body
	assert_equal "$body_bytes" 100
}

@test "300 answers 'Multiple Choices' with a text body" {
	cgi PATH_INFO=/300
	assert_status '300 Multiple Choices'
	refute_header Location
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '300 Multiple Choices'
}

@test "301 answers 'Moved Permanently' with Location and a text body" {
	cgi PATH_INFO=/301
	assert_status '301 Moved Permanently'
	assert_header Location '/cgi-bin/status.cgi/200'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '301 Moved Permanently'
}

@test "302 answers 'Found' with Location and a text body" {
	cgi PATH_INFO=/302
	assert_status '302 Found'
	assert_header Location '/cgi-bin/status.cgi/200'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '302 Found'
}

@test "303 answers 'See Other' with Location and a text body" {
	cgi PATH_INFO=/303
	assert_status '303 See Other'
	assert_header Location '/cgi-bin/status.cgi/200'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '303 See Other'
}

@test "304 answers 'Not Modified' with no content" {
	cgi PATH_INFO=/304
	assert_status '304 Not Modified'
	refute_header Location
	assert_no_body
}

@test "305 answers 'Use Proxy' with Location and a text body" {
	cgi PATH_INFO=/305
	assert_status '305 Use Proxy'
	assert_header Location '/cgi-bin/status.cgi/200'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '305 Use Proxy'
}

@test "307 answers 'Temporary Redirect' with Location and a text body" {
	cgi PATH_INFO=/307
	assert_status '307 Temporary Redirect'
	assert_header Location '/cgi-bin/status.cgi/200'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '307 Temporary Redirect'
}

@test "308 answers 'Permanent Redirect' with Location and a text body" {
	cgi PATH_INFO=/308
	assert_status '308 Permanent Redirect'
	assert_header Location '/cgi-bin/status.cgi/200'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '308 Permanent Redirect'
}

@test "400 answers 'Bad Request' with a text body" {
	cgi PATH_INFO=/400
	assert_status '400 Bad Request'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '400 Bad Request'
}

@test "401 answers 'Unauthorized' with WWW-Authenticate and a text body" {
	cgi PATH_INFO=/401
	assert_status '401 Unauthorized'
	assert_header WWW-Authenticate 'Basic realm="statuscgi", charset="UTF-8"'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '401 Unauthorized'
}

@test "402 answers 'Payment Required' with a text body" {
	cgi PATH_INFO=/402
	assert_status '402 Payment Required'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '402 Payment Required'
}

@test "403 answers 'Forbidden' with a text body" {
	cgi PATH_INFO=/403
	assert_status '403 Forbidden'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '403 Forbidden'
}

@test "404 answers 'Not Found' with a text body" {
	cgi PATH_INFO=/404
	assert_status '404 Not Found'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '404 Not Found'
}

@test "405 answers 'Method Not Allowed' with Allow and a text body" {
	cgi PATH_INFO=/405
	assert_status '405 Method Not Allowed'
	assert_header Allow 'GET, HEAD, POST, OPTIONS'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '405 Method Not Allowed'
}

@test "406 answers 'Not Acceptable' with a text body" {
	cgi PATH_INFO=/406
	assert_status '406 Not Acceptable'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '406 Not Acceptable'
}

@test "407 answers 'Proxy Authentication Required' with Proxy-Authenticate and a text body" {
	cgi PATH_INFO=/407
	assert_status '407 Proxy Authentication Required'
	assert_header Proxy-Authenticate 'Basic realm="statuscgi"'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '407 Proxy Authentication Required'
}

@test "408 answers 'Request Timeout' with a text body" {
	cgi PATH_INFO=/408
	assert_status '408 Request Timeout'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '408 Request Timeout'
}

@test "409 answers 'Conflict' with a text body" {
	cgi PATH_INFO=/409
	assert_status '409 Conflict'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '409 Conflict'
}

@test "410 answers 'Gone' with a text body" {
	cgi PATH_INFO=/410
	assert_status '410 Gone'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '410 Gone'
}

@test "411 answers 'Length Required' with a text body" {
	cgi PATH_INFO=/411
	assert_status '411 Length Required'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '411 Length Required'
}

@test "412 answers 'Precondition Failed' with a text body" {
	cgi PATH_INFO=/412
	assert_status '412 Precondition Failed'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '412 Precondition Failed'
}

@test "413 answers 'Content Too Large' with a text body" {
	cgi PATH_INFO=/413
	assert_status '413 Content Too Large'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '413 Content Too Large'
}

@test "414 answers 'URI Too Long' with a text body" {
	cgi PATH_INFO=/414
	assert_status '414 URI Too Long'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '414 URI Too Long'
}

@test "415 answers 'Unsupported Media Type' with a text body" {
	cgi PATH_INFO=/415
	assert_status '415 Unsupported Media Type'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '415 Unsupported Media Type'
}

@test "416 answers 'Range Not Satisfiable' with Content-Range and a text body" {
	cgi PATH_INFO=/416
	assert_status '416 Range Not Satisfiable'
	assert_header Content-Range 'bytes */1000'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '416 Range Not Satisfiable'
}

@test "421 answers 'Misdirected Request' with a text body" {
	cgi PATH_INFO=/421
	assert_status '421 Misdirected Request'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '421 Misdirected Request'
}

@test "422 answers 'Unprocessable Content' with a text body" {
	cgi PATH_INFO=/422
	assert_status '422 Unprocessable Content'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '422 Unprocessable Content'
}

@test "425 answers 'Too Early' with a text body" {
	cgi PATH_INFO=/425
	assert_status '425 Too Early'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '425 Too Early'
}

@test "426 answers 'Upgrade Required' with Upgrade and a text body" {
	cgi PATH_INFO=/426
	assert_status '426 Upgrade Required'
	assert_header Upgrade 'TLS/1.2, HTTP/1.1'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '426 Upgrade Required'
}

@test "428 answers 'Precondition Required' with a text body" {
	cgi PATH_INFO=/428
	assert_status '428 Precondition Required'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '428 Precondition Required'
}

@test "429 answers 'Too Many Requests' with Retry-After and a text body" {
	cgi PATH_INFO=/429
	assert_status '429 Too Many Requests'
	assert_header Retry-After '5'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '429 Too Many Requests'
}

@test "431 answers 'Request Header Fields Too Large' with a text body" {
	cgi PATH_INFO=/431
	assert_status '431 Request Header Fields Too Large'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '431 Request Header Fields Too Large'
}

@test "451 answers 'Unavailable For Legal Reasons' with a text body" {
	cgi PATH_INFO=/451
	assert_status '451 Unavailable For Legal Reasons'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '451 Unavailable For Legal Reasons'
}

@test "500 answers 'Internal Server Error' with a text body" {
	cgi PATH_INFO=/500
	assert_status '500 Internal Server Error'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '500 Internal Server Error'
}

@test "501 answers 'Not Implemented' with a text body" {
	cgi PATH_INFO=/501
	assert_status '501 Not Implemented'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '501 Not Implemented'
}

@test "502 answers 'Bad Gateway' with a text body" {
	cgi PATH_INFO=/502
	assert_status '502 Bad Gateway'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '502 Bad Gateway'
}

@test "503 answers 'Service Unavailable' with Retry-After and a text body" {
	cgi PATH_INFO=/503
	assert_status '503 Service Unavailable'
	assert_header Retry-After '5'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '503 Service Unavailable'
}

@test "504 answers 'Gateway Timeout' with a text body" {
	cgi PATH_INFO=/504
	assert_status '504 Gateway Timeout'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '504 Gateway Timeout'
}

@test "505 answers 'HTTP Version Not Supported' with a text body" {
	cgi PATH_INFO=/505
	assert_status '505 HTTP Version Not Supported'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '505 HTTP Version Not Supported'
}

@test "511 answers 'Network Authentication Required' with a text body" {
	cgi PATH_INFO=/511
	assert_status '511 Network Authentication Required'
	assert_exact_body
	assert_equal "${body%%$'\n'*}" '511 Network Authentication Required'
}

@test "100 answers 'Continue' as an interim block, then a final 200" {
	cgi PATH_INFO=/100
	assert_status '100 Continue'
	assert_crlf
	assert_equal "$head" 'Status: 100 Continue'
	next_answer
	assert_status '200 OK'
	assert_exact_body
}

@test "101 answers 'Switching Protocols' with Upgrade and nothing after it" {
	cgi PATH_INFO=/101
	assert_status '101 Switching Protocols'
	assert_header Upgrade websocket
	assert_no_body
}

@test "103 answers 'Early Hints' with a Link, then a final 200" {
	cgi PATH_INFO=/103
	assert_status '103 Early Hints'
	assert_header Link '</statuscgi.css>; rel=preload; as=style'
	refute_header Content-Type
	next_answer
	assert_status '200 OK'
	assert_exact_body
}
