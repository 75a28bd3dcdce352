#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# redirects=N with a redirect code: N answers of that code in a chain,
# each Location relative and naming the next hop (hop=K counts the
# answers already given), the last one leading to 200 or to location=.

load helper

@test "redirects=3: the first answer names the second, with hop=1" {
	cgi PATH_INFO=/302 'QUERY_STRING=redirects=3'
	assert_status '302 Found'
	assert_header Location '/cgi-bin/status.cgi/302?redirects=3&hop=1'
	assert_exact_body
	assert_body_line 3 'Why: answer 1 of a chain of 3 redirects'
}

@test "redirects=3: the second answer names the third" {
	cgi PATH_INFO=/302 'QUERY_STRING=redirects=3&hop=1'
	assert_header Location '/cgi-bin/status.cgi/302?redirects=3&hop=2'
	assert_body_line 3 'Why: answer 2 of a chain of 3 redirects'
}

@test "redirects=3: the third and last answer leads to this program's 200" {
	cgi PATH_INFO=/302 'QUERY_STRING=redirects=3&hop=2'
	assert_status '302 Found'
	assert_header Location '/cgi-bin/status.cgi/200'
	assert_body_line 3 'Why: answer 3 of a chain of 3 redirects'
}

@test "redirects=1 is one answer leading to the 200" {
	cgi 'QUERY_STRING=code=307&redirects=1'
	assert_status '307 Temporary Redirect'
	assert_header Location '/cgi-bin/status.cgi/200'
}

@test "the last answer leads to location= when it is given; the others name the next hop" {
	cgi 'QUERY_STRING=code=301&redirects=2&location=/elsewhere'
	assert_header Location '/cgi-bin/status.cgi/301?redirects=2&location=%2Felsewhere&hop=1'
	cgi 'QUERY_STRING=code=301&redirects=2&location=/elsewhere&hop=1'
	assert_header Location '/elsewhere'
}

@test "every hop carries the other parameters, percent-encoded, so each answer is the same" {
	cgi 'QUERY_STRING=code=303&redirects=2&reason=See+There&header=X-A:+b%26c&type=json'
	assert_status '303 See There'
	assert_header Location '/cgi-bin/status.cgi/303?redirects=2&reason=See%20There&header=X-A%3A%20b%26c&type=json&hop=1'
	assert_header X-A 'b&c'
}

@test "a picked code goes into the path; the list does not travel" {
	cgi 'QUERY_STRING=code=301,308&seed=1&redirects=2'
	local picked=${status_line:8:3}
	assert_header Location "/cgi-bin/status.cgi/$picked?seed=1&redirects=2&hop=1"
}

@test "parameters of a POSTed form travel in the next hop's query" {
	post_form 'code=307&redirects=2&reason=Again'
	assert_status '307 Again'
	assert_header Location '/cgi-bin/status.cgi/307?redirects=2&reason=Again&hop=1'
}

@test "a re-POSTed form cannot restart the chain: hop comes only from the Location" {
	printf 'code=307&redirects=2' >"$BATS_TEST_TMPDIR/form"
	CGI_STDIN=$BATS_TEST_TMPDIR/form cgi REQUEST_METHOD=POST \
		CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=20 \
		PATH_INFO=/307 'QUERY_STRING=redirects=2&hop=1'
	assert_header Location '/cgi-bin/status.cgi/200'
}

@test "without a usable SCRIPT_NAME the hop is a query of its own" {
	cgi SCRIPT_NAME= 'QUERY_STRING=code=302&redirects=2'
	assert_header Location '?code=302&redirects=2&hop=1'
}

@test "a HEAD of a hop has the same Location and no content" {
	cgi REQUEST_METHOD=HEAD 'QUERY_STRING=code=302&redirects=4&hop=1'
	assert_header Location '/cgi-bin/status.cgi/302?redirects=4&hop=2'
	assert_equal "$body_bytes" 0
}
