#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The FastCGI service: a wait holds no thread, kept-alive connections hold
# none while idle, a worker that dies is replaced, a stop drains.

load helper

teardown() {
	# LOOPS: the background loops a test started
	if [ -n "${LOOPS:-}" ]; then
		kill $LOOPS 2>/dev/null || true
	fi
	stop_started
}

# ---- parking ----------------------------------------------------------

@test "a sleeping answer holds no thread: with one thread, a request sent after 20 sleepers answers at once" {
	start --processes 1 --threads 1
	local i
	for i in $(seq 20); do
		ask "$SOCK" 'QUERY_STRING=code=200&sleep=4000' &
	done
	sleep 0.3
	answer=$(timeout 1 "$CLIENT" "$SOCK" get PATH_INFO=/404)
	assert_equal "${answer%%$'\r'*}" 'Status: 404 Not Found'
}

@test "every parked answer comes, after its own wait" {
	start --processes 1 --threads 1
	local i pids=()
	for i in $(seq 20); do
		( ask "$SOCK" "QUERY_STRING=code=$((200 + i))&sleep=$((300 + 40 * i))"
		  echo "$status_line" >"$BATS_TEST_TMPDIR/slow.$i" ) &
		pids+=($!)
	done
	wait "${pids[@]}"
	for i in $(seq 20); do
		[[ $(cat "$BATS_TEST_TMPDIR/slow.$i") == "Status: $((200 + i)) "* ]]
	done
}

@test "the wait between a 1xx and its final answer is parked too" {
	start --processes 1 --threads 1
	ask "$SOCK" 'QUERY_STRING=code=103&link=</a.css>;+rel=preload&sleep=3000' \
		>"$BATS_TEST_TMPDIR/early" &
	sleep 0.3
	answer=$(timeout 1 "$CLIENT" "$SOCK" get PATH_INFO=/409)
	assert_equal "${answer%%$'\r'*}" 'Status: 409 Conflict'
}

@test "a dripping answer holds no thread: with one thread, a request sent after 20 drips answers at once" {
	start --processes 1 --threads 1
	local i
	for i in $(seq 20); do
		ask "$SOCK" 'QUERY_STRING=code=200&size=1000&drip=4000' &
	done
	sleep 0.3
	answer=$(timeout 1 "$CLIENT" "$SOCK" get PATH_INFO=/404)
	assert_equal "${answer%%$'\r'*}" 'Status: 404 Not Found'
}

@test "every dripping answer arrives whole, each byte of its pattern in place" {
	start --processes 1 --threads 1
	local i pids=() want
	want=$("$BIN" 'code=200&size=5000' | tail -c 5000 | md5sum)
	for i in $(seq 10); do
		( timeout 10 "$CLIENT" "$SOCK" get 'QUERY_STRING=code=200&size=5000&drip=1000' |
		  tail -c 5000 | md5sum >"$BATS_TEST_TMPDIR/drip.$i" ) &
		pids+=($!)
	done
	wait "${pids[@]}"
	for i in $(seq 10); do
		assert_equal "$(cat "$BATS_TEST_TMPDIR/drip.$i")" "$want"
	done
}

@test "a 1 GiB size= answer streams through a worker whose memory stays flat" {
	start --processes 1 --threads 1
	local w rss before after
	w=$(workers | head -n 1)
	before=$(awk '/^VmRSS/ {print $2}' "/proc/$w/status")
	env -i REQUEST_METHOD=GET 'QUERY_STRING=code=200&size=1073741824' \
		cgi-fcgi -bind -connect "$SOCK" |
		{ sleep 1; wc -c >"$BATS_TEST_TMPDIR/got"; } &
	local reader=$!
	sleep 0.5
	rss=$(awk '/^VmHWM/ {print $2}' "/proc/$w/status")
	wait "$reader"
	after=$(awk '/^VmHWM/ {print $2}' "/proc/$w/status")
	echo "worker RSS before ${before} KiB, high water mid-stream ${rss} KiB, after ${after} KiB" >&2
	[ "$(cat "$BATS_TEST_TMPDIR/got")" -gt 1073741824 ]
	[ "$after" -lt $((before + 4096)) ]
}

