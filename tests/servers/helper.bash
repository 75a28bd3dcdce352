# SPDX-License-Identifier: ISC
# helper.bash - start real servers on loopback high ports, talk to them
# with real curl, stop them by PID.

load /usr/lib/bats/bats-support/load.bash
load /usr/lib/bats/bats-assert/load.bash

export LC_ALL=C
TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)

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

source "${BASH_SOURCE[0]%/*}/lab.bash"

# raw PORT PATH [METHOD]: the bytes on the wire for one request (HTTP/1.1,
# Connection: close), CRs removed; in raw_out.
raw() {
	raw_out=$( ( exec 3<>"/dev/tcp/127.0.0.1/$1"
		printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' \
			"${3:-GET}" "$2" >&3
		timeout 10 cat <&3 ) | tr -d '\r')
}

# raw_content: what follows the head in raw_out, in content.
raw_content() {
	content=
	case $raw_out in *$'\n\n'*) content=${raw_out#*$'\n\n'} ;; esac
}

# The classic set: code|phrase|header: value (or "header:" for absent;
# several split by ^)|body kind (text, none, range). Location's value is
# filled in per deployment: the script's own address asked for 200.
declare -ga CLASSIC=(
	"200|OK|Accept-Ranges: none|text"
	"201|Created|Location: @/200|text"
	"202|Accepted||text"
	"203|Non-Authoritative Information||text"
	"204|No Content||none"
	"205|Reset Content||none"
	"206|Partial Content|Content-Range: bytes 0-99/1000|range"
	"300|Multiple Choices|Location:|text"
	"301|Moved Permanently|Location: @/200|text"
	"302|Found|Location: @/200|text"
	"303|See Other|Location: @/200|text"
	"304|Not Modified||none"
	"305|Use Proxy|Location: @/200|text"
	"307|Temporary Redirect|Location: @/200|text"
	"308|Permanent Redirect|Location: @/200|text"
	"400|Bad Request||text"
	"401|Unauthorized|WWW-Authenticate: Basic realm=\"statuscgi\", charset=\"UTF-8\"|text"
	"402|Payment Required||text"
	"403|Forbidden||text"
	"404|Not Found||text"
	"405|Method Not Allowed|Allow: GET, HEAD, POST, OPTIONS|text"
	"406|Not Acceptable||text"
	"407|Proxy Authentication Required|Proxy-Authenticate: Basic realm=\"statuscgi\"|text"
	"408|Request Timeout||text"
	"409|Conflict||text"
	"410|Gone||text"
	"411|Length Required||text"
	"412|Precondition Failed||text"
	"413|Content Too Large||text"
	"414|URI Too Long||text"
	"415|Unsupported Media Type||text"
	"416|Range Not Satisfiable|Content-Range: bytes */1000|text"
	"421|Misdirected Request||text"
	"422|Unprocessable Content||text"
	"425|Too Early||text"
	"426|Upgrade Required|Upgrade: TLS/1.2, HTTP/1.1|text"
	"428|Precondition Required||text"
	"429|Too Many Requests|Retry-After: 5|text"
	"431|Request Header Fields Too Large||text"
	"451|Unavailable For Legal Reasons||text"
	"500|Internal Server Error||text"
	"501|Not Implemented||text"
	"502|Bad Gateway||text"
	"503|Service Unavailable|Retry-After: 5|text"
	"504|Gateway Timeout||text"
	"505|HTTP Version Not Supported||text"
	"511|Network Authentication Required||text"
)

# lighttpd writes its own reason phrases; these are the ones that differ.
declare -gA LIGHTTPD_PHRASE=(
	[413]="Payload Too Large" [418]="" [422]="Unprocessable Entity" [425]=""
)

# phrase STYLE CODE PHRASE: the phrase the client sees (STYLE: ours, or
# lighttpd / lighttpd-fastcgi).
phrase() {
	if [[ $1 == lighttpd* ]] && [ -n "${LIGHTTPD_PHRASE[$2]+set}" ]; then
		printf '%s' "${LIGHTTPD_PHRASE[$2]}"
	else
		printf '%s' "$3"
	fi
}

# classic_set PORT SCRIPT STYLE: every classic code through the server at
# PORT, script address SCRIPT ("/statuscgi/status.cgi"): the status line,
# each required header, and content or none. lighttpd-fastcgi: lighttpd
# drops Upgrade from FastCGI answers (it passes it from mod_cgi and
# mod_proxy only), so the 426 arrives without it.
classic_set() {
	local port=$1 script=$2 style=$3 row code ph hdrs kind h name want
	for row in "${CLASSIC[@]}"; do
		IFS='|' read -r code ph hdrs kind <<<"$row"
		fetch "http://127.0.0.1:$port$script/$code"
		assert_equal "$status_line" "HTTP/1.1 $code $(phrase "$style" "$code" "$ph")"
		IFS='^' read -r -a hl <<<"$hdrs"
		for h in "${hl[@]}"; do
			name=${h%%:*}
			want=${h#*:}
			want=${want# }
			want=${want//@/$script}
			[ "$style" = lighttpd-fastcgi ] && [ "$name" = Upgrade ] && want=
			assert_equal "$code $name: $(header "$name")" "$code $name: $want"
		done
		case $kind in
		text)	assert_equal "${body%%$'\n'*}" "$code $ph" ;;
		range)	assert_equal "${#body}" 100 ;;
		none)	assert_equal "$code body: $body" "$code body: " ;;
		esac
	done
}

