#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# How a caller asks: path or query, the code grammar, lists, weights,
# ranges, seeds, methods, forms, and the index when no code is given.

load helper

@test "a code in the path and the same code in the query give the same bytes" {
	cgi PATH_INFO=/404
	local from_path=$raw
	cgi QUERY_STRING=code=404
	assert_equal "$raw" "$from_path"
}

@test "a code in the query overrides one in the path" {
	cgi PATH_INFO=/404 QUERY_STRING=code=410
	assert_status '410 Gone'
}

@test "a bare code as the whole query is taken as the code" {
	cgi QUERY_STRING=418
	assert_status "418 I'm a teapot"
}

@test "only the first path segment is the code; the rest of the path is ignored" {
	cgi PATH_INFO=/404/any/trailing/path
	assert_status '404 Not Found'
}

@test "without PATH_INFO the code is taken from REQUEST_URI past SCRIPT_NAME" {
	cgi REQUEST_URI='/cgi-bin/status.cgi/%34%30%33?x=1'
	assert_status '403 Forbidden'
}

@test "an empty query and no path answer 200 with the index of all codes" {
	cgi QUERY_STRING=
	assert_status '200 OK'
	assert_exact_body
	assert_body_line 0 '100 Continue: The request has begun well: the client may send the rest of its content.'
	run grep -c '^[1-5][0-9][0-9] ' <<<"$body"
	assert_output 64
}

@test "the index is JSON when Accept asks for it" {
	cgi HTTP_ACCEPT=application/json
	assert_header Content-Type application/json
	assert_header Vary Accept
	run jq -r '.codes | length' <<<"$body"
	assert_output 64
}

@test "the index is HTML with a link for every code when a browser asks" {
	cgi HTTP_ACCEPT='text/html,application/xhtml+xml,*/*;q=0.8'
	assert_header Content-Type 'text/html; charset=utf-8'
	run grep -c '<li><a href="/cgi-bin/status.cgi/[1-5][0-9][0-9]">' <<<"$body"
	assert_output 64
}

# The grammar: exactly three digits, 100-599.

@test "code 'abc' is refused: not three digits" {
	cgi QUERY_STRING=code=abc
	assert_refused '400 Bad Request' 'bad code "abc": a code is exactly three digits, 100 to 599'
}

@test "code '4!9' is refused" {
	cgi 'QUERY_STRING=code=4!9'
	assert_refused '400 Bad Request' 'bad code "4!9": a code is exactly three digits, 100 to 599'
}

@test "code '3.14' is refused" {
	cgi QUERY_STRING=code=3.14
	assert_refused '400 Bad Request' 'bad code "3.14": a code is exactly three digits, 100 to 599'
}

@test "code '0404' is refused: four digits" {
	cgi QUERY_STRING=code=0404
	assert_refused '400 Bad Request' 'bad code "0404": a code is exactly three digits, 100 to 599'
}

@test "code '+404' is refused" {
	cgi QUERY_STRING=code=%2B404
	assert_refused '400 Bad Request' 'bad code "+404": a code is exactly three digits, 100 to 599'
}

@test "code ' 404' (leading space) is refused" {
	cgi QUERY_STRING=code=%20404
	assert_refused '400 Bad Request' 'bad code " 404": a code is exactly three digits, 100 to 599'
}

@test "code '600' is refused: out of range" {
	cgi QUERY_STRING=code=600
	assert_refused '400 Bad Request' 'code 600 is out of range: codes run from 100 to 599'
}

@test "code '099' is refused: out of range" {
	cgi QUERY_STRING=code=099
	assert_refused '400 Bad Request' 'code 099 is out of range: codes run from 100 to 599'
}

@test "code '1000' is refused" {
	cgi QUERY_STRING=code=1000
	assert_refused '400 Bad Request' 'bad code "1000": a code is exactly three digits, 100 to 599'
}

@test "a bad code in the path says it came from the path" {
	cgi PATH_INFO=/abc
	assert_refused '400 Bad Request' 'bad code "abc" (in the path): a code is exactly three digits, 100 to 599'
}

@test "an empty item in a code list is refused" {
	cgi QUERY_STRING=code=200,,500
	assert_refused '400 Bad Request' 'empty item in the code list'
}

@test "a trailing comma in a code list is refused" {
	cgi QUERY_STRING=code=200,
	assert_refused '400 Bad Request' 'empty item in the code list'
}

@test "a bad weight is refused" {
	cgi QUERY_STRING=code=200:x,500:1
	assert_refused '400 Bad Request' 'bad weight "x": a weight is a number like 0.25 (up to 6 digits each side of the point)'
}

