/* SPDX-License-Identifier: ISC */
/*
 * codes.c - the code grammar: one code, lists, weights and ranges
 * ("404", "200,500", "200:0.7,500:0.3", "500-504"), and the weighted pick.
 * Pure functions, run by whichever process or thread serves a request: a
 * CGI process, or a FastCGI worker process's loop thread; the pick depends
 * only on the seed it is given.
 */
#include <stdint.h>
#include <string.h>

#include "http/codes.h"

#define WEIGHT_ONE	1000000ULL	/* weights are kept in millionths */

unsigned
code_parse(const char *s, size_t n, const char *where, struct fail *f)
{
	char	 q[48], tmp[44];
	unsigned v;

	if (n > 40)
		n = 40;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (n != 3 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' ||
	    s[2] < '0' || s[2] > '9') {
		if (n == 0)
			fail_set(f, 400, "empty item in the code list%s", where);
		else
			fail_set(f, 400, "bad code \"%s\"%s: a code is exactly "
			    "three digits, 100 to 599", fail_quote(q, sizeof(q),
			    tmp), where);
		return 0;
	}
	v = (unsigned)(s[0] - '0') * 100 + (unsigned)(s[1] - '0') * 10 +
	    (unsigned)(s[2] - '0');
	if (v < CODES_MIN || v > CODES_MAX) {
		fail_set(f, 400, "code %s%s is out of range: codes run from "
		    "100 to 599", tmp, where);
		return 0;
	}
	return v;
}

/*
 * Parses a weight like httpbin's ("0.7", "2", ".5"): a decimal number of
 * at most 6 integer and 6 fraction digits. Returns 0 with *w in millionths,
 * or -1 with f set.
 */
static int
parse_weight(const char *s, size_t n, unsigned long long *w, struct fail *f)
{
	unsigned long long v = 0, scale = WEIGHT_ONE;
	size_t	 i, ip = 0, fp = 0;
	int	 dot = 0;
	char	 q[48], tmp[44];

	for (i = 0; i < n; i++) {
		if (s[i] == '.' && !dot) {
			dot = 1;
		} else if (s[i] >= '0' && s[i] <= '9') {
			if (dot) {
				if (++fp > 6)
					break;
				scale /= 10;
				v += (unsigned long long)(s[i] - '0') * scale;
			} else {
				if (++ip > 6)
					break;
				v = v * 10 + (unsigned long long)(s[i] - '0')
				    * WEIGHT_ONE;
			}
		} else
			break;
	}
	if (i < n || ip + fp == 0) {
		if (n > 40)
			n = 40;
		memcpy(tmp, s, n);
		tmp[n] = '\0';
		return fail_set(f, 400, "bad weight \"%s\": a weight is a "
		    "number like 0.25 (up to 6 digits each side of the point)",
		    fail_quote(q, sizeof(q), tmp));
	}
	*w = v;
	return 0;
}

int
codes_parse(struct codes *o, const char *spec, const char *where,
    struct fail *f)
{
	const char	*p = spec, *e, *colon, *dash;
	unsigned long long w;
	unsigned	 lo, hi, c;
	int		 any = 0;

	memset(o, 0, sizeof(*o));
	o->lo = CODES_MAX;
	o->hi = CODES_MIN;
	for (;;) {
		e = p + strcspn(p, ",");
		colon = memchr(p, ':', (size_t)(e - p));
		if (colon == NULL)
			colon = e;
		if (colon == p)
			return fail_set(f, 400, "empty item in the code "
			    "list%s", where);
		/* A range's halves must be codes; if one is not, the message
		 * quotes the whole item ("-404", "200-", "500-5x4"). */
		dash = memchr(p, '-', (size_t)(colon - p));
		if (dash != NULL && (dash == p || dash + 1 == colon ||
		    dash - p != 3 || colon - dash != 4))
			dash = NULL;
		if ((lo = code_parse(p, (size_t)((dash ? dash : colon) - p),
		    where, f)) == 0)
			return -1;
		hi = lo;
		if (dash != NULL) {
			if ((hi = code_parse(dash + 1,
			    (size_t)(colon - dash - 1), where, f)) == 0)
				return -1;
			if (hi < lo)
				return fail_set(f, 400, "reversed range "
				    "%u-%u%s: write the lower code first",
				    lo, hi, where);
		}
		w = WEIGHT_ONE;
		if (colon < e && parse_weight(colon + 1,
		    (size_t)(e - colon - 1), &w, f) == -1)
			return -1;
		for (c = lo; c <= hi; c++) {
			o->weight[c] += w;
			any |= w != 0;
		}
		if (lo < o->lo)
			o->lo = lo;
		if (hi > o->hi)
			o->hi = hi;
		if (*e == '\0')
			break;
		p = e + 1;
	}
	if (!any)
		return fail_set(f, 400, "every weight in the code list%s is "
		    "zero", where);
	return 0;
}

/* splitmix64: a small, well-mixed generator; the same seed, same pick. */
static uint64_t
mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

unsigned
codes_pick(const struct codes *o, uint64_t seed)
{
	unsigned long long total = 0, r;
	unsigned	 c, last = 0;

	for (c = o->lo; c <= o->hi; c++)
		total += o->weight[c];
	r = mix(seed) % total;
	for (c = o->lo; c <= o->hi; c++) {
		if (o->weight[c] == 0)
			continue;
		last = c;
		if (r < o->weight[c])
			return c;
		r -= o->weight[c];
	}
	return last;
}
