# helper.bash - start real servers on loopback high ports, talk to them
# with real curl, stop them by PID.

load /usr/lib/bats/bats-support/load.bash
load /usr/lib/bats/bats-assert/load.bash

export LC_ALL=C
TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)

# free_port: prints a loopback TCP port nothing listens on.
free_port() {
	local p
	for _ in $(seq 50); do
		p=$(( 20000 + RANDOM % 20000 ))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

# wait_http URL: waits (at most 10 s) until URL answers at all.
wait_http() {
	local i
	for i in $(seq 100); do
		curl -s -o /dev/null --max-time 1 "$1" && return 0
		sleep 0.1
	done
	echo "nothing answered at $1" >&2
	return 1
}

# fetch [curl args...]: runs curl -si; sets head (status line and
# headers, CR stripped), body, status_line.
fetch() {
	local out=$BATS_TEST_TMPDIR/resp
	curl -s -i --max-time 20 "$@" >"$out" || return 1
	head=$(sed -n '1,/^\r$/p' "$out" | tr -d '\r' | sed '$d')
	body=$(sed '1,/^\r$/d' "$out")
	status_line=${head%%$'\n'*}
}

# header NAME: the values of NAME in head, one a line.
header() {
	local line name
	while IFS= read -r line; do
		name=${line%%:*}
		if [ "${name,,}" = "${1,,}" ] && [ "$name" != "$line" ]; then
			printf '%s\n' "${line#*: }"
		fi
	done <<<"$head"
}
