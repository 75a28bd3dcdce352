#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# Run from a shell, with no CGI environment.

load helper

shell() {
	run env -i PATH=/usr/bin:/bin \
		${ASAN_OPTIONS:+ASAN_OPTIONS=$ASAN_OPTIONS} \
		${UBSAN_OPTIONS:+UBSAN_OPTIONS=$UBSAN_OPTIONS} "$BIN" "$@"
}

@test "--help prints usage and exits 0" {
	shell --help
	assert_success
	assert_line --index 0 'usage: status.cgi [QUERY]          print the CGI answer to QUERY'
}

@test "--version prints the version" {
	shell --version
	assert_success
	assert_output --regexp '^statuscgi [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "--list prints every registered code" {
	shell --list
	assert_success
	assert_line --index 0 '100 Continue: The request has begun well: the client may send the rest of its content.'
	assert_equal "${#lines[@]}" 64
}

@test "a query string argument prints the CGI answer" {
	shell 'code=301&location=/x'
	assert_success
	assert_line --index 0 $'Status: 301 Moved Permanently\r'
	assert_line --index 1 $'Location: /x\r'
}

@test "no arguments and no CGI environment print usage and exit 2" {
	shell
	assert_failure 2
	assert_line --index 0 'usage: status.cgi [QUERY]          print the CGI answer to QUERY'
}

@test "an unknown option prints usage and exits 2" {
	shell --frobnicate
	assert_failure 2
}

@test "--help names the parameters that let the request decide" {
	run "$BIN" --help
	assert_success
	assert_output --partial 'cache-control'
	assert_output --partial '  methods auth redirects size drip'
	assert_output --partial 'With methods, auth, etag or last-modified the request decides'
	assert_output --partial 'with size and a
Range header, 206 or 416.'
	assert_output --partial 'STATUSCGI_MAX_SIZE'
}
