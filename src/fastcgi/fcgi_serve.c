/* SPDX-License-Identifier: ISC */
/*
 * fcgi_serve.c - a connection's requests, in a FastCGI worker process,
 * in the loop thread that owns the connection (one that accepted it or
 * claimed it from the epoll set or the park): it touches that connection
 * and its reply, its own loop_thread, the pool's atomics, and reads the
 * rest of the pool; it gives the connection up by a move of conn.h.
 *
 * A request goes to libfcgi only once it is whole (fcgi_wire.c says how
 * that is told, and how libfcgi is fed the bytes read ahead). A peer that
 * sends part of a request is looked at again on the park's timer (what it
 * sent kept in its conn, or in its socket when peeking); one that sends
 * nothing waits in the epoll set. Either way a slow peer holds no thread.
 * The one exception is a request larger than the read-ahead, whose rest
 * libfcgi reads from the socket: it must come within the time a part
 * has, or the main thread shuts the connection down (conns_cut_slow()),
 * which ends libfcgi's read.
 *
 * libfcgi never accepts here. A connection's fd goes into its
 * FCGX_Request as ipcFd, and FCGX_Accept_r() then only reads the next
 * request from it (fcgiapp.c: it accepts only when ipcFd < 0). Its first
 * step "finishes the previous request", closing ipcFd unless
 * keepConnection is set, so it is set before each call; listen_sock is -1,
 * so when a peer sends no request libfcgi's retry fails instead of
 * accepting in this thread. FCGX_Finish_r() keeps the fd open exactly when
 * the server asked for FCGI_KEEP_CONN (FastCGI 1.0 §5.1).
 *
 * System calls: recvfrom() here (recv()), and libfcgi's reads and writes.
 * A new one must join the worker's list in src/sandbox.c (worker_calls),
 * or the sandbox kills the worker that makes it.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <fcgiapp.h>

#include "fastcgi/clock.h"
#include "fastcgi/fcgi_check.h"
#include "fastcgi/fcgi_serve.h"
#include "fastcgi/fcgi_wire.h"
#include "answer/serve.h"
#include "fastcgi/test_hook.h"

#define KEEP_REPLY_MAX	16384	/* reply memory an idle connection keeps */
#define BUSY_RETRY_S	5	/* Retry-After when too many answers wait */
#define RECHECK_MS	5	/* a partial request is looked at again */
#define RECHECK_MAX_MS	100
#define GUARD_WRITE_MIN	16384	/* a larger answer may block a write */
#define DIRECT_MIN	32768	/* a write this large skips libfcgi's buffer */

/*
 * The sink of a FastCGI answer; ctx is the conn. Small writes go through
 * libfcgi's stream (it packs them into 8 KiB records, writing as it
 * fills: a bounded wait, see conn_guard()). A large one (a size= content)
 * goes, after what the stream holds, straight to the connection in
 * records of the largest size, and so does the rest of that answer:
 * an eighth of the system calls, and when the peer reads slowly the
 * write takes what fits and the answer waits in the epoll set for the
 * rest instead of holding this thread (see fcgi_step()). So does every
 * write of a drip= answer, whose pieces are flushed one by one anyway:
 * a peer that stops taking them holds no thread either. Returns how many
 * bytes it took, or -1 if the connection failed.
 */
static long
stream_write(void *ctx, const char *data, size_t n)
{
	struct conn	*c = ctx;

	if (!c->direct.on && (n >= DIRECT_MIN || c->reply.pieces > 0)) {
		if (FCGX_FFlush(c->req.out) == -1)
			return -1;
		c->direct.on = 1;
	}
	if (c->direct.on)
		return wire_write_records(&c->direct, c->fd, c->req.requestId,
		    data, n);
	if (n > INT32_MAX)
		return -1;
	return FCGX_PutStr(data, (int)n, c->req.out) == (int)n ? (long)n : -1;
}

/*
 * Ends c's request (failed: close the connection too) and moves on: c
 * waits for its next request, or is freed. Never fails.
 */
static void
finish(struct pool *p, struct conn *c, int failed)
{
	if (c->waiting) {
		atomic_fetch_sub(&p->waiting, 1);
		c->waiting = 0;
	}
	if (failed)
		c->req.keepConnection = 0;
	FCGX_Finish_r(&c->req);		/* END_REQUEST; closes unless kept */
	if (c->req.ipcFd < 0) {
		conn_free(&p->conns, c);
		return;
	}
	if (c->reply.bytes.size > KEEP_REPLY_MAX)
		reply_free(&c->reply);
	conn_idle(&p->conns, c);
}

