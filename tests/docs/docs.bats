#!/usr/bin/env bats
# SPDX-License-Identifier: ISC
# The documents say what the project really does: what `make check`
# installs, as make itself would run it; every parameter and setting the
# program reads, in the README and in status.cgi(8); links that lead
# somewhere. Only the program's --help is run (built if it is not there).

load /usr/lib/bats/bats-support/load.bash
load /usr/lib/bats/bats-assert/load.bash

TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)

# installed_by_check: every package name the recipes of make check hand to
# scripts/deps, one a line (make -n prints the recipes, variables expanded).
installed_by_check() {
	make -C "$TOP" --no-print-directory -n test-deps fuzz-deps |
		grep -o 'scripts/deps [^|;&]*' | sed 's|^scripts/deps ||' |
		tr ' ' '\n' | grep -v '^$' | sort -u
}

@test "docs/tests.md names every Debian package make check installs" {
	local tests pkgs p
	tests=$(cat "$TOP/docs/tests.md")
	pkgs=$(installed_by_check)
	[ "$(printf '%s\n' "$pkgs" | wc -l)" -gt 20 ] || fail "too few packages read: $pkgs"
	for p in $pkgs; do
		grep -qE "(^|[^a-z0-9-])$p([^a-z0-9-]|$)" <<<"$tests" ||
			fail "docs/tests.md does not name $p"
	done
}

@test "docs/tests.md names the playwright-core version the lock file pins" {
	local v
	v=$(jq -r '.packages["node_modules/playwright-core"].version' \
		"$TOP/tests/browser/package-lock.json")
	[ -n "$v" ] && [ "$v" != null ]
	tr '\n' ' ' <"$TOP/docs/tests.md" | grep -q "playwright-core $v" ||
		fail "docs/tests.md does not say playwright-core $v"
}

@test "the pinned playwright-core runs on Debian 12's Node.js 18" {
	local engines
	engines=$(jq -r '.packages["node_modules/playwright-core"].engines.node' \
		"$TOP/tests/browser/package-lock.json")
	# Debian 12's nodejs package is 18.x; a version that wants more fails
	# every browser test on a fresh machine.
	[ "$engines" = ">=18" ] || [ "$engines" = ">=16" ] ||
		fail "playwright-core wants Node.js $engines; Debian 12 has 18"
}

@test "the README says make check installs what is missing and points to docs/tests.md" {
	sed -n '1,/^## /p' "$TOP/README.md" | tr '\n' ' ' |
		grep -q 'make check` installs .*(docs/tests.md)' ||
		fail "the README's opening does not say it"
}

# usage: the program's --help, from the built binary (built if need be).
usage() {
	[ -x "$TOP/cgi-bin/status.cgi" ] ||
		make -C "$TOP" --no-print-directory cgi-bin/status.cgi >&2
	"$TOP/cgi-bin/status.cgi" --help
}

# parameters: the names the usage lists after "Parameters:", one a line.
parameters() {
	usage | sed -n '/^Parameters:/,/^[A-Z]/p' |
		sed 's/^Parameters://; /^Environment/d' | tr ' ' '\n' | grep -v '^$'
}

# settings: every STATUSCGI_ variable the usage names or the sources hold,
# one a line, without include guards (*_H) and the test builds' hooks
# (STATUSCGI_TEST_*, never installed). src/ is searched whole: its files
# move between folders.
settings() {
	{ usage | sed -n '/^Environment:/,$p'; grep -rhoE 'STATUSCGI_[A-Z_]+' "$TOP/src"; } |
		grep -oE 'STATUSCGI_[A-Z_]+' | grep -vE '^STATUSCGI_TEST_|_H$' | sort -u
}

# readme_params: the README's "Parameters" section.
readme_params() {
	sed -n '/^## Parameters$/,/^## /p' "$TOP/README.md"
}

@test "every parameter the program reads is in the README's table and in status.cgi(8)" {
	local ps p n=0
	ps=$(parameters)
	[ "$(wc -l <<<"$ps")" -ge 20 ] || fail "too few parameters read: $ps"
	for p in $ps; do
		readme_params | grep -qF "| \`$p\` |" ||
			fail "the README's parameter table has no row for $p"
		grep -q "^\.It Cm $p Ns" "$TOP/man/status.cgi.8" ||
			fail "status.cgi(8) does not document $p"
		n=$((n + 1))
	done
	echo "# $n parameters" >&3
}

@test "every STATUSCGI_ setting the program reads is in the README's tables and in status.cgi(8)" {
	local vs v
	vs=$(settings)
	[ "$(wc -l <<<"$vs")" -ge 3 ] || fail "too few settings read: $vs"
	for v in $vs; do
		readme_params | grep -qF "| \`$v\` |" ||
			fail "the README's settings table has no row for $v"
		grep -q "^\.It Ev $v\$" "$TOP/man/status.cgi.8" ||
			fail "status.cgi(8) does not document $v"
	done
}

@test "every relative link in the README and docs/ leads to a file" {
	local f l target
	for f in "$TOP/README.md" "$TOP/SECURITY.md" "$TOP"/docs/*.md; do
		for l in $(grep -oE '\]\([^)#]+(#[^)]*)?\)' "$f" |
		    sed -E 's/^\]\(//; s/\)$//; s/#.*//'); do
			case $l in *://*) continue ;; esac
			target=$(dirname "$f")/$l
			[ -e "$target" ] || fail "${f#"$TOP"/} links to $l, which is not there"
		done
	done
}

@test "every source file carries the ISC licence's SPDX line at its top" {
	local f missing=
	cd "$TOP"
	for f in $(git ls-files '*.c' '*.h' '*.bats' '*.bash' '*.mjs' '*.py' \
	    Makefile scripts .ci/run bench/run bench/download bench/apache-reuse); do
		head -n 3 "$f" | grep -q 'SPDX-License-Identifier: ISC' ||
			missing="$missing $f"
	done
	[ -z "$missing" ] || fail "no SPDX line in:$missing"
	grep -q '^Copyright (c) 2026 The statuscgi authors$' LICENSE
}

@test "docs/layout.md has a row for every file of src/" {
	local f missing=
	cd "$TOP"
	for f in $(git ls-files src); do
		grep -q "\`${f##*/}\`" docs/layout.md || missing="$missing $f"
	done
	[ -z "$missing" ] || fail "docs/layout.md does not name:$missing"
}

@test "no file below src/ includes a header of a layer above its own" {
	local f h rank mine bad=
	cd "$TOP"
	# base 0 < http 1 < answer 2 < fastcgi 3 (docs/layout.md)
	rank() { case $1 in http/*) echo 1 ;; answer/*) echo 2 ;; fastcgi/*) echo 3 ;; *) echo 0 ;; esac; }
	for f in $(git ls-files 'src/*.c' 'src/*.h'); do
		case ${f#src/} in main.c|cgi.c|cgi.h) continue ;; esac
		mine=$(rank "${f#src/}")
		for h in $(sed -n 's/^#include "\(.*\)"/\1/p' "$f"); do
			[ "$(rank "$h")" -le "$mine" ] || bad="$bad $f->$h"
		done
	done
	[ -z "$bad" ] || fail "includes that run up a layer:$bad"
}
