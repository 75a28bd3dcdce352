/* SPDX-License-Identifier: ISC */
/*
 * conn.c - a FastCGI worker's connections and their moves from state to
 * state (the table at the top of conn.h). Runs in a FastCGI worker
 * process: a connection's moves in the loop thread that owns it, which
 * gives it up by the move; conns_cut_slow(), conns_drain(),
 * conns_cut_writing() and conns_count() in the main thread. Each touches
 * the list and every state under conns.lock only; a connection's other
 * fields only by its owner, but that the main thread reads, under the
 * lock, the deadline and descriptor of one in CONN_READING (read_by,
 * cut_fd) or CONN_WRITING (write_by, fd), set before it went there.
 *
 * System calls: epoll_ctl(), dup(), close(), shutdown(), setsockopt(). A
 * new one must join the worker's list in src/sandbox.c (worker_calls), or
 * the sandbox kills the worker that makes it.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "fastcgi/clock.h"
#include "fastcgi/conn.h"
#include "answer/serve.h"

void
conns_init(struct conns *cs, struct park *park, int level,
    unsigned long write_ms)
{
	memset(cs, 0, sizeof(*cs));
	pthread_mutex_init(&cs->lock, NULL);
	cs->park = park;
	cs->epfd = -1;
	cs->level = level;
	cs->write_ms = write_ms;
}

void
conns_free(struct conns *cs)
{
	pthread_mutex_destroy(&cs->lock);
}

static void
set_state(struct conns *cs, struct conn *c, enum conn_state s)
{
	pthread_mutex_lock(&cs->lock);
	c->state = s;
	pthread_mutex_unlock(&cs->lock);
}

enum conn_state
conn_claim(struct conns *cs, struct conn *c)
{
	enum conn_state	 was;

	pthread_mutex_lock(&cs->lock);
	was = c->state;
	c->state = CONN_BUSY;
	if (was == CONN_WRITING)
		atomic_fetch_sub(&cs->writing, 1);
	pthread_mutex_unlock(&cs->lock);
	return was;
}

struct conn *
conn_new(struct conns *cs, int fd)
{
	struct conn	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	/* No listening socket: libfcgi must never accept in this thread
	 * (see the top of fcgi_serve.c). */
	FCGX_InitRequest(&c->req, -1, 0);
	c->req.ipcFd = fd;
	/* libfcgi's close of a connection never served would linger for
	 * the peer up to 2 s: a plain close instead. */
	FCGX_Detach(&c->req);
	c->fd = fd;
	c->cut_fd = -1;
	c->send_ms = cs->write_ms < IO_TIMEOUT_S * 1000 ? cs->write_ms :
	    IO_TIMEOUT_S * 1000;
	c->state = CONN_BUSY;
	reply_init(&c->reply, REPLY_MAX);
	pthread_mutex_lock(&cs->lock);
	c->next = cs->list;
	if (cs->list != NULL)
		cs->list->prev = c;
	cs->list = c;
	cs->n++;
	pthread_mutex_unlock(&cs->lock);
	return c;
}

void
conn_free(struct conns *cs, struct conn *c)
{
	if (c->req.ipcFd >= 0)
		FCGX_Free(&c->req, 1);		/* detached: a plain close */
	pthread_mutex_lock(&cs->lock);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		cs->list = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	cs->n--;
	pthread_mutex_unlock(&cs->lock);
	reply_free(&c->reply);
	free(c->part);
	free(c);
}

/*
 * Puts c in the epoll set for events, in state s: CONN_IDLE (waiting for
 * a request) or CONN_WRITING (for room to write more). With level, c
 * stays there level-triggered from one request to the next (one thread
 * per process: nothing else can take it meanwhile; it leaves the set
 * while it is parked, see quiet()), so when it is already there nothing
 * is done; else one-shot, re-armed each time, so that one thread alone
 * owns a connection. The caller gives up c. Returns 0, or -1 when c is
 * the caller's again (CONN_BUSY): the set refused it, or the service is
 * draining and c would wait for a request.
 */
static int
conn_arm(struct conns *cs, struct conn *c, enum conn_state s,
    uint32_t events, int level)
{
	struct epoll_event ev;
	int		 op = c->armed ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
	int		 there = level && c->level;

	memset(&ev, 0, sizeof(ev));
	ev.events = events | (level ? 0 : EPOLLONESHOT);
	ev.data.ptr = c;
	pthread_mutex_lock(&cs->lock);
	if (s == CONN_IDLE && cs->draining) {
		pthread_mutex_unlock(&cs->lock);
		return -1;
	}
	c->state = s;
	c->armed = 1;
	c->level = level;
	if (s == CONN_WRITING)
		atomic_fetch_add(&cs->writing, 1);
	pthread_mutex_unlock(&cs->lock);
	if (there)
		return 0;
	/* From here another thread may own c: touch it no more. */
	if (epoll_ctl(cs->epfd, op, c->fd, &ev) == -1) {
		conn_claim(cs, c);
		return -1;
	}
	return 0;
}

void
conn_idle(struct conns *cs, struct conn *c)
{
	if (conn_arm(cs, c, CONN_IDLE, EPOLLIN | EPOLLRDHUP, cs->level) == -1)
		conn_free(cs, c);
}

