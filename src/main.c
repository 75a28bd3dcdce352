/* SPDX-License-Identifier: ISC */
/*
 * main.c - statuscgi: answer with any HTTP status and the headers it needs.
 * The one place that decides the mode (FastCGI, CGI, NPH, a shell command)
 * and the one place that exits. Runs in the process the program starts as,
 * in its one thread: a CGI or NPH process (or a shell command) goes on into
 * cgi_run(); in FastCGI mode it becomes the supervisor (supervise()), and
 * each worker process forked from it returns here to run fcgi_run().
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "answer/body.h"
#include "answer/page.h"
#include "cgi.h"
#include "fastcgi/fcgi.h"
#include "fastcgi/fcgi_check.h"
#include "nitems.h"
#include "num.h"
#include "sandbox.h"
#include "fastcgi/sock.h"
#include "fastcgi/super.h"

#ifndef VERSION
#define VERSION "unknown"
#endif

#define SD_LISTEN_FDS_START 3	/* sd_listen_fds(3) */
#define THREADS_DEFAULT	1	/* per worker process: an event loop */
#define WAITING_DEFAULT	10000	/* parked answers per worker process */
#define GRACE_DEFAULT	10000	/* ms a stop waits for parked answers */
#define WRITE_DEFAULT	60000	/* ms an answer's peer may take nothing */

static const char usage[] =
"usage: status.cgi [QUERY]          print the CGI answer to QUERY\n"
"       status.cgi --list           list every registered status code\n"
"       status.cgi [--listen unix:/path | host:port] [--socket-mode 0660]\n"
"                  [--processes N] [--threads N]    serve FastCGI\n"
"       status.cgi --help | --version\n"
"\n"
"Run by a web server it answers with the status asked for in the path or\n"
"the query: status.cgi/503, status.cgi?code=301&location=/x, ?code=200,500.\n"
"It is a CGI program, an NPH one under the name nph-status.cgi, and a\n"
"FastCGI responder when started on a listening socket (spawn-fcgi,\n"
"lighttpd bin-path, mod_fcgid, systemd socket activation) or with --listen:\n"
"a supervisor runs N worker processes (default: one per CPU, or 1 on a\n"
"socket inherited on fd 0) of N threads each (default 1) and replaces any\n"
"that dies. With methods, auth, etag or last-modified the request decides\n"
"too: 405, 401, 412 or 304 before the status asked for; with size and a\n"
"Range header, 206 or 416.\n"
"Parameters: code seed then reason location www-authenticate\n"
"  proxy-authenticate allow retry-after content-range upgrade etag\n"
"  last-modified cache-control link header type body content-type sleep\n"
"  methods auth redirects size drip hop asset\n"
"Environment: STATUSCGI_MAX_SLEEP_MS (default 10000),\n"
"  STATUSCGI_MAX_SIZE (the cap on size, default 1073741824),\n"
"  STATUSCGI_REDIRECT_HOSTS (hosts absolute redirects may name, * = any),\n"
"  STATUSCGI_MAX_WAITING (sleeping answers per FastCGI worker process,\n"
"  default 10000), STATUSCGI_GRACE_MS (how long a stop waits for them,\n"
"  default 10000), STATUSCGI_WRITE_TIMEOUT_MS (a FastCGI answer whose\n"
"  reader takes none of it this long is cut off, default 60000),\n"
"  STATUSCGI_SANDBOX=off (no seccomp sandbox: debugging)\n";

/*
 * Parses a number of 1 to 9 digits of base (8 or 10) in [lo, hi]. Returns
 * 0, or -1 if s is not one.
 */
static int
number(const char *s, int base, unsigned long lo, unsigned long hi,
    unsigned long *out)
{
	unsigned long long v;

	if (num_parse(s, (unsigned)base, 9, &v) == -1 || v < lo || v > hi)
		return -1;
	*out = (unsigned long)v;
	return 0;
}

/* Returns 1 if this program was started under an nph- name. */
static int
is_nph(const char *argv0)
{
	const char *base = strrchr(argv0, '/');

	base = base != NULL ? base + 1 : argv0;
	return strncmp(base, "nph-", 4) == 0;
}

