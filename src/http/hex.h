/* SPDX-License-Identifier: ISC */
/*
 * hex.h - the value of one hexadecimal digit, for percent-decoding
 * (RFC 3986 §2.1: HEXDIG, either letter case). Pure: runs in any thread
 * and touches only its argument.
 */
#ifndef STATUSCGI_HEX_H
#define STATUSCGI_HEX_H

/* Returns the value (0-15) of the digit c, or -1 if c is not one. */
static inline int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
