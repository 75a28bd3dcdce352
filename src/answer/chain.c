/* SPDX-License-Identifier: ISC */
/*
 * chain.c - redirects=N: each answer of the chain names the next one in
 * a relative Location that carries the request's parameters along, so
 * every hop is the same resource one step further (hop=K counts them). Pure
 * functions, run by whichever process or thread serves a request: a CGI
 * process, or a FastCGI worker process's loop thread; they write only into
 * the array they are given.
 */
#include <stdio.h>
#include <string.h>

#include "answer/chain.h"

/* A bounded writer into a caller's array. */
struct out {
	char	*s;
	size_t	 len, cap;
	int	 full;
};

static void
put(struct out *o, const char *s, size_t n)
{
	if (o->full || n >= o->cap - o->len) {
		o->full = 1;
		return;
	}
	memcpy(o->s + o->len, s, n);
	o->len += n;
	o->s[o->len] = '\0';
}

/* Appends s percent-encoded: all but RFC 3986 §2.3 unreserved bytes. */
static void
put_encoded(struct out *o, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char	 c;
	char		 e[3];

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
			put(o, s, 1);
			continue;
		}
		e[0] = '%';
		e[1] = hex[c >> 4];
		e[2] = hex[c & 15];
		put(o, e, 3);
	}
}

/* Returns 1 for the parameters a hop sets itself, or that mean nothing. */
static int
skipped(const struct param *pm)
{
	return !pm->has_eq || pm->name[0] == '\0' || pm->value[0] == '\0' ||
	    strcmp(pm->name, "code") == 0 || strcmp(pm->name, "hop") == 0;
}

int
chain_location(char *buf, size_t n, const struct request *r,
    const char *script, unsigned hop, unsigned code)
{
	struct out	 w = { buf, 0, n, 0 };
	char		 num[32];
	size_t		 i;

	if (n == 0)
		return -1;
	buf[0] = '\0';
	if (script != NULL) {
		put(&w, script, strlen(script));
		snprintf(num, sizeof(num), "/%u?", code);
	} else
		snprintf(num, sizeof(num), "?code=%u&", code);
	put(&w, num, strlen(num));
	for (i = 0; i < r->params.n; i++) {
		if (skipped(&r->params.v[i]))
			continue;
		put_encoded(&w, r->params.v[i].name);
		put(&w, "=", 1);
		put_encoded(&w, r->params.v[i].value);
		put(&w, "&", 1);
	}
	snprintf(num, sizeof(num), "hop=%u", hop + 1);
	put(&w, num, strlen(num));
	return w.full ? -1 : 0;
}

/* Returns 0 for what Location may not hold even percent-encoded (the
 * redirect policy, check_location()): controls and the backslash. */
static int
travels(char c)
{
	return (unsigned char)c >= 0x20 && c != 0x7f && c != '\\';
}

int
chain_carries(const struct request *r, const char **name)
{
	const struct param *pm;
	const char	*s;
	size_t		 i;

	for (i = 0; i < r->params.n; i++) {
		pm = &r->params.v[i];
		if (skipped(pm))
			continue;
		for (s = pm->name; *s != '\0'; s++)
			if (!travels(*s))
				break;
		if (*s == '\0')
			for (s = pm->value; *s != '\0'; s++)
				if (!travels(*s))
					break;
		if (*s != '\0') {
			*name = pm->name;
			return 0;
		}
	}
	return 1;
}
