# SPDX-License-Identifier: ISC
# helper.bash - run statuscgi as a CGI program and take its answer apart.
# Loaded by every .bats file: `load helper`.

load /usr/lib/bats/bats-support/load.bash
load /usr/lib/bats/bats-assert/load.bash
source "${BASH_SOURCE[0]%/*}/../lib.bash"

export LC_ALL=C
TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
BIN=${STATUSCGI_BIN:-cgi-bin/status.cgi}
case $BIN in /*) ;; *) BIN=$TOP/$BIN ;; esac
NPH=$(dirname "$BIN")/nph-status.cgi

# cgi [VAR=value ...]: runs the program as a CGI with only these variables
# (plus a usual base), stdin from $CGI_STDIN or /dev/null. Fails the test
# if it exits non-zero or writes to stderr (sanitizer reports land there).
# Sets: raw (all output), head (first header block), body (the rest),
# status_line (first line of head).
# With STATUSCGI_TWIN=fcgi, the same request also goes to a FastCGI
# process of the same binary, and the two answers must be the same bytes.
cgi() {
	run_program "$BIN" "$@" || return 1
	[ "${STATUSCGI_TWIN:-}" = fcgi ] || return 0
	local twin=$BATS_TEST_TMPDIR/twin rc=0
	env -i PATH=/usr/bin:/bin $(base_vars) "$@" \
		cgi-fcgi -bind -connect "$BATS_FILE_TMPDIR/fcgi.sock" \
		<"${CGI_STDIN:-/dev/null}" >"$twin" 2>"$BATS_TEST_TMPDIR/twin.err" || rc=$?
	if ! cmp -s "$BATS_TEST_TMPDIR/out" "$twin"; then
		echo "FastCGI answer differs from the CGI one (cgi-fcgi exit $rc):" >&2
		diff <(od -c "$BATS_TEST_TMPDIR/out") <(od -c "$twin") | head -20 >&2
		cat "$BATS_TEST_TMPDIR/twin.err" >&2
		return 1
	fi
}

# cgi_huge [VAR=value ...]: as cgi, for a request whose variables take more
# than a FastCGI params stream may (69,632 bytes: more than nginx, Apache or
# lighttpd send): its FastCGI twin must get no answer, its connection closed
# (docs/fastcgi.md, "Every record checked").
cgi_huge() {
	run_program "$BIN" "$@" || return 1
	[ "${STATUSCGI_TWIN:-}" = fcgi ] || return 0
	local twin=$BATS_TEST_TMPDIR/twin
	env -i PATH=/usr/bin:/bin $(base_vars) "$@" \
		cgi-fcgi -bind -connect "$BATS_FILE_TMPDIR/fcgi.sock" \
		</dev/null >"$twin" 2>/dev/null || true
	if [ -s "$twin" ]; then
		echo "the FastCGI twin answered params past their bound:" >&2
		head -c 300 "$twin" >&2
		return 1
	fi
}

# The variables a web server would set for every request.
base_vars() {
	printf '%s\n' GATEWAY_INTERFACE=CGI/1.1 SERVER_PROTOCOL=HTTP/1.1 \
		REQUEST_METHOD=GET SCRIPT_NAME=/cgi-bin/status.cgi \
		SERVER_NAME=localhost HTTP_HOST=localhost:8080
}

# With STATUSCGI_TWIN=fcgi, each file gets a FastCGI process of its own,
# started with --listen; its stderr must stay empty (sanitizer reports),
# but for the lines of the connections it closes (cgi_huge).
setup_file() {
	[ "${STATUSCGI_TWIN:-}" = fcgi ] || return 0
	env -i PATH=/usr/bin:/bin \
		${ASAN_OPTIONS:+ASAN_OPTIONS=$ASAN_OPTIONS} \
		${UBSAN_OPTIONS:+UBSAN_OPTIONS=$UBSAN_OPTIONS} \
		"$BIN" --listen "unix:$BATS_FILE_TMPDIR/fcgi.sock" --threads 2 \
		2>"$BATS_FILE_TMPDIR/fcgi.err" 3>&- &
	echo $! >"$BATS_FILE_TMPDIR/fcgi.pid"
	wait_socket "$BATS_FILE_TMPDIR/fcgi.sock"
}

teardown_file() {
	[ "${STATUSCGI_TWIN:-}" = fcgi ] || return 0
	local pid rc=0
	pid=$(cat "$BATS_FILE_TMPDIR/fcgi.pid")
	kill -TERM "$pid"
	wait "$pid" || rc=$?
	# Past the lines of connections it closed (cgi_huge), nothing.
	if [ "$rc" -ne 0 ] || grep -qv '^status.cgi: closed a FastCGI connection: ' \
		"$BATS_FILE_TMPDIR/fcgi.err"; then
		echo "the FastCGI twin exited $rc; stderr:" >&2
		cat "$BATS_FILE_TMPDIR/fcgi.err" >&2
		return 1
	fi
}

# nph [VAR=value ...]: the same, run under the nph- name.
nph() {
	run_program "$NPH" "$@"
}

run_program() {
	local prog=$1
	shift
	local out=$BATS_TEST_TMPDIR/out err=$BATS_TEST_TMPDIR/err rc=0
	env -i PATH=/usr/bin:/bin \
		${ASAN_OPTIONS:+ASAN_OPTIONS=$ASAN_OPTIONS} \
		${UBSAN_OPTIONS:+UBSAN_OPTIONS=$UBSAN_OPTIONS} \
		$(base_vars) "$@" "$prog" <"${CGI_STDIN:-/dev/null}" >"$out" 2>"$err" || rc=$?
	if [ "$rc" -ne 0 ] || [ -s "$err" ]; then
		echo "program exited $rc; stderr:" >&2
		cat "$err" >&2
		return 1
	fi
	split_answer "$out"
}

# split_answer FILE: sets raw, head, body, status_line, body_bytes.
split_answer() {
	raw=$(cat "$1"; echo x)
	raw=${raw%x}
	head=${raw%%$'\r\n\r\n'*}
	if [ "$head" = "$raw" ]; then
		echo "no blank line ends the header block" >&2
		return 1
	fi
	body=${raw#*$'\r\n\r\n'}
	status_line=${head%%$'\r\n'*}
	body_bytes=$(( $(wc -c <"$1") - ${#head} - 4 ))
}

# next_answer: moves on to the block after the current head (the final
# answer after an interim 1xx); sets the same variables.
next_answer() {
	printf '%s' "$body" >"$BATS_TEST_TMPDIR/next"
	split_answer "$BATS_TEST_TMPDIR/next"
}

# header NAME: prints the values of NAME in head, one a line.
header() {
	local line name
	while IFS= read -r line; do
		line=${line%$'\r'}
		name=${line%%:*}
		if [ "${name,,}" = "${1,,}" ] && [ "$name" != "$line" ]; then
			printf '%s\n' "${line#*: }"
		fi
	done <<<"$head"
}

assert_status() {
	assert_equal "$status_line" "Status: $1"
}

assert_header() {
	assert_equal "$(header "$1")" "$2"
}

refute_header() {
	assert_equal "$(header "$1")" ""
}

# Every line of the head ends in CRLF, and no line is a bare LF.
assert_crlf() {
	local stripped=${head//$'\r\n'/}
	assert_equal "${stripped//[!$'\n']/}" ""
}

# A body whose Content-Length is exactly its size in bytes.
assert_exact_body() {
	assert_crlf
	[ -n "$(header Content-Type)" ] || fail "no Content-Type"
	assert_equal "$(header Content-Length)" "$body_bytes"
	[ "$body_bytes" -gt 0 ] || fail "empty body"
}

# No content at all: no Content-Type, no Content-Length, nothing after.
assert_no_body() {
	assert_crlf
	refute_header Content-Type
	refute_header Content-Length
	assert_equal "$body_bytes" 0
}

# The one-line 4xx answer to bad input.
assert_refused() {
	assert_status "$1"
	assert_exact_body
	assert_equal "$(header Content-Type)" "text/plain; charset=utf-8"
	assert_equal "$body" "statuscgi: $2"$'\n'
}

# post_form DATA [VAR=value ...]: POSTs DATA as an HTML form would.
post_form() {
	local data=$1
	shift
	printf '%s' "$data" >"$BATS_TEST_TMPDIR/form"
	CGI_STDIN=$BATS_TEST_TMPDIR/form cgi REQUEST_METHOD=POST \
		CONTENT_TYPE=application/x-www-form-urlencoded \
		CONTENT_LENGTH=${#data} "$@"
}

# assert_body_line INDEX TEXT: line INDEX (from 0) of the body is TEXT.
assert_body_line() {
	local -a body_lines
	mapfile -t body_lines <<<"$body"
	assert_equal "${body_lines[$1]}" "$2"
}
