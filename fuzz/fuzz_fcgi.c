/* SPDX-License-Identifier: ISC */
/*
 * fuzz_fcgi.c - libFuzzer target over a FastCGI worker's connection: bytes
 * in (a record stream, sent in pieces, the peer closing at any point),
 * answer bytes out, under ASan and UBSan. Built as build/fuzz/fuzz_fcgi and
 * run by libFuzzer (make fuzz-fcgi; make check replays the seeds in
 * fuzz/corpus-fcgi and fuzzes a burst). Everything runs in the libFuzzer
 * process's one thread, which plays in turn a worker's loop thread (what
 * fcgi.c's loop_main and on_timer do: epoll events and the park handed to
 * fcgi_dispatch() and fcgi_step()), its main thread's cut-offs and drain
 * (conns_cut_slow(), conns_drain(), conns_cut_writing()), and the web
 * server at the other end of a socketpair. sandbox_enter() never runs.
 *
 * Time is virtual: CLOCK_MONOTONIC (the park, the deadlines of conn.h and
 * fcgi_serve.c) stands still until nothing is left to do now, then jumps
 * to the next thing due (the park's earliest item, the peer's next
 * piece), so sleep=, drip= and a slow peer's 10 s cost no real time; and
 * time() is fixed, so that an answer's Date is the same bytes whenever it
 * is rendered. The link wraps them (-Wl,--wrap=clock_gettime,--wrap=time),
 * and libfcgi's read(), write() and poll() on the connection
 * (--wrap=read,--wrap=write,--wrap=poll), which never block here: where
 * the real call would wait for the peer, the peer acts first (sends its
 * next piece, reads the answer, or the main thread cuts the connection
 * off, as in the service), or the wait is a finding.
 *
 * The input: a 12-byte header, then the bytes the peer sends.
 *   [0]     flags: bit 0: one loop thread (idle connections stay in the
 *           epoll set level-triggered), else one-shot arming; bits 1-2:
 *           after its last piece the peer 0, 3: shuts down its sending
 *           side, 1: closes the connection (reads nothing more), 2: stays
 *           open (the service stops at the end); bits 3-4: the peer
 *           0, 3: reads the whole answer, 1: stops reading after K bytes
 *           of it, 2: closes after K bytes; bit 5: polite: it sends the
 *           first byte after an FCGI_STDIN end record only once it has
 *           read as many FCGI_END_REQUEST records as such ends came
 *           before (as nginx and Apache do on a kept connection); bit 6:
 *           the service stops as soon as something waits in the park
 *   [1]     K = [1] * [1] * 4
 *   [2]     how long the peer waits before its first piece: [2]^2 / 4 ms
 *   [3..11] three cuts, each a big-endian offset into the stream (0: none)
 *           and a wait before the piece from there, byte^2 / 4 ms (up to
 *           16 s: past the 10 s a part of a request may take)
 *
 * The invariants, checked every time (abort() otherwise):
 *   - nothing crashes, leaks or overflows (ASan, UBSan, LeakSanitizer);
 *     no allocation reaches -malloc_limit_mb, nor the process
 *     -rss_limit_mb (the Makefile's FUZZ_FCGI_FLAGS);
 *   - the loop thread never waits on the peer: a read of libfcgi that
 *     would block outside CONN_READING (a request that was not whole), or
 *     a write that would block on a connection without conn_guard()'s
 *     timeouts, or libfcgi's closing linger, is a finding;
 *   - once the service has stopped, every connection is gone, the park is
 *     empty and no answer counts as waiting (conns_count() 0 and the
 *     rest): memory stays bounded;
 *   - the answer is a valid record stream (our own parser, not src's):
 *     version 1, only FCGI_STDOUT, FCGI_STDERR and FCGI_END_REQUEST of a
 *     request id that some FCGI_BEGIN_REQUEST named, and
 *     FCGI_GET_VALUES_RESULT and FCGI_UNKNOWN_TYPE of id 0, each of its
 *     size, padding under 8 bytes; it ends inside a record only where the
 *     peer stopped reading or the answer was cut off;
 *   - a well-formed complete request (our own conservative oracle: an
 *     FCGI_BEGIN_REQUEST of role FCGI_RESPONDER, flags 0 or FCGI_KEEP_CONN,
 *     FCGI_PARAMS records of that id whose content is whole name-value
 *     pairs, names not empty and without '=' or NUL, values without NUL,
 *     the empty FCGI_PARAMS, FCGI_STDIN records, the empty FCGI_STDIN and
 *     nothing else in between; no padding on the begin record or the
 *     empty FCGI_PARAMS, which libfcgi reads as records: legal, but no
 *     server sends it; sent within 9 s, to a peer that reads the whole
 *     answer), the first on the connection and, polite, each one after a
 *     kept one, gets exactly one answer, in the order asked: FCGI_STDOUT
 *     records (empty FCGI_STDERR ones allowed) of its id, then
 *     FCGI_END_REQUEST with FCGI_REQUEST_COMPLETE, and nothing after the
 *     answer to a request that did not keep the connection; its
 *     FCGI_STDOUT content is byte for byte what the CGI path answers to
 *     the same params and stdin (serve_plan() and serve_render() in this
 *     process, with the worker's settings and random seed), or its first
 *     ANSWER_CAP bytes when it is larger.
 *
 * FUZZ_FCGI_VERBOSE in the environment prints a line an input (pieces,
 * requests judged, answer bytes, virtual time); FUZZ_FCGI_ANSWER=FILE
 * saves the answer read, to look at a seed.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "../src/fastcgi/conn.h"
#include "../src/fastcgi/fcgi_serve.h"
#include "../src/fastcgi/park.h"
#include "../src/fastcgi/pool.h"
#include "../src/answer/serve.h"

/* The FastCGI 1.0 wire, as the specification says (not src's headers). */
#define REC_HDR		8
#define T_BEGIN		1
#define T_END		3
#define T_PARAMS	4
#define T_STDIN		5
#define T_STDOUT	6
#define T_STDERR	7
#define T_VALUES_RESULT	10
#define T_UNKNOWN	11
#define ROLE_RESPONDER	1
#define F_KEEP_CONN	1