@test "a size= answer to a reader that stops holds no thread: with one thread, another request answers meanwhile" {
	start --processes 1 --threads 1
	env -i REQUEST_METHOD=GET 'QUERY_STRING=code=200&size=100000000' \
		cgi-fcgi -bind -connect "$SOCK" | { sleep 3; cat >/dev/null; } &
	local reader=$!
	sleep 0.5
	answer=$(timeout 1 "$CLIENT" "$SOCK" get PATH_INFO=/404)
	assert_equal "${answer%%$'\r'*}" 'Status: 404 Not Found'
	wait "$reader"
}

@test "a size= answer read slowly arrives whole, every byte in place" {
	start --processes 1 --threads 1
	local want got
	want=$("$BIN" 'code=200&size=30000000' | tail -c 30000000 | md5sum)
	got=$(env -i REQUEST_METHOD=GET 'QUERY_STRING=code=200&size=30000000' \
		cgi-fcgi -bind -connect "$SOCK" | { sleep 1; tail -c 30000000; } | md5sum)
	assert_equal "$got" "$want"
}

@test "SIGTERM cuts off an answer whose reader has stopped once the grace period ends" {
	env -i PATH=/usr/bin:/bin STATUSCGI_GRACE_MS=500 "$BIN" \
		--listen "unix:$SOCK" --processes 1 2>"$BATS_TEST_TMPDIR/err" 3>&- &
	PID=$!
	wait_socket "$SOCK"
	env -i REQUEST_METHOD=GET 'QUERY_STRING=code=200&size=1000000000' \
		cgi-fcgi -bind -connect "$SOCK" | { sleep 8; } &
	local reader=$!
	sleep 0.5
	local start=$SECONDS rc=0
	kill -TERM "$PID"
	wait "$PID" || rc=$?
	assert_equal "$rc" 0
	[ $((SECONDS - start)) -le 5 ]
	wait "$reader" || true
}

@test "past STATUSCGI_MAX_WAITING a sleeping request gets 503 with Retry-After and the reason" {
	env -i PATH=/usr/bin:/bin STATUSCGI_MAX_WAITING=2 "$BIN" \
		--listen "unix:$SOCK" --processes 1 3>&- &
	PID=$!
	wait_socket "$SOCK"
	ask "$SOCK" 'QUERY_STRING=code=200&sleep=3000' &
	ask "$SOCK" 'QUERY_STRING=code=200&sleep=3000' &
	sleep 0.3
	ask "$SOCK" 'QUERY_STRING=code=200&sleep=3000'
	assert_equal "$status_line" 'Status: 503 Service Unavailable'
	has_line 'Retry-After: 5'
	has_line 'statuscgi: too many answers are waiting (STATUSCGI_MAX_WAITING=2); try again later'
}

@test "a full waiting room still answers requests that do not wait" {
	env -i PATH=/usr/bin:/bin STATUSCGI_MAX_WAITING=0 "$BIN" \
		--listen "unix:$SOCK" --processes 1 3>&- &
	PID=$!
	wait_socket "$SOCK"
	ask "$SOCK" 'QUERY_STRING=code=200&sleep=100'
	assert_equal "$status_line" 'Status: 503 Service Unavailable'
	ask "$SOCK" PATH_INFO=/302
	assert_equal "$status_line" 'Status: 302 Found'
}

@test "STATUSCGI_MAX_WAITING that is not a number is refused at start" {
	STATUSCGI_MAX_WAITING=lots run "$BIN" --listen "unix:$SOCK"
	assert_failure 2
	assert_output 'status.cgi: STATUSCGI_MAX_WAITING takes a number from 0 to 1000000'
}

@test "STATUSCGI_WRITE_TIMEOUT_MS that is not a number from 1 to 3600000 is refused at start" {
	local v
	for v in 0 soon 3600001 -5; do
		# (timeout: a program that took it would serve on)
		STATUSCGI_WRITE_TIMEOUT_MS=$v run timeout 5 "$BIN" --listen "unix:$SOCK"
		assert_failure 2
		assert_output 'status.cgi: STATUSCGI_WRITE_TIMEOUT_MS takes a number from 1 to 3600000'
	done
}