# head_like_get PORT SCRIPT: HEAD answers with GET's status line and
# Content-Type, and no content on the wire.
head_like_get() {
	fetch "http://127.0.0.1:$1$2/503"
	local get_status=$status_line get_type
	get_type=$(header Content-Type)
	raw "$1" "$2/503" HEAD
	assert_equal "${raw_out%%$'\n'*}" "$get_status"
	assert_equal "$(grep -i '^Content-Type:' <<<"$raw_out")" "Content-Type: $get_type"
	assert_equal "$(grep -ci '^Retry-After: 5$' <<<"$raw_out")" 1
	# nothing after the blank line that ends the head
	raw_content
	assert_equal "$content" ""
}

# posted_form PORT SCRIPT STYLE: a POSTed HTML form picks the status.
posted_form() {
	fetch -d 'code=418&body=short+and+stout' "http://127.0.0.1:$1$2"
	assert_equal "$status_line" "HTTP/1.1 418 $(phrase "$3" 418 "I'm a teapot")"
	assert_equal "$body" "short and stout"
}

# redirect_followed PORT SCRIPT: curl -L follows a 302 to a 200.
redirect_followed() {
	run curl -s -L -o /dev/null --max-time 10 \
		-w '%{http_code} %{num_redirects} %{url_effective}' \
		"http://127.0.0.1:$1$2/302"
	assert_output "200 1 http://127.0.0.1:$1$2/200"
}

# interim_relayed PORT SCRIPT: a real 103 on the wire, then the 200.
interim_relayed() {
	raw "$1" "$2/103"
	assert_equal "$(grep '^HTTP/' <<<"$raw_out" | tr '\n' '|')" \
		'HTTP/1.1 103 Early Hints|HTTP/1.1 200 OK|'
	assert_equal "$(sed -n 2p <<<"$raw_out")" 'Link: </statuscgi.css>; rel=preload; as=style'
	assert_equal "$(sed -n 3p <<<"$raw_out")" ''
}

# phrases PORT SCRIPT CUSTOM UNKNOWN: the status lines the client sees for
# reason=Gone+Fishing on a 404 (CUSTOM) and for the unregistered 299.
phrases() {
	fetch "http://127.0.0.1:$1$2/404?reason=Gone+Fishing"
	assert_equal "$status_line" "$3"
	fetch "http://127.0.0.1:$1$2/299"
	assert_equal "$status_line" "$4"
}

# switch_refused PORT SCRIPT: a 101 through parsed headers is a 501.
switch_refused() {
	raw "$1" "$2/101"
	assert_equal "$(grep '^HTTP/' <<<"$raw_out" | tr '\n' '|')" 'HTTP/1.1 501 Not Implemented|'
	grep -q '^statuscgi: .* cannot switch protocols for a CGI or FastCGI program: ask nph-status.cgi under Apache mod_cgi/mod_cgid$' <<<"$raw_out"
}

# interim_refused PORT SCRIPT: a 501 saying why, not a broken answer; the
# server names itself as in its Server header (its SERVER_SOFTWARE).
interim_refused() {
	local server
	fetch "http://127.0.0.1:$1$2/200"
	server=$(header Server)
	raw "$1" "$2/103"
	assert_equal "$(grep '^HTTP/' <<<"$raw_out" | tr '\n' '|')" 'HTTP/1.1 501 Not Implemented|'
	assert_equal "$(grep '^statuscgi: ' <<<"$raw_out")" \
		"statuscgi: $server cannot pass a 1xx interim response from a CGI or FastCGI program: ask nph-status.cgi under Apache mod_cgi/mod_cgid, or use lighttpd"
}

# What the request decides (etag=/last-modified= preconditions, auth=,
# methods=, redirects=), as the client sees it through each server.

LM='Sun, 06 Nov 1994 08:49:37 GMT'
LM_Q='last-modified=Sun,+06+Nov+1994+08:49:37+GMT'

