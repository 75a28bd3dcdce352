# SPDX-License-Identifier: ISC
# lib.bash - small shell helpers shared by the test helpers and bench/run.

# free_port: prints a loopback TCP port nothing listens on (it can still be
# taken before it is bound; callers that start servers retry).
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

# wait_port PORT [HOST]: waits (at most 10 s) until PORT accepts
# connections; returns 1, saying so, if it never does.
wait_port() {
	local i
	for i in $(seq 100); do
		(exec 3<>"/dev/tcp/${2:-127.0.0.1}/$1") 2>/dev/null && return 0
		sleep 0.1
	done
	echo "nothing listens on port $1" >&2
	return 1
}

# wait_socket PATH: waits (at most 5 s) until a socket file exists.
wait_socket() {
	local i
	for i in $(seq 100); do
		[ -S "$1" ] && return 0
		sleep 0.05
	done
	echo "no socket at $1" >&2
	return 1
}