#define HDR_LEN		12		/* the input's header */
#define CUTS		3
#define SEGS_MAX	1024		/* pieces the stream is sent in */
#define STREAM_MAX	65536		/* the most the peer sends (-max_len) */
#define ANSWER_CAP	(1024 * 1024)	/* the peer reads no more, closes */
#define JUDGE_MAX	16		/* requests checked against CGI */
#define SPAN_MAX_MS	9000		/* a checked request came this fast */
#define STEPS_MAX	50000		/* events, then the service stops */
#define PAIRS_MAX	(STREAM_MAX / 3 + 1)
#define V0		1000000		/* the virtual clock at each start */
#define FIXED_TIME	1767225600	/* time(): 2026-01-01 00:00:00 UTC */
#define RNG0		0x0123456789abcdefULL
#define RNG_STEP	0x9e3779b97f4a7c15ULL	/* fcgi_serve.c: serve_conn */

#define FL_LEVEL	0x01
#define FL_POLITE	0x20
#define FL_STOP_EARLY	0x40
enum end_mode { END_SHUT, END_CLOSE, END_OPEN };
enum read_mode { READ_ALL, READ_STOP, READ_CLOSE };

static void
fail(const char *why)
{
	fprintf(stderr, "fuzz_fcgi: %s\n", why);
	abort();
}

#define CHECK(c, why) do { if (!(c)) fail(why); } while (0)

/* ---- the worker: a pool of one loop thread --------------------------- */

static struct pool	 P;
static struct fcgi_opts	 O;
static struct loop_thread T;
static struct scratch	 OSC;		/* the oracle's */
static struct reply	 OREP;

static int	 verbose;	/* FUZZ_FCGI_VERBOSE set: a line an input */
static const char *dump;	/* FUZZ_FCGI_ANSWER: the answer's file */
static int	 running;	/* an input runs: the wraps act */
static uint64_t	 vclock;	/* virtual CLOCK_MONOTONIC, ms */
static int	 srv = -1;	/* the worker's end of the connection */
static int	 peer = -1;	/* the web server's end, or -1: closed */
static struct conn *cur;	/* the connection (alive while libfcgi
				   reads or writes it) */

/* The settings of the worker process, as its environment would say. */
static const char *
settings_get(void *ctx, const char *name)
{
	(void)ctx;
	if (strcmp(name, "STATUSCGI_MAX_SIZE") == 0)
		return "300000";	/* past DIRECT_MIN and a socket buffer */
	return NULL;			/* STATUSCGI_MAX_SLEEP_MS: 10 s */
}

static void
advance(uint64_t t)
{
	if (t > vclock)
		vclock = t;
}

/* ---- the peer --------------------------------------------------------- */

struct piece {
	size_t		 start, end;	/* its bytes in the stream */
	uint64_t	 delay;		/* ms after it may go */
	unsigned	 gate;		/* END_REQUESTs read before it goes */
	uint64_t	 ready;		/* when it could go (0: not yet) */
};

static struct {
	unsigned	 flags;
	enum end_mode	 end;
	enum read_mode	 rd;
	size_t		 k;		/* READ_STOP, READ_CLOSE: after this */
	const uint8_t	*s;		/* the stream */
	size_t		 n;
	struct piece	 seg[SEGS_MAX];
	size_t		 nseg, next;	/* pieces, the next to send */
	int		 reading;	/* still reads the answer */
	int		 capped;	/* stopped or closed before the end */
	unsigned	 ends;		/* END_REQUEST records read */
	size_t		 scan;		/* answer bytes scanned for them */
} pr;

