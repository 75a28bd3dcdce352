/*
 * fcgi.c - the FastCGI transport: libfcgi's fcgiapp.h, one FCGX_Request
 * and one worker per thread, params from FCGX_GetParam (never environ),
 * and a graceful stop that lets requests in flight finish.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "fcgi.h"
#include "serve.h"

#define BACKLOG	128

struct thread {
	pthread_t	 tid;
	int		 fd;
	unsigned	 index;
	atomic_int	 busy;		/* serving a request */
	atomic_int	 done;		/* left its loop */
	int		 error;		/* errno that ended it, or 0 */
	const struct config *base;
};

static atomic_int stopping;

int
fcgi_is_listener(int fd)
{
	int		 v = 0;
	socklen_t	 len = sizeof(v);

	return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &v, &len) == 0 && v;
}

/* ---- opening a socket ------------------------------------------------ */

static int
listen_unix(const char *path, unsigned mode, char *err, size_t n)
{
	struct sockaddr_un sa;
	struct stat	 st;
	int		 fd;

	if (strlen(path) >= sizeof(sa.sun_path) || path[0] != '/') {
		snprintf(err, n, "unix socket path must be absolute and "
		    "shorter than %zu bytes", sizeof(sa.sun_path));
		return -1;
	}
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			snprintf(err, n, "%s exists and is not a socket", path);
			return -1;
		}
		unlink(path);		/* a stale socket from an earlier run */
	}
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    chmod(path, (mode_t)mode) == -1 || listen(fd, BACKLOG) == -1) {
		snprintf(err, n, "%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	return fd;
}

/*
 * Puts the address of host into sa: a numeric IPv4 or IPv6 address, or a
 * name from /etc/hosts. No DNS and no NSS: the program is linked
 * statically, and a listening address should not depend on either.
 * Returns 0, or -1 if host is neither.
 */
static int
resolve(const char *host, unsigned port, struct sockaddr_storage *sa,
    socklen_t *len)
{
	struct sockaddr_in	*in4 = (struct sockaddr_in *)sa;
	struct sockaddr_in6	*in6 = (struct sockaddr_in6 *)sa;
	char			 line[512], *p, *addr, *name;
	FILE			*f;
	int			 found = -1;

	memset(sa, 0, sizeof(*sa));
	if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons((uint16_t)port);
		*len = sizeof(*in4);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*in6);
		return 0;
	}
	if ((f = fopen("/etc/hosts", "r")) == NULL)
		return -1;
	while (found == -1 && fgets(line, sizeof(line), f) != NULL) {
		if ((p = strchr(line, '#')) != NULL)
			*p = '\0';
		if ((addr = strtok(line, " \t\r\n")) == NULL)
			continue;
		while (found == -1 && (name = strtok(NULL, " \t\r\n")) != NULL)
			if (strcasecmp(name, host) == 0)
				found = resolve(addr, port, sa, len);
	}
	fclose(f);
	return found;
}