/*
 * systemd socket activation (sd_listen_fds(3)): the socket is fd 3 when
 * LISTEN_PID is this process and LISTEN_FDS is at least 1. Returns 3 then,
 * or -1.
 */
static int
activated_socket(void)
{
	const char	*pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
	unsigned long	 p, n;

	if (pid == NULL || fds == NULL ||
	    number(pid, 10, 1, 999999999, &p) == -1 ||
	    number(fds, 10, 1, 1024, &n) == -1 || p != (unsigned long)getpid())
		return -1;
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
	return sock_is_listener(SD_LISTEN_FDS_START) ? SD_LISTEN_FDS_START : -1;
}

/*
 * Reads environment variable name as a number in [lo, hi], or dflt when
 * it is unset. Returns 0, or -1 (saying so on stderr) if it is not one.
 */
static int
env_number(const char *name, unsigned long lo, unsigned long hi,
    unsigned long dflt, unsigned long *out)
{
	const char	*v = getenv(name);

	*out = dflt;
	if (v == NULL || *v == '\0')
		return 0;
	if (number(v, 10, lo, hi, out) == -1) {
		fprintf(stderr, "status.cgi: %s takes a number from %lu to "
		    "%lu\n", name, lo, hi);
		return -1;
	}
	return 0;
}

/*
 * Serves FastCGI on the listening socket fd: a supervisor and its worker
 * processes. Returns the exit status: 0 after a stop, 1 if serving could
 * not start, 2 for a bad setting. owner is 1 in the process that should
 * clean up after the socket (the supervisor), 0 in a worker.
 */
static int
serve_fcgi(int fd, unsigned long processes, unsigned long threads,
    int *owner)
{
	struct fcgi_opts o;
	struct rlimit	 rl;
	unsigned long	 waiting, grace, write_ms;
	char		 err[256];

	*owner = 1;
	if (env_number("STATUSCGI_MAX_WAITING", 0, 1000000, WAITING_DEFAULT,
	    &waiting) == -1 || env_number("STATUSCGI_GRACE_MS", 0, 3600000,
	    GRACE_DEFAULT, &grace) == -1 ||
	    env_number("STATUSCGI_WRITE_TIMEOUT_MS", 1, 3600000, WRITE_DEFAULT,
	    &write_ms) == -1)
		return 2;
	/* Each waiting answer holds a connection: allow as many as the
	 * hard limit does. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	o.threads = (unsigned)threads;
	o.max_waiting = waiting;
	o.grace_ms = grace;
	o.write_ms = write_ms;
	o.ready_fd = -1;
	check_log_init();	/* shared by the workers forked next */
	switch (supervise(fd, (unsigned)processes, grace, &o.ready_fd, err,
	    sizeof(err))) {
	case SUPER_DONE:
		return 0;
	case SUPER_FAILED:
		fprintf(stderr, "status.cgi: %s\n", err);
		return 1;
	case SUPER_WORKER:
		break;
	}
	*owner = 0;
	if (fcgi_run(fd, &o, err, sizeof(err)) == -1) {
		fprintf(stderr, "status.cgi: %s\n", err);
		return 1;
	}
	return 0;
}

/* An option that takes a number: what number() reads it with, where it
 * goes, and what the option takes, said when it is not one. */
struct numopt {
	const char	*name;
	int		 base;
	unsigned long	 lo, hi, *out;
	const char	*takes;
};

/* Returns the option of the n in opts named arg, or NULL if none is. */
static const struct numopt *
numeric(const struct numopt *opts, size_t n, const char *arg)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(arg, opts[i].name) == 0)
			return &opts[i];
	return NULL;
}

/* The CPUs online, the default number of worker processes; 1 if unknown. */
static unsigned long
cpu_count(void)
{
	long	 n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (unsigned long)n : 1;
}