@test "a negative weight is refused" {
	cgi QUERY_STRING=code=200:-1
	assert_refused '400 Bad Request' 'bad weight "-1": a weight is a number like 0.25 (up to 6 digits each side of the point)'
}

@test "weights that are all zero are refused" {
	cgi QUERY_STRING=code=200:0,500:0
	assert_refused '400 Bad Request' 'every weight in the code list is zero'
}

@test "a reversed range is refused" {
	cgi QUERY_STRING=code=504-500
	assert_refused '400 Bad Request' 'reversed range 504-500: write the lower code first'
}

# Codes with no registered meaning are still answered, named by class.

@test "299 is answered as 'Successful', its class" {
	cgi PATH_INFO=/299
	assert_status '299 Successful'
	assert_exact_body
	assert_body_line 2 'Not registered: read it as 200, a success. (RFC 9110 §15)'
}

@test "499 is answered as 'Client Error', its class" {
	cgi PATH_INFO=/499
	assert_status '499 Client Error'
	assert_exact_body
}

@test "599 is answered as 'Server Error', its class" {
	cgi PATH_INFO=/599
	assert_status '599 Server Error'
	assert_exact_body
}

# Lists, weights, ranges and seeds.

# picks SPEC N: prints the codes picked for seeds 1..N, one a line.
picks() {
	local i
	for i in $(seq 1 "$2"); do
		cgi "QUERY_STRING=code=$1&seed=$i"
		echo "${status_line:8:3}"
	done
}

@test "the same seed picks the same code from a list every time" {
	cgi 'QUERY_STRING=code=200,500,503&seed=7'
	local first=$status_line
	for i in 1 2 3 4 5; do
		cgi 'QUERY_STRING=code=200,500,503&seed=7'
		assert_equal "$status_line" "$first"
	done
}

@test "a list picks only its own codes, and each of them for some seed" {
	run picks 200,500,503 40
	assert_equal "$(sort -u <<<"$output" | tr '\n' ' ')" '200 500 503 '
}

@test "a code weighted zero is never picked" {
	run picks 200:1,500:0 40
	assert_equal "$(sort -u <<<"$output")" 200
}

@test "weights pick in proportion: 200:0.9,500:0.1 gives mostly 200" {
	run picks 200:0.9,500:0.1 100
	local n200
	n200=$(grep -c 200 <<<"$output")
	[ "$n200" -ge 80 ] && [ "$n200" -le 98 ] || fail "200 picked $n200 times of 100"
}

@test "a range expands to every code in it" {
	run picks 500-504 60
	assert_equal "$(sort -u <<<"$output" | tr '\n' ' ')" '500 501 502 503 504 '
}

@test "a bad seed is refused" {
	cgi 'QUERY_STRING=code=200,500&seed=x'
	assert_refused '400 Bad Request' 'seed must be a whole number of at most 19 digits'
}

# Methods and bodies.

@test "any method gets the chosen status" {
	for m in PUT DELETE PATCH PROPFIND; do
		cgi REQUEST_METHOD=$m PATH_INFO=/409
		assert_status '409 Conflict'
		assert_exact_body
	done
}

@test "a POSTed form is read as parameters" {
	post_form 'code=418&reason=Short+and+Stout'
	assert_status '418 Short and Stout'
}

@test "a POSTed form with a charset parameter is still a form" {
	printf 'code=404' >"$BATS_TEST_TMPDIR/form"
	CGI_STDIN=$BATS_TEST_TMPDIR/form cgi REQUEST_METHOD=POST \
		'CONTENT_TYPE=application/x-www-form-urlencoded; charset=UTF-8' CONTENT_LENGTH=8
	assert_status '404 Not Found'
}

@test "a POSTed JSON body is read and ignored" {
	printf '{"code": 500}' >"$BATS_TEST_TMPDIR/json"
	CGI_STDIN=$BATS_TEST_TMPDIR/json cgi REQUEST_METHOD=POST PATH_INFO=/201 \
		CONTENT_TYPE=application/json CONTENT_LENGTH=13
	assert_status '201 Created'
}

@test "a form body reads no more than CONTENT_LENGTH" {
	printf 'code=404&code=500' >"$BATS_TEST_TMPDIR/form"
	CGI_STDIN=$BATS_TEST_TMPDIR/form cgi REQUEST_METHOD=POST \
		CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=8
	assert_status '404 Not Found'
}

@test "a bad CONTENT_LENGTH is refused" {
	cgi REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=12x
	assert_refused '400 Bad Request' 'CONTENT_LENGTH is not a number'
}