static unsigned char	 ans[ANSWER_CAP];	/* the answer read */
static size_t		 alen;

/* Counts the complete FCGI_END_REQUEST records read so far. */
static void
count_ends(void)
{
	size_t	 len;

	while (alen - pr.scan >= REC_HDR) {
		len = REC_HDR + ((size_t)ans[pr.scan + 4] << 8 |
		    ans[pr.scan + 5]) + ans[pr.scan + 6];
		if (alen - pr.scan < len)
			break;
		if (ans[pr.scan + 1] == T_END)
			pr.ends++;
		pr.scan += len;
	}
}

static void
peer_close(void)
{
	if (peer != -1)
		close(peer);
	peer = -1;
	pr.reading = 0;
}

/*
 * The peer reads what the answer has for it now, up to where it stops.
 * Returns 1 if it read or closed, 0 if nothing changed.
 */
static int
peer_read(void)
{
	size_t	 limit = pr.rd == READ_ALL ? sizeof(ans) : pr.k;
	ssize_t	 got;
	int	 moved = 0;

	if (limit > sizeof(ans))
		limit = sizeof(ans);
	while (pr.reading && peer != -1) {
		if (alen >= limit) {
			pr.capped = 1;
			if (pr.rd == READ_STOP && limit < sizeof(ans))
				pr.reading = 0;		/* open, unread */
			else
				peer_close();
			return 1;
		}
		got = recv(peer, ans + alen, limit - alen, MSG_DONTWAIT);
		if (got > 0) {
			alen += (size_t)got;
			moved = 1;
			continue;
		}
		if (got == -1 && (errno == EAGAIN || errno == EINTR))
			break;
		pr.reading = 0;		/* the worker closed: nothing more */
		moved = 1;
	}
	count_ends();
	return moved;
}

/* When the next piece goes, or UINT64_MAX: none left, or it waits for
 * an answer. */
static uint64_t
next_due(void)
{
	struct piece	*g;

	if (pr.next >= pr.nseg || peer == -1)
		return UINT64_MAX;
	g = &pr.seg[pr.next];
	if (g->ready == 0) {
		if (pr.ends < g->gate)
			return UINT64_MAX;
		g->ready = vclock;
	}
	return g->ready + g->delay;
}

/*
 * Sends the next piece (and after the last, ends as told); what the
 * socket cannot take yet stays for the next call. Returns 0 if not a
 * byte more went.
 */