int
main(int argc, char *argv[])
{
	const char	*listen_spec = NULL, *query = NULL;
	unsigned long	 threads = THREADS_DEFAULT, mode = 0660, procs = 0;
	char		 err[256];
	struct buf	 b;
	int		 i, fd, owner, explicit_procs;
	sigset_t	 stop;
	const struct numopt *o;
	const struct numopt nums[] = {
		{ "--socket-mode", 8, 0, 0777, &mode,
		    "an octal mode like 0660" },
		{ "--processes", 10, 1, 256, &procs,
		    "a number from 1 to 256" },
		{ "--threads", 10, 1, 1024, &threads,
		    "a number from 1 to 1024" },
	};

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			fputs(usage, stdout);
			return 0;
		} else if (strcmp(argv[i], "--version") == 0) {
			puts("statuscgi " VERSION);
			return 0;
		} else if (strcmp(argv[i], "--list") == 0) {
			buf_init(&b, BODY_MAX);
			page_index(&b, FMT_TEXT, NULL);
			fwrite(b.data, 1, b.len, stdout);
			buf_free(&b);
			return 0;
		} else if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc) {
			listen_spec = argv[++i];
		} else if ((o = numeric(nums, NITEMS(nums), argv[i])) != NULL &&
		    i + 1 < argc) {
			if (number(argv[++i], o->base, o->lo, o->hi, o->out) ==
			    -1) {
				fprintf(stderr, "status.cgi: %s takes %s\n",
				    o->name, o->takes);
				return 2;
			}
		} else if (argv[i][0] != '-' && query == NULL) {
			query = argv[i];
		} else {
			fputs(usage, stderr);
			return 2;
		}
	}

	/* FastCGI: a socket of our own, systemd's, or one on fd 0. By
	 * default one worker process per CPU; on fd 0 one, since whoever
	 * passed the socket (spawn-fcgi -F, lighttpd max-procs, mod_fcgid)
	 * decides how many copies run. A stop signal that comes before the
	 * service can drain waits for it; CGI mode, below, unblocks it. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGUSR1);
	explicit_procs = procs != 0;
	sigprocmask(SIG_BLOCK, &stop, NULL);
	if (listen_spec != NULL) {
		if ((fd = sock_listen(listen_spec, (unsigned)mode, err,
		    sizeof(err))) == -1) {
			fprintf(stderr, "status.cgi: %s\n", err);
			return 1;
		}
		i = serve_fcgi(fd, procs ? procs : cpu_count(), threads, &owner);
		if (owner && strncmp(listen_spec, "unix:", 5) == 0)
			unlink(listen_spec + 5);
		return i;
	}
	if ((fd = activated_socket()) != -1)
		return serve_fcgi(fd, procs ? procs : cpu_count(), threads,
		    &owner);
	if (sock_is_listener(STDIN_FILENO))
		return serve_fcgi(STDIN_FILENO, explicit_procs ? procs : 1,
		    threads, &owner);
	sigprocmask(SIG_UNBLOCK, &stop, NULL);
	if ((getenv("GATEWAY_INTERFACE") != NULL ||
	    getenv("REQUEST_METHOD") != NULL || query != NULL) &&
	    sandbox_enter(SANDBOX_CGI, err, sizeof(err)) == -1) {
		fprintf(stderr, "status.cgi: %s\n", err);
		return 1;
	}

	/* CGI (RFC 3875 §4.1.4, §4.1.12). SIGTERM keeps its default action:
	 * a server stopping a slow script must be able to. Arguments from an
	 * ISINDEX query (§4.4) are ignored. */
	if (getenv("GATEWAY_INTERFACE") != NULL ||
	    getenv("REQUEST_METHOD") != NULL) {
		signal(SIGTERM, SIG_DFL);
		return cgi_run(is_nph(argv[0]) ? OUT_NPH : OUT_CGI, NULL) == 0 ?
		    0 : 1;
	}
	if (query != NULL)
		return cgi_run(is_nph(argv[0]) ? OUT_NPH : OUT_CGI, query) == 0 ?
		    0 : 1;
	fputs(usage, stderr);
	return 2;
}
