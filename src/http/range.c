/* SPDX-License-Identifier: ISC */
/*
 * range.c - Range requests (RFC 9110 §14) and If-Range (§13.1.5). Pure:
 * runs in the thread that plans the answer and touches only its
 * arguments.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http/cond.h"
#include "http/range.h"

#define NO_POS	(~0ULL)		/* a position that was not given */

/* One range-spec as written. */
struct spec {
	unsigned long long first, last;	/* first NO_POS: a suffix-range */
};

static const char *
ows(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/*
 * Reads 1*DIGIT at *p, saturating at NO_POS - 1 (a position past any
 * representation we have). Returns 0 and moves *p, or -1 if no digit.
 */
static int
digits(const char **p, unsigned long long *v)
{
	const char	*s = *p;

	*v = 0;
	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++)
		*v = *v >= (NO_POS - 1) / 10 ? NO_POS - 1 :
		    *v * 10 + (unsigned long long)(*s - '0');
	*p = s;
	return 0;
}

/*
 * Parses a range-set (§14.1.1) into specs, at most max of them. Returns
 * how many, or -1 if the set is not well-formed or has more than max.
 */
static int
parse_set(const char *p, struct spec *specs, size_t max)
{
	size_t	 n = 0;

	for (;;) {
		/* 1#range-spec: empty elements are allowed (§5.6.1.2). */
		while (*(p = ows(p)) == ',')
			p++;
		if (*p == '\0')
			break;
		if (n == max)
			return -1;
		if (*p == '-') {
			p++;
			specs[n].first = NO_POS;
			if (digits(&p, &specs[n].last) == -1)
				return -1;
		} else {
			if (digits(&p, &specs[n].first) == -1 || *p++ != '-')
				return -1;
			specs[n].last = NO_POS;
			if (*p >= '0' && *p <= '9') {
				digits(&p, &specs[n].last);
				/* §14.1.1: last before first is invalid. */
				if (specs[n].last < specs[n].first)
					return -1;
			}
		}
		n++;
		p = ows(p);
		if (*p != ',' && *p != '\0')
			return -1;
	}
	return n == 0 ? -1 : (int)n;
}

enum range_outcome
range_eval(const char *field, unsigned long long len, struct ranges *out,
    char *why, size_t n)
{
	struct spec	 specs[RANGE_SPECS_MAX];
	struct byte_range r[RANGE_SPECS_MAX], t;
	const char	*set;
	size_t		 i, j, k = 0;
	int		 count;

	out->n = 0;
	set = ows(field);
	/* §14.1: the range unit is case-insensitive; only bytes here. */
	if (strncasecmp(set, "bytes", 5) != 0)
		return RANGE_IGNORED;
	set = ows(set + 5);
	if (*set != '=' || len == 0)
		return RANGE_IGNORED;
	set++;
	if ((count = parse_set(set, specs, RANGE_SPECS_MAX)) == -1)
		return RANGE_IGNORED;
	/* §14.1.1: the satisfiable ones, clipped to the representation. */
	for (i = 0; i < (size_t)count; i++) {
		if (specs[i].first == NO_POS) {
			if (specs[i].last == 0)
				continue;
			t.first = specs[i].last >= len ? 0 :
			    len - specs[i].last;
			t.last = len - 1;
		} else {
			if (specs[i].first >= len)
				continue;
			t.first = specs[i].first;
			t.last = specs[i].last >= len ? len - 1 :
			    specs[i].last;
		}
		/* Kept in order of first byte (insertion sort: k <= 100). */
		for (j = k; j > 0 && r[j - 1].first > t.first; j--)
			r[j] = r[j - 1];
		r[j] = t;
		k++;
	}
	if (k == 0) {
		snprintf(why, n, "Range %.80s%s is beyond the %llu bytes of "
		    "the content", ows(set), strlen(ows(set)) > 80 ? "..." : "",
		    len);
		return RANGE_UNSATISFIABLE;
	}
	/* Overlapping or touching ranges become one (§14.2). */
	for (i = 0; i < k; i++) {
		if (out->n > 0 &&
		    r[i].first <= out->r[out->n - 1].last + 1) {
			if (r[i].last > out->r[out->n - 1].last)
				out->r[out->n - 1].last = r[i].last;
			continue;
		}
		if (out->n == RANGES_MAX) {
			out->n = 0;
			return RANGE_IGNORED;
		}
		out->r[out->n++] = r[i];
	}
	return RANGE_PARTIAL;
}

int
if_range_holds(const char *field, const char *etag, int have_lm,
    long long last_modified, time_t now)
{
	const char	*p = ows(field);
	long long	 t;
	size_t		 n;

	if (*p == '"' || strncmp(p, "W/", 2) == 0) {
		/* An entity-tag: strong comparison, so a weak one on either
		 * side never holds. */
		if (*p != '"' || etag == NULL || etag[0] != '"')
			return 0;
		n = strlen(p);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		return n == strlen(etag) && memcmp(p, etag, n) == 0;
	}
	/* An HTTP-date: it must equal Last-Modified exactly. */
	return have_lm && http_date_parse(p, now, 0, &t) == 0 &&
	    t == last_modified;
}
