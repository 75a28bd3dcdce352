/* SPDX-License-Identifier: ISC */
/*
 * fail.c - building the one-line reason of a 4xx answer. Pure functions,
 * run by whichever process or thread serves a request: a CGI process, or a
 * FastCGI worker process's loop thread; they touch only the struct fail or
 * the array they are given.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fail.h"

int
fail_set(struct fail *f, unsigned code, const char *fmt, ...)
{
	va_list	 ap;
	size_t	 i;

	f->code = code;
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof(f->msg), fmt, ap);
	va_end(ap);
	for (i = 0; f->msg[i] != '\0'; i++)
		if ((unsigned char)f->msg[i] < 0x20 ||
		    (unsigned char)f->msg[i] > 0x7e)
			f->msg[i] = '?';
	return -1;
}

const char *
fail_quote(char *out, size_t n, const char *s)
{
	size_t	 i, max = 40;

	if (n < max + 4)
		max = n > 4 ? n - 4 : 0;
	for (i = 0; s[i] != '\0' && i < max; i++)
		out[i] = ((unsigned char)s[i] < 0x20 ||
		    (unsigned char)s[i] > 0x7e) ? '?' : s[i];
	if (s[i] != '\0' && n >= 4) {
		memcpy(out + i, "...", 3);
		i += 3;
	}
	out[i] = '\0';
	return out;
}