static int
listen_inet(const char *spec, char *err, size_t n)
{
	struct sockaddr_storage sa;
	socklen_t	 salen;
	char		 host[256];
	const char	*port, *h = spec;
	size_t		 hn, i;
	unsigned	 pn = 0;
	int		 fd, one = 1;

	if (spec[0] == '[') {
		h = spec + 1;
		hn = strcspn(h, "]");
		port = h[hn] == ']' && h[hn + 1] == ':' ? h + hn + 2 : NULL;
	} else {
		port = strrchr(spec, ':');
		hn = port != NULL ? (size_t)(port - spec) : 0;
		if (port != NULL)
			port++;
	}
	if (port == NULL || *port == '\0' || hn == 0 || hn >= sizeof(host) ||
	    strspn(port, "0123456789") != strlen(port) || strlen(port) > 5) {
		snprintf(err, n, "--listen takes unix:/path, host:port or "
		    "[v6addr]:port, not \"%s\"", spec);
		return -1;
	}
	for (i = 0; port[i] != '\0'; i++)
		pn = pn * 10 + (unsigned)(port[i] - '0');
	memcpy(host, h, hn);
	host[hn] = '\0';
	if (pn == 0 || pn > 65535) {
		snprintf(err, n, "--listen: port %s is not 1 to 65535", port);
		return -1;
	}
	if (resolve(host, pn, &sa, &salen) == -1) {
		snprintf(err, n, "cannot resolve host \"%s\": give an IP "
		    "address, or a name in /etc/hosts", host);
		return -1;
	}
	if ((fd = socket(sa.ss_family, SOCK_STREAM, 0)) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1 ||
	    bind(fd, (struct sockaddr *)&sa, salen) == -1 ||
	    listen(fd, BACKLOG) == -1) {
		snprintf(err, n, "%s: %s", spec, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	return fd;
}

int
fcgi_listen(const char *spec, unsigned mode, char *err, size_t n)
{
	if (strncmp(spec, "unix:", 5) == 0)
		return listen_unix(spec + 5, mode, err, n);
	return listen_inet(spec, err, n);
}

/*
 * libfcgi's FCGX_OpenSocket() calls gethostbyname(); this program never
 * calls FCGX_OpenSocket() (it opens its own sockets, above). Linked with
 * -Wl,--wrap=gethostbyname, that reference lands here instead of on
 * glibc's resolver, which a static binary could only use with glibc's NSS
 * libraries at run time. Returns NULL: no host is found.
 */
struct hostent *__wrap_gethostbyname(const char *name);

struct hostent *
__wrap_gethostbyname(const char *name)
{
	(void)name;
	h_errno = HOST_NOT_FOUND;
	return NULL;
}

/* ---- serving --------------------------------------------------------- */

static const char *
param_get(void *ctx, const char *name)
{
	return FCGX_GetParam(name, ((FCGX_Request *)ctx)->envp);
}

static long
stream_read(void *ctx, char *buf, size_t n)
{
	int	 got = FCGX_GetStr(buf, n > INT32_MAX ? INT32_MAX : (int)n,
	    ((FCGX_Request *)ctx)->in);

	return got < 0 ? -1 : (long)got;
}

static int
stream_write(void *ctx, const char *data, size_t n)
{
	FCGX_Request *r = ctx;

	if (n > INT32_MAX)
		return -1;
	return FCGX_PutStr(data, (int)n, r->out) == (int)n ? 0 : -1;
}

/* Returns 1 for accept() errors worth trying again after. */
static int
transient(int e)
{
	return e == EINTR || e == ECONNABORTED || e == EPROTO ||
	    e == EMFILE || e == ENFILE || e == ENOBUFS || e == ENOMEM ||
	    e == EAGAIN;
}

static void *
worker_main(void *arg)
{
	struct thread	*t = arg;
	FCGX_Request	 req;
	struct worker	 w;
	struct input	 in = { param_get, stream_read, &req };
	struct sink	 s = { stream_write, &req };
	struct timespec	 pause = { 0, 10 * 1000000L };
	uint64_t	 rng;
	int		 rc;

	if (getrandom(&rng, sizeof(rng), GRND_NONBLOCK) != sizeof(rng))
		rng = (uint64_t)time(NULL) ^ ((uint64_t)t->index << 48);
	FCGX_InitRequest(&req, t->fd, FCGI_FAIL_ACCEPT_ON_INTR);
	worker_init(&w);
	while (!atomic_load(&stopping)) {
		atomic_store(&t->busy, 0);
		/* Finishes the previous request, then waits for the next. */
		if ((rc = FCGX_Accept_r(&req)) < 0) {
			if (atomic_load(&stopping))
				break;
			if (rc > -10000 && transient(-rc)) {
				if (-rc != EINTR)
					nanosleep(&pause, NULL);
				continue;
			}
			t->error = rc > -10000 ? -rc : EINVAL;
			break;
		}
		atomic_store(&t->busy, 1);
		rng += 0x9e3779b97f4a7c15ULL;
		/* A client that went away costs only this request. */
		(void)serve(&w, &in, &s, OUT_CGI, t->base, rng);
	}
	FCGX_Finish_r(&req);
	worker_free(&w);
	atomic_store(&t->done, 1);
	return NULL;
}

static const char *
env_get(void *ctx, const char *name)
{
	(void)ctx;
	return getenv(name);
}

static void
wake(int sig)
{
	(void)sig;		/* only interrupts accept() and the like */
}

int
fcgi_run(int fd, unsigned nthreads, char *err, size_t n)
{
	struct thread	*t;
	struct config	 base;
	struct sigaction sa;
	struct timespec	 tick = { 0, 20 * 1000000L };
	sigset_t	 stop;
	unsigned	 i, done, failed = 0;
	int		 e = 0;
	struct input	 env = { env_get, NULL, NULL };

	/* Settings from the process environment; a request may override. */
	config_read(&base, &env, NULL);

	signal(SIGPIPE, SIG_IGN);
	if (FCGX_Init() != 0) {
		snprintf(err, n, "FCGX_Init failed");
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = wake;		/* no SA_RESTART: EINTR is the point */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR2, &sa, NULL);
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);	/* inherited by workers */

	if ((t = calloc(nthreads, sizeof(*t))) == NULL) {
		snprintf(err, n, "out of memory");
		return -1;
	}
	for (i = 0; i < nthreads; i++) {
		t[i].fd = fd;
		t[i].index = i;
		t[i].base = &base;
		if ((e = pthread_create(&t[i].tid, NULL, worker_main,
		    &t[i])) != 0) {
			nthreads = i;
			atomic_store(&stopping, 1);
			break;
		}
	}
	/* Wait for a stop signal, or for every worker to have failed. */
	while (!atomic_load(&stopping)) {
		if (sigtimedwait(&stop, NULL, &tick) > 0)
			break;
		for (done = 0, i = 0; i < nthreads; i++)
			done += (unsigned)atomic_load(&t[i].done);
		if (done == nthreads)
			break;
	}
	atomic_store(&stopping, 1);
	FCGX_ShutdownPending();
	/* Idle workers sit in accept(): interrupt them until all are out. */
	for (;;) {
		for (done = 0, i = 0; i < nthreads; i++) {
			if (atomic_load(&t[i].done))
				done++;
			else if (!atomic_load(&t[i].busy))
				pthread_kill(t[i].tid, SIGUSR2);
		}
		if (done == nthreads)
			break;
		nanosleep(&tick, NULL);
	}
	for (i = 0; i < nthreads; i++) {
		pthread_join(t[i].tid, NULL);
		if (t[i].error != 0) {
			failed++;
			e = t[i].error;
		}
	}
	free(t);
	if (e != 0 && (failed == nthreads || nthreads == 0)) {
		snprintf(err, n, "cannot serve FastCGI: %s", strerror(e));
		return -1;
	}
	return 0;
}
