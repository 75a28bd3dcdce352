/* SPDX-License-Identifier: ISC */
/*
 * num.c - the one parser of whole numbers: parameters, settings,
 * CONTENT_LENGTH and command-line options. A pure function, run by
 * whichever process or thread calls it (a CGI process, a FastCGI worker
 * process's loop thread or, for its settings, its main thread, or main at
 * start-up).
 */
#include "num.h"

int
num_parse(const char *s, unsigned base, size_t maxdigits,
    unsigned long long *out)
{
	unsigned long long v = 0;
	unsigned	 d;
	size_t		 i;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || i >= maxdigits)
			return -1;
		d = (unsigned)(s[i] - '0');
		if (d >= base)
			return -1;
		v = v * base + d;
	}
	if (i == 0)
		return -1;
	*out = v;
	return 0;
}
