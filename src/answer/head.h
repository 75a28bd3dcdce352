/* SPDX-License-Identifier: ISC */
/*
 * head.h - a status line and its headers, and the store that holds the
 * strings built for them. Pure functions (head.c), run by whichever process
 * or thread serves a request: a CGI process, or a FastCGI worker process's
 * loop thread, which owns the head and the store it plans into.
 */
#ifndef STATUSCGI_HEAD_H
#define STATUSCGI_HEAD_H

#include <stddef.h>

#include "fail.h"

#define HEADERS_MAX	 80	/* header lines in one head */
#define HEAD_MAX	 4000	/* one header block, in bytes (nginx: 4 KiB) */
#define FIELD_MAX	 2000	/* longest value of a header parameter */

struct header {
	const char	*name;
	const char	*value;
	const char	*param;		/* the parameter that set it, or NULL */
};

/* A status line and its headers; Content-Type/-Length come from the plan. */
struct head {
	unsigned	 code;
	const char	*reason;
	struct header	 h[HEADERS_MAX];
	size_t		 n;
};

/* Room for the strings built for one answer's headers. */
struct store {
	char		 s[HEAD_MAX * 2];
	size_t		 used;
};

/* Empties st (what it held is no longer valid). */
void	store_reset(struct store *st);

/* Copies a formatted string into st. Returns it, or NULL if st is full. */
const char *store_printf(struct store *st, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Copies the n bytes at s, and a NUL, into st: store_printf() without the
 * cost of a format (the hot path copies a few strings a request).
 * Returns the copy, or NULL if it does not fit.
 */
const char *store_n(struct store *st, const char *s, size_t n);

/*
 * Adds a header to h; param names the parameter that set it (NULL: none).
 * value NULL means a store that was full. Returns 0, or -1 with f set to
 * a 400 when value is NULL or h is full.
 */
int	head_add(struct head *h, const char *name, const char *value,
	    const char *param, struct fail *f);

/* Adds the n headers of list to h, in order. Returns 0, or -1 with f set
 * to a 400 when h is full. */
int	head_add_all(struct head *h, const struct header *list, size_t n,
	    struct fail *f);

/*
 * Checks that h, with a Content-Type ct (NULL: none), fits in HEAD_MAX
 * bytes (RFC 9110 §5.4 lets servers limit it; nginx reads 4 KiB).
 * Returns 0, or -1 with f set to a 400 naming the parameter whose header
 * crossed the limit.
 */
int	head_check_size(const struct head *h, const char *ct, struct fail *f);

#endif
