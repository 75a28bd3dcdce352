/* SPDX-License-Identifier: ISC */
/*
 * asan_options.c - linked into the ASan+UBSan build only. libfcgi asks
 * malloc for absurd sizes when a hostile peer says so (CVE-2025-23016's
 * shape) and asserts on the NULL it gets; ASan would instead report the
 * request and abort. Returning NULL keeps the sanitized worker dying the
 * way the real one does, so only our own bugs make ASan speak. That build
 * (build/asan/status.cgi) is what make check runs the test suite on; the
 * ASan runtime reads this once, as the program starts, before main().
 */
const char *__asan_default_options(void);

const char *
__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}
