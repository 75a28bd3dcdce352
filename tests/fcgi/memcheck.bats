#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# valgrind memcheck over 1,000 FastCGI requests of mixed kinds (parked
# waits and kept-alive connections among them): no errors, no leaks in the
# supervisor or its workers, and a graceful exit.

load helper

# valgrind cannot follow malloc into a static binary: memcheck runs the
# dynamically linked build of the same sources (make build/dyn/status.cgi),
# without the seccomp sandbox: valgrind does not know seccomp(2), and its
# own system calls would meet the filters.
VBIN=${STATUSCGI_VALGRIND_BIN:-$TOP/build/dyn/status.cgi}

# The kinds of request, cycled: VAR=value lists, split on '|'.
KINDS=(
	'PATH_INFO=/404'
	'QUERY_STRING=code=301&location=/x&header=X-A:+1&type=json'
	'QUERY_STRING=code=206&content-range=bytes+0-499/1000'
	'QUERY_STRING=code=103&link=</a.css>;+rel=preload'
	'QUERY_STRING=code=200,500:0.5,502-504&seed=9'
	'QUERY_STRING=code=abc'
	'QUERY_STRING=code=302&location=//evil.example'
	'QUERY_STRING=code=401&type=html&reason=<b>x</b>'
	'QUERY_STRING=|HTTP_ACCEPT=text/html'
	'REQUEST_METHOD=HEAD|PATH_INFO=/503'
	'QUERY_STRING=code=200&header=Connection:+close'
	'QUERY_STRING=code=304&etag=v1&last-modified=Sun,+06+Nov+1994+08:49:37+GMT'
	'QUERY_STRING=code=200&sleep=20'
	'QUERY_STRING=code=103&sleep=10'
)

@test "valgrind finds no errors and no leaks over 1,000 mixed FastCGI requests" {
	local log=$BATS_TEST_TMPDIR/valgrind.log i kind rc=0 answered=0
	# a log per process: the supervisor and each worker it forks
	STATUSCGI_SANDBOX=off valgrind --quiet --leak-check=full \
		--show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible \
		--error-exitcode=99 --log-file="$log.%p" \
		"$VBIN" --listen "unix:$SOCK" --processes 2 --threads 2 3>&- &
	PID=$!
	wait_socket "$SOCK"
	printf 'code=418&reason=Short' >"$BATS_TEST_TMPDIR/form"
	for i in $(seq 0 999); do
		if [ $((i % 13)) -eq 12 ]; then
			ASK_STDIN=$BATS_TEST_TMPDIR/form ask "$SOCK" REQUEST_METHOD=POST \
				CONTENT_TYPE=application/x-www-form-urlencoded CONTENT_LENGTH=21
		else
			kind=${KINDS[$((i % 13 % ${#KINDS[@]}))]}
			IFS='|' read -r -a vars <<<"$kind"
			ask "$SOCK" "${vars[@]}"
		fi
		[[ $status_line == Status:\ [1-5][0-9][0-9]\ * ]] && answered=$((answered + 1))
	done
	assert_equal "$answered" 1000
	run "$CLIENT" "$SOCK" keep 50 'QUERY_STRING=code=200,404&sleep=5'
	assert_success
	"$CLIENT" "$SOCK" idle 10
	kill -TERM "$PID"
	wait "$PID" || rc=$?
	cat "$log".*
	assert_equal "$rc" 0
	assert [ "$(ls "$log".* | wc -l)" -ge 3 ]
	assert_equal "$(cat "$log".*)" ''
}
