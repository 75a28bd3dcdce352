/* SPDX-License-Identifier: ISC */
/*
 * head.c - the head store: the headers of one answer and the strings
 * built for them, in fixed room with checked bounds, and the check that
 * a head fits the limit servers read. Pure functions, run by whichever
 * process or thread serves a request: a CGI process, or a FastCGI worker
 * process's loop thread.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "answer/head.h"

void
store_reset(struct store *st)
{
	st->used = 0;
}

const char *
store_printf(struct store *st, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;
	char	*s = st->s + st->used;

	va_start(ap, fmt);
	n = vsnprintf(s, sizeof(st->s) - st->used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(st->s) - st->used)
		return NULL;
	st->used += (size_t)n + 1;
	return s;
}

const char *
store_n(struct store *st, const char *s, size_t n)
{
	char	*d = st->s + st->used;

	if (n >= sizeof(st->s) - st->used)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	st->used += n + 1;
	return d;
}

int
head_add(struct head *h, const char *name, const char *value,
    const char *param, struct fail *f)
{
	if (value == NULL)
		return fail_set(f, 400, "response headers too large");
	if (h->n == HEADERS_MAX)
		return fail_set(f, 400, "more than %d response headers",
		    HEADERS_MAX);
	h->h[h->n].name = name;
	h->h[h->n].value = value;
	h->h[h->n].param = param;
	h->n++;
	return 0;
}

int
head_add_all(struct head *h, const struct header *list, size_t n,
    struct fail *f)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (head_add(h, list[i].name, list[i].value, list[i].param,
		    f) == -1)
			return -1;
	return 0;
}

/*
 * Returns the size of h written as a CGI header block, with a Content-Type
 * ct (NULL: none) and then a Content-Length of up to 20 digits.
 */
static size_t
head_size(const struct head *h, const char *ct)
{
	size_t	 n = strlen("Status: 000 \r\n") + strlen(h->reason) + 2, i;

	for (i = 0; i < h->n; i++)
		n += strlen(h->h[i].name) + 2 + strlen(h->h[i].value) + 2;
	if (ct != NULL)
		n += strlen("Content-Type: \r\n") + strlen(ct);
	return n + strlen("Content-Length: \r\n") + 20;
}

int
head_check_size(const struct head *h, const char *ct, struct fail *f)
{
	size_t	 n = head_size(h, ct), i;

	if (n <= HEAD_MAX)
		return 0;
	for (i = h->n; i-- > 0; ) {
		n -= strlen(h->h[i].name) + strlen(h->h[i].value) + 4;
		if (n <= HEAD_MAX && h->h[i].param != NULL)
			return fail_set(f, 400, "parameter %s makes the "
			    "response headers longer than %d bytes",
			    h->h[i].param, HEAD_MAX);
	}
	return fail_set(f, 400, "response headers longer than %d bytes",
	    HEAD_MAX);
}
