# SPDX-License-Identifier: ISC
# ranges.bash - size=, Range and drip= through a server, asked with real
# curl (loaded by the per-server .bats files after helper).

PAT=0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ

# pattern FIRST COUNT: bytes FIRST.. (COUNT of them) of size='s content.
pattern() {
	yes "$PAT" | tr -d '\n' | head -c $(($1 + $2)) | tail -c "$2"
}

# get_to FILE [curl args...]: GET into FILE; sets head (as fetch does),
# status_line, and size (the bytes curl wrote).
get_to() {
	local file=$1 hdr=$BATS_TEST_TMPDIR/head
	shift
	curl -s --max-time 20 -D "$hdr" -o "$file" "$@" || return 1
	head=$(tr -d '\r' <"$hdr" | sed '/^$/d')
	status_line=${head%%$'\n'*}
	size=$(wc -c <"$file")
}

# size_whole PORT SCRIPT: size=1000000 arrives whole: 200, the program's
# Content-Length (not chunked), and the pattern's bytes.
size_whole() {
	local got=$BATS_TEST_TMPDIR/got want=$BATS_TEST_TMPDIR/want
	get_to "$got" "http://127.0.0.1:$1$2/200?size=1000000"
	assert_equal "$status_line" 'HTTP/1.1 200 OK'
	assert_equal "$(header Content-Length)" 1000000
	assert_equal "$(header Transfer-Encoding)" ''
	assert_equal "$(header Content-Type)" application/octet-stream
	pattern 0 1000000 >"$want"
	assert_equal "$size" 1000000
	cmp "$want" "$got"
}

# single_range PORT SCRIPT: Range bytes=70000-70099 of size=100000 gets a
# 206 with that Content-Range and those 100 bytes.
single_range() {
	local got=$BATS_TEST_TMPDIR/got
	get_to "$got" -H 'Range: bytes=70000-70099' "http://127.0.0.1:$1$2/200?size=100000"
	assert_equal "$status_line" 'HTTP/1.1 206 Partial Content'
	assert_equal "$(header Content-Range)" 'bytes 70000-70099/100000'
	assert_equal "$size" 100
	assert_equal "$(cat "$got")" "$(pattern 70000 100)"
}

# two_ranges PORT SCRIPT: bytes=0-4,90-94 of size=100 gets a 206
# multipart/byteranges with both parts, byte for byte.
two_ranges() {
	local got=$BATS_TEST_TMPDIR/got want=$BATS_TEST_TMPDIR/want
	get_to "$got" -H 'Range: bytes=0-4,90-94' "http://127.0.0.1:$1$2/200?size=100"
	assert_equal "$status_line" 'HTTP/1.1 206 Partial Content'
	assert_equal "$(header Content-Type)" 'multipart/byteranges; boundary=statuscgi_byteranges_boundary'
	assert_equal "$(header Content-Range)" ''
	printf -- '--statuscgi_byteranges_boundary\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 0-4/100\r\n\r\n%s\r\n--statuscgi_byteranges_boundary\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 90-94/100\r\n\r\n%s\r\n--statuscgi_byteranges_boundary--\r\n' \
		"$(pattern 0 5)" "$(pattern 90 5)" >"$want"
	cmp "$want" "$got"
}

# unsatisfiable PORT SCRIPT: bytes=2000-3000 of size=1000 gets a 416 with
# Content-Range: bytes */1000, saying why.
unsatisfiable() {
	fetch -H 'Range: bytes=2000-3000' "http://127.0.0.1:$1$2/200?size=1000"
	assert_equal "$status_line" 'HTTP/1.1 416 Range Not Satisfiable'
	assert_equal "$(header Content-Range)" 'bytes */1000'
	assert_equal "$(grep '^Why:' <<<"$body")" 'Why: Range 2000-3000 is beyond the 1000 bytes of the content'
}

# if_range_mismatch PORT SCRIPT: a Range with an If-Range naming another
# ETag gets the whole content, 200.
if_range_mismatch() {
	local got=$BATS_TEST_TMPDIR/got
	get_to "$got" -H 'Range: bytes=10-19' -H 'If-Range: "v2"' \
		"http://127.0.0.1:$1$2/200?size=100&etag=v1"
	assert_equal "$status_line" 'HTTP/1.1 200 OK'
	assert_equal "$(header Content-Range)" ''
	assert_equal "$size" 100
	assert_equal "$(cat "$got")" "$(pattern 0 100)"
}

# range_left_alone PORT SCRIPT: a Range the program ignores (17 separate
# parts, over its 16; an invalid bytes=5-1) gets the program's whole 200,
# not the server's own 206 or 416.
range_left_alone() {
	local set=bytes=0-0 i
	for ((i = 1; i <= 16; i++)); do set+=",$((i * 100))-$((i * 100))"; done
	fetch -H "Range: $set" "http://127.0.0.1:$1$2/200?size=2000"
	assert_equal "$status_line" 'HTTP/1.1 200 OK'
	assert_equal "${#body}" 2000
	fetch -H 'Range: bytes=5-1' "http://127.0.0.1:$1$2/200?size=100"
	assert_equal "$status_line" 'HTTP/1.1 200 OK'
	assert_equal "${#body}" 100
}

# drip_times PORT SCRIPT QUERY: reads QUERY's answer as it comes; sets
# first_ms (the first byte of the content), all_ms (the end) and got (the
# bytes of content), counted from the request.
drip_times() {
	local out=$BATS_TEST_TMPDIR/drip t0
	t0=$(date +%s%N)
	curl -s -N --max-time 20 "http://127.0.0.1:$1$2/200?$3" | {
		IFS= read -r -n 1 c
		t1=$(date +%s%N)
		n=$(wc -c)
		t2=$(date +%s%N)
		echo "$(( (t1 - t0) / 1000000 )) $(( (t2 - t0) / 1000000 )) $((n + ${#c}))"
	} >"$out"
	read -r first_ms all_ms got <"$out"
}

# drip_relayed PORT SCRIPT: drip=2000 on size=200 (20 pieces of 10 bytes)
# reaches the client as it comes: the first byte of content well before
# the end, the last after about 2 s.
drip_relayed() {
	drip_times "$1" "$2" 'size=200&drip=2000'
	assert_equal "$got" 200
	[ "$first_ms" -lt 1000 ] || fail "the first byte of content came after $first_ms ms"
	[ "$all_ms" -ge 1800 ] || fail "all of it came after $all_ms ms"
}
