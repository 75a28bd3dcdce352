/* SPDX-License-Identifier: ISC */
/*
 * fcgiclient.c - the test suite's own FastCGI client (FastCGI 1.0
 * specification), for what cgi-fcgi cannot do: several requests on one
 * kept-alive connection (FCGI_KEEP_CONN), many idle connections at once,
 * and hostile record streams. One process, one thread. Built by make
 * (build/fcgiclient); run by the FastCGI tests (tests/fcgi: fcgi.bats,
 * service.bats, memcheck.bats), by bench/run (make bench) and by
 * scripts/soak (make soak).
 *
 *   fcgiclient ADDR get [NAME=VALUE...]     one request; prints the answer
 *   fcgiclient ADDR keep N [NAME=VALUE...]  N requests on one kept
 *                                           connection; a status line each
 *   fcgiclient ADDR idle N                  N kept connections left idle,
 *                                           then a new request, then one
 *                                           more on each of the N
 *   fcgiclient ADDR hold N                  N kept connections, one request
 *                                           each, held until the responder
 *                                           closes them (10 s at most)
 *   fcgiclient ADDR trickle MS              a request for /429 sent one byte
 *                                           every MS ms; prints its status
 *   fcgiclient ADDR slowbody MS             a request for /404 with a
 *                                           40,000-byte body: 20,000 bytes
 *                                           at once, then one byte every MS
 *                                           ms until the responder closes
 *                                           the connection (30 s at most);
 *                                           prints whether it did
 *   fcgiclient ADDR foreign whole|cut|stdin a request for /201 with an
 *                                           FCGI_GET_VALUES record before
 *                                           it and another in its params,
 *                                           and a begin record of request
 *                                           id 7 (answered
 *                                           FCGI_CANT_MPX_CONN) before its
 *                                           empty stdin record: whole, or
 *                                           cut before that; or (stdin) an
 *                                           empty stdin record of id 7 in
 *                                           place of the begin. One write,
 *                                           the connection left open.
 *                                           Prints the status (whole), or
 *                                           whether the responder closed
 *                                           the connection within 15 s
 *   fcgiclient ADDR crash                   a params record whose name
 *                                           and value lengths are
 *                                           0x7ffffff0 (libfcgi asserts)
 *   fcgiclient ADDR getvalues               an FCGI_GET_VALUES record
 *                                           naming FCGI_MPXS_CONNS again
 *                                           and again (libfcgi overruns
 *                                           its stack), then a request;
 *                                           both print whether the
 *                                           responder closed the connection
 *                                           and after how many bytes
 *   fcgiclient ADDR hostile SECONDS         bursts of hostile streams; after
 *                                           each, a request for /404 must
 *                                           be answered within 1 s on a new
 *                                           connection, and on one of two
 *                                           kept-alive ones opened first
 *   fcgiclient ADDR pace BYTES MS STOP [NAME=VALUE...]
 *                                           one request, its answer read
 *                                           BYTES at a time, MS ms apart;
 *                                           past STOP bytes of stdout (0:
 *                                           never) it reads nothing until
 *                                           the responder closes the
 *                                           connection (15 s at most; a
 *                                           Unix socket shows it at once),
 *                                           then reads the rest. Prints
 *                                           how long after it stopped the
 *                                           close came, then whether the
 *                                           answer came whole or cut
 *   fcgiclient ADDR half N SECONDS          N peers at once, each sending a
 *                                           request cut in the middle of
 *                                           one of its records, then
 *                                           waiting for the responder to
 *                                           close; each closed one is
 *                                           replaced, for SECONDS; fails if
 *                                           one waits more than 20 s
 *
 * ADDR is a Unix socket path or 127.0.0.1:PORT. Exits 0 when every answer
 * was right, 1 (saying why on stderr) when one was not, 2 on bad usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define T_BEGIN		1
#define T_ABORT		2
#define T_END		3
#define T_PARAMS	4
#define T_STDIN		5
#define T_STDOUT	6
#define T_STDERR	7
#define T_GET_VALUES	9
#define KEEP_CONN	1

#define ANSWER_MAX	(1 << 20)

static const char *addr;
static uint64_t rng = 0x2545f4914f6cdd1dULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return n ? (unsigned)(rng % n) : 0;
}

static double
now_s(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
pause_ms(long ms)
{
	struct timespec	 ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Connects to addr, reads and writes time out after ms. Returns fd or -1. */
