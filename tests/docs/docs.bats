#!/usr/bin/env bats
# The documents say what the project really does: what `make check`
# installs, as make itself would run it. No program is built or started.

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

@test "the README's test section names every Debian package make check installs" {
	local tests pkgs p
	tests=$(sed -n '/^## Tests$/,/^## /p' "$TOP/README.md")
	pkgs=$(installed_by_check)
	[ "$(printf '%s\n' "$pkgs" | wc -l)" -gt 20 ] || fail "too few packages read: $pkgs"
	for p in $pkgs; do
		grep -qE "(^|[^a-z0-9-])$p([^a-z0-9-]|$)" <<<"$tests" ||
			fail "the README's test section does not name $p"
	done
}

@test "the README names the playwright-core version the lock file pins" {
	local v
	v=$(jq -r '.packages["node_modules/playwright-core"].version' \
		"$TOP/tests/browser/package-lock.json")
	[ -n "$v" ] && [ "$v" != null ]
	sed -n '/^## Tests$/,/^## /p' "$TOP/README.md" | tr '\n' ' ' |
		grep -q "playwright-core $v" ||
		fail "the README does not say playwright-core $v"
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
