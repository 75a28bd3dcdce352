/* SPDX-License-Identifier: ISC */
/*
 * cgi.c - the CGI transport: the environment and stdin in, stdout out. Runs
 * in a CGI or NPH process (or a shell command), in its one thread, after
 * main.c has called sandbox_enter(SANDBOX_CGI), for that process's one
 * request; cli_query, its one static, belongs to that process.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "cgi.h"
#include "answer/serve.h"

static const char *cli_query;

/* A shell command: the query is an argument, and there is no body. */
static const char *
cli_get(void *ctx, const char *name)
{
	(void)ctx;
	if (strcmp(name, "QUERY_STRING") == 0)
		return cli_query;
	if (strcmp(name, "CONTENT_LENGTH") == 0)
		return NULL;
	return getenv(name);
}

static long
fd_read(void *ctx, char *buf, size_t n)
{
	ssize_t	 got;

	(void)ctx;
	do
		got = read(STDIN_FILENO, buf, n);
	while (got == -1 && errno == EINTR);
	return (long)got;
}

/* Writes all n bytes to stdout, waiting as long as it takes. */
static long
fd_write(void *ctx, const char *data, size_t n)
{
	size_t	 left = n;
	ssize_t	 put;

	(void)ctx;
	while (left > 0) {
		put = write(STDOUT_FILENO, data, left);
		if (put == -1 && errno == EINTR)
			continue;
		if (put <= 0)
			return -1;
		data += put;
		left -= (size_t)put;
	}
	return (long)n;
}

static uint64_t
entropy(void)
{
	uint64_t v;

	if (getrandom(&v, sizeof(v), GRND_NONBLOCK) == (ssize_t)sizeof(v))
		return v;
	return (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
}

int
cgi_run(enum out_mode mode, const char *query)
{
	struct input	 in = { env_get, fd_read, NULL };
	struct sink	 s = { fd_write, NULL };
	struct scratch	 sc;
	int		 rc;

	if (query != NULL) {
		cli_query = query;
		in.get = cli_get;
	}
	scratch_init(&sc);
	rc = serve(&sc, &in, &s, mode, NULL, entropy());
	scratch_free(&sc);
	return rc;
}
