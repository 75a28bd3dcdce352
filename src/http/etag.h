/* SPDX-License-Identifier: ISC */
/*
 * etag.h - the bytes an entity-tag's opaque-tag may hold. Pure: runs in
 * any thread and touches only its argument.
 */
#ifndef STATUSCGI_ETAG_H
#define STATUSCGI_ETAG_H

/*
 * etagc = "!" / %x23-7E / obs-text, obs-text = %x80-FF (RFC 9110 §8.8.3,
 * §5.6.4): any visible byte but DQUOTE, or any byte of 0x80 and above;
 * never SP, HTAB, CR, LF or NUL. c is a byte (0-255). Returns 1 if c is
 * one, 0 if not.
 */
static inline int
is_etagc(int c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x7e) || c >= 0x80;
}

#endif