/*
 * An answer that waits for room is cut off once its peer has taken none
 * of it for the write timeout (write_by, conns_cut_slow()): counted from
 * the last write the peer took part of, or from the moment this answer
 * began to wait, when it had stopped on a timer (or not at all) before.
 */
void
fcgi_step(struct pool *p, struct conn *c, int hurry)
{
	struct sink	 s = { stream_write, c };
	unsigned long long was = c->reply.sent + c->reply.body_sent;
	long		 ms = reply_step(&c->reply, &s, hurry);

	if (ms == REPLY_BLOCKED) {
		/* The peer reads slowly, or not at all. */
		if (!c->blocked || c->reply.sent + c->reply.body_sent != was)
			c->write_by = clock_ms() + p->o->write_ms;
		c->blocked = 1;
		conn_await_write(&p->conns, c);
		return;
	}
	c->blocked = 0;
	if (ms > 0) {
		/* What was due (an interim head) leaves now. */
		if (FCGX_FFlush(c->req.out) == -1) {
			finish(p, c, 1);
			return;
		}
		if (conn_park(&p->conns, c, PARK_ANSWER,
		    clock_ms() + (uint64_t)ms) == -1)
			fcgi_step(p, c, 1);	/* no memory to wait in */
		return;
	}
	finish(p, c, ms < 0);
}

/*
 * Closes c, whose request broke a rule of fcgi_check.c (or was aborted),
 * with the log's one line. Never fails.
 */
static void
refuse(struct pool *p, struct conn *c)
{
	check_refused(&c->check);
	conn_free(&p->conns, c);
}

/*
 * Reads, plans and starts answering the request waiting on c, whose
 * bytes b holds: have of them, read ahead and checked, its params whole.
 * The caller gives up c. Never fails: a request that cannot be read, or
 * breaks a rule as libfcgi reads on, frees c.
 */
static void
serve_conn(struct pool *p, struct loop_thread *t, struct conn *c,
    unsigned char *b, size_t have)
{
	struct scratch	*sc = &t->sc;
	struct input	 in = { wire_param_get, wire_stdin_read, t->params };
	struct feed	 f;
	char		 why[128];
	unsigned long	 ms;
	int		 hurry;

	c->req.keepConnection = 1;	/* see the top of this file */
	memset(&c->direct, 0, sizeof(c->direct));
	FCGX_Detach(&c->req);		/* libfcgi's close: no 2 s linger */
	/* The feed keeps what it needs of the params' bytes first: the
	 * index then decodes the params over them. */
	wire_feed_make(&f, c->fd, &c->check, b, have, t->aside);
	wire_params_index(t->params, &c->req, b, &c->check);
	wire_feed(&f);
	if (FCGX_Accept_r(&c->req) < 0 || FCGX_GetError(c->req.in) != 0 ||
	    c->req.requestId != (int)c->check.active) {
		wire_feed(NULL);
		conn_read_done(&p->conns, c);
		/* The peer closed, or what libfcgi read on broke a rule. */
		refuse(p, c);
		return;
	}
#ifdef STATUSCGI_TEST_HOOKS
	test_hook(&in);
#endif
	t->rng += 0x9e3779b97f4a7c15ULL;
	ms = serve_plan(sc, &in, OUT_CGI, &p->base, t->rng);
	/* Drain before conn_read_done(): until then a peer that trickles
	 * the rest of its body is cut off by the slow-request deadline
	 * (conns_cut_slow()), which is what bounds the drain's time. */
	if (wire_stdin_drain(&c->req) == -1)
		c->req.keepConnection = 0;
	conn_read_done(&p->conns, c);
	/* The request is read. What libfcgi was handed past its end (a
	 * peer that sends the next request before this answer) is dropped,
	 * as libfcgi drops what it reads past a request from the socket. */
	wire_feed(NULL);
	if (c->check.phase == CHECK_BROKEN) {
		refuse(p, c);		/* its stdin broke a rule: no answer */
		return;
	}
	hurry = atomic_load(&p->hurry);
	if (ms > 0 && !hurry) {
		if (atomic_fetch_add(&p->waiting, 1) >= p->o->max_waiting) {
			atomic_fetch_sub(&p->waiting, 1);
			snprintf(why, sizeof(why), "too many answers are waiting "
			    "(STATUSCGI_MAX_WAITING=%lu); try again later",
			    p->o->max_waiting);
			serve_busy(sc, why, BUSY_RETRY_S);
		} else
			c->waiting = 1;
	}
	if (serve_render(sc, &c->reply) == -1) {
		finish(p, c, 1);
		return;
	}
	/* The params (in b) are used up: a part kept goes. */
	free(c->part);
	c->part = NULL;
	c->part_len = c->part_cap = 0;
	/* A write may block: an answer larger than a socket buffer takes
	 * at once, or any answer on a kept connection whose peer may have
	 * read none of the answers before it. */
	if (reply_size(&c->reply) > GUARD_WRITE_MIN || c->served++ > 0)
		conn_guard(c);
	fcgi_step(p, c, hurry);
}

