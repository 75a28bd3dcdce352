#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# size=N makes the content N bytes of a fixed pattern, a resource that
# answers Range requests (RFC 9110 §14) as a real one would: 206 with
# Content-Range, multipart/byteranges for several ranges, 416 when none
# fits, If-Range checked against etag=/last-modified=. drip=MS sends the
# content in even pieces over MS milliseconds.

load helper

PAT=0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ
LM='Sun, 06 Nov 1994 08:49:37 GMT'
LMQ='last-modified=Sun,+06+Nov+1994+08:49:37+GMT'

# pattern FIRST COUNT: the pattern's bytes FIRST.. (COUNT of them).
pattern() {
	local all=$PAT$PAT$PAT$PAT$PAT$PAT$PAT$PAT$PAT$PAT$PAT$PAT$PAT$PAT$PAT$PAT$PAT$PAT
	printf '%s' "${all:$1:$2}"
}

@test "size=100 is 100 bytes of the pattern as application/octet-stream with Accept-Ranges" {
	cgi 'QUERY_STRING=code=200&size=100'
	assert_status '200 OK'
	assert_header Content-Type application/octet-stream
	assert_header Content-Length 100
	assert_header Accept-Ranges bytes
	assert_equal "$body" "$(pattern 0 100)"
}

@test "size=0 is an empty content with Content-Length 0" {
	cgi 'QUERY_STRING=code=200&size=0'
	assert_status '200 OK'
	assert_header Content-Length 0
	assert_equal "$body_bytes" 0
}

@test "size= takes its Content-Type from content-type=" {
	cgi 'QUERY_STRING=code=200&size=10&content-type=text/plain'
	assert_header Content-Type text/plain
	assert_equal "$body" "$(pattern 0 10)"
}

@test "size= gives other codes the same content: a 404 of 70 bytes" {
	cgi 'QUERY_STRING=code=404&size=70'
	assert_status '404 Not Found'
	assert_header Content-Length 70
	assert_equal "$body" "$(pattern 0 70)"
}

@test "size= asks nginx not to buffer the content (X-Accel-Buffering: no)" {
	cgi 'QUERY_STRING=code=200&size=10'
	assert_header X-Accel-Buffering no
}

@test "HEAD with size= gets the same head as GET and no content" {
	cgi 'QUERY_STRING=code=200&size=100'
	local get=$head
	cgi REQUEST_METHOD=HEAD 'QUERY_STRING=code=200&size=100'
	assert_equal "$head" "$get"
	assert_equal "$body_bytes" 0
}

@test "size over 1 GiB is refused with the cap named" {
	cgi 'QUERY_STRING=code=200&size=1073741825'
	assert_refused '400 Bad Request' 'size=1073741825 is over the cap of 1073741824 bytes (STATUSCGI_MAX_SIZE)'
}

@test "STATUSCGI_MAX_SIZE lowers the cap" {
	cgi STATUSCGI_MAX_SIZE=1000 'QUERY_STRING=code=200&size=1001'
	assert_refused '400 Bad Request' 'size=1001 is over the cap of 1000 bytes (STATUSCGI_MAX_SIZE)'
}

@test "size that is not a number is refused" {
	cgi 'QUERY_STRING=code=200&size=10k'
	assert_refused '400 Bad Request' 'size must be a whole number of bytes'
}

@test "size and body together are refused" {
	cgi 'QUERY_STRING=code=200&size=10&body=x'
	assert_refused '400 Bad Request' 'size and body both give the content: give one'
}

@test "Range bytes=10-19 gets 206 with those bytes and Content-Range" {
	cgi 'QUERY_STRING=code=200&size=100' HTTP_RANGE=bytes=10-19
	assert_status '206 Partial Content'
	assert_header Content-Range 'bytes 10-19/100'
	assert_header Content-Length 10
	assert_header Content-Type application/octet-stream
	assert_equal "$body" "$(pattern 10 10)"
}