# not_modified PORT SCRIPT: If-None-Match with the ETag, and
# If-Modified-Since at Last-Modified, get a 304 with no content and the
# headers RFC 9110 §15.4.5 names (ETag, Cache-Control, Vary).
not_modified() {
	fetch -H 'If-None-Match: "v1"' "http://127.0.0.1:$1$2/200?etag=v1&cache-control=no-cache"
	assert_equal "$status_line" 'HTTP/1.1 304 Not Modified'
	assert_equal "$(header ETag)" '"v1"'
	assert_equal "$(header Cache-Control)" 'no-cache'
	assert_equal "$(header Vary)" 'Accept'
	assert_equal "$body" ''
	fetch -H "If-Modified-Since: $LM" "http://127.0.0.1:$1$2/200?$LM_Q"
	assert_equal "$status_line" 'HTTP/1.1 304 Not Modified'
	assert_equal "$(header Last-Modified)" "$LM"
	assert_equal "$body" ''
}

# precondition_failed PORT SCRIPT: a false If-Match gets 412, its body
# saying why.
precondition_failed() {
	fetch -X PUT -H 'If-Match: "v2"' "http://127.0.0.1:$1$2/200?etag=v1"
	assert_equal "$status_line" 'HTTP/1.1 412 Precondition Failed'
	assert_equal "$(grep '^Why:' <<<"$body")" 'Why: If-Match did not match the ETag'
}

# not_overruled PORT SCRIPT: the server does not judge the preconditions
# again on the program's answer: a POST with If-Modified-Since (which
# only GET and HEAD heed, §13.1.3), and a PUT whose If-Match holds (so
# If-Unmodified-Since is not evaluated, §13.2.2), get their 200.
not_overruled() {
	fetch -d x=1 -H "If-Modified-Since: $LM" "http://127.0.0.1:$1$2/200?$LM_Q"
	assert_equal "$status_line" 'HTTP/1.1 200 OK'
	fetch -X PUT -H 'If-Match: "v1"' -H 'If-Unmodified-Since: Sat, 05 Nov 1994 08:49:37 GMT' \
		"http://127.0.0.1:$1$2/200?etag=v1&$LM_Q"
	assert_equal "$status_line" 'HTTP/1.1 200 OK'
}

# credentials PORT SCRIPT: Authorization reaches the program: without it
# a 401 with the Basic challenge, with curl -u the 200; a wrong Bearer
# token a 401 with error="invalid_token".
credentials() {
	local u="http://127.0.0.1:$1$2/200"
	fetch "$u?auth=basic:alice:secret"
	assert_equal "$status_line" 'HTTP/1.1 401 Unauthorized'
	assert_equal "$(header WWW-Authenticate)" 'Basic realm="statuscgi", charset="UTF-8"'
	fetch -u alice:secret "$u?auth=basic:alice:secret"
	assert_equal "$status_line" 'HTTP/1.1 200 OK'
	fetch -H 'Authorization: Bearer t0ken' "$u?auth=bearer:t0ken"
	assert_equal "$status_line" 'HTTP/1.1 200 OK'
	fetch -H 'Authorization: Bearer other' "$u?auth=bearer:t0ken"
	assert_equal "$status_line" 'HTTP/1.1 401 Unauthorized'
	assert_equal "$(header WWW-Authenticate)" \
		'Bearer realm="statuscgi", error="invalid_token", error_description="the token is not accepted"'
}

# method_refused PORT SCRIPT: methods=GET,HEAD gets a DELETE 405 with
# exactly those in Allow, and lets GET through.
method_refused() {
	fetch -X DELETE "http://127.0.0.1:$1$2/200?methods=GET,HEAD"
	assert_equal "$status_line" 'HTTP/1.1 405 Method Not Allowed'
	assert_equal "$(header Allow)" 'GET, HEAD'
	fetch "http://127.0.0.1:$1$2/200?methods=GET,HEAD"
	assert_equal "$status_line" 'HTTP/1.1 200 OK'
}

# chain_followed PORT SCRIPT: curl -L follows redirects=3 through exactly
# three 302s to the 200, and a 200 carries cache-control= as given.
chain_followed() {
	run curl -s -L -o /dev/null --max-time 10 \
		-w '%{http_code} %{num_redirects} %{url_effective}' \
		"http://127.0.0.1:$1$2/302?redirects=3"
	assert_output "200 3 http://127.0.0.1:$1$2/200"
	fetch "http://127.0.0.1:$1$2/200?cache-control=max-age=60"
	assert_equal "$(header Cache-Control)" 'max-age=60'
}

# kept SOCKET: how many connections to the responder listening on SOCKET
# are open now (ss lists an accepted Unix connection under its path).
kept() {
	ss -xa | awk -v s="$1" '$2 == "ESTAB" && $5 == s' | wc -l
}

# keeps_connections PORT PATH SOCKET: after ten requests for PATH/404 the
# server still holds a connection open to the responder at SOCKET.
keeps_connections() {
	local i
	for i in $(seq 10); do
		fetch "http://127.0.0.1:$1$2/404"
		assert_equal "$status_line" 'HTTP/1.1 404 Not Found'
	done
	assert [ "$(kept "$3")" -ge 1 ]
}
