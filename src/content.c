/* SPDX-License-Identifier: ISC */
/*
 * content.c - pieces of an answer's content, and the pattern that size=
 * serves. Pure; runs in whichever thread owns the content.
 */
#include <string.h>

#include "content.h"

static const char pattern[] =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
#define PERIOD	(sizeof(pattern) - 1)

void
content_reset(struct content *c)
{
	c->n = 0;
	c->len = 0;
}

int
content_add(struct content *c, enum seg_kind kind, unsigned long long off,
    unsigned long long len)
{
	if (len == 0)
		return 0;
	if (c->n == CONTENT_SEGS_MAX)
		return -1;
	c->seg[c->n].kind = kind;
	c->seg[c->n].off = off;
	c->seg[c->n].len = len;
	c->n++;
	c->len += len;
	return 0;
}

void
pattern_fill(char *dst, size_t n, unsigned long long off)
{
	size_t	 start = (size_t)(off % PERIOD), done;

	/* One period, rotated to start at off; then copies of what is
	 * done, a whole number of periods, doubling it each time. */
	done = n < PERIOD ? n : PERIOD;
	if (done <= PERIOD - start)
		memcpy(dst, pattern + start, done);
	else {
		memcpy(dst, pattern + start, PERIOD - start);
		memcpy(dst + (PERIOD - start), pattern, done - (PERIOD - start));
	}
	while (done < n) {
		size_t k = n - done < done ? n - done : done;

		memcpy(dst + done, dst, k);
		done += k;
	}
}
