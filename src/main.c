/*
 * main.c - statuscgi: answer with any HTTP status and the headers it needs.
 * The one place that decides the mode (a shell command, CGI, NPH) and the
 * one place that exits.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "body.h"
#include "serve.h"

#ifndef VERSION
#define VERSION "unknown"
#endif

static const char usage[] =
"usage: status.cgi [QUERY]          print the CGI answer to QUERY\n"
"       status.cgi --list           list every registered status code\n"
"       status.cgi --help | --version\n"
"\n"
"Run by a web server as a CGI program (or as nph-status.cgi, an NPH one)\n"
"it answers with the status asked for in the path or the query:\n"
"  status.cgi/503   status.cgi?code=301&location=/x   status.cgi?code=200,500\n"
"Parameters: code seed then reason location www-authenticate\n"
"  proxy-authenticate allow retry-after content-range upgrade etag\n"
"  last-modified link header type body content-type sleep\n"
"Environment: STATUSCGI_MAX_SLEEP_MS (default 10000),\n"
"  STATUSCGI_REDIRECT_HOSTS (hosts absolute redirects may name, * = any)\n";

/* ---- CGI input: the environment and stdin (RFC 3875 §4) -------------- */

static const char *
env_get(void *ctx, const char *name)
{
	(void)ctx;
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

static int
fd_write(void *ctx, const char *data, size_t n)
{
	ssize_t	 put;

	(void)ctx;
	while (n > 0) {
		put = write(STDOUT_FILENO, data, n);
		if (put == -1 && errno == EINTR)
			continue;
		if (put <= 0)
			return -1;
		data += put;
		n -= (size_t)put;
	}
	return 0;
}

/* From the command line: the query is an argument, the rest the env. */
static const char *cli_query;

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

static const char *
getenv_fn(const char *name)
{
	return getenv(name);
}

static uint64_t
entropy(void)
{
	uint64_t v;

	if (getrandom(&v, sizeof(v), GRND_NONBLOCK) == (ssize_t)sizeof(v))
		return v;
	return (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
}

/* Returns 1 if this program was started under an nph- name. */
static int
is_nph(const char *argv0)
{
	const char *base = strrchr(argv0, '/');

	base = base != NULL ? base + 1 : argv0;
	return strncmp(base, "nph-", 4) == 0;
}

static int
run(const struct input *in, enum out_mode mode)
{
	struct worker	 w;
	struct config	 c;
	struct sink	 s = { fd_write, NULL };
	int		 rc;

	config_read(&c, getenv_fn);
	worker_init(&w);
	rc = serve(&w, in, &s, mode, &c, entropy());
	worker_free(&w);
	return rc == 0 ? 0 : 1;
}

int
main(int argc, char *argv[])
{
	struct input	 in = { env_get, fd_read, NULL };
	enum out_mode	 mode;
	struct buf	 b;

	mode = is_nph(argc > 0 ? argv[0] : "") ? OUT_NPH : OUT_CGI;

	/* A CGI server sets these (RFC 3875 §4.1.4, §4.1.12); an ISINDEX
	 * query may also arrive as arguments (§4.4), which we ignore. */
	if (getenv("GATEWAY_INTERFACE") != NULL ||
	    getenv("REQUEST_METHOD") != NULL)
		return run(&in, mode);

	if (argc == 2 && strcmp(argv[1], "--help") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		puts("statuscgi " VERSION);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		buf_init(&b, BODY_MAX);
		body_index(&b, FMT_TEXT, NULL);
		fwrite(b.data, 1, b.len, stdout);
		buf_free(&b);
		return 0;
	}
	if (argc == 2 && argv[1][0] != '-') {
		cli_query = argv[1];
		in.get = cli_get;
		return run(&in, mode);
	}
	fputs(usage, stderr);
	return 2;
}