static int
peer_send(void)
{
	struct piece	*g = &pr.seg[pr.next];
	ssize_t		 put;
	int		 moved = 0;

	while (g->start < g->end && peer != -1) {
		put = send(peer, pr.s + g->start, g->end - g->start,
		    MSG_DONTWAIT | MSG_NOSIGNAL);
		if (put == -1 && errno == EINTR)
			continue;
		if (put == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return moved;	/* the rest once the worker reads */
		if (put <= 0)
			break;		/* the worker closed: it goes no more */
		g->start += (size_t)put;
		moved = 1;
	}
	pr.next++;
	if (pr.next < pr.nseg || peer == -1)
		return 1;
	if (pr.end == END_SHUT)
		shutdown(peer, SHUT_WR);
	else if (pr.end == END_CLOSE)
		peer_close();
	if (pr.end != END_OPEN)
		pr.next = pr.nseg;
	return 1;
}

/* ---- the wraps ------------------------------------------------------- */

ssize_t	__real_read(int fd, void *buf, size_t n);
ssize_t	__wrap_read(int fd, void *buf, size_t n);
ssize_t	__real_write(int fd, const void *buf, size_t n);
ssize_t	__wrap_write(int fd, const void *buf, size_t n);
int	__real_poll(struct pollfd *fds, nfds_t n, int timeout);
int	__wrap_poll(struct pollfd *fds, nfds_t n, int timeout);
time_t	__real_time(time_t *t);
time_t	__wrap_time(time_t *t);
int	__real_clock_gettime(clockid_t id, struct timespec *ts);
int	__wrap_clock_gettime(clockid_t id, struct timespec *ts);

/*
 * libfcgi's read of the connection would wait: while its thread waits
 * the peer sends its next piece when due, unless the request is one
 * whose rest libfcgi reads (CONN_READING) and the piece is due past its
 * deadline: then the main thread cuts it off, as conns_cut_slow() does.
 * Any other wait is a finding: the request was not whole.
 */
static void
read_blocked(void)
{
	uint64_t	 due;

	if (cur->cut_fd == -1)
		fail("libfcgi waits in a read: a request went to it before it "
		    "was whole, and the peer holds the loop thread");
	peer_read();
	due = next_due();
	if (due > cur->read_by) {
		advance(cur->read_by);
		conns_cut_slow(&P.conns);
		return;
	}
	advance(due);
	peer_send();
}

ssize_t
__wrap_read(int fd, void *buf, size_t n)
{
	ssize_t	 got;
	int	 waits;

	if (!running || fd != srv)
		return __real_read(fd, buf, n);
	for (waits = 0; waits < SEGS_MAX + 2; waits++) {
		got = recv(fd, buf, n, MSG_DONTWAIT);
		if (got >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
			return got;
		read_blocked();
	}
	fail("harness: a read waits on and on");
	return -1;
}

/*
 * libfcgi's write of the connection would wait: a reading peer reads
 * meanwhile; one that does not, holds the thread until conn_guard()'s
 * timeout, or forever without one (a finding).
 */
ssize_t
__wrap_write(int fd, const void *buf, size_t n)
{
	const char	*p = buf;
	size_t		 done = 0;
	ssize_t		 put;

	if (!running || fd != srv)
		return __real_write(fd, buf, n);
	while (done < n) {
		put = send(fd, p + done, n - done, MSG_DONTWAIT);
		if (put > 0) {
			done += (size_t)put;
			continue;
		}
		if (put == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
			return done > 0 ? (ssize_t)done : put;
		if (peer_read())
			continue;
		if (!cur->guarded)
			fail("libfcgi waits in a write to a peer that does not "
			    "read, on a connection without a timeout: the peer "
			    "holds the loop thread");
		advance(vclock + IO_TIMEOUT_S * 1000);	/* SO_SNDTIMEO */
		if (done > 0)
			return (ssize_t)done;
		errno = EAGAIN;
		return -1;
	}
	return (ssize_t)done;
}

/*
 * libfcgi's close of a connection not detached lingers in poll() for the
 * peer's end, up to 2 s (os_unix.c's OS_Close): a wait when the peer has
 * neither sent more nor closed.
 */
int
__wrap_poll(struct pollfd *fds, nfds_t n, int timeout)
{
	nfds_t	 i;
	int	 ready;

	for (i = 0; running && timeout != 0 && i < n; i++)
		if (fds[i].fd == srv) {
			if ((ready = __real_poll(fds, n, 0)) != 0)
				return ready;
			fail("libfcgi's close lingers on a connection whose "
			    "peer is still there (it was never detached): the "
			    "peer holds the loop thread up to 2 s");
		}
	return __real_poll(fds, n, timeout);
}

time_t
__wrap_time(time_t *t)
{
	if (!running)
		return __real_time(t);
	if (t != NULL)
		*t = FIXED_TIME;
	return FIXED_TIME;
}

int
__wrap_clock_gettime(clockid_t id, struct timespec *ts)
{
	if (!running || id != CLOCK_MONOTONIC)
		return __real_clock_gettime(id, ts);
	ts->tv_sec = (time_t)(vclock / 1000);
	ts->tv_nsec = (long)(vclock % 1000) * 1000000L;
	return 0;
}

/* ---- the loop thread ------------------------------------------------- */

static int	 stopping;	/* the service stops: the drain has begun */
static uint64_t	 planned_at_stop;	/* requests planned by then */

/* How many requests serve_conn() has planned: it steps the seed each. */
static uint64_t
planned(void)
{
	uint64_t	 r = RNG0, k;

	for (k = 0; k < 1000000 && r != T.rng; k++)
		r += RNG_STEP;
	return k;
}

static void
stop(void)
{
	if (stopping)
		return;
	stopping = 1;
	planned_at_stop = planned();
	conns_drain(&P.conns);
	atomic_store(&P.hurry, 1);
}

/* What on_timer() does with the items due (all, once hurrying). */
static void
take_parked(void)
{
	struct parked	 items[32];
	size_t		 i, k;
	int		 hurry = atomic_load(&P.hurry);

	k = park_take(&P.park, items, 32, hurry);
	for (i = 0; i < k; i++) {
		struct conn *c = items[i].item;

		conn_claim(&P.conns, c);
		if (items[i].kind == PARK_PARTIAL)
			fcgi_dispatch(&P, &T, c);
		else
			fcgi_step(&P, c, hurry);
	}
}

/*
 * One thing that happens next: an epoll event handed to the connection
 * as loop_main() does, the peer reading, or the virtual clock moved on to
 * the next piece the peer sends or the next item of the park. Returns 0
 * when nothing is left to happen.
 */
static int
step(void)
{
	struct epoll_event ev;
	struct conn	*c;
	uint64_t	 due, parked_due;

	if (epoll_wait(P.conns.epfd, &ev, 1, 0) == 1) {
		c = ev.data.ptr;
		if (conn_claim(&P.conns, c) == CONN_WRITING)
			fcgi_step(&P, c, atomic_load(&P.hurry));
		else
			fcgi_dispatch(&P, &T, c);
		return 1;
	}
	if (peer_read())
		return 1;
	due = next_due();
	parked_due = P.park.n > 0 ? P.park.heap[0].due : UINT64_MAX;
	if (atomic_load(&P.hurry) && P.park.n > 0)
		parked_due = vclock;
	if (due == UINT64_MAX && parked_due == UINT64_MAX)
		return 0;
	if (due <= parked_due) {
		advance(due);
		if (peer_send())
			return 1;
		if (parked_due == UINT64_MAX)
			return 0;	/* the worker reads no more */
	}
	if ((pr.flags & FL_STOP_EARLY) && !stopping)
		stop();
	else {
		advance(parked_due);
		take_parked();
	}
	return 1;
}

/* Runs until nothing is left to happen, then stops the service as
 * fcgi.c's drain() does. Returns 1 if the steps ran out first. */
static int
run(void)
{
	unsigned long	 steps = 0;
	int		 out = 0;

	while (step())
		if (++steps == STEPS_MAX) {
			out = 1;
			break;
		}
	if (out || conns_count(&P.conns) > 0)
		stop();
	for (steps = 0; steps < STEPS_MAX; steps++) {
		if (step())
			continue;
		if (conns_count(&P.conns) == 0)
			break;
		conns_cut_writing(&P.conns);
		if (step())
			continue;
		break;
	}
	return out;
}

/* ---- the input ------------------------------------------------------- */

struct rec {
	unsigned	 version, type, id;
	size_t		 len, pad;
	const uint8_t	*body;
	size_t		 end;		/* where the record ends */
};

/* Reads the record at s[at..n). Returns 0, or -1 if it is cut short. */
static int
rec_at(const uint8_t *s, size_t n, size_t at, struct rec *r)
{
	if (n - at < REC_HDR)
		return -1;
	r->version = s[at];
	r->type = s[at + 1];
	r->id = (unsigned)s[at + 2] << 8 | s[at + 3];
	r->len = (size_t)s[at + 4] << 8 | s[at + 5];
	r->pad = s[at + 6];
	r->body = s + at + REC_HDR;
	r->end = at + REC_HDR + r->len + r->pad;
	return r->end <= n ? 0 : -1;
}

/* A request the oracle judges: its bytes, its id, its flags. */
struct jreq {
	size_t		 start, end;
	unsigned	 id;
	int		 keep;
};

/* The oracle's params and stdin of one request. */
static struct {
	unsigned char	 params[STREAM_MAX];
	size_t		 plen;
	char		 arena[2 * STREAM_MAX];
	const char	*name[PAIRS_MAX], *value[PAIRS_MAX];
	size_t		 npairs;
	unsigned char	 in[STREAM_MAX];
	size_t		 inlen, inpos;
} oc;

/* Reads a name-value pair's length at p[*at], one or four bytes. */
static int
pair_len(const unsigned char *p, size_t n, size_t *at, size_t *len)
{
	if (*at >= n)
		return -1;
	if ((p[*at] & 0x80) == 0) {
		*len = p[(*at)++];
		return 0;
	}
	if (n - *at < 4)
		return -1;
	*len = (size_t)(p[*at] & 0x7f) << 24 | (size_t)p[*at + 1] << 16 |
	    (size_t)p[*at + 2] << 8 | p[*at + 3];
	*at += 4;
	return 0;
}

/*
 * Splits the params read into pairs, into the oracle's arena. Returns 0,
 * or -1 unless they are well-formed as the top of this file says.
 */
static int
split_pairs(void)
{
	size_t	 at = 0, nl, vl, a = 0;

	oc.npairs = 0;
	while (at < oc.plen) {
		if (pair_len(oc.params, oc.plen, &at, &nl) == -1 ||
		    pair_len(oc.params, oc.plen, &at, &vl) == -1 ||
		    nl == 0 || nl > oc.plen - at || vl > oc.plen - at - nl ||
		    oc.npairs == PAIRS_MAX)
			return -1;
		if (memchr(oc.params + at, '=', nl) != NULL ||
		    memchr(oc.params + at, '\0', nl + vl) != NULL)
			return -1;
		oc.name[oc.npairs] = oc.arena + a;
		memcpy(oc.arena + a, oc.params + at, nl);
		a += nl;
		oc.arena[a++] = '\0';
		oc.value[oc.npairs++] = oc.arena + a;
		memcpy(oc.arena + a, oc.params + at + nl, vl);
		a += vl;
		oc.arena[a++] = '\0';
		at += nl + vl;
	}
	return 0;
}

/*
 * Reads the request at s[at..n) into the oracle (struct oc) and r.
 * Returns 0 if it is a well-formed complete request, -1 if not.
 */
static int
parse_request(const uint8_t *s, size_t n, size_t at, struct jreq *r)
{
	struct rec	 h;
	int		 phase = 0;	/* 0: begin, 1: params, 2: stdin */

	oc.plen = oc.inlen = oc.inpos = 0;
	r->start = at;
	for (; rec_at(s, n, at, &h) == 0; at = h.end) {
		if (h.version != 1)
			return -1;
		if (phase == 0) {
			if (h.type != T_BEGIN || h.id == 0 || h.len != 8 ||
			    h.pad != 0 || h.body[0] != 0 ||
			    h.body[1] != ROLE_RESPONDER ||
			    (h.body[2] & ~F_KEEP_CONN) != 0)
				return -1;
			r->id = h.id;
			r->keep = h.body[2] & F_KEEP_CONN;
			phase = 1;
			continue;
		}
		if (h.id != r->id || h.type != (phase == 1 ? T_PARAMS : T_STDIN))
			return -1;
		if (phase == 1 && h.len == 0) {
			if (h.pad != 0 || split_pairs() == -1)
				return -1;
			phase = 2;
		} else if (phase == 1) {
			memcpy(oc.params + oc.plen, h.body, h.len);
			oc.plen += h.len;
		} else if (h.len == 0) {
			r->end = h.end;
			return 0;
		} else {
			memcpy(oc.in + oc.inlen, h.body, h.len);
			oc.inlen += h.len;
		}
	}
	return -1;
}

static const char *
oc_get(void *ctx, const char *name)
{
	size_t	 i;

	(void)ctx;
	for (i = 0; i < oc.npairs; i++)
		if (strcmp(oc.name[i], name) == 0)
			return oc.value[i];
	return NULL;
}

static long
oc_read(void *ctx, char *buf, size_t n)
{
	(void)ctx;
	if (n > oc.inlen - oc.inpos)
		n = oc.inlen - oc.inpos;
	memcpy(buf, oc.in + oc.inpos, n);
	oc.inpos += n;
	return (long)n;
}

static unsigned char	 want[ANSWER_CAP];
static size_t		 wlen, glen;

/* The oracle's sink: the CGI answer's first ANSWER_CAP bytes. */
static long
want_write(void *ctx, const char *data, size_t n)
{
	(void)ctx;
	if (n > sizeof(want) - wlen)
		return -1;
	memcpy(want + wlen, data, n);
	wlen += n;
	return (long)n;
}

/*
 * The CGI answer to the request in the oracle, as the nth request on its
 * connection (1 the first) would be planned, into want. Returns 1 if it
 * is all there, 0 if it is larger than want, -1 if it does not render.
 */
static int
cgi_answer(uint64_t nth)
{
	struct input	 in = { oc_get, oc_read, NULL };
	struct sink	 s = { want_write, NULL };
	long		 ms;

	wlen = 0;
	serve_plan(&OSC, &in, OUT_CGI, &P.base, RNG0 + nth * RNG_STEP);
	if (serve_render(&OSC, &OREP) == -1)
		return -1;
	while ((ms = reply_step(&OREP, &s, 1)) > 0)
		;
	return ms == 0 ? 1 : 0;
}

/* The ids that some FCGI_BEGIN_REQUEST of the stream names. */
static unsigned char	 begun[65536 / 8];

/* ---- the checks ------------------------------------------------------ */

/*
 * Checks the answer's records, and the answer of each judged request in
 * turn (m of them, the first at record 0). cut: the answer may end inside
 * a record.
 */
static void
check_answer(const uint8_t *s, const struct jreq *jr, size_t m, int cut)
{
	struct rec	 h;
	size_t		 at = 0, k = 0;
	int		 in_req = 0, r = 0;

	for (; rec_at(ans, alen, at, &h) == 0; at = h.end) {
		CHECK(h.version == 1, "an answer record is not version 1");
		CHECK(h.pad < 8, "an answer record has 8 or more bytes of "
		    "padding");
		switch (h.type) {
		case T_STDOUT:
		case T_STDERR:
		case T_END:
			CHECK(h.id != 0 && (begun[h.id / 8] & 1 << h.id % 8),
			    "an answer record is for a request never begun");
			CHECK(h.type != T_END || (h.len == 8 && h.body[4] <= 3),
			    "an FCGI_END_REQUEST record is malformed");
			break;
		case T_VALUES_RESULT:
		case T_UNKNOWN:
			CHECK(h.id == 0 && (h.type != T_UNKNOWN || h.len == 8),
			    "a management record is malformed");
			break;
		default:
			fail("an answer record of a type a responder never "
			    "sends");
		}
		if (k == m)
			continue;
		/* The answer of judged request k. */
		CHECK(h.id == jr[k].id && h.type != T_VALUES_RESULT &&
		    h.type != T_UNKNOWN, "a well-formed request's answer has a "
		    "record of another id or kind");
		if (!in_req) {
			r = parse_request(s, jr[k].end, jr[k].start,
			    &(struct jreq){ 0, 0, 0, 0 });
			CHECK(r == 0, "harness: the oracle reads a request twice "
			    "differently");
			r = cgi_answer(k + 1);
			if (r == -1)
				wlen = 0;	/* finish(failed): no content */
			glen = 0;
			in_req = 1;
		}
		if (h.type == T_STDERR)
			CHECK(h.len == 0, "a well-formed request's answer has "
			    "content on FCGI_STDERR");
		else if (h.type == T_STDOUT) {
			CHECK(h.len <= wlen - glen && memcmp(want + glen, h.body,
			    h.len) == 0, "a well-formed request's FCGI_STDOUT "
			    "is not the CGI answer to the same params");
			glen += h.len;
		} else {
			CHECK(h.body[0] == 0 && h.body[1] == 0 && h.body[2] == 0 &&
			    h.body[3] == 0 && h.body[4] == 0, "a well-formed "
			    "request ends with a status other than "
			    "FCGI_REQUEST_COMPLETE and 0");
			CHECK(glen == wlen, "a well-formed request's FCGI_STDOUT "
			    "ends before the CGI answer does");
			in_req = 0;
			/* An answer that does not render ends the connection
			 * too (fcgi_serve.c: finish(failed)). */
			if (!jr[k].keep || r == -1) {
				CHECK(h.end == alen, "bytes follow the answer to a "
				    "request that did not keep the connection");
				return;
			}
			k++;
		}
	}
	CHECK(at == alen || cut, "the answer ends inside a record");
	CHECK(k == m || pr.capped, "a well-formed complete request got no "
	    "FCGI_END_REQUEST");
}

/* ---- one input ------------------------------------------------------- */

/* Writes the answer read to the file at path (to look at a seed). */
static void
save_answer(const char *path)
{
	FILE	*f = fopen(path, "wb");

	if (f == NULL || fwrite(ans, 1, alen, f) != alen || fclose(f) != 0)
		fail("cannot write FUZZ_FCGI_ANSWER");
}

static void
init(void)
{
	struct input	 env = { settings_get, NULL, NULL };

	verbose = getenv("FUZZ_FCGI_VERBOSE") != NULL;
	dump = getenv("FUZZ_FCGI_ANSWER");
	signal(SIGPIPE, SIG_IGN);
	if (FCGX_Init() != 0)
		fail("harness: FCGX_Init failed");
	memset(&P, 0, sizeof(P));
	O.threads = 1;
	O.max_waiting = 1000;
	O.ready_fd = -1;
	P.o = &O;
	P.listen_fd = P.stopfd = -1;
	config_read(&P.base, &env, NULL);
	conns_init(&P.conns, &P.park, 1, 60000);
	if (park_init(&P.park) == -1 ||
	    (P.conns.epfd = epoll_create1(EPOLL_CLOEXEC)) == -1)
		fail("harness: no timerfd or epoll set");
	scratch_init(&T.sc);
	T.in = malloc(WINDOW_MAX);
	T.aside = malloc(ASIDE_MAX);
	T.params = malloc(sizeof(*T.params));
	if (T.in == NULL || T.aside == NULL || T.params == NULL)
		fail("harness: out of memory");
	scratch_init(&OSC);
	reply_init(&OREP, REPLY_MAX);
}

static int
seg_cmp(const void *a, const void *b)
{
	const struct piece *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Cuts the stream into pieces: the header's cuts, and (polite) after
 * each FCGI_STDIN end record, the next piece waiting for its answer. */
static void
cut_stream(const uint8_t *h)
{
	struct rec	 r;
	size_t		 i, j, at;
	unsigned	 ends = 0, id;

	pr.nseg = 0;
	pr.seg[pr.nseg++] = (struct piece){ 0, 0, (uint64_t)h[2] * h[2] / 4,
	    0, 0 };
	for (i = 0; i < CUTS; i++) {
		at = (size_t)h[3 + 3 * i] << 8 | h[4 + 3 * i];
		if (at > 0 && at < pr.n)
			pr.seg[pr.nseg++] = (struct piece){ at, 0,
			    (uint64_t)h[5 + 3 * i] * h[5 + 3 * i] / 4, 0, 0 };
	}
	/* Where the worker drops bytes (a request's tail in the same read)
	 * it reads records from anywhere: a begin record may be any 8. */
	memset(begun, 0, sizeof(begun));
	for (at = 0; at + 4 <= pr.n; at++)
		if (pr.s[at] == 1 && pr.s[at + 1] == T_BEGIN) {
			id = (unsigned)pr.s[at + 2] << 8 | pr.s[at + 3];
			begun[id / 8] |= (unsigned char)(1 << id % 8);
		}
	for (at = 0; rec_at(pr.s, pr.n, at, &r) == 0; at = r.end) {
		if (r.version == 1 && r.type == T_STDIN && r.len == 0) {
			ends++;
			if ((pr.flags & FL_POLITE) && r.end < pr.n &&
			    pr.nseg < SEGS_MAX)
				pr.seg[pr.nseg++] = (struct piece){ r.end, 0, 0,
				    ends, 0 };
		}
	}
	qsort(pr.seg, pr.nseg, sizeof(pr.seg[0]), seg_cmp);
	/* One piece per offset: the longer wait, the later gate. */
	for (i = j = 0; i < pr.nseg; i++) {
		if (j > 0 && pr.seg[j - 1].start == pr.seg[i].start) {
			if (pr.seg[i].delay > pr.seg[j - 1].delay)
				pr.seg[j - 1].delay = pr.seg[i].delay;
			if (pr.seg[i].gate > pr.seg[j - 1].gate)
				pr.seg[j - 1].gate = pr.seg[i].gate;
		} else
			pr.seg[j++] = pr.seg[i];
	}
	pr.nseg = j;
	for (i = 0; i < pr.nseg; i++)
		pr.seg[i].end = i + 1 < pr.nseg ? pr.seg[i + 1].start : pr.n;
	pr.seg[0].ready = vclock;
}

/*
 * The requests the oracle judges, into jr: the first, if well-formed and
 * sent in time; polite, each after a kept one too. Returns how many.
 */
static size_t
judged(struct jreq *jr)
{
	size_t	 m = 0, i;
	uint64_t span;

	if (pr.end == END_CLOSE || pr.rd != READ_ALL)
		return 0;
	while (m < JUDGE_MAX && parse_request(pr.s, pr.n,
	    m > 0 ? jr[m - 1].end : 0, &jr[m]) == 0) {
		for (i = 1, span = 0; i < pr.nseg; i++)
			if (pr.seg[i].start > jr[m].start &&
			    pr.seg[i].start < jr[m].end)
				span += pr.seg[i].delay;
		if (span > SPAN_MAX_MS)
			break;
		m++;
		if (!(pr.flags & FL_POLITE) || !jr[m - 1].keep)
			break;
	}
	return m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int	 inited;
	static struct jreq jr[JUDGE_MAX];
	int		 sv[2], exhausted;
	size_t		 m;
	struct conn	*c;

	if (!inited) {
		init();
		inited = 1;
	}
	if (size < HDR_LEN || size - HDR_LEN > STREAM_MAX)
		return 0;
	memset(&pr, 0, sizeof(pr));
	pr.flags = data[0];
	pr.end = (data[0] >> 1 & 3) == 3 ? END_SHUT :
	    (enum end_mode)(data[0] >> 1 & 3);
	pr.rd = (data[0] >> 3 & 3) == 3 ? READ_ALL :
	    (enum read_mode)(data[0] >> 3 & 3);
	pr.k = (size_t)data[1] * data[1] * 4;
	pr.s = data + HDR_LEN;
	pr.n = size - HDR_LEN;
	pr.reading = 1;
	alen = 0;
	vclock = V0;
	T.rng = RNG0;
	stopping = 0;
	running = 1;
	cut_stream(data);
	m = judged(jr);
	P.conns.level = pr.flags & FL_LEVEL;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1)
		fail("harness: no socketpair");
	srv = sv[0];
	peer = sv[1];
	if ((c = conn_new(&P.conns, srv)) == NULL)
		fail("harness: no memory for a connection");
	cur = c;
	/* As accept_one(): a peer that sends at once is served at once. */
	if (next_due() == vclock)
		peer_send();
	fcgi_dispatch(&P, &T, c);
	exhausted = run();

	CHECK(conns_count(&P.conns) == 0, "a connection is left after the "
	    "service stopped");
	CHECK(P.park.n == 0, "the park holds an item after the service "
	    "stopped");
	CHECK(atomic_load(&P.waiting) == 0, "an answer still counts as "
	    "waiting after the service stopped");
	CHECK(atomic_load(&P.conns.reading) == 0, "a connection still counts "
	    "as reading after the service stopped");
	peer_read();
	peer_close();
	if (stopping && planned_at_stop < m && (exhausted ||
	    (pr.flags & FL_STOP_EARLY)))
		m = (size_t)planned_at_stop;
	if (dump != NULL)
		save_answer(dump);
	check_answer(pr.s, jr, m, exhausted || pr.capped ||
	    pr.rd != READ_ALL || pr.end == END_CLOSE);
	if (verbose)
		fprintf(stderr, "fuzz_fcgi: %zu pieces, %zu requests judged, "
		    "%llu planned, answer %zu bytes (%u ends), %llu ms virtual"
		    "%s%s\n", pr.nseg, m, (unsigned long long)planned(), alen,
		    pr.ends, (unsigned long long)(vclock - V0),
		    stopping ? ", stopped" : "", exhausted ? ", steps ran out" :
		    "");

	running = 0;
	srv = -1;
	cur = NULL;
	atomic_store(&P.hurry, 0);
	P.conns.draining = 0;
	return 0;
}