/*
 * Keeps the n bytes at b, part of a request, in c until the rest comes,
 * with room for as much again (up to WINDOW_MAX). Returns 0, or -1 if
 * there is no memory for them.
 */
static int
keep_part(struct conn *c, const unsigned char *b, size_t n)
{
	unsigned char	*q;
	size_t		 cap = n < 2048 ? 4096 : 2 * n;

	if (cap > WINDOW_MAX)
		cap = WINDOW_MAX;
	if (cap > c->part_cap) {
		if ((q = realloc(c->part, cap)) == NULL)
			return -1;
		if (b == c->part)
			b = q;
		c->part = q;
		c->part_cap = cap;
	}
	if (b != c->part)
		memcpy(c->part, b, n);
	c->part_len = n;
	return 0;
}

/*
 * What the connection has is read without waiting, after the part kept
 * before, and checked as it comes (fcgi_check.c): a rule broken closes
 * the connection; a request whose params are whole goes to libfcgi once
 * its stdin is whole too, or fills the read-ahead.
 */
void
fcgi_dispatch(struct pool *p, struct loop_thread *t, struct conn *c)
{
	unsigned char	*b = c->part != NULL ? c->part : t->in;
	size_t		 have = c->part_len;
	size_t		 cap = c->part != NULL ? c->part_cap : WINDOW_MAX;
	enum check_phase ph;
	ssize_t		 n;

	if (have == 0)
		check_reset(&c->check);		/* a new request */
	n = recv(c->fd, b + have, cap - have, MSG_DONTWAIT);
	if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK ||
	    errno == EINTR)) {
		if (have == 0) {
			c->recheck_ms = 0;
			conn_idle(&p->conns, c);
			return;
		}
		n = 0;			/* the same part, nothing new */
	} else if (n <= 0) {
		conn_free(&p->conns, c);    /* the peer closed, or failed */
		return;
	}
	ph = check_bytes(&c->check, b + have, (size_t)n);
	have += (size_t)n;
	if (ph == CHECK_BROKEN) {
		refuse(p, c);
		return;
	}
	if (have == WINDOW_MAX && ph < CHECK_STDIN) {
		/* Other requests' records before or among the params. */
		snprintf(c->check.why, sizeof(c->check.why), "a request's "
		    "begin and params took more than %d bytes (ours)",
		    WINDOW_MAX);
		c->check.rule = c->check.why;
		refuse(p, c);
		return;
	}
	if (ph == CHECK_DONE || (ph == CHECK_STDIN && have == WINDOW_MAX)) {
		if (ph == CHECK_STDIN) {
			/* libfcgi reads the rest from the socket, checked:
			 * each read within IO_TIMEOUT_S, and all of the rest
			 * within the time a part has (conns_cut_slow() ends
			 * it). */
			conn_guard(c);
			if (c->recheck_ms == 0)
				c->read_by = clock_ms() + IO_TIMEOUT_S * 1000;
			if (conn_read_begin(&p->conns, c) == -1) {
				/* No deadline: no request. */
				conn_free(&p->conns, c);
				return;
			}
		}
		c->recheck_ms = 0;
		serve_conn(p, t, c, b, have);
		return;
	}
	/* Stopping (no more waiting), or no memory for the part. */
	if (atomic_load(&p->hurry) || keep_part(c, b, have) == -1) {
		conn_free(&p->conns, c);
		return;
	}
	if (c->recheck_ms == 0) {
		c->recheck_ms = RECHECK_MS;
		c->read_by = clock_ms() + IO_TIMEOUT_S * 1000;
	} else if (clock_ms() >= c->read_by) {
		conn_free(&p->conns, c);	/* too slow: give up */
		return;
	} else if ((c->recheck_ms *= 2) > RECHECK_MAX_MS)
		c->recheck_ms = RECHECK_MAX_MS;
	if (conn_park(&p->conns, c, PARK_PARTIAL,
	    clock_ms() + c->recheck_ms) == -1)
		conn_free(&p->conns, c);
}
