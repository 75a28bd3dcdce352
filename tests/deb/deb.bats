#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The Debian package as an admin uses it: built from this checkout with
# make deb, checked with lintian, installed with apt, enabled with Debian's
# tools under the system's Apache and lighttpd (port 80, one at a time)
# and behind nginx through the socket unit's program, removed and purged.
# Needs root. The tests run in order and build on each other; before the
# first, setup_file refuses a machine where statuscgi is installed or a
# system web server runs, and teardown_file puts back what the suite
# changed (package, enabled snippets and modules, servers), even after a
# failure, and fails if it cannot.

load helper

setup_file() {
	# One run at a time on this machine (the suite installs a package).
	exec {LOCK_FD}>/run/lock/statuscgi-deb-tests.lock
	flock -w 900 "$LOCK_FD"
	machine_ready || return 1
	snapshot
}

teardown_file() {
	restore
}

# unpacked: the .deb's files under $BATS_FILE_TMPDIR/root (once).
unpacked() {
	local root=$BATS_FILE_TMPDIR/root
	[ -d "$root" ] || dpkg-deb -x "$DEB" "$root"
	echo "$root"
}

# --- building ---------------------------------------------------------

@test "make deb builds statuscgi_VERSION-1_amd64.deb from this checkout" {
	rm -rf "$TOP/build/deb"
	run make -C "$TOP" deb
	assert_success
	[ -f "$DEB" ]
	run dpkg-deb -f "$DEB" Package Version Architecture
	assert_output "Package: statuscgi
Version: $VERSION-1
Architecture: amd64"
}

@test "lintian finds no error and no warning in the .deb and the .changes" {
	run lintian --fail-on error,warning "$DEB" "$CHANGES"
	assert_success
	refute_output --regexp '^[EW]: '
}