/*
 * Takes c out of the epoll set while it is parked, if it is there
 * level-triggered (one thread per process): it must not wake that thread
 * meanwhile. Never fails.
 */
static void
quiet(struct conns *cs, struct conn *c)
{
	if (!c->level)
		return;
	epoll_ctl(cs->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	c->armed = 0;
	c->level = 0;
}

/* A peer that never reads holds a descriptor and c, no thread, until
 * write_by (conns_cut_slow()) or a stop (conns_cut_writing()) shuts it
 * down. */
void
conn_await_write(struct conns *cs, struct conn *c)
{
	if (conn_arm(cs, c, CONN_WRITING, EPOLLOUT, 0) == -1) {
		c->req.keepConnection = 0;
		FCGX_Finish_r(&c->req);
		conn_free(cs, c);
	}
}

int
conn_park(struct conns *cs, struct conn *c, enum park_kind kind,
    uint64_t due)
{
	quiet(cs, c);
	set_state(cs, c, CONN_PARKED);
	if (park_add(cs->park, c, kind, due) == -1) {
		set_state(cs, c, CONN_BUSY);
		return -1;
	}
	return 0;
}

/*
 * The duplicate of c's descriptor is for conns_cut_slow(): libfcgi closes
 * the descriptor itself when a request fails to arrive (FCGX_Accept_r),
 * and its number may then be a new connection's, but the duplicate still
 * names this socket.
 */
int
conn_read_begin(struct conns *cs, struct conn *c)
{
	int	 d = dup(c->fd);

	if (d == -1)
		return -1;
	pthread_mutex_lock(&cs->lock);
	c->cut_fd = d;
	c->state = CONN_READING;
	atomic_fetch_add(&cs->reading, 1);
	pthread_mutex_unlock(&cs->lock);
	return 0;
}

void
conn_read_end(struct conns *cs, struct conn *c)
{
	pthread_mutex_lock(&cs->lock);
	if (c->state == CONN_READING) {
		c->state = CONN_BUSY;
		atomic_fetch_sub(&cs->reading, 1);
		close(c->cut_fd);
		c->cut_fd = -1;
	}
	pthread_mutex_unlock(&cs->lock);
}

/*
 * Needed only where one could block: a request too large to see whole
 * before libfcgi reads it, an answer larger than a socket buffer takes at
 * once; set then, once a connection (two system calls saved on others).
 * A write is bounded as an answer waiting in the epoll set is (send_ms:
 * the write timeout), but never holds a thread longer than a read may.
 */
void
conn_guard(struct conn *c)
{
	struct timeval	 tv = { IO_TIMEOUT_S, 0 };
	struct timeval	 send = { (time_t)(c->send_ms / 1000),
	    (suseconds_t)(c->send_ms % 1000 * 1000) };

	if (c->guarded)
		return;
	setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &send, sizeof(send));
	c->guarded = 1;
}

/*
 * Run by the main thread: shuts down the connections whose large request
 * libfcgi still reads past its time (CONN_READING past read_by), so that
 * libfcgi's blocking read in their thread ends (the rest of the request
 * counts as missing, and the answer cannot be written); their thread then
 * closes them. A peer that trickles such a request holds a thread no
 * longer than IO_TIMEOUT_S and a second. Through cut_fd, under the lock:
 * it stays open until conn_read_done(), whatever libfcgi closes meanwhile.
 * Shuts down, too, the connections whose answer waits for room past its
 * time (CONN_WRITING past write_by: the peer took none of it for the
 * write timeout); the thread their EPOLLOUT event wakes finds the write
 * failed and closes them. Their fd is theirs while they wait: no thread
 * owns them to close it.
 */
void
conns_cut_slow(struct conns *cs)
{
	struct conn	*c;
	uint64_t	 now;

	if (atomic_load(&cs->reading) == 0 && atomic_load(&cs->writing) == 0)
		return;
	now = clock_ms();
	pthread_mutex_lock(&cs->lock);
	for (c = cs->list; c != NULL; c = c->next)
		if (c->state == CONN_READING && now >= c->read_by)
			shutdown(c->cut_fd, SHUT_RDWR);
		else if (c->state == CONN_WRITING && now >= c->write_by)
			shutdown(c->fd, SHUT_RDWR);
	pthread_mutex_unlock(&cs->lock);
}

void
conns_drain(struct conns *cs)
{
	struct conn	*c;

	pthread_mutex_lock(&cs->lock);
	cs->draining = 1;
	for (c = cs->list; c != NULL; c = c->next)
		if (c->state == CONN_IDLE)
			shutdown(c->fd, SHUT_RDWR);	/* its thread closes it */
	pthread_mutex_unlock(&cs->lock);
}

void
conns_cut_writing(struct conns *cs)
{
	struct conn	*c;

	/* Its thread finds the write failed, and closes it. */
	pthread_mutex_lock(&cs->lock);
	for (c = cs->list; c != NULL; c = c->next)
		if (c->state == CONN_WRITING)
			shutdown(c->fd, SHUT_RDWR);
	pthread_mutex_unlock(&cs->lock);
}

size_t
conns_count(struct conns *cs)
{
	size_t	 n;

	pthread_mutex_lock(&cs->lock);
	n = cs->n;
	pthread_mutex_unlock(&cs->lock);
	return n;
}
