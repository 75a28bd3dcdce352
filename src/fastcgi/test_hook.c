/* SPDX-License-Identifier: ISC */
/*
 * test_hook.c - the test builds' hook (test_hook.h), run in a FastCGI
 * worker's loop thread for each request it reads (fcgi_serve.c), once the
 * sandbox is on: it makes a system call a request names, and touches
 * nothing else. In any other build this file holds nothing.
 */
#include "fastcgi/test_hook.h"

#ifdef STATUSCGI_TEST_HOOKS
#include <sys/syscall.h>
#include <unistd.h>

void
test_hook(const struct input *in)
{
	const char	*v = in->get(in->ctx, "STATUSCGI_TEST_SYSCALL");
	long		 nr = 0;
	size_t		 i;

	if (v == NULL)
		return;
	for (i = 0; i < 4 && v[i] >= '0' && v[i] <= '9'; i++)
		nr = nr * 10 + (v[i] - '0');
	if (i == 0 || v[i] != '\0')
		return;
	syscall(nr, 0L, 0L, 0L, 0L, 0L, 0L);
}
#endif
