/* SPDX-License-Identifier: ISC */
/*
 * params.c - application/x-www-form-urlencoded parameters. Runs in
 * whichever process or thread serves a request (a CGI process, or a FastCGI
 * worker process's loop thread) and touches only the struct params it is
 * given; its one static, an empty string, is never written.
 */
#include <stdlib.h>
#include <string.h>

#include "http/hex.h"
#include "http/params.h"

void
params_init(struct params *p)
{
	memset(p, 0, sizeof(*p));
}

void
params_clear(struct params *p)
{
	p->n = 0;
}

void
params_free(struct params *p)
{
	free(p->mem[0]);
	free(p->mem[1]);
	params_init(p);
}

int
utf8_valid(const unsigned char *s, size_t n)
{
	size_t	 i = 0, k, need;
	unsigned long cp, min;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0) {
			need = 1; cp = s[i] & 0x1f; min = 0x80;
		} else if ((s[i] & 0xf0) == 0xe0) {
			need = 2; cp = s[i] & 0x0f; min = 0x800;
		} else if ((s[i] & 0xf8) == 0xf0) {
			need = 3; cp = s[i] & 0x07; min = 0x10000;
		} else
			return 0;
		if (n - i <= need)
			return 0;
		for (k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += need + 1;
	}
	return 1;
}

long
url_decode(char *dst, const char *s, size_t n, int plus)
{
	size_t	 i, o = 0;
	int	 hi, lo;

	for (i = 0; i < n; i++) {
		if (s[i] == '+' && plus) {
			dst[o++] = ' ';
		} else if (s[i] == '%') {
			if (n - i < 3 || (hi = hexval(s[i + 1])) < 0 ||
			    (lo = hexval(s[i + 2])) < 0)
				return -1;
			if (hi == 0 && lo == 0)
				return -2;
			dst[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else if (s[i] == '\0') {
			return -2;
		} else
			dst[o++] = s[i];
	}
	dst[o] = '\0';
	return (long)o;
}

/* Returns 0, or -1 with f set, for one decoded piece named what. */
static int
decode_piece(char **out, char **mem, const char *s, size_t n,
    const char *what, const char *name, struct fail *f)
{
	long	 len = url_decode(*mem, s, n, 1);
	char	 q[48];

	if (len == -1)
		return fail_set(f, 400, "%s \"%s\" has a bad percent-escape "
		    "(%% must be followed by two hex digits)", what,
		    fail_quote(q, sizeof(q), name));
	if (len == -2)
		return fail_set(f, 400, "%s \"%s\" holds a NUL byte", what,
		    fail_quote(q, sizeof(q), name));
	if (!utf8_valid((const unsigned char *)*mem, (size_t)len))
		return fail_set(f, 400, "%s \"%s\" is not valid UTF-8", what,
		    fail_quote(q, sizeof(q), name));
	*out = *mem;
	*mem += len + 1;
	return 0;
}

int
params_parse(struct params *p, const char *src, size_t len, int from_body,
    struct fail *f)
{
	const char	*s = src, *end = src + len, *amp, *eq;
	char		*mem, *name, *value;
	static char	 empty[1];
	char		 raw[48];
	int		 slot = from_body ? 1 : 0;

	/* Decoding never grows: each piece needs at most its length + 1. */
	if (p->memsz[slot] < len + 2) {
		free(p->mem[slot]);
		p->memsz[slot] = 0;
		if ((p->mem[slot] = malloc(len + 2)) == NULL)
			return fail_set(f, 500, "out of memory");
		p->memsz[slot] = len + 2;
	}
	mem = p->mem[slot];

	while (s < end) {
		amp = memchr(s, '&', (size_t)(end - s));
		if (amp == NULL)
			amp = end;
		if (amp == s) {
			s++;
			continue;
		}
		if (p->n == PARAMS_MAX)
			return fail_set(f, 400, "more than %d parameters",
			    PARAMS_MAX);
		eq = memchr(s, '=', (size_t)(amp - s));
		/* Quote the raw name in messages: it is what the caller wrote. */
		{
			size_t	 rn = (size_t)((eq ? eq : amp) - s);
			char	 tmp[44];

			if (rn > 40)
				rn = 40;
			memcpy(tmp, s, rn);
			tmp[rn] = '\0';
			fail_quote(raw, sizeof(raw), tmp);
		}
		if (decode_piece(&name, &mem, s,
		    (size_t)((eq ? eq : amp) - s), "parameter name", raw, f))
			return -1;
		if (eq != NULL) {
			if (decode_piece(&value, &mem, eq + 1,
			    (size_t)(amp - eq - 1), "parameter", raw, f))
				return -1;
		} else {
			value = empty;	/* keeps the len + 2 bound */
		}
		p->v[p->n].name = name;
		p->v[p->n].value = value;
		p->v[p->n].has_eq = eq != NULL;
		p->v[p->n].from_body = from_body;
		p->n++;
		s = amp + 1;
	}
	return 0;
}

const char *
params_get(const struct params *p, const char *name)
{
	size_t	 i = p->n;

	while (i-- > 0)
		if (strcmp(p->v[i].name, name) == 0)
			return p->v[i].value[0] != '\0' ? p->v[i].value : NULL;
	return NULL;
}
