# SPDX-License-Identifier: ISC
source "${BASH_SOURCE[0]%/*}/../lib.bash"

# lab.bash - real servers on loopback high ports, from configs derived from
# the shipped examples (only paths and ports are changed), stopped by PID.
# As root the servers run as nobody, as a real deployment would.

# lab_init: makes $LAB with cgi-bin/ (the program, under both names: the
# examples' /usr/local/lib/cgi-bin), htdocs/, run/, logs/ and conf/, and
# derives the example configs into conf/.
lab_init() {
	LAB=$(mktemp -d /tmp/statuscgi-lab.XXXXXX)
	chmod 755 "$LAB"
	mkdir -p "$LAB/cgi-bin" "$LAB/htdocs" "$LAB/run/fcgid" "$LAB/logs" \
		"$LAB/conf" "$LAB/run/nginx-tmp"
	cp "$TOP/cgi-bin/status.cgi" "$LAB/cgi-bin/status.cgi"
	ln "$LAB/cgi-bin/status.cgi" "$LAB/cgi-bin/nph-status.cgi"
	echo target >"$LAB/htdocs/index.html"
	local ex
	for ex in httpd lighttpd nginx; do
		sed -e "s|/usr/local/lib|$LAB|g" \
		    -e "s|/run/statuscgi.sock|$LAB/run/statuscgi.sock|g" \
		    -e "s|/run/statuscgi/|$LAB/run/pool-|g" \
		    -e "s|/run/fcgiwrap.socket|$LAB/run/fcgiwrap.sock|g" \
		    -e "s|^var.statuscgi_run = .*|var.statuscgi_run = \"$LAB/run\"|" \
		    "$TOP/$ex.conf.example" >"$LAB/conf/$ex.example"
	done
	RUNAS=()
	if [ "$(id -u)" -eq 0 ]; then
		chown -R nobody:nogroup "$LAB"
		RUNAS=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
	fi
	echo "$LAB" >"$BATS_FILE_TMPDIR/lab"
}

# lab_bg NAME CMD...: starts CMD as the lab user in the background and
# records its PID in run/NAME.pid.
lab_bg() {
	local name=$1
	shift
	"${RUNAS[@]}" "$@" >>"$LAB/logs/$name.log" 2>&1 3>&- &
	echo $! >"$LAB/run/$name.pid"
}

# lab_stop: stops everything the lab started, by the PIDs it recorded,
# children too (fcgiwrap's and mod_fcgid's), then removes $LAB.
lab_stop() {
	[ -n "${LAB:-}" ] && [ -d "$LAB/run" ] || return 0
	local f pid
	for f in "$LAB"/run/*.pid; do
		[ -f "$f" ] || continue
		pid=$(cat "$f")
		pkill -TERM -P "$pid" 2>/dev/null || true
		kill -TERM "$pid" 2>/dev/null || true
	done
	for _ in $(seq 50); do
		pgrep -f "$LAB" >/dev/null || break
		sleep 0.1
	done
	pkill -KILL -f "$LAB" 2>/dev/null || true
	rm -rf "$LAB"
}

# lab_retry START ARGS...: runs START (which writes a config for the port
# in $port and starts a server) on a fresh free port, up to three times (a
# port can be taken between choosing and binding it). Prints the port;
# returns 1, with the logs, if the server never listens.
lab_retry() {
	local attempt port
	for attempt in 1 2 3; do
		port=$(free_port) || continue
		"$@" || continue
		if wait_port "$port" 2>/dev/null; then
			echo "$port"
			return 0
		fi
	done
	echo "$1 did not start; logs:" >&2
	tail -n 30 "$LAB"/logs/* >&2
	return 1
}

# apache_start NAME MPM MODULE...: Apache with the derived httpd.conf.example.
apache_start() {
	lab_retry apache_run "$@"
}

apache_run() {
	local name=$1 mpm=$2 m conf
	shift 2
	conf=$LAB/conf/$name.conf
	{
		echo "ServerName 127.0.0.1"
		echo "ServerRoot \"$LAB\""
		echo "PidFile \"$LAB/run/$name.pid\""
		echo "ErrorLog \"$LAB/logs/$name-error.log\""
		echo "LogLevel warn"
		echo "Mutex file:$LAB/run default"
		echo "DefaultRuntimeDir \"$LAB/run\""
		echo "Listen 127.0.0.1:$port"
		echo "LoadModule mpm_${mpm}_module /usr/lib/apache2/modules/mod_mpm_$mpm.so"
		for m in authz_core mime alias env "$@"; do
			echo "LoadModule ${m}_module /usr/lib/apache2/modules/mod_$m.so"
		done
		echo "TypesConfig /etc/mime.types"
		echo "DocumentRoot \"$LAB/htdocs\""
		echo "<Directory />"
		echo "    Require all denied"
		echo "</Directory>"
		echo "<Directory \"$LAB/htdocs\">"
		echo "    Require all granted"
		echo "</Directory>"
		echo "KeepAliveTimeout 2"
		echo "<IfModule cgid_module>"
		echo "    ScriptSock \"$LAB/run/$name-cgid.sock\""
		echo "</IfModule>"
		echo "<IfModule fcgid_module>"
		echo "    FcgidIPCDir \"$LAB/run/fcgid\""
		echo "    FcgidProcessTableFile \"$LAB/run/$name-fcgid_shm\""
		echo "</IfModule>"
		echo "Include \"$LAB/conf/${APACHE_EXAMPLE:-httpd.example}\""
	} >"$conf"
	"${RUNAS[@]}" /usr/sbin/apache2 -f "$conf" -k start
}

# lighttpd_start: lighttpd with the derived lighttpd.conf.example.
lighttpd_start() {
	lab_retry lighttpd_run
}

lighttpd_run() {
	local conf=$LAB/conf/lighttpd.conf
	cat >"$conf" <<CONF
server.port          = $port
server.bind          = "127.0.0.1"
server.document-root = "$LAB/htdocs"
server.errorlog      = "$LAB/logs/lighttpd-error.log"
server.pid-file      = "$LAB/run/lighttpd.pid"
server.modules       = ( "mod_access", "mod_alias" )
include "$LAB/conf/lighttpd.example"
CONF
	"${RUNAS[@]}" lighttpd -f "$conf"
}

# nginx_start: nginx with the derived nginx.conf.example.
nginx_start() {
	lab_retry nginx_run
}

nginx_run() {
	local conf=$LAB/conf/nginx.conf
	sed -i -E "s|^    listen [0-9.:]+;|    listen 127.0.0.1:$port;|" "$LAB/conf/nginx.example"
	cat >"$conf" <<CONF
worker_processes 1;
pid $LAB/run/nginx.pid;
error_log $LAB/logs/nginx-error.log warn;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $LAB/run/nginx-tmp/body;
    proxy_temp_path       $LAB/run/nginx-tmp/proxy;
    fastcgi_temp_path     $LAB/run/nginx-tmp/fastcgi;
    uwsgi_temp_path       $LAB/run/nginx-tmp/uwsgi;
    scgi_temp_path        $LAB/run/nginx-tmp/scgi;
    include $LAB/conf/nginx.example;
}
CONF
	"${RUNAS[@]}" nginx -c "$conf" -e "$LAB/logs/nginx-error.log"
}