# ---- slow peers --------------------------------------------------------

@test "a request sent a byte at a time holds no thread: with one thread, another answers meanwhile" {
	start --processes 1 --threads 1
	"$CLIENT" "$SOCK" trickle 15 >"$BATS_TEST_TMPDIR/trickled" &
	local slow=$!
	sleep 0.3
	answer=$(timeout 1 "$CLIENT" "$SOCK" get PATH_INFO=/404)
	assert_equal "${answer%%$'\r'*}" 'Status: 404 Not Found'
	# the trickle was still under way, and is answered right in the end
	kill -0 "$slow"
	wait "$slow"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/trickled")" 'Status: 429 Too Many Requests'
}

@test "a request larger than what a worker reads ahead (a 40 KB form) arrives whole" {
	start --processes 1 --threads 1
	local form
	# the code comes last: a request cut after the first 16 KiB loses it
	form="pad=$(head -c 40000 /dev/zero | tr '\0' a)&code=418"
	run env -i REQUEST_METHOD=POST CONTENT_TYPE=application/x-www-form-urlencoded \
		CONTENT_LENGTH=${#form} cgi-fcgi -bind -connect "$SOCK" <<<"$form"
	assert_success
	assert_equal "${lines[0]%$'\r'}" "Status: 418 I'm a teapot"
}

# answered_meanwhile PAUSE LIMIT MODE ARG: while the suite's client sends
# its MODE ARG request, a request for /404 sent PAUSE seconds in is
# answered within LIMIT seconds; then the responder closes the MODE
# request's connection.
answered_meanwhile() {
	"$CLIENT" "$SOCK" "$3" "$4" >"$BATS_TEST_TMPDIR/held" &
	local held=$!
	sleep "$1"
	answer=$(timeout "$2" "$CLIENT" "$SOCK" get PATH_INFO=/404)
	assert_equal "${answer%%$'\r'*}" 'Status: 404 Not Found'
	wait "$held"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/held")" 'closed by the responder'
}

# cut_off_after_10s: with one worker and one thread, a request larger than
# the read-ahead (20,000 bytes at once, then a byte every 2 s: each read
# gets something) is cut off 10 s after it began, and a request sent
# after 11.5 s is answered.
cut_off_after_10s() {
	start --processes 1 --threads 1
	answered_meanwhile 11.5 3 slowbody 2000
}

@test "a request larger than the read-ahead, trickled, is cut off after 10 s: with one thread, another then answers" {
	cut_off_after_10s
}

@test "in the dynamic build (the Debian package's: libfcgi reads the socket itself) such a request is cut off too" {
	BIN=$TOP/build/dyn/status.cgi
	cut_off_after_10s
}

@test "a request with FCGI_GET_VALUES records and another request's begin inside it is answered" {
	start --processes 1 --threads 1
	run timeout 10 "$CLIENT" "$SOCK" foreign whole
	assert_success
	assert_output 'Status: 201 Created'
}

@test "a request that never ends, another request's begin inside it, holds no thread" {
	start --processes 1 --threads 1
	# and the request that never ends is given up on (after 10 s)
	answered_meanwhile 0.3 1 foreign cut
}

@test "another request's stdin record inside a request closes the connection, naming the rule" {
	start --processes 1 --threads 1
	run timeout 10 "$CLIENT" "$SOCK" foreign stdin
	assert_output 'closed by the responder'
	run cat "$BATS_TEST_TMPDIR/server.err"
	assert_output 'status.cgi: closed a FastCGI connection: a record of type 5 for request 7, not the one begun (this program takes one at a time, FastCGI 1.0 §3.3, §4.1)'
}

# start_write_timeout MS: starts the program as start does, one worker of
# one thread, with STATUSCGI_WRITE_TIMEOUT_MS=MS.
start_write_timeout() {
	env -i PATH=/usr/bin:/bin STATUSCGI_WRITE_TIMEOUT_MS="$1" "$BIN" \
		--listen "unix:$SOCK" --processes 1 --threads 1 \
		2>"$BATS_TEST_TMPDIR/server.err" 3>&- &
	PID=$!
	wait_socket "$SOCK"
}

# cut_when_reader_stops QUERY PAUSE MAX: with STATUSCGI_WRITE_TIMEOUT_MS=1000
# and one thread, the answer to QUERY, whose reader takes 64 KiB and then
# nothing, is cut off and its connection closed no sooner than the timeout
# and at most MAX seconds after the reader stopped; a request for /404
# sent PAUSE seconds in (the answer waits for room by then) is answered
# within 1 s.
cut_when_reader_stops() {
	start_write_timeout 1000
	"$CLIENT" "$SOCK" pace 65536 0 65536 "QUERY_STRING=$1" \
		>"$BATS_TEST_TMPDIR/paced" &
	local reader=$! secs
	sleep "$2"
	answer=$(timeout 1 "$CLIENT" "$SOCK" get PATH_INFO=/404)
	assert_equal "${answer%%$'\r'*}" 'Status: 404 Not Found'
	wait "$reader"
	run cat "$BATS_TEST_TMPDIR/paced"
	assert_line -n 0 --regexp '^closed by the responder [0-9.]+ s after the reader stopped$'
	assert_line -n 1 --regexp '^cut: [0-9]+ bytes of stdout, no end of request$'
	secs=${lines[0]#closed by the responder }
	secs=${secs%% *}
	awk -v s="$secs" -v max="$3" 'BEGIN { exit !(s >= 0.9 && s <= max) }' ||
		fail "closed $secs s after the reader stopped, not within 0.9 to $3 s"
}

@test "a size= answer whose reader stops is cut off after STATUSCGI_WRITE_TIMEOUT_MS: with one thread, another request answers meanwhile" {
	# the timeout, the main thread's once-a-second look, a second to spare
	cut_when_reader_stops 'code=200&size=67108864' 0.5 3
}

@test "a drip= answer whose reader stops is cut off after STATUSCGI_WRITE_TIMEOUT_MS too, holding no thread meanwhile" {
	# 100 pieces of 30,000 bytes, 300 KB/s: the socket's buffer is full
	# about a second after the reader stops, the time then runs
	cut_when_reader_stops 'code=200&size=3000000&drip=10000' 1.5 4
}

@test "a size= answer read slowly but steadily is not cut off by a short STATUSCGI_WRITE_TIMEOUT_MS" {
	start_write_timeout 1000
	local want
	want=$("$BIN" 'code=200&size=3000000' | wc -c)
	# 32 KiB every 50 ms (640 KB/s): some 5 s, each second some taken
	run timeout 20 "$CLIENT" "$SOCK" pace 32768 50 0 'QUERY_STRING=code=200&size=3000000'
	assert_success
	assert_output "answered whole: $want bytes of stdout"
}

# ---- kept-alive connections -------------------------------------------

@test "a kept-alive connection (FCGI_KEEP_CONN) carries request after request" {
	start --processes 1 --threads 1
	run "$CLIENT" "$SOCK" keep 5 'QUERY_STRING=code=410'
	assert_success
	assert_equal "${#lines[@]}" 5
	assert_equal "$(printf '%s\n' "${lines[@]}" | sort -u)" 'Status: 410 Gone'
}

@test "a kept-alive connection carries a parked answer, then the next request" {
	start --processes 1 --threads 1
	run "$CLIENT" "$SOCK" keep 3 'QUERY_STRING=code=202&sleep=200'
	assert_success
	assert_equal "${#lines[@]}" 3
}

@test "idle kept-alive connections hold no thread: 20 of them and one thread, a new request still answers" {
	start --processes 1 --threads 1
	run timeout 10 "$CLIENT" "$SOCK" idle 20
	assert_success
	assert_output '20 idle kept connections, then a new request and a second on each: all answered'
}

@test "a connection without FCGI_KEEP_CONN is closed after its answer" {
	start --processes 1 --threads 1
	# cgi-fcgi does not ask to keep the connection and reads to EOF:
	# it ends only if the responder closes
	answer=$(timeout 5 env -i REQUEST_METHOD=GET PATH_INFO=/404 \
		cgi-fcgi -bind -connect "$SOCK")
	assert_equal "${answer%%$'\r'*}" 'Status: 404 Not Found'
}

# ---- worker processes -------------------------------------------------

@test "--listen starts one worker process per CPU" {
	start
	wait_workers "$(nproc)"
}

@test "--processes N starts N worker processes" {
	start --processes 3
	wait_workers 3
}

@test "--processes that is not a number from 1 to 256 is refused" {
	run "$BIN" --listen "unix:$SOCK" --processes 0
	assert_failure 2
	assert_output 'status.cgi: --processes takes a number from 1 to 256'
}

@test "a socket on fd 0 (spawn-fcgi) gets one worker process" {
	spawn-fcgi -s "$SOCK" -P "$BATS_TEST_TMPDIR/pid" -- "$BIN" >/dev/null
	SPAWN_PID=$(cat "$BATS_TEST_TMPDIR/pid")
	PID=$SPAWN_PID wait_workers 1
}

@test "a worker killed by a signal is replaced and logged in one line" {
	start --processes 2
	wait_workers 2
	local victim i
	victim=$(workers | head -1)
	# SIGKILL: no sanitizer or handler of ours can turn it into an exit
	kill -KILL "$victim"
	for i in $(seq 100); do
		workers | grep -qx "$victim" || break
		sleep 0.05
	done
	refute running "$victim"
	wait_workers 2
	run cat "$BATS_TEST_TMPDIR/server.err"
	assert_output --regexp "^status.cgi: worker [12] \(pid $victim\) was killed by signal 9 \(Killed\); replaced$"
	ask "$SOCK" PATH_INFO=/201
	assert_equal "$status_line" 'Status: 201 Created'
}

@test "a params pair whose lengths make libfcgi assert costs its connection only, with one line naming the rule" {
	start --processes 1
	wait_workers 1
	local before
	before=$(workers)
	run "$CLIENT" "$SOCK" crash
	assert_output 'closed by the responder after 0 bytes'
	assert_equal "$(workers)" "$before"
	run cat "$BATS_TEST_TMPDIR/server.err"
	assert_output 'status.cgi: closed a FastCGI connection: a name-value pair of 2147483632 and 2147483632 bytes runs past what a params stream may hold (FastCGI 1.0 §3.4; ours: 69632 bytes)'
	ask "$SOCK" PATH_INFO=/404
	assert_equal "$status_line" 'Status: 404 Not Found'
}

@test "an FCGI_GET_VALUES record that overruns libfcgi's answer costs its connection only" {
	start --processes 1
	wait_workers 1
	local before
	before=$(workers)
	run "$CLIENT" "$SOCK" getvalues
	assert_output 'closed by the responder after 0 bytes'
	assert_equal "$(workers)" "$before"
	run cat "$BATS_TEST_TMPDIR/server.err"
	assert_output --partial 'closed a FastCGI connection: FCGI_GET_VALUES asks for FCGI_MPXS_CONNS twice'
	ask "$SOCK" PATH_INFO=/404
	assert_equal "$status_line" 'Status: 404 Not Found'
}

@test "when every worker is killed at once the socket still answers" {
	start --processes 2
	wait_workers 2
	workers | xargs kill -KILL
	ask "$SOCK" PATH_INFO=/418
	assert_equal "$status_line" "Status: 418 I'm a teapot"
	kill -0 "$PID"
}

@test "a worker killed under systemd socket activation is replaced" {
	systemd-socket-activate -l "$SOCK" "$BIN" --processes 1 2>"$BATS_TEST_TMPDIR/server.err" &
	PID=$!
	wait_socket "$SOCK"
	ask "$SOCK" PATH_INFO=/404
	wait_workers 1
	workers | xargs kill -KILL
	wait_workers 1
	ask "$SOCK" PATH_INFO=/406
	assert_equal "$status_line" 'Status: 406 Not Acceptable'
}

@test "a worker killed under spawn-fcgi (socket on fd 0) is replaced" {
	spawn-fcgi -s "$SOCK" -P "$BATS_TEST_TMPDIR/pid" -- "$BIN" >/dev/null
	SPAWN_PID=$(cat "$BATS_TEST_TMPDIR/pid")
	PID=$SPAWN_PID wait_workers 1
	PID=$SPAWN_PID workers | xargs kill -KILL
	PID=$SPAWN_PID wait_workers 1
	ask "$SOCK" PATH_INFO=/507
	assert_equal "$status_line" 'Status: 507 Insufficient Storage'
}

@test "a worker that dies before it is ready is restarted ever more slowly, not in a loop" {
	# Six descriptors: the supervisor's 0-2, its socket and its pipe.
	# A worker cannot open its epoll set and dies at start every time.
	(
		for fd in $(ls "/proc/$BASHPID/fd"); do
			[ "$fd" -gt 2 ] && eval "exec $fd>&-"
		done
		ulimit -n 6
		exec env -i "$BIN" --listen "unix:$SOCK" --processes 1
	) 2>"$BATS_TEST_TMPDIR/server.err" &
	PID=$!
	sleep 2
	kill -0 "$PID"
	run grep -c 'before it was ready' "$BATS_TEST_TMPDIR/server.err"
	# 0, 50, 100, 200, 400, 800 ms: six or seven starts in 2 s, not thousands
	[ "$output" -ge 4 ] && [ "$output" -le 9 ]
	run grep 'before it was ready' "$BATS_TEST_TMPDIR/server.err"
	assert_line --index 0 --regexp 'before it was ready; restarting in 0 ms$'
	assert_line --index 1 --regexp 'before it was ready; restarting in 50 ms$'
	assert_line --index 3 --regexp 'before it was ready; restarting in 200 ms$'
	# and the worker says why, each time
	run grep -c 'cannot serve FastCGI: Too many open files' "$BATS_TEST_TMPDIR/server.err"
	[ "$output" -ge 4 ]
}

# kill_ready: kills (SIGKILL) a worker once it has announced itself, then
# waits until the supervisor has logged its death (15 s at most for each).
kill_ready() {
	local w i logged
	logged=$(grep -c '^status.cgi: worker' "$BATS_TEST_TMPDIR/server.err" || true)
	for i in $(seq 300); do
		ready_workers
		w=${ready[0]:-}
		[ -n "$w" ] && break
		sleep 0.05
	done
	[ -n "$w" ] || { echo "no worker announced itself" >&2; return 1; }
	kill -KILL "$w"
	for i in $(seq 300); do
		[ "$(grep -c '^status.cgi: worker' "$BATS_TEST_TMPDIR/server.err")" -gt "$logged" ] &&
			return 0
		sleep 0.05
	done
	echo "the death of worker $w was not logged" >&2
	return 1
}

# waits W: how long each replacement of worker W waited, in the order of
# its deaths, from the log (0: replaced at once).
waits() {
	sed -nE -e "s/^status\.cgi: worker $1 \(pid [0-9]+\) .*; replaced$/0/p" \
		-e "s/^status\.cgi: worker $1 \(pid [0-9]+\) .* (replacing|restarting) in ([0-9]+) ms$/\2/p" \
		"$BATS_TEST_TMPDIR/server.err"
}

# loop_waits N: what the first N deaths of a worker killed again as soon
# as it is up should wait: 0 four times, then 50 ms doubling up to 10 s.
loop_waits() {
	local i ms
	for ((i = 0; i < $1; i++)); do
		ms=0
		if ((i >= 4)); then
			ms=$((i - 4 < 16 ? 50 << (i - 4) : 10000))
			((ms > 10000)) && ms=10000
		fi
		echo "$ms"
	done
}

@test "the first four deaths of a worker within 10 s are replaced at once, the fifth waits 50 ms and the sixth 100 ms, though each was ready" {
	start --processes 1
	wait_workers 1
	local i
	for i in 1 2 3 4 5 6; do
		kill_ready
	done
	run grep '^status.cgi: worker' "$BATS_TEST_TMPDIR/server.err"
	for i in 0 1 2 3; do
		assert_line --index "$i" --regexp '^status.cgi: worker 1 \(pid [0-9]+\) was killed by signal 9 \(Killed\); replaced$'
	done
	assert_line --index 4 --regexp '^status.cgi: worker 1 \(pid [0-9]+\) was killed by signal 9 \(Killed\); 5 deaths in a crash loop: replacing in 50 ms$'
	assert_line --index 5 --regexp '^status.cgi: worker 1 \(pid [0-9]+\) was killed by signal 9 \(Killed\); 6 deaths in a crash loop: replacing in 100 ms$'
	ask "$SOCK" PATH_INFO=/201
	assert_equal "$status_line" 'Status: 201 Created'
}

@test "a crash loop ends when a replacement lives 10 s: its death is replaced at once, and a new loop starts at 50 ms again" {
	start --processes 1
	wait_workers 1
	local i
	for i in 1 2 3 4 5 6; do
		kill_ready
	done
	for i in $(seq 100); do
		ready_workers
		[ "${#ready[@]}" -gt 0 ] && break
		sleep 0.05
	done
	sleep 10.2
	for i in 1 2 3 4 5; do
		kill_ready
	done
	run waits 1
	assert_output "$(printf '%s\n' 0 0 0 0 50 100 0 0 0 0 50)"
	run grep '^status.cgi: worker' "$BATS_TEST_TMPDIR/server.err"
	assert_line --index 10 --regexp '^status.cgi: worker 1 \(pid [0-9]+\) was killed by signal 9 \(Killed\); 5 deaths in a crash loop: replacing in 50 ms$'
}

@test "workers killed from outside in a loop for 60 s: replacements wait up to 10 s, the supervisor takes under 10% of a CPU, the socket answers whenever a worker is up" {
	local seconds=${KILL_LOOP_SECONDS:-60} hz before after used w ok
	start --processes 2
	wait_workers 2
	hz=$(getconf CLK_TCK)
	before=$(awk '{print $14 + $15}' "/proc/$PID/stat")
	# every 5 ms, every worker that has announced itself is killed (no
	# command in the loop: a fork costs milliseconds; read -t waits)
	( exec {tick}<> <(:)
	  while :; do
		ready_workers
		if [ "${#ready[@]}" -gt 0 ]; then
			kill -KILL "${ready[@]}" 2>/dev/null || true
		fi
		read -r -t 0.005 -u "$tick" || true
	  done ) 3>&- &
	LOOPS=$!
	# requests one after another, each waiting 12 s at most for a worker
	( while :; do
		answer=$(timeout 12 env -i REQUEST_METHOD=GET SCRIPT_NAME=/status.cgi \
			SERVER_PROTOCOL=HTTP/1.1 PATH_INFO=/404 \
			cgi-fcgi -bind -connect "$SOCK" </dev/null 2>/dev/null) || true
		echo "${answer%%$'\r'*}" >>"$BATS_TEST_TMPDIR/asked"
	  done ) 3>&- &
	LOOPS="$LOOPS $!"
	sleep "$seconds"
	kill $LOOPS
	LOOPS=
	after=$(awk '{print $14 + $15}' "/proc/$PID/stat")
	used=$((after - before))
	echo "the supervisor used $used clock ticks ($hz a second) in $seconds s" >&2
	[ "$used" -lt $((hz * seconds / 10)) ]
	kill -0 "$PID"
	# answers came whenever a worker was up, none wrong (an empty line: a
	# request lost with its worker, or that waited 12 s in vain)
	ok=$(grep -cx 'Status: 404 Not Found' "$BATS_TEST_TMPDIR/asked" || true)
	echo "$ok right answers of $(wc -l <"$BATS_TEST_TMPDIR/asked") requests" >&2
	[ "$ok" -ge 5 ]
	refute grep -vx -e 'Status: 404 Not Found' -e '' "$BATS_TEST_TMPDIR/asked"
	# each worker: four replaced at once, then 50 ms doubling up to 10 s
	for w in 1 2; do
		run waits "$w"
		assert_output "$(loop_waits "${#lines[@]}")"
		[ "${#lines[@]}" -ge 13 ]
	done
	run grep -c 'deaths in a crash loop: replacing in 10000 ms$' "$BATS_TEST_TMPDIR/server.err"
	echo "$output waits of 10 s" >&2
	# and once the loop stops, the socket answers when the wait ends
	answer=$(timeout 15 env -i REQUEST_METHOD=GET PATH_INFO=/404 \
		cgi-fcgi -bind -connect "$SOCK" </dev/null)
	assert_equal "${answer%%$'\r'*}" 'Status: 404 Not Found'
}

@test "workers end with their supervisor, even when it is killed" {
	start --processes 2
	wait_workers 2
	local w
	w=$(workers)
	kill -KILL "$PID"
	wait "$PID" || true
	sleep 0.5
	for pid in $w; do
		refute running "$pid"
	done
	PID=
}

# ---- stopping ---------------------------------------------------------

@test "SIGTERM drains: a parked answer is still given, then the supervisor exits 0" {
	start --processes 2
	( ask "$SOCK" 'QUERY_STRING=code=202&sleep=1500'; echo "$status_line" >"$BATS_TEST_TMPDIR/slow" ) &
	local slow=$!
	sleep 0.4
	stop
	assert_equal "$stop_status" 0
	wait "$slow"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/slow")" 'Status: 202 Accepted'
	[ ! -e "$SOCK" ]
}

@test "SIGTERM answers a parked request when the grace period ends, not after its whole wait" {
	env -i PATH=/usr/bin:/bin STATUSCGI_GRACE_MS=300 "$BIN" \
		--listen "unix:$SOCK" --processes 1 3>&- &
	PID=$!
	wait_socket "$SOCK"
	( ask "$SOCK" 'QUERY_STRING=code=200&sleep=9000'; echo "$status_line" >"$BATS_TEST_TMPDIR/slow" ) &
	local slow=$!
	sleep 0.4
	stop
	assert_equal "$stop_status" 0
	# the 9 s wait was cut short: the answer is here already
	kill -0 "$slow" 2>/dev/null && sleep 0.5
	refute kill -0 "$slow" 2>/dev/null
	assert_equal "$(cat "$BATS_TEST_TMPDIR/slow")" 'Status: 200 OK'
}

@test "SIGTERM closes idle kept-alive connections and exits 0" {
	start --processes 1 --threads 1
	"$CLIENT" "$SOCK" hold 5 >"$BATS_TEST_TMPDIR/hold" &
	local hold=$!
	for _ in $(seq 50); do
		[ -s "$BATS_TEST_TMPDIR/hold" ] && break
		sleep 0.05
	done
	stop
	assert_equal "$stop_status" 0
	wait "$hold"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/hold")" $'5 kept connections held\nall 5 closed by the responder'
}

# ---- hostile peers ----------------------------------------------------

@test "60 s of hostile record streams: each costs its connection, never a worker; kept-alive connections go on; one log line a second at most" {
	start --processes 2 --threads 2
	wait_workers 2
	local before
	before=$(workers | sort)
	SECONDS=0
	run "$CLIENT" "$SOCK" hostile "${HOSTILE_SECONDS:-60}"
	local took=$SECONDS
	assert_success
	assert_output --regexp '^[0-9]+ bursts, each followed by a right answer within 1 s$'
	kill -0 "$PID"
	ask "$SOCK" PATH_INFO=/404
	assert_equal "$status_line" 'Status: 404 Not Found'
	# no worker died: the same two, and no death in the log
	assert_equal "$(workers | sort)" "$before"
	refute grep -E 'was killed|exited|Assertion|stack smashing' "$BATS_TEST_TMPDIR/server.err"
	# the rules were logged, naming themselves, at most once a second
	run grep -c '^status.cgi: closed a FastCGI connection: ' "$BATS_TEST_TMPDIR/server.err"
	[ "$output" -ge 3 ] && [ "$output" -le $((took + 2)) ]
	grep -q 'more since the last such line)$' "$BATS_TEST_TMPDIR/server.err"
	# no sanitizer spoke
	refute grep -E 'ERROR: [A-Za-z]+Sanitizer|runtime error:' "$BATS_TEST_TMPDIR/server.err"
}
