/* SPDX-License-Identifier: ISC */
/*
 * codes.h - the code grammar and the weighted pick. Pure functions
 * (codes.c), run by whichever process or thread serves a request: a CGI
 * process, or a FastCGI worker process's loop thread.
 */
#ifndef STATUSCGI_CODES_H
#define STATUSCGI_CODES_H

#include <stddef.h>
#include <stdint.h>

#include "fail.h"

#define CODES_MIN	100
#define CODES_MAX	599

/* A parsed code list: a weight (in millionths) per code. */
struct codes {
	unsigned long long weight[CODES_MAX + 1];
	unsigned	 lo, hi;	/* lowest and highest code listed */
};

/*
 * Parses one code of n bytes at s: exactly three digits, 100-599 (RFC 9110
 * §15). where ends its error messages (" (in the path)"). Returns the
 * code, or 0 with f set to a 400.
 */
unsigned	code_parse(const char *s, size_t n, const char *where,
		    struct fail *f);

/*
 * Parses a code list into c: item *( "," item ), item = code [ "-" code ]
 * [ ":" weight ], a weight being a number like httpbin's ("0.7", "2",
 * ".5"). A range gives each of its codes the item's weight (1 when none
 * is given, as httpbin does). Returns 0, or -1 with f set to a 400.
 */
int		codes_parse(struct codes *c, const char *spec,
		    const char *where, struct fail *f);

/* Returns one code of c, drawn by weight: the same seed, the same code. */
unsigned	codes_pick(const struct codes *c, uint64_t seed);

#endif
