/* SPDX-License-Identifier: ISC */
/*
 * num.h - whole numbers written as digits, parsed with a bound. Pure
 * (num.c): runs in whichever process or thread calls it and touches only
 * its arguments.
 */
#ifndef STATUSCGI_NUM_H
#define STATUSCGI_NUM_H

#include <stddef.h>

/*
 * Parses s, 1 to maxdigits digits of base (2 to 10) and nothing else,
 * into *out; maxdigits at most 19 in base 10 keeps it below 2^64. Returns
 * 0, or -1 (and *out untouched) if s is empty, too long or holds anything
 * but such digits (no sign, no space).
 */
int	num_parse(const char *s, unsigned base, size_t maxdigits,
	    unsigned long long *out);

#endif