@test "every lintian override says why in a comment" {
	local f prev= line n=0
	for f in "$TOP"/debian/*lintian-overrides; do
		[ -f "$f" ] || continue
		while IFS= read -r line; do
			case $line in
			'#'*|'') ;;
			*)
				n=$((n + 1))
				[[ $prev == '#'* ]] ||
					fail "$f: override without a comment: $line"
				;;
			esac
			prev=$line
		done <"$f"
	done
	# there is one (initial-upload-closes-no-bugs); the check looked at it
	[ "$n" -ge 1 ]
}

@test "the packaged program links libfcgi dynamically and the package depends on it" {
	run readelf -d "$(unpacked)/usr/lib/cgi-bin/status.cgi"
	assert_output --partial 'Shared library: [libfcgi.so.0]'
	run dpkg-deb -f "$DEB" Depends
	assert_output --partial 'libfcgi0ldbl'
}

@test "the packaged program is built with Debian's hardening flags" {
	local bin
	bin=$(unpacked)/usr/lib/cgi-bin/status.cgi
	run readelf -d "$bin"
	assert_output --regexp 'FLAGS.*BIND_NOW'
	assert_output --regexp 'FLAGS_1.*PIE'
	# _FORTIFY_SOURCE: checked variants of the string functions
	run readelf -W --dyn-syms "$bin"
	assert_output --regexp '__[a-z]+_chk'
}

@test "the package holds the programs, status.cgi(8), the snippets, the units and the docs" {
	local root p
	root=$(unpacked)
	for p in usr/lib/cgi-bin/status.cgi usr/lib/cgi-bin/nph-status.cgi \
	    usr/share/man/man8/status.cgi.8.gz \
	    etc/apache2/conf-available/statuscgi.conf \
	    etc/lighttpd/conf-available/10-statuscgi.conf \
	    etc/nginx/snippets/statuscgi.conf \
	    lib/systemd/system/statuscgi.socket \
	    lib/systemd/system/statuscgi.service \
	    usr/share/doc/statuscgi/README.md.gz \
	    usr/share/doc/statuscgi/SECURITY.md.gz \
	    usr/share/doc/statuscgi/docs/servers.md.gz \
	    usr/share/doc/statuscgi/copyright \
	    usr/share/doc/statuscgi/examples/httpd.conf.example \
	    usr/share/doc/statuscgi/examples/lighttpd.conf.example \
	    usr/share/doc/statuscgi/examples/nginx.conf.example; do
		[ -f "$root/$p" ] || fail "missing: /$p"
	done
	[ -x "$root/usr/lib/cgi-bin/nph-status.cgi" ]
}

@test "the service rates 2.0 or lower under systemd-analyze security" {
	local unit
	unit=$(unpacked)/lib/systemd/system/statuscgi.service
	run systemd-analyze security --offline=yes "$unit"
	assert_success
	[[ $output =~ exposure\ level\ for\ statuscgi\.service:\ ([0-9.]+) ]] ||
		fail "no exposure level in: $output"
	echo "exposure: ${BASH_REMATCH[1]}"
	awk -v e="${BASH_REMATCH[1]}" 'BEGIN { exit !(e <= 2.0) }'
	# and systemd's own threshold (0-100 scale) agrees
	run systemd-analyze security --offline=yes --threshold=20 "$unit"
	assert_success
}

@test "contrib/systemd's units are the package's, for /usr/local" {
	local u
	for u in statuscgi.service statuscgi.socket; do
		diff <(grep -v '^#' "$TOP/contrib/systemd/$u" |
			sed 's|/usr/local/lib/cgi-bin|/usr/lib/cgi-bin|') \
		    <(grep -v '^#' "$TOP/debian/$u") || fail "$u differ"
	done
}

# --- the man page ---------------------------------------------------------

@test "status.cgi(8) is mandoc -Tlint clean" {
	# (mandoc also reports Xr targets missing from a mandoc.db: not lint)
	run mandoc -Tlint "$TOP/man/status.cgi.8"
	assert_success
	refute_output --regexp '^mandoc: [^ ]+:[0-9]+:[0-9]+: '
}

@test "status.cgi(8) has every section the issue asks for" {
	local s
	for s in NAME SYNOPSIS DESCRIPTION ENVIRONMENT 'EXIT STATUS' EXAMPLES \
	    'WEB SERVERS' STANDARDS 'SECURITY CONSIDERATIONS' BUGS; do
		grep -qx ".Sh $s" "$TOP/man/status.cgi.8" || fail "no section $s"
	done
	grep -q 'RFC 9110' "$TOP/man/status.cgi.8"
	grep -q 'RFC 3875' "$TOP/man/status.cgi.8"
	grep -q 'FastCGI Specification' "$TOP/man/status.cgi.8"
}

@test "status.cgi(8) documents every parameter, option and STATUSCGI_ variable of the program" {
	local usage p v
	usage=$("$(unpacked)/usr/lib/cgi-bin/status.cgi" --help)
	# the parameters the usage lists after "Parameters:"
	for p in $(sed -n '/^Parameters:/,/^[A-Z]/p' <<<"$usage" |
	    sed 's/^Parameters://; /^Environment/d'); do
		grep -q "^\.It Cm $p Ns" "$TOP/man/status.cgi.8" ||
			fail "parameter $p is not documented"
	done
	for p in $(grep -o -- '--[a-z-]*' <<<"$usage" | sort -u); do
		grep -Eq "^\.It Fl ${p#-}( |$)" "$TOP/man/status.cgi.8" ||
			fail "option $p is not documented"
	done
	# STATUSCGI_TEST_*: test builds' hooks (src/fastcgi/test_hook.c), never installed.
	for v in $(grep -rhoE --include='*.c' 'STATUSCGI_[A-Z_]+' "$TOP"/src |
	    grep -v '^STATUSCGI_TEST_' | sort -u); do
		grep -q "^\.It Ev $v" "$TOP/man/status.cgi.8" ||
			fail "$v is not documented"
	done
}

@test "make install puts the programs and the man page under DESTDIR; make uninstall removes them all" {
	local d=$BATS_TEST_TMPDIR/dest
	run make -C "$TOP" install DESTDIR="$d" PREFIX=/opt/sc
	assert_success
	run find "$d" -type f
	assert_output --partial "$d/opt/sc/lib/cgi-bin/status.cgi"
	assert_output --partial "$d/opt/sc/lib/cgi-bin/nph-status.cgi"
	assert_output --partial "$d/opt/sc/share/man/man8/status.cgi.8"
	assert_equal "${#lines[@]}" 3
	run make -C "$TOP" uninstall DESTDIR="$d" PREFIX=/opt/sc
	assert_success
	run find "$d" -type f
	assert_output ''
}

# --- installing -----------------------------------------------------------

@test "apt-get installs the .deb" {
	run apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
	    --no-install-recommends "$DEB"
	assert_success
	run dpkg-query -W -f='${Version} ${db:Status-Status}' statuscgi
	assert_output "$VERSION-1 installed"
}

@test "installing enables no snippet and no unit" {
	[ -f /etc/apache2/conf-available/statuscgi.conf ]
	[ ! -e /etc/apache2/conf-enabled/statuscgi.conf ]
	[ -f /etc/lighttpd/conf-available/10-statuscgi.conf ]
	[ ! -e /etc/lighttpd/conf-enabled/10-statuscgi.conf ]
	[ ! -e /etc/systemd/system/sockets.target.wants/statuscgi.socket ]
	[ ! -e "$SOCK" ]
}

@test "man status.cgi renders the installed page without warnings" {
	local page
	run man -w status.cgi
	assert_output /usr/share/man/man8/status.cgi.8.gz
	page=$output
	MANWIDTH=80 man --warnings -l "$page" >"$BATS_TEST_TMPDIR/page" \
	    2>"$BATS_TEST_TMPDIR/warnings"
	run cat "$BATS_TEST_TMPDIR/warnings"
	assert_output ''
	run grep -c 'nph-status.cgi' "$BATS_TEST_TMPDIR/page"
	assert [ "$output" -ge 1 ]
}

# --- Apache ---------------------------------------------------------------

@test "Apache: after a2enmod cgid and a2enconf statuscgi, /cgi-bin/status.cgi/503 is a 503 with Retry-After" {
	a2enmod -q cgid
	a2enconf -q statuscgi
	run apache2ctl configtest
	assert_success
	apache_up
	fetch http://127.0.0.1/cgi-bin/status.cgi/503
	assert_equal "$status_line" 'HTTP/1.1 503 Service Unavailable'
	assert_equal "$(header Retry-After)" 5
}

@test "Apache: /cgi-bin/nph-status.cgi/103 sends a real 103 Early Hints, then the 200" {
	pid_alive /run/apache2/apache2.pid || apache_up
	raw 80 /cgi-bin/nph-status.cgi/103
	assert_equal "${raw_out%%$'\n'*}" 'HTTP/1.1 103 Early Hints'
	[[ $raw_out == *$'\nLink: </statuscgi.css>; rel=preload'* ]] ||
		fail "no Link on the 103: $raw_out"
	[[ $raw_out == *$'\n\nHTTP/1.1 200 OK\n'* ]] ||
		fail "no final 200 after the 103: $raw_out"
}

@test "Apache: without serve-cgi-bin.conf the snippet maps status.cgi and nothing else in /usr/lib/cgi-bin" {
	printf '#!/bin/sh\nprintf "Content-Type: text/plain\\n\\nprobe\\n"\n' >"$PROBE"
	chmod 755 "$PROBE"
	pid_alive /run/apache2/apache2.pid || apache_up
	# with Debian's serve-cgi-bin.conf all of /cgi-bin runs: the probe too
	fetch http://127.0.0.1/cgi-bin/statuscgi-test-probe.cgi
	assert_equal "$status_line" 'HTTP/1.1 200 OK'
	a2disconf -q serve-cgi-bin
	service apache2 reload >/dev/null 2>&1
	# a graceful reload: wait (at most 5 s) for the new configuration
	for _ in $(seq 50); do
		fetch http://127.0.0.1/cgi-bin/statuscgi-test-probe.cgi
		[ "$status_line" = 'HTTP/1.1 404 Not Found' ] && break
		sleep 0.1
	done
	assert_equal "$status_line" 'HTTP/1.1 404 Not Found'
	fetch http://127.0.0.1/cgi-bin/status.cgi/503
	assert_equal "$status_line" 'HTTP/1.1 503 Service Unavailable'
	rm -f "$PROBE"
}

# --- lighttpd ---------------------------------------------------------------

@test "lighttpd: after lighty-enable-mod statuscgi, /cgi-bin/status.cgi/503 is a 503 with Retry-After" {
	servers_down
	run lighty-enable-mod statuscgi
	assert_success
	run lighttpd -tt -f /etc/lighttpd/lighttpd.conf
	assert_success
	lighttpd_up
	fetch http://127.0.0.1/cgi-bin/status.cgi/503
	assert_equal "$status_line" 'HTTP/1.1 503 Service Unavailable'
	assert_equal "$(header Retry-After)" 5
}

@test "lighttpd: /cgi-bin/nph-status.cgi/103 sends a real 103 Early Hints, then the 200" {
	pid_alive /run/lighttpd.pid || lighttpd_up
	raw 80 /cgi-bin/nph-status.cgi/103
	assert_equal "${raw_out%%$'\n'*}" 'HTTP/1.1 103 Early Hints'
	[[ $raw_out == *$'\n\nHTTP/1.1 200 OK\n'* ]] ||
		fail "no final 200 after the 103: $raw_out"
}

@test "lighttpd: the snippet and Debian's 10-cgi.conf work together" {
	local had_cgi=
	[ -e /etc/lighttpd/conf-enabled/10-cgi.conf ] && had_cgi=1
	[ -n "$had_cgi" ] || lighty-enable-mod cgi >/dev/null
	run lighttpd -tt -f /etc/lighttpd/lighttpd.conf
	[ -n "$had_cgi" ] || lighty-disable-mod cgi >/dev/null
	assert_success
}

# --- nginx --------------------------------------------------------------------

@test "nginx: the snippet in a server block passes /cgi-bin/status.cgi/503 to the socket unit's program" {
	local unit=/lib/systemd/system sock group mode port d=$BATS_FILE_TMPDIR/nginx
	local -a cmd
	servers_down
	# The socket unit's program, started the way the units say (systemd is
	# not PID 1 here): the socket of statuscgi.socket as fd 3, the
	# service's ExecStart as an unprivileged user (DynamicUser).
	sock=$(sed -n 's/^ListenStream=//p' "$unit/statuscgi.socket")
	group=$(sed -n 's/^SocketGroup=//p' "$unit/statuscgi.socket")
	mode=$(sed -n 's/^SocketMode=//p' "$unit/statuscgi.socket")
	read -ra cmd <<<"$(sed -n 's/^ExecStart=//p' "$unit/statuscgi.service")"
	assert_equal "$sock" "$SOCK"
	systemd-socket-activate -l "$sock" -- \
	    setpriv --reuid=nobody --regid=nogroup --clear-groups -- "${cmd[@]}" \
	    >"$BATS_FILE_TMPDIR/program.log" 2>&1 3>&- &
	echo $! >"$BATS_FILE_TMPDIR/program.pid"
	wait_socket "$sock"
	chgrp "$group" "$sock"
	chmod "$mode" "$sock"
	# nginx as Debian runs it (workers as www-data), one test server
	# block including the snippet.
	mkdir -p "$d"
	port=$(free_port)
	cat >"$d/nginx.conf" <<-CONF
	user www-data;
	worker_processes 1;
	pid $d/nginx.pid;
	error_log $d/error.log warn;
	events { worker_connections 64; }
	http {
	    access_log off;
	    client_body_temp_path $d/body;
	    proxy_temp_path $d/proxy;
	    fastcgi_temp_path $d/fastcgi;
	    uwsgi_temp_path $d/uwsgi;
	    scgi_temp_path $d/scgi;
	    server {
	        listen 127.0.0.1:$port;
	        include /etc/nginx/snippets/statuscgi.conf;
	    }
	}
	CONF
	nginx -c "$d/nginx.conf" -e "$d/error.log"
	wait_port "$port"
	fetch "http://127.0.0.1:$port/cgi-bin/status.cgi/503"
	assert_equal "$status_line" 'HTTP/1.1 503 Service Unavailable'
	assert_equal "$(header Retry-After)" 5
}

@test "nginx: the socket unit's program serves as an unprivileged user" {
	pid_alive "$BATS_FILE_TMPDIR/program.pid" ||
		fail "the program of the nginx test does not run"
	run ps -o user= -p "$(cat "$BATS_FILE_TMPDIR/program.pid")"
	assert_output nobody
}

# --- removing -----------------------------------------------------------------

@test "removing the package disables its snippets, and Apache and lighttpd configurations still pass their checks" {
	servers_down
	# both snippets are enabled (by the tests above, as an admin would)
	[ -e /etc/apache2/conf-enabled/statuscgi.conf ] || a2enconf -q statuscgi
	[ -e /etc/lighttpd/conf-enabled/10-statuscgi.conf ] ||
		lighty-enable-mod statuscgi >/dev/null
	run apt-get -o DPkg::Lock::Timeout=600 remove -y -qq statuscgi
	assert_success
	[ ! -e /etc/apache2/conf-enabled/statuscgi.conf ]
	[ ! -L /etc/lighttpd/conf-enabled/10-statuscgi.conf ]
	[ ! -e /usr/lib/cgi-bin/status.cgi ]
	run apache2ctl configtest
	assert_success
	run lighttpd -tt -f /etc/lighttpd/lighttpd.conf
	assert_success
}

@test "purging removes every file the package installed and every trace of its state" {
	local root f
	root=$(unpacked)
	run apt-get -o DPkg::Lock::Timeout=600 purge -y -qq statuscgi
	assert_success
	run dpkg-query -W statuscgi
	assert_failure
	while IFS= read -r f; do
		[ ! -e "/$f" ] || fail "left behind: /$f"
	done < <(cd "$root" && find . ! -type d | sed 's|^\./||')
	[ ! -e /usr/share/doc/statuscgi ]
	run find /etc /var/lib/apache2 /var/lib/systemd -name '*statuscgi*'
	assert_output ''
}
