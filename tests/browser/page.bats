#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The front page in real headless Chromium (Debian's), driven by
# playwright-core, against lighttpd serving the program on loopback.

load ../servers/helper

setup_file() {
	lab_init
	LIGHTTPD=$(lighttpd_start) || return 1
	export LAB LIGHTTPD
}

teardown_file() {
	lab_stop
}

# scenario NAME: runs one scenario of drive.mjs; see there what it checks.
scenario() {
	BASE="http://127.0.0.1:$LIGHTTPD/cgi-bin/status.cgi" \
		SHOTS="$TOP/build/screenshots" \
		run node "$BATS_TEST_DIRNAME/drive.mjs" "$1"
	if [ "$status" -ne 0 ]; then
		echo "lab processes:" >&2
		pgrep -af "$LAB" >&2 || echo "  none" >&2
		tail -n 20 "$LAB"/logs/* >&2 || true
	fi
	assert_success
}

@test "the page loads with no console errors, and a screenshot is written" {
	scenario loads-clean
	[ -s "$TOP/build/screenshots/index.png" ]
}

@test "choosing 404 in the form and sending it with GET lands on a 404 page that names it" {
	scenario form-get-404
}

@test "the POST variant of the form lands on the 404 as well" {
	scenario form-post-404
}

@test "a 301 from the form is followed to the final 200" {
	scenario redirect-301
}

@test "the fetch panel shows a 204's status line and headers without leaving the page" {
	scenario fetch-204
}

@test "a page with an ETag, reloaded, is revalidated with If-None-Match and gets a 304" {
	scenario reload-304
}

@test "auth= gives a 401 in the fetch panel, turned into the 200 by a user and password typed there" {
	scenario fetch-401-credentials
}

@test "size= in the form and a Range typed in the fetch panel give a 206 with those bytes" {
	scenario fetch-206-range
}

@test "a closed section opens on a click and a field from it is sent; back on the form, the section holding it is open" {
	scenario section-opens-sent
}

@test "script in reason, header and body parameters never runs" {
	scenario xss
}
