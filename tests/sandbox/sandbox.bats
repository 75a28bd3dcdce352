#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The seccomp sandbox (src/sandbox.c): every mode runs under its filter
# with no_new_privs, and each filter kills a process that tries what it
# must not (build/trysys, tests/sandbox/trysys.c); the supervisor's and a
# worker's record the call first, and the supervisor names it when a
# worker dies so (HOOK_BIN: a test build whose workers make a system call
# a request names). STATUSCGI_SANDBOX=off turns it off.

load ../fcgi/helper

TRYSYS=$TOP/build/trysys
NPH=$(dirname "$BIN")/nph-status.cgi
HOOK_BIN=${STATUSCGI_HOOK_BIN:-build/hook/status.cgi}
case $HOOK_BIN in /*) ;; *) HOOK_BIN=$TOP/$HOOK_BIN ;; esac

teardown() {
	if [ -n "${PID:-}" ]; then
		{ kill -TERM "$PID"; wait "$PID"; } 2>/dev/null || true
	fi
	if [ -n "${CGI_PID:-}" ]; then
		{ kill -KILL "$CGI_PID"; wait "$CGI_PID"; } 2>/dev/null || true
	fi
}

# sandboxed PID: PID's /proc status says filter mode (2) and no_new_privs.
sandboxed() {
	run grep -E '^(Seccomp|NoNewPrivs):' "/proc/$1/status"
	assert_line --regexp '^Seccomp:[[:space:]]+2$'
	assert_line --regexp '^NoNewPrivs:[[:space:]]+1$'
}

# sleeping_cgi [VAR=value ...]: starts a CGI process that sleeps 5 s
# before answering; its PID goes to CGI_PID.
sleeping_cgi() {
	env -i PATH=/usr/bin:/bin GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET \
		'QUERY_STRING=code=200&sleep=5000' "$@" "$BIN" >/dev/null &
	CGI_PID=$!
	sleep 0.5
	running "$CGI_PID"
}

# dies_by_sigsys MODE CALL: under MODE's filter, CALL kills the process
# with SIGSYS at once, recording nothing.
dies_by_sigsys() {
	run "$TRYSYS" "$1" "$2"
	assert_success
	assert_output "$2: killed by signal 31"
}

# recorded_and_killed MODE CALL: under MODE's filter, CALL kills the
# process with SIGSYS once its sandbox has recorded that very call.
recorded_and_killed() {
	run "$TRYSYS" "$1" "$2"
	assert_success
	assert_output "$2: killed by signal 31, recorded"
}

# i386_calls: whether this machine takes 32-bit system calls (int 0x80).
i386_calls() {
	[ "$(uname -m)" = x86_64 ] &&
		[ "$("$TRYSYS" none int80)" = "int80: allowed (exit 0)" ]
}

# syscall_nr NAME: this architecture's number of system call NAME.
syscall_nr() {
	case $(uname -m):$1 in
	x86_64:socket) echo 41 ;;
	x86_64:eventfd2) echo 290 ;;
	aarch64:socket) echo 198 ;;
	aarch64:eventfd2) echo 19 ;;
	*) return 1 ;;
	esac
}

# replaced VICTIM: waits (at most 5 s) until the one worker is another
# than VICTIM, which the supervisor has reaped.
replaced() {
	local i
	for i in $(seq 100); do
		if [ "$(workers | wc -l)" -eq 1 ] && [ "$(workers)" != "$1" ]; then
			return 0
		fi
		sleep 0.05
	done
	echo "worker $1 was not replaced" >&2
	return 1
}

# make_worker_call NAME: starts HOOK_BIN with one worker and has it make
# system call NAME, with zero arguments, for a request; the worker's PID
# goes to victim. Skips on an architecture whose numbers are not here.
make_worker_call() {
	nr=$(syscall_nr "$1") || skip "no system call numbers for $(uname -m)"
	BIN=$HOOK_BIN start --processes 1
	wait_workers 1
	victim=$(workers)
	ask "$SOCK" "STATUSCGI_TEST_SYSCALL=$nr" || true
}

# allowed MODE CALL: under MODE's filter (or none), CALL returns.
allowed() {
	run "$TRYSYS" "$1" "$2"
	assert_success
	assert_output "$2: allowed (exit 0)"
}

# ---- every mode runs sandboxed ------------------------------------------

@test "a FastCGI worker runs under a seccomp filter with no_new_privs" {
	start --processes 1
	wait_workers 1
	sandboxed "$(workers)"
}

@test "the FastCGI supervisor runs under a seccomp filter with no_new_privs" {
	start --processes 1
	wait_workers 1
	sandboxed "$PID"
}

@test "a CGI process runs under a seccomp filter with no_new_privs while it sleeps" {
	sleeping_cgi
	sandboxed "$CGI_PID"
}

@test "an NPH process runs under a seccomp filter with no_new_privs while it sleeps" {
	BIN=$NPH sleeping_cgi
	sandboxed "$CGI_PID"
}

@test "STATUSCGI_SANDBOX=off runs a CGI process without a filter" {
	sleeping_cgi STATUSCGI_SANDBOX=off
	run grep '^Seccomp:' "/proc/$CGI_PID/status"
	assert_output --regexp '^Seccomp:[[:space:]]+0$'
}

@test "STATUSCGI_SANDBOX=off runs FastCGI workers without a filter" {
	env -i PATH=/usr/bin:/bin STATUSCGI_SANDBOX=off "$BIN" \
		--listen "unix:$SOCK" --processes 1 3>&- &
	PID=$!
	wait_socket "$SOCK"
	wait_workers 1
	run grep '^Seccomp:' "/proc/$(workers)/status"
	assert_output --regexp '^Seccomp:[[:space:]]+0$'
}

@test "STATUSCGI_SANDBOX other than on or off is refused" {
	run env -i GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET \
		STATUSCGI_SANDBOX=no "$BIN"
	assert_failure 1
	assert_output 'status.cgi: STATUSCGI_SANDBOX takes on or off'
}

@test "the sandboxed programs still answer: CGI, and FastCGI through a worker" {
	run env -i GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET \
		QUERY_STRING=code=418 "$BIN"
	assert_success
	assert_line --index 0 $'Status: 418 I\'m a teapot\r'
	start --processes 1
	ask "$SOCK" PATH_INFO=/429
	assert_equal "$status_line" 'Status: 429 Too Many Requests'
}

@test "a worker killed by a SIGSYS from outside is replaced and logged with no system call" {
	start --processes 1
	wait_workers 1
	local victim
	victim=$(workers)
	kill -SYS "$victim"
	replaced "$victim"
	run cat "$BATS_TEST_TMPDIR/server.err"
	assert_output "status.cgi: worker 1 (pid $victim) was killed by signal 31 (Bad system call), no system call recorded; replaced"
}

@test "a worker that makes a system call both filters refuse is replaced, and the log names the call" {
	make_worker_call socket
	replaced "$victim"
	run cat "$BATS_TEST_TMPDIR/server.err"
	assert_output "status.cgi: worker 1 (pid $victim) was killed by the sandbox: system call $nr (socket) refused; replaced"
}

@test "a worker that makes a system call only its own filter refuses is replaced, and the log names the call" {
	# eventfd2: the supervisor's filter allows it (a new worker sets up
	# its stop eventfd under it), the worker's does not.
	make_worker_call eventfd2
	replaced "$victim"
	run cat "$BATS_TEST_TMPDIR/server.err"
	assert_output "status.cgi: worker 1 (pid $victim) was killed by the sandbox: system call $nr (eventfd2) refused; replaced"
}

@test "the replacement of a worker the sandbox killed answers" {
	make_worker_call socket
	replaced "$victim"
	wait_workers 1
	ask "$SOCK" PATH_INFO=/429
	assert_equal "$status_line" 'Status: 429 Too Many Requests'
}

@test "the installed build has no test hook: STATUSCGI_TEST_SYSCALL is ignored" {
	nr=$(syscall_nr socket) || skip "no system call numbers for $(uname -m)"
	BIN=$TOP/cgi-bin/status.cgi start --processes 1
	wait_workers 1
	victim=$(workers)
	ask "$SOCK" "STATUSCGI_TEST_SYSCALL=$nr" PATH_INFO=/418
	assert_equal "$status_line" "Status: 418 I'm a teapot"
	assert_equal "$(workers)" "$victim"
}

# ---- what each filter forbids (build/trysys) ----------------------------

@test "without a filter every call below works (the test program can tell)" {
	local c
	for c in open openat execve socket connect fork newuser ptrace stat \
	    fstat write sigaction; do
		allowed none "$c"
	done
}

@test "the CGI filter kills open" { dies_by_sigsys cgi open; }
@test "the CGI filter kills openat" { dies_by_sigsys cgi openat; }
@test "the CGI filter kills execve" { dies_by_sigsys cgi execve; }
@test "the CGI filter kills socket" { dies_by_sigsys cgi socket; }
@test "the CGI filter kills connect" { dies_by_sigsys cgi connect; }
@test "the CGI filter kills fork" { dies_by_sigsys cgi fork; }
@test "the CGI filter kills ptrace" { dies_by_sigsys cgi ptrace; }
@test "the CGI filter kills stat of a path" { dies_by_sigsys cgi stat; }
@test "the CGI filter kills a 32-bit system call" {
	i386_calls || skip "no 32-bit system calls on this machine"
	dies_by_sigsys cgi int80
}
@test "the CGI filter allows write" { allowed cgi write; }
@test "the CGI filter allows fstat" { allowed cgi fstat; }

@test "the worker filter records and kills open" { recorded_and_killed worker open; }
@test "the worker filter records and kills openat" { recorded_and_killed worker openat; }
@test "the worker filter records and kills execve" { recorded_and_killed worker execve; }
@test "the worker filter records and kills socket" { recorded_and_killed worker socket; }
@test "the worker filter records and kills connect" { recorded_and_killed worker connect; }
@test "the worker filter records and kills fork" { recorded_and_killed worker fork; }
@test "the worker filter records and kills ptrace" { recorded_and_killed worker ptrace; }
@test "the worker filter records and kills stat of a path" { recorded_and_killed worker stat; }
@test "the worker filter records and kills a new SIGSYS handler" { recorded_and_killed worker sigaction; }
@test "the worker filter records and kills a 32-bit system call" {
	i386_calls || skip "no 32-bit system calls on this machine"
	recorded_and_killed worker int80
}
@test "the worker filter allows write" { allowed worker write; }

@test "the supervisor filter records and kills open" { recorded_and_killed supervisor open; }
@test "the supervisor filter records and kills openat" { recorded_and_killed supervisor openat; }
@test "the supervisor filter records and kills execve" { recorded_and_killed supervisor execve; }
@test "the supervisor filter records and kills socket" { recorded_and_killed supervisor socket; }
@test "the supervisor filter records and kills connect" { recorded_and_killed supervisor connect; }
@test "the supervisor filter records and kills ptrace" { recorded_and_killed supervisor ptrace; }
@test "the supervisor filter records and kills a clone into a new user namespace" { recorded_and_killed supervisor newuser; }
@test "the supervisor filter records and kills a new SIGSYS handler" { recorded_and_killed supervisor sigaction; }
@test "the supervisor filter records and kills a 32-bit system call" {
	i386_calls || skip "no 32-bit system calls on this machine"
	recorded_and_killed supervisor int80
}
@test "the supervisor filter allows fork, to replace workers" { allowed supervisor fork; }