@test "an open range bytes=90- goes to the end" {
	cgi 'QUERY_STRING=code=200&size=100' HTTP_RANGE=bytes=90-
	assert_status '206 Partial Content'
	assert_header Content-Range 'bytes 90-99/100'
	assert_equal "$body" "$(pattern 90 10)"
}

@test "a suffix range bytes=-5 is the last five bytes" {
	cgi 'QUERY_STRING=code=200&size=100' HTTP_RANGE=bytes=-5
	assert_header Content-Range 'bytes 95-99/100'
	assert_equal "$body" "$(pattern 95 5)"
}

@test "a suffix longer than the content is all of it, as 206" {
	cgi 'QUERY_STRING=code=200&size=100' HTTP_RANGE=bytes=-500
	assert_status '206 Partial Content'
	assert_header Content-Range 'bytes 0-99/100'
}

@test "a last byte past the end is clipped to the end" {
	cgi 'QUERY_STRING=code=200&size=100' HTTP_RANGE=bytes=50-5000
	assert_header Content-Range 'bytes 50-99/100'
}

@test "the same offset gives the same bytes whatever size" {
	cgi 'QUERY_STRING=code=200&size=1000' HTTP_RANGE=bytes=500-509
	local a=$body
	cgi 'QUERY_STRING=code=200&size=600' HTTP_RANGE=bytes=500-509
	assert_equal "$body" "$a"
}

@test "two ranges get multipart/byteranges with a part each" {
	cgi 'QUERY_STRING=code=200&size=100' HTTP_RANGE='bytes=0-4, 90-94'
	assert_status '206 Partial Content'
	assert_header Content-Type 'multipart/byteranges; boundary=statuscgi_byteranges_boundary'
	refute_header Content-Range
	local want
	printf -v want -- '--statuscgi_byteranges_boundary\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 0-4/100\r\n\r\n%s\r\n--statuscgi_byteranges_boundary\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes 90-94/100\r\n\r\n%s\r\n--statuscgi_byteranges_boundary--\r\n' "$(pattern 0 5)" "$(pattern 90 5)"
	assert_equal "$body" "$want"
	assert_header Content-Length "${#want}"
}

@test "overlapping and touching ranges are merged into one part" {
	cgi 'QUERY_STRING=code=200&size=100' HTTP_RANGE='bytes=0-9,5-14,15-19'
	assert_status '206 Partial Content'
	assert_header Content-Range 'bytes 0-19/100'
	assert_equal "$body" "$(pattern 0 20)"
}

@test "ranges are sent in order of their first byte" {
	cgi 'QUERY_STRING=code=200&size=100' HTTP_RANGE='bytes=90-94,0-4'
	[[ $body == *"bytes 0-4/100"*"bytes 90-94/100"* ]]
}

@test "many small ranges never make the answer larger than the content" {
	local set=bytes=0-0 i
	for ((i = 1; i < 100; i++)); do set+=",0-$i"; done
	cgi 'QUERY_STRING=code=200&size=1000' "HTTP_RANGE=$set"
	assert_status '206 Partial Content'
	assert_header Content-Range 'bytes 0-99/1000'
	assert_header Content-Length 100
}

@test "more than 100 ranges are ignored: the whole content, 200" {
	local set=bytes=0-0 i
	for ((i = 1; i <= 100; i++)); do set+=",$((i * 2))-$((i * 2))"; done
	cgi 'QUERY_STRING=code=200&size=1000' "HTTP_RANGE=$set"
	assert_status '200 OK'
	assert_header Content-Length 1000
}

@test "more than 16 separate parts are ignored: the whole content, 200" {
	local set=bytes=0-0 i
	for ((i = 1; i <= 16; i++)); do set+=",$((i * 10))-$((i * 10))"; done
	cgi 'QUERY_STRING=code=200&size=1000' "HTTP_RANGE=$set"
	assert_status '200 OK'
}