static int
dial(long ms)
{
	struct sockaddr_un un;
	struct sockaddr_in in;
	struct timeval	 tv = { ms / 1000, (ms % 1000) * 1000 };
	const char	*colon = strrchr(addr, ':');
	int		 fd;

	if (addr[0] == '/') {
		memset(&un, 0, sizeof(un));
		un.sun_family = AF_UNIX;
		snprintf(un.sun_path, sizeof(un.sun_path), "%s", addr);
		if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
			return -1;
		if (connect(fd, (struct sockaddr *)&un, sizeof(un)) == -1) {
			close(fd);
			return -1;
		}
	} else {
		memset(&in, 0, sizeof(in));
		in.sin_family = AF_INET;
		in.sin_port = htons((uint16_t)strtoul(colon + 1, NULL, 10));
		inet_pton(AF_INET, "127.0.0.1", &in.sin_addr);
		if ((fd = socket(AF_INET, SOCK_STREAM, 0)) == -1)
			return -1;
		if (connect(fd, (struct sockaddr *)&in, sizeof(in)) == -1) {
			close(fd);
			return -1;
		}
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	return fd;
}

/* A growing byte string for records to send. */
struct out {
	unsigned char	 b[1 << 16];
	size_t		 n;
};

static void
put(struct out *o, const void *p, size_t n)
{
	if (n > sizeof(o->b) - o->n)
		n = sizeof(o->b) - o->n;
	memcpy(o->b + o->n, p, n);
	o->n += n;
}

static void
header(struct out *o, unsigned version, unsigned type, unsigned id,
    size_t len, unsigned pad)
{
	unsigned char h[8] = { (unsigned char)version, (unsigned char)type,
	    (unsigned char)(id >> 8), (unsigned char)id,
	    (unsigned char)(len >> 8), (unsigned char)len,
	    (unsigned char)pad, 0 };

	put(o, h, 8);
}

static void
record(struct out *o, unsigned type, unsigned id, const void *p, size_t n)
{
	static const unsigned char zero[8];
	unsigned	 pad = (unsigned)((8 - n % 8) % 8);

	header(o, 1, type, id, n, pad);
	put(o, p, n);
	put(o, zero, pad);
}

static void
begin(struct out *o, unsigned id, int keep)
{
	unsigned char b[8] = { 0, 1, (unsigned char)(keep ? KEEP_CONN : 0) };

	record(o, T_BEGIN, id, b, 8);
}

/* Appends a name-value pair's lengths (FastCGI 1.0 §3.4). */
static void
pair_len(unsigned char *p, size_t *k, uint32_t n)
{
	if (n < 128)
		p[(*k)++] = (unsigned char)n;
	else {
		p[(*k)++] = (unsigned char)(0x80 | (n >> 24));
		p[(*k)++] = (unsigned char)(n >> 16);
		p[(*k)++] = (unsigned char)(n >> 8);
		p[(*k)++] = (unsigned char)n;
	}
}

/* The params of a GET for path_info plus NAME=VALUE extras, then the
 * empty params and stdin records. */
static void
request(struct out *o, unsigned id, int keep, const char *path_info,
    char **extra, int nextra)
{
	unsigned char	 p[8192];
	const char	*base[] = { "REQUEST_METHOD=GET",
	    "SCRIPT_NAME=/status.cgi", "SERVER_PROTOCOL=HTTP/1.1", NULL };
	char		 pi[256];
	size_t		 k = 0, nl, vl;
	const char	*kv, *eq;
	int		 i, total = 3 + (path_info != NULL) + nextra;

	snprintf(pi, sizeof(pi), "PATH_INFO=%s", path_info ? path_info : "");
	begin(o, id, keep);
	for (i = 0; i < total; i++) {
		kv = i < 3 ? base[i] : (path_info != NULL && i == 3) ? pi :
		    extra[i - 3 - (path_info != NULL)];
		if ((eq = strchr(kv, '=')) == NULL)
			continue;
		nl = (size_t)(eq - kv);
		vl = strlen(eq + 1);
		if (k + nl + vl + 8 > sizeof(p))
			break;
		pair_len(p, &k, (uint32_t)nl);
		pair_len(p, &k, (uint32_t)vl);
		memcpy(p + k, kv, nl);
		memcpy(p + k + nl, eq + 1, vl);
		k += nl + vl;
	}
	record(o, T_PARAMS, id, p, k);
	record(o, T_PARAMS, id, NULL, 0);
	record(o, T_STDIN, id, NULL, 0);
}

static int
send_all(int fd, const void *p, size_t n)
{
	const char	*s = p;
	ssize_t		 w;

	while (n > 0) {
		if ((w = send(fd, s, n, MSG_NOSIGNAL)) <= 0) {
			if (w == -1 && errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
recv_all(int fd, unsigned char *p, size_t n)
{
	ssize_t	 r;

	while (n > 0) {
		if ((r = recv(fd, p, n, 0)) <= 0) {
			if (r == -1 && errno == EINTR)
				continue;
			return -1;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/*
 * Reads records until the END_REQUEST of id, collecting stdout in ans
 * (size n, NUL-terminated). Returns the stdout length, or -1 if the
 * connection closed or timed out first.
 */
static long
answer(int fd, unsigned id, char *ans, size_t n)
{
	unsigned char	 h[8], body[65536 + 256];
	size_t		 got = 0, len;

	for (;;) {
		if (recv_all(fd, h, 8) == -1)
			return -1;
		len = ((size_t)h[4] << 8 | h[5]) + h[6];
		if (recv_all(fd, body, len) == -1)
			return -1;
		if (((unsigned)h[2] << 8 | h[3]) != id)
			continue;
		if (h[1] == T_STDOUT) {
			len -= h[6];
			if (len > n - 1 - got)
				len = n - 1 - got;
			memcpy(ans + got, body, len);
			got += len;
		} else if (h[1] == T_END) {
			ans[got] = '\0';
			return (long)got;
		}
	}
}

static char ans[ANSWER_MAX];

/* The first line of ans, in line (size n). */
static const char *
first_line(char *line, size_t n)
{
	size_t	 k = strcspn(ans, "\r\n");

	if (k >= n)
		k = n - 1;
	memcpy(line, ans, k);
	line[k] = '\0';
	return line;
}

/* One request for path_info on fd (kept if keep). Returns 0 or -1. */
static int
ask(int fd, unsigned id, int keep, const char *path_info, char **extra,
    int nextra)
{
	static struct out o;

	o.n = 0;
	request(&o, id, keep, path_info, extra, nextra);
	if (send_all(fd, o.b, o.n) == -1)
		return -1;
	return answer(fd, id, ans, sizeof(ans)) < 0 ? -1 : 0;
}

/* Whether a fresh connection gets "Status: 404" for /404 within 1 s. */
static int
check_alive(const char *after)
{
	char	 line[128];
	double	 t0 = now_s(), dt;
	int	 fd, rc;

	if ((fd = dial(1000)) == -1) {
		fprintf(stderr, "after %s: cannot connect: %s\n", after,
		    strerror(errno));
		return -1;
	}
	rc = ask(fd, 1, 0, "/404", NULL, 0);
	close(fd);
	dt = now_s() - t0;
	if (rc == -1 || strcmp(first_line(line, sizeof(line)),
	    "Status: 404 Not Found") != 0 || dt > 1.0) {
		fprintf(stderr, "after %s: %s in %.3f s\n", after,
		    rc == -1 ? "no answer" : line, dt);
		return -1;
	}
	return 0;
}

/* ---- hostile streams ------------------------------------------------ */

/*
 * Sends o on a fresh connection. Unless abrupt, then says it has no more
 * to send and reads until the responder closes (or a second passes), so
 * that the burst is over, crash and all, before the next check.
 */
static void
fire(struct out *o, int abrupt)
{
	unsigned char	 junk[4096];
	int		 fd;

	if ((fd = dial(1000)) == -1)
		return;
	send_all(fd, o->b, o->n);
	if (!abrupt) {
		shutdown(fd, SHUT_WR);
		while (recv(fd, junk, sizeof(junk), 0) > 0)
			;
	}
	close(fd);
}

static void
h_random(struct out *o)
{
	size_t	 i, n = 1 + rnd(4096);

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)rnd(256);
		put(o, &c, 1);
	}
}

static void
h_truncated(struct out *o)
{
	request(o, 1, 0, "/200", NULL, 0);
	o->n = 1 + rnd((unsigned)o->n - 1);
}

static void
h_version(struct out *o)
{
	header(o, 2 + rnd(254), T_BEGIN, 1, 8, 0);
	put(o, "\0\1\0\0\0\0\0\0", 8);
	request(o, 1, 0, "/200", NULL, 0);
}

static void
h_type(struct out *o)
{
	unsigned char	 b[64];
	unsigned	 i;

	for (i = 0; i < sizeof(b); i++)
		b[i] = (unsigned char)rnd(256);
	record(o, 11 + rnd(245), rnd(3), b, rnd(64));
	record(o, T_GET_VALUES, 0, b, rnd(64));
	record(o, T_ABORT, 7, NULL, 0);
	request(o, 1, 0, "/200", NULL, 0);
}

/* A params pair claiming name and value lengths nl and vl. */
static void
h_lengths(struct out *o, uint32_t nl, uint32_t vl)
{
	unsigned char	 p[64];
	size_t		 k = 0;

	begin(o, 1, 0);
	pair_len(p, &k, nl);
	pair_len(p, &k, vl);
	memcpy(p + k, "QUERY_STRING", 12);
	k += 12;
	record(o, T_PARAMS, 1, p, k);
	record(o, T_PARAMS, 1, NULL, 0);
	record(o, T_STDIN, 1, NULL, 0);
}

static void
h_huge(struct out *o)
{
	static const uint32_t big[] = { 0x7ffffff0, 0x7fffffff, 0xffffffff,
	    0x80000000, 0x00ffffff, 65535, 8193 };
	uint32_t	 a = big[rnd(7)], b = rnd(2) ? big[rnd(7)] : rnd(128);

	if (rnd(2))
		h_lengths(o, a, b);
	else
		h_lengths(o, b, a);
}

static void
h_interleaved(struct out *o)
{
	struct out	 a, b;
	size_t		 i, j;

	a.n = b.n = 0;
	request(&a, 1, 1, "/201", NULL, 0);
	request(&b, 2 + rnd(5), 1, "/202", NULL, 0);
	/* record boundaries are 8-aligned: mix them 8 bytes at a time */
	for (i = j = 0; i < a.n || j < b.n; ) {
		if (i < a.n && (j >= b.n || rnd(2))) {
			put(o, a.b + i, 8);
			i += 8;
		} else {
			put(o, b.b + j, 8);
			j += 8;
		}
	}
}

static void
h_bigstdin(void)
{
	static unsigned char chunk[65535];
	struct out	*o = malloc(sizeof(*o));
	char		*extra[] = { "REQUEST_METHOD=POST",
	    "CONTENT_TYPE=application/x-www-form-urlencoded",
	    "CONTENT_LENGTH=999999999" };
	int		 fd, i;

	if (o == NULL || (fd = dial(300)) == -1) {
		free(o);
		return;
	}
	o->n = 0;
	request(o, 1, rnd(2), "/200", extra, 3);
	o->n -= 8;		/* no empty stdin record: stdin follows */
	send_all(fd, o->b, o->n);
	memset(chunk, 'a', sizeof(chunk));
	for (i = 0; i < 64; i++) {
		o->n = 0;
		header(o, 1, T_STDIN, 1, sizeof(chunk) - 7, 7);
		if (send_all(fd, o->b, o->n) == -1 ||
		    send_all(fd, chunk, sizeof(chunk)) == -1)
			break;
	}
	shutdown(fd, SHUT_WR);
	while (recv(fd, chunk, sizeof(chunk), 0) > 0)
		;
	close(fd);
	free(o);
}

static int
h_trickle(void)
{
	struct out	 o;
	char		 line[128];
	size_t		 i;
	int		 fd, rc;

	o.n = 0;
	request(&o, 1, 0, "/429", NULL, 0);
	if ((fd = dial(3000)) == -1)
		return -1;
	for (i = 0; i < o.n; i++) {
		if (send_all(fd, o.b + i, 1) == -1)
			break;
		if (i % 16 == 0)
			pause_ms(1);
	}
	rc = answer(fd, 1, ans, sizeof(ans)) < 0 ? -1 : 0;
	close(fd);
	if (rc == -1 || strcmp(first_line(line, sizeof(line)),
	    "Status: 429 Too Many Requests") != 0) {
		fprintf(stderr, "a request sent a byte at a time got: %s\n",
		    rc == -1 ? "no answer" : line);
		return -1;
	}
	return 0;
}

/*
 * The slowbody mode (see the top of this file). Returns the exit status:
 * 0 when it ran (the verdict printed), 1 if it could not connect.
 */
static int
h_slowbody(int ms)
{
	static struct out o;
	static char	 body[40000];
	char		*extra[] = { "CONTENT_LENGTH=40000",
	    "CONTENT_TYPE=application/octet-stream" };
	char		 sink[4096];
	struct timeval	 tv;
	double		 start = now_s();
	size_t		 at = 20000;
	ssize_t		 got;
	int		 fd;

	memset(body, 'a', sizeof(body));
	o.n = 0;
	request(&o, 1, 0, "/404", extra, 2);
	o.n -= 8;			/* the empty stdin record, for later */
	record(&o, T_STDIN, 1, body, sizeof(body));
	record(&o, T_STDIN, 1, NULL, 0);
	if ((fd = dial(30000)) == -1 || send_all(fd, o.b, at) == -1)
		return 1;
	/* Each wait for the responder's end is the pause between bytes. */
	tv.tv_sec = ms / 1000;
	tv.tv_usec = (ms % 1000) * 1000;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	while (now_s() - start < 30) {
		got = recv(fd, sink, sizeof(sink), 0);
		if (got == 0 || (got == -1 && errno != EAGAIN &&
		    errno != EWOULDBLOCK && errno != EINTR)) {
			puts("closed by the responder");
			close(fd);
			return 0;
		}
		if (got > 0)
			continue;	/* an answer: its end comes next */
		if (at < o.n && send_all(fd, o.b + at++, 1) == -1) {
			puts("closed by the responder");
			close(fd);
			return 0;
		}
	}
	puts("not closed");
	close(fd);
	return 0;
}

/*
 * The pace mode (see the top of this file), argv[3] to argv[5] its BYTES,
 * MS and STOP, the rest NAME=VALUE params. Returns the exit status: 0
 * when it ran (the verdict printed), 1 if it could not connect, 2 on bad
 * usage.
 */
static int
h_pace(int argc, char *argv[])
{
	static struct out o;
	static unsigned char body[65536 + 256];
	struct pollfd	 pfd;
	unsigned long long out = 0;
	unsigned char	 h[8];
	char		*end;
	long		 v[3];
	size_t		 len, content, at, k;
	double		 t0;
	int		 fd, i;

	for (i = 0; i < 3; i++) {
		errno = 0;
		v[i] = strtol(argv[3 + i], &end, 10);
		if (errno != 0 || *end != '\0' || v[i] < (i == 0) ||
		    v[i] > (i == 0 ? 65536 : i == 1 ? 10000 : 1000000000))
			return 2;
	}
	o.n = 0;
	request(&o, 1, 0, NULL, argv + 6, argc - 6);
	if ((fd = dial(30000)) == -1 || send_all(fd, o.b, o.n) == -1)
		return 1;
	for (;;) {
		if (recv_all(fd, h, 8) == -1)
			break;
		content = (size_t)h[4] << 8 | h[5];
		len = content + h[6];
		for (at = 0; at < len; at += k) {
			if (v[2] > 0 && out >= (unsigned long long)v[2]) {
				/* The reader stops: the close, if it comes,
				 * shows as a hang-up before anything is read. */
				t0 = now_s();
				memset(&pfd, 0, sizeof(pfd));
				pfd.fd = fd;
				if (poll(&pfd, 1, 15000) != 1 ||
				    !(pfd.revents & (POLLHUP | POLLERR))) {
					puts("not closed within 15 s");
					close(fd);
					return 0;
				}
				printf("closed by the responder %.1f s after "
				    "the reader stopped\n", now_s() - t0);
				v[2] = 0;
			}
			k = len - at < (size_t)v[0] ? len - at : (size_t)v[0];
			if (recv_all(fd, body, k) == -1)
				goto cut;
			if (h[1] == T_STDOUT && at < content)
				out += content - at < k ? content - at : k;
			if (v[1] > 0)
				pause_ms(v[1]);
		}
		if (h[1] == T_END) {
			printf("answered whole: %llu bytes of stdout\n", out);
			close(fd);
			return 0;
		}
	}
cut:
	printf("cut: %llu bytes of stdout, no end of request\n", out);
	close(fd);
	return 0;
}

static void
h_abrupt(struct out *o)
{
	char	*extra[] = { "QUERY_STRING=code=200&sleep=300" };

	request(o, 1, rnd(2), "/200", extra, 1);
	if (rnd(2))
		o->n /= 2;
}

/* An FCGI_GET_VALUES record naming FCGI_MPXS_CONNS n times, or a random
 * number of times when n is 0 (libfcgi writes each answer into 64 bytes
 * of its stack), then a request. */
static void
h_get_values(struct out *o, size_t n)
{
	unsigned char	 p[8192];
	size_t		 k = 0, i;

	if (n == 0)
		n = 4 + rnd(400);
	for (i = 0; i < n && k + 17 <= sizeof(p); i++) {
		p[k++] = 15;
		p[k++] = 0;
		memcpy(p + k, "FCGI_MPXS_CONNS", 15);
		k += 15;
	}
	record(o, T_GET_VALUES, 0, p, k);
	request(o, 1, 0, "/200", NULL, 0);
}

/* More params than any server sends: pairs without end, or one stream
 * past 64 KiB. */
static void
h_flood(struct out *o)
{
	static unsigned char p[65528];
	size_t		 i;

	begin(o, 1, 0);
	if (rnd(2)) {
		for (i = 0; i + 3 <= sizeof(p); i += 3) {
			p[i] = 1;		/* name "a", empty value */
			p[i + 1] = 0;
			p[i + 2] = 'a';
		}
		record(o, T_PARAMS, 1, p, sizeof(p) / 3 * 3);
	} else {
		memset(p, 'b', sizeof(p));
		p[0] = 0x80;		/* a name of 70,000 bytes */
		p[1] = 0x01;
		p[2] = 0x11;
		p[3] = 0x70;
		p[4] = 0;		/* and an empty value */
		record(o, T_PARAMS, 1, p, 32000);
		record(o, T_PARAMS, 1, p, 32000);
	}
}

/* Records in an order the specification forbids, or of types a server
 * never sends, or a management record that carries content. */
static void
h_order(struct out *o)
{
	unsigned char	 junk[24] = "not a management body..";
	char		*q[] = { "QUERY_STRING=code=200" };

	switch (rnd(5)) {
	case 0:			/* stdin before the params end */
		begin(o, 1, 0);
		record(o, T_STDIN, 1, junk, sizeof(junk));
		break;
	case 1:			/* params after stdin began */
		request(o, 1, 0, "/200", NULL, 0);
		o->n -= 8;
		record(o, T_STDIN, 1, junk, sizeof(junk));
		record(o, T_PARAMS, 1, junk, sizeof(junk));
		break;
	case 2:			/* a second begin for the same id */
		begin(o, 1, 0);
		begin(o, 1, 0);
		break;
	case 3:			/* a type only an application sends */
		begin(o, 1, 0);
		record(o, T_STDOUT + rnd(2) * (T_END - T_STDOUT), 1, junk,
		    sizeof(junk));
		break;
	default:		/* content smuggled in a management record */
		begin(o, 1, 0);
		record(o, 11 + rnd(200), 0, junk, sizeof(junk));
		break;
	}
	request(o, 1, 0, "/200", q, 1);
}

static int *open_kept(int n);

/* Whether the kept connection fd still answers /404 right away. */
static int
check_kept(int fd, const char *after)
{
	char	 line[128];

	if (ask(fd, 1, 1, "/404", NULL, 0) == -1 ||
	    strcmp(first_line(line, sizeof(line)), "Status: 404 Not Found")
	    != 0) {
		fprintf(stderr, "after %s: a kept connection got no right "
		    "answer\n", after);
		return -1;
	}
	return 0;
}

static int
hostile(double seconds)
{
	static const char *names[] = { "random bytes", "truncated records",
	    "wrong versions", "unknown types", "huge and overflowing lengths",
	    "interleaved request ids", "stdin larger than any limit",
	    "a trickle of one byte at a time", "abrupt closes",
	    "FCGI_GET_VALUES naming a variable again and again",
	    "params without end", "records out of order" };
	struct out	*o = malloc(sizeof(*o));
	double		 end = now_s() + seconds;
	unsigned	 kind, i, bursts = 0, n = 12;

	int		*kept;

	if (o == NULL)
		return -1;
	/* Kept-alive connections, opened first, must outlive every burst. */
	if ((kept = open_kept(2)) == NULL) {
		free(o);
		return -1;
	}
	for (kind = 0; now_s() < end || kind % n != 0; kind++, bursts++) {
		for (i = 0; i < 20; i++) {
			o->n = 0;
			switch (kind % n) {
			case 0: h_random(o); break;
			case 1: h_truncated(o); break;
			case 2: h_version(o); break;
			case 3: h_type(o); break;
			case 4: h_huge(o); break;
			case 5: h_interleaved(o); break;
			case 6: if (i < 3) h_bigstdin(); break;
			case 7:
				if (i < 2 && h_trickle() == -1) {
					free(o);
					return -1;
				}
				break;
			case 8: h_abrupt(o); break;
			case 9: h_get_values(o, 0); break;
			case 10: h_flood(o); break;
			case 11: h_order(o); break;
			}
			if (o->n > 0)
				fire(o, kind % n == 8);
		}
		if (check_alive(names[kind % n]) == -1 ||
		    check_kept(kept[bursts % 2], names[kind % n]) == -1) {
			free(kept);
			free(o);
			return -1;
		}
	}
	free(kept);
	free(o);
	printf("%u bursts, each followed by a right answer within 1 s\n",
	    bursts);
	return 0;
}

/*
 * Opens n connections, each with one kept-alive request for /200
 * answered. Returns their fds (malloc'd), or NULL saying why on stderr.
 */
static int *
open_kept(int n)
{
	int	*fds, i;

	if ((fds = calloc((size_t)n, sizeof(*fds))) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if ((fds[i] = dial(10000)) == -1 ||
		    ask(fds[i], 1, 1, "/200", NULL, 0) == -1) {
			fprintf(stderr, "kept connection %d: no answer\n", i + 1);
			free(fds);
			return NULL;
		}
	return fds;
}

/* A count from 1 to 100000, or -1. */
static int
count(const char *s)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	return errno != 0 || *end != '\0' || v < 1 || v > 100000 ? -1 : (int)v;
}

/* ---- half records (make soak) --------------------------------------- */

#define HALF_MAX	10000
#define HALF_LATE_S	20.0

/*
 * A request for /200 in o, cut in the middle of one of its records,
 * chosen at random: half a header, or a whole header and half the
 * content and padding it announces.
 */
static void
half_record(struct out *o)
{
	size_t		 at[8], len[8], off = 0;
	unsigned	 n = 0, r;

	o->n = 0;
	request(o, 1, (int)rnd(2), "/200", NULL, 0);
	while (off + 8 <= o->n && n < 8) {
		at[n] = off;
		len[n] = 8 + ((size_t)o->b[off + 4] << 8 | o->b[off + 5]) +
		    o->b[off + 6];
		off += len[n++];
	}
	r = rnd(n);
	o->n = at[r] + len[r] / 2;
}

/*
 * The half mode (see the top of this file): n peers, each with half a
 * record sent, waiting until the responder closes the connection; one
 * closed is replaced at once, until seconds have passed. Returns the
 * exit status: 0, or 1 if a peer waited more than HALF_LATE_S.
 */
static int
half_peers(int n, double seconds)
{
	static struct pollfd pfd[HALF_MAX];
	static double	 since[HALF_MAX];
	static struct out o;
	char		 junk[4096];
	double		 end = now_s() + seconds, t, slowest = 0;
	unsigned long	 sent = 0, closed = 0, late = 0, answered = 0;
	unsigned long	 failed = 0, waiting = 0;
	ssize_t		 r;
	int		 i;

	for (i = 0; i < n; i++)
		pfd[i].fd = -1;
	while ((t = now_s()) < end) {
		for (i = 0; i < n; i++) {
			if (pfd[i].fd != -1)
				continue;
			half_record(&o);
			if ((pfd[i].fd = dial(1000)) == -1 ||
			    send_all(pfd[i].fd, o.b, o.n) == -1) {
				if (pfd[i].fd != -1)
					close(pfd[i].fd);
				pfd[i].fd = -1;
				failed++;
				continue;
			}
			pfd[i].events = POLLIN;
			since[i] = now_s();
			sent++;
		}
		poll(pfd, (nfds_t)n, 100);
		t = now_s();
		for (i = 0; i < n; i++) {
			if (pfd[i].fd == -1)
				continue;
			if (pfd[i].revents != 0) {
				r = recv(pfd[i].fd, junk, sizeof(junk),
				    MSG_DONTWAIT);
				if (r > 0) {
					answered += (unsigned long)r;
					continue;
				}
				if (r == -1 && (errno == EAGAIN ||
				    errno == EWOULDBLOCK || errno == EINTR))
					continue;
				closed++;
				if (t - since[i] > slowest)
					slowest = t - since[i];
			} else if (t - since[i] > HALF_LATE_S)
				late++;
			else
				continue;
			close(pfd[i].fd);
			pfd[i].fd = -1;
		}
	}
	for (i = 0; i < n; i++)
		if (pfd[i].fd != -1) {
			close(pfd[i].fd);
			waiting++;
		}
	printf("half records: %lu sent, %lu closed by the responder (the "
	    "slowest after %.1f s), %lu not closed within %.0f s, %lu still "
	    "waiting at the end, %lu answered bytes, %lu connects or sends "
	    "failed\n", sent, closed, slowest, late, HALF_LATE_S, waiting,
	    answered, failed);
	return late > 0 ? 1 : 0;
}

int
main(int argc, char *argv[])
{
	struct out	 o;
	char		 line[128];
	int		 fd, *fds, i, n;

	if (argc < 3)
		goto usage;
	addr = argv[1];
	rng ^= (uint64_t)getpid() << 16 ^ (uint64_t)time(NULL);
	if (strcmp(argv[2], "get") == 0) {
		if ((fd = dial(5000)) == -1 ||
		    ask(fd, 1, 0, NULL, argv + 3, argc - 3) == -1) {
			fprintf(stderr, "no answer\n");
			return 1;
		}
		fputs(ans, stdout);
		return 0;
	}
	if (strcmp(argv[2], "keep") == 0 && argc >= 4) {
		if ((n = count(argv[3])) == -1)
			goto usage;
		if ((fd = dial(5000)) == -1)
			return 1;
		for (i = 0; i < n; i++) {
			if (ask(fd, 1, 1, NULL, argv + 4, argc - 4) == -1) {
				fprintf(stderr, "request %d on the kept "
				    "connection: no answer\n", i + 1);
				return 1;
			}
			puts(first_line(line, sizeof(line)));
		}
		return 0;
	}
	if (strcmp(argv[2], "idle") == 0 && argc == 4) {
		if ((n = count(argv[3])) == -1)
			goto usage;
		if ((fds = open_kept(n)) == NULL)
			return 1;
		if (check_alive("idle kept connections") == -1)
			return 1;
		for (i = 0; i < n; i++)
			if (ask(fds[i], 1, 1, "/204", NULL, 0) == -1 ||
			    strcmp(first_line(line, sizeof(line)),
			    "Status: 204 No Content") != 0) {
				fprintf(stderr, "second request on kept "
				    "connection %d: no answer\n", i + 1);
				return 1;
			}
		printf("%d idle kept connections, then a new request and a "
		    "second on each: all answered\n", n);
		return 0;
	}
	if (strcmp(argv[2], "hold") == 0 && argc == 4) {
		if ((n = count(argv[3])) == -1)
			goto usage;
		if ((fds = open_kept(n)) == NULL)
			return 1;
		printf("%d kept connections held\n", n);
		fflush(stdout);
		for (i = 0; i < n; i++)
			if (recv(fds[i], line, sizeof(line), 0) != 0) {
				fprintf(stderr, "kept connection %d was not "
				    "closed\n", i + 1);
				return 1;
			}
		printf("all %d closed by the responder\n", n);
		return 0;
	}
	if (strcmp(argv[2], "trickle") == 0 && argc == 4) {
		if ((n = count(argv[3])) == -1)
			goto usage;
		o.n = 0;
		request(&o, 1, 0, "/429", NULL, 0);
		if ((fd = dial(30000)) == -1)
			return 1;
		for (i = 0; i < (int)o.n; i++) {
			if (send_all(fd, o.b + i, 1) == -1)
				return 1;
			pause_ms(n);
		}
		if (answer(fd, 1, ans, sizeof(ans)) < 0)
			return 1;
		puts(first_line(line, sizeof(line)));
		return 0;
	}
	if (strcmp(argv[2], "slowbody") == 0 && argc == 4) {
		if ((n = count(argv[3])) == -1)
			goto usage;
		return h_slowbody(n);
	}
	if (strcmp(argv[2], "foreign") == 0 && argc == 4 &&
	    (strcmp(argv[3], "whole") == 0 || strcmp(argv[3], "cut") == 0 ||
	    strcmp(argv[3], "stdin") == 0)) {
		static const unsigned char ask_mpxs[] = { 15, 0,
		    'F', 'C', 'G', 'I', '_', 'M', 'P', 'X', 'S', '_', 'C', 'O',
		    'N', 'N', 'S' };

		o.n = 0;
		/* a management record, before and within the request */
		record(&o, T_GET_VALUES, 0, ask_mpxs, sizeof(ask_mpxs));
		request(&o, 1, 0, "/201", NULL, 0);
		o.n -= 16;		/* its empty params and stdin records */
		record(&o, T_GET_VALUES, 0, ask_mpxs, sizeof(ask_mpxs));
		record(&o, T_PARAMS, 1, NULL, 0);
		if (strcmp(argv[3], "stdin") == 0)
			record(&o, T_STDIN, 7, NULL, 0);	/* refused */
		else
			begin(&o, 7, 0);	/* FCGI_CANT_MPX_CONN */
		if (strcmp(argv[3], "cut") != 0)
			record(&o, T_STDIN, 1, NULL, 0);
		if (strcmp(argv[3], "stdin") == 0) {
			if ((fd = dial(15000)) == -1 ||
			    send_all(fd, o.b, o.n) == -1)
				return 1;
			puts(recv(fd, line, sizeof(line), 0) == 0 ?
			    "closed by the responder" : "not closed");
			return 0;
		}
		if ((fd = dial(15000)) == -1 || send_all(fd, o.b, o.n) == -1)
			return 1;
		if (strcmp(argv[3], "cut") == 0) {
			puts(recv(fd, line, sizeof(line), 0) == 0 ?
			    "closed by the responder" : "not closed");
			return 0;
		}
		if (answer(fd, 1, ans, sizeof(ans)) < 0) {
			fprintf(stderr, "no answer\n");
			return 1;
		}
		puts(first_line(line, sizeof(line)));
		return 0;
	}
	if ((strcmp(argv[2], "crash") == 0 ||
	    strcmp(argv[2], "getvalues") == 0) && argc == 3) {
		unsigned char	 junk[4096];
		size_t		 got = 0;
		ssize_t		 r;

		o.n = 0;
		if (argv[2][0] == 'c')
			h_lengths(&o, 0x7ffffff0, 0x7ffffff0);
		else
			h_get_values(&o, 6);	/* 102 bytes, 6 times */
		if ((fd = dial(5000)) == -1 || send_all(fd, o.b, o.n) == -1)
			return 1;
		shutdown(fd, SHUT_WR);
		while ((r = recv(fd, junk, sizeof(junk), 0)) > 0)
			got += (size_t)r;
		printf("%s after %zu bytes\n", r == 0 ? "closed by the "
		    "responder" : "not closed", got);
		return 0;
	}
	if (strcmp(argv[2], "hostile") == 0 && argc == 4)
		return hostile(strtod(argv[3], NULL)) == 0 ? 0 : 1;
	if (strcmp(argv[2], "pace") == 0 && argc >= 6 &&
	    (i = h_pace(argc, argv)) != 2)
		return i;
	if (strcmp(argv[2], "half") == 0 && argc == 5) {
		if ((n = count(argv[3])) == -1 || n > HALF_MAX)
			goto usage;
		return half_peers(n, strtod(argv[4], NULL));
	}
usage:
	fprintf(stderr, "usage: fcgiclient ADDR get|keep N|idle N|hold N|"
	    "trickle MS|slowbody MS|foreign whole|cut|crash|getvalues|"
	    "hostile SECONDS|half N SECONDS|pace BYTES MS STOP "
	    "[NAME=VALUE...]\n");
	return 2;
}
