# SPDX-License-Identifier: ISC
# helper.bash - for deb.bats: the machine's state before the suite, the
# system's Apache and lighttpd started and stopped the Debian way, and
# everything put back afterwards.

load ../servers/helper

VERSION=$(sed -n 's/^VERSION *= *//p' "$TOP/Makefile")
DEB=$TOP/build/deb/statuscgi_${VERSION}-1_amd64.deb
CHANGES=$TOP/build/deb/statuscgi_${VERSION}-1_amd64.changes
SOCK=/run/statuscgi.sock
# A CGI program of the suite's own next to ours, to show the snippets
# expose nothing else from /usr/lib/cgi-bin.
PROBE=/usr/lib/cgi-bin/statuscgi-test-probe.cgi

# What the suite changes with Debian's tools (a2enmod, a2enconf,
# lighty-enable-mod): the enabled links and the helpers' state.
STATE_PATHS=(etc/apache2/mods-enabled etc/apache2/conf-enabled
	etc/apache2/sites-enabled etc/lighttpd/conf-enabled
	var/lib/apache2/conf var/lib/apache2/module var/lib/apache2/site)

# machine_listing: the state paths as "path -> target" lines, sorted.
machine_listing() {
	local p
	for p in "${STATE_PATHS[@]}"; do
		[ -e "/$p" ] || continue
		find "/$p" -printf '%p -> %l\n'
	done | sort
}

# port80_taken: whether anything accepts connections on port 80.
port80_taken() {
	(exec 3<>/dev/tcp/127.0.0.1/80) 2>/dev/null
}

# pid_alive FILE: whether FILE names a running process.
pid_alive() {
	[ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

# machine_ready: refuses (returns 1, saying why) to run on a machine where
# the suite would change what someone uses: statuscgi installed, a system
# web server running, port 80 or the socket unit's path taken.
machine_ready() {
	local why=
	[ "$(id -u)" -eq 0 ] || why="needs root (it installs a package)"
	dpkg-query -W -f='${db:Status-Status}' statuscgi 2>/dev/null |
		grep -q . && why="statuscgi is installed; purge it first"
	pid_alive /run/apache2/apache2.pid && why="the system's Apache runs"
	pid_alive /run/lighttpd.pid && why="the system's lighttpd runs"
	pid_alive /run/nginx.pid && why="the system's nginx runs"
	port80_taken && why="port 80 is taken"
	[ -e "$SOCK" ] && why="$SOCK exists"
	[ -e "$PROBE" ] && why="$PROBE exists"
	[ -z "$why" ] && return 0
	echo "deb.bats: $why" >&2
	return 1
}

# snapshot: records the state paths (a tar to restore, a listing to
# compare) in $BATS_FILE_TMPDIR.
snapshot() {
	local p have=()
	for p in "${STATE_PATHS[@]}"; do
		[ -e "/$p" ] && have+=("$p")
	done
	printf '%s\n' "${have[@]}" >"$BATS_FILE_TMPDIR/state.paths"
	tar -C / -cpf "$BATS_FILE_TMPDIR/state.tar" "${have[@]}" &&
		machine_listing >"$BATS_FILE_TMPDIR/state.list"
}

# wait_port80 up|down: waits (at most 10 s) for port 80 to accept
# connections, or to stop accepting them.
wait_port80() {
	local i
	for i in $(seq 100); do
		if port80_taken; then
			[ "$1" = up ] && return 0
		else
			[ "$1" = down ] && return 0
		fi
		sleep 0.1
	done
	echo "port 80 is not $1" >&2
	return 1
}

# apache_up, lighttpd_up: start the system's server from its Debian
# configuration, as an admin would (service: systemctl under systemd, the
# init script otherwise), and wait for port 80.
apache_up() {
	service apache2 start >/dev/null 2>&1 && wait_port80 up
}

lighttpd_up() {
	service lighttpd start >/dev/null 2>&1 && wait_port80 up
}

# servers_down: stops the system's Apache and lighttpd if they run, and
# the suite's nginx and FastCGI program by their recorded PIDs.
servers_down() {
	local f
	pid_alive /run/apache2/apache2.pid && service apache2 stop >/dev/null 2>&1
	pid_alive /run/lighttpd.pid && service lighttpd stop >/dev/null 2>&1
	for f in "$BATS_FILE_TMPDIR"/nginx/nginx.pid "$BATS_FILE_TMPDIR"/program.pid; do
		pid_alive "$f" && kill -TERM "$(cat "$f")"
	done
	wait_port80 down
}

# restore: stops every server, purges the package, removes what the suite
# made, and puts the state paths back as the snapshot had them. Returns 1,
# saying what differs, if the machine still is not as it was.
restore() {
	local p
	servers_down || true
	if dpkg-query -W -f='${db:Status-Status}' statuscgi 2>/dev/null | grep -q .; then
		apt-get -o DPkg::Lock::Timeout=600 purge -y -qq statuscgi >/dev/null 2>&1 || true
	fi
	rm -f "$PROBE"
	[ -S "$SOCK" ] && rm -f "$SOCK"
	if [ -s "$BATS_FILE_TMPDIR/state.tar" ]; then
		while read -r p; do
			rm -rf "${p:?}"
		done < <(sed 's|^|/|' "$BATS_FILE_TMPDIR/state.paths")
		tar -C / -xpf "$BATS_FILE_TMPDIR/state.tar"
		if ! diff "$BATS_FILE_TMPDIR/state.list" <(machine_listing) >&2; then
			echo "deb.bats: the state paths differ from the snapshot" >&2
			return 1
		fi
	fi
}