@test "a range past the end gets 416 with Content-Range bytes */N and says why" {
	cgi 'QUERY_STRING=code=200&size=1000' HTTP_RANGE=bytes=2000-3000
	assert_status '416 Range Not Satisfiable'
	assert_header Content-Range 'bytes */1000'
	[[ $body == *"Why: Range 2000-3000 is beyond the 1000 bytes of the content"* ]]
}

@test "a 416 says why in JSON too" {
	cgi 'QUERY_STRING=code=200&size=1000&type=json' HTTP_RANGE=bytes=2000-
	assert_status '416 Range Not Satisfiable'
	[ "$(jq -r .why <<<"$body")" = "Range 2000- is beyond the 1000 bytes of the content" ]
}

@test "bytes=-0 is not satisfiable: 416" {
	cgi 'QUERY_STRING=code=200&size=10' HTTP_RANGE=bytes=-0
	assert_status '416 Range Not Satisfiable'
}

@test "an invalid Range is ignored: 200 with everything" {
	for r in bytes=5-1 bytes=x-1 bytes= 'bytes=1-2;3-4' bytes=1 items=0-1 '=0-1'; do
		cgi 'QUERY_STRING=code=200&size=100' "HTTP_RANGE=$r"
		assert_status '200 OK'
		assert_header Content-Length 100
	done
}

@test "the range unit is case-insensitive" {
	cgi 'QUERY_STRING=code=200&size=100' HTTP_RANGE=BYTES=0-1
	assert_status '206 Partial Content'
}

@test "positions with more digits than fit are beyond any content: 416" {
	cgi 'QUERY_STRING=code=200&size=100' HTTP_RANGE=bytes=99999999999999999999999999-
	assert_status '416 Range Not Satisfiable'
}

@test "Range on a size=0 content is ignored: 200" {
	cgi 'QUERY_STRING=code=200&size=0' HTTP_RANGE=bytes=0-1
	assert_status '200 OK'
}

@test "Range is ignored on POST" {
	cgi REQUEST_METHOD=POST 'QUERY_STRING=code=200&size=100' HTTP_RANGE=bytes=0-1
	assert_status '200 OK'
}

@test "HEAD with a Range gets the 206 head and no content" {
	cgi REQUEST_METHOD=HEAD 'QUERY_STRING=code=200&size=100' HTTP_RANGE=bytes=0-1
	assert_status '206 Partial Content'
	assert_header Content-Length 2
	assert_equal "$body_bytes" 0
}

@test "Range without size= leaves a 200 alone, and says Accept-Ranges: none" {
	cgi 'QUERY_STRING=code=200' HTTP_RANGE=bytes=0-1
	assert_status '200 OK'
	assert_header Accept-Ranges none
}

@test "Range on another code than 200 is ignored" {
	cgi 'QUERY_STRING=code=404&size=100' HTTP_RANGE=bytes=0-1
	assert_status '404 Not Found'
	assert_header Content-Length 100
}

@test "a 206 carries the ETag and Last-Modified of the resource" {
	cgi "QUERY_STRING=code=200&size=100&etag=v1&$LMQ" HTTP_RANGE=bytes=0-1
	assert_status '206 Partial Content'
	assert_header ETag '"v1"'
	assert_header Last-Modified "$LM"
}

@test "If-Range with the strong ETag lets the Range through" {
	cgi 'QUERY_STRING=code=200&size=100&etag=v1' HTTP_RANGE=bytes=0-1 'HTTP_IF_RANGE="v1"'
	assert_status '206 Partial Content'
}

@test "If-Range with another ETag gets the whole content, 200" {
	cgi 'QUERY_STRING=code=200&size=100&etag=v1' HTTP_RANGE=bytes=0-1 'HTTP_IF_RANGE="v2"'
	assert_status '200 OK'
	assert_header Content-Length 100
}

@test "If-Range compares strongly: a weak ETag never matches" {
	cgi 'QUERY_STRING=code=200&size=100&etag=W/%22v1%22' HTTP_RANGE=bytes=0-1 'HTTP_IF_RANGE=W/"v1"'
	assert_status '200 OK'
}

@test "If-Range with the Last-Modified date lets the Range through" {
	cgi "QUERY_STRING=code=200&size=100&$LMQ" HTTP_RANGE=bytes=0-1 "HTTP_IF_RANGE=$LM"
	assert_status '206 Partial Content'
}

@test "If-Range with another date gets the whole content, 200" {
	cgi "QUERY_STRING=code=200&size=100&$LMQ" HTTP_RANGE=bytes=0-1 'HTTP_IF_RANGE=Mon, 07 Nov 1994 08:49:37 GMT'
	assert_status '200 OK'
}

@test "If-Range that is neither a tag nor a date gets the whole content" {
	cgi "QUERY_STRING=code=200&size=100&$LMQ" HTTP_RANGE=bytes=0-1 'HTTP_IF_RANGE=yesterday'
	assert_status '200 OK'
}

@test "preconditions come before Range: If-None-Match matching gets 304" {
	cgi 'QUERY_STRING=code=200&size=100&etag=v1' HTTP_RANGE=bytes=0-1 'HTTP_IF_NONE_MATCH="v1"'
	assert_status '304 Not Modified'
}

@test "credentials come before Range: without them a 401" {
	cgi 'QUERY_STRING=code=200&size=100&auth=bearer' HTTP_RANGE=bytes=0-1
	assert_status '401 Unauthorized'
}

@test "drip= sends the same bytes as without it" {
	cgi 'QUERY_STRING=code=200&size=300'
	local plain=$body
	cgi 'QUERY_STRING=code=200&size=300&drip=200'
	assert_equal "$body" "$plain"
	assert_header Content-Length 300
	assert_header X-Accel-Buffering no
}

@test "drip= spreads the content over the time asked" {
	local start end
	start=$(date +%s%N)
	cgi 'QUERY_STRING=code=200&size=100&drip=600'
	end=$(date +%s%N)
	[ $(( (end - start) / 1000000 )) -ge 600 ]
}

@test "drip= sends the head at once and the content in pieces" {
	local out=$BATS_TEST_TMPDIR/drip t0 t1 t2
	env -i PATH=/usr/bin:/bin REQUEST_METHOD=GET 'QUERY_STRING=code=200&size=10&drip=1000' \
		"$BIN" | {
		t0=$(date +%s%N)
		IFS= read -r line	# the status line: at once
		t1=$(date +%s%N)
		cat >/dev/null
		t2=$(date +%s%N)
		echo "$(( (t1 - t0) / 1000000 )) $(( (t2 - t0) / 1000000 ))"
	} >"$out"
	read -r head_ms all_ms <"$out"
	[ "$head_ms" -lt 500 ]
	[ "$all_ms" -ge 800 ]
}

@test "drip over the cap is refused with the cap named" {
	cgi 'QUERY_STRING=code=200&size=10&drip=10001'
	assert_refused '400 Bad Request' 'drip=10001 is over the cap of 10000 ms (STATUSCGI_MAX_SLEEP_MS)'
}

@test "a 1 GiB size= answer streams from a CGI process whose memory stays flat" {
	local got=$BATS_TEST_TMPDIR/got pid hwm
	env -i PATH=/usr/bin:/bin REQUEST_METHOD=GET 'QUERY_STRING=code=200&size=1073741824' \
		${ASAN_OPTIONS:+ASAN_OPTIONS=$ASAN_OPTIONS} "$BIN" |
		{ sleep 1; wc -c >"$got"; } &
	local reader=$!
	sleep 0.5
	pid=$(pgrep -nf "^$BIN\$")
	hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status")
	wait "$reader"
	echo "high water mark mid-stream: $hwm KiB" >&2
	[ "$(cat "$got")" -gt 1073741824 ]
	[ "$hwm" -lt 65536 ]
}
