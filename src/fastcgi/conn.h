/* SPDX-License-Identifier: ISC */
/*
 * conn.h - a FastCGI worker's connections: struct conn, its states, and
 * every move from one state to another.
 *
 * The states of a connection, what moves it on, and who may touch it:
 *
 * state         moved there by                    who may touch it there
 * ------------  --------------------------------  ------------------------
 * CONN_BUSY     conn_new() (accept_one), or       its owner alone: the
 *               conn_claim(): an epoll event      loop thread that
 *               (loop_main) or the park's timer   accepted or claimed it;
 *               (on_timer) handed it to a loop    it alone calls libfcgi
 *               thread; conn_read_done(); a       on it. Others: nothing
 *               failed conn_arm()/conn_park()     but the list, under lock
 * CONN_IDLE     conn_idle(): a kept connection    no loop thread until an
 *               waits for its next request (also  event claims it; the
 *               a new one that sent nothing yet)  main thread, under lock,
 *                                                 shutdown()s its fd when
 *                                                 draining (conns_drain())
 * CONN_PARKED   conn_park(): its answer waits     the park; no thread,
 *               (PARK_ANSWER, fcgi_step()) or     until park_take() hands
 *               part of its request came          it to one (on_timer);
 *               (PARK_PARTIAL, fcgi_dispatch())   no event wakes it: one-
 *                                                 shot, it stays in the
 *                                                 set disarmed; level, it
 *                                                 is taken out (quiet())
 * CONN_WRITING  conn_await_write(): the peer      no loop thread until its
 *               cannot take more of a large or    EPOLLOUT event claims
 *               dripping answer yet               it; the main thread,
 *               (fcgi_step())                     under lock, shutdown()s
 *                                                 its fd once write_by is
 *                                                 past (conns_cut_slow())
 *                                                 or the drain hurries
 *                                                 (conns_cut_writing())
 * CONN_READING  conn_read_begin(): libfcgi reads  its owner, as BUSY; the
 *               the rest of a request larger      main thread, under lock,
 *               than the read-ahead from the      shutdown()s cut_fd once
 *               socket (fcgi_dispatch())          read_by is past
 *                                                 (conns_cut_slow())
 * (freed)       conn_free() by its owner, from    nobody
 *               BUSY: the peer closed or failed,
 *               was too slow, or the service
 *               drains
 *
 * The moves: BUSY -> IDLE, PARKED, WRITING, READING or freed;
 * IDLE, PARKED, WRITING -> BUSY (claimed); READING -> BUSY.
 *
 * Two ways of arming a connection in the epoll set (conn_arm()):
 * - One-shot (EPOLLONESHOT), with more than one loop thread: re-armed for
 *   each wait, so the one thread woken owns the connection until it parks,
 *   re-arms or frees it, and no other thread can be woken for it.
 * - Level-triggered, with one loop thread (conns.level): an IDLE
 *   connection stays in the set from one request to the next, armed once
 *   (conn_idle() then changes the state alone: no epoll_ctl per request).
 *   It is still there while BUSY and READING, harmless with no second
 *   thread to wake; conn_park() takes it out of the set first (quiet),
 *   since it must not wake the thread while it waits; WRITING always
 *   re-arms it one-shot for EPOLLOUT, and the next conn_idle() arms it
 *   level-triggered again.
 * In both, state is read and written under conns.lock, and every move is
 * made by the connection's owner, who gives it up by the move (from the
 * moment it is armed or parked another thread may own it).
 */
#ifndef STATUSCGI_CONN_H
#define STATUSCGI_CONN_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <fcgiapp.h>

#include "fastcgi/fcgi_wire.h"
#include "fastcgi/park.h"
#include "answer/reply.h"

#define IO_TIMEOUT_S	10	/* a read or write stalled this long fails */

enum conn_state {
	CONN_BUSY,	/* a loop thread owns it */
	CONN_IDLE,	/* in the epoll set, waiting for a request */
	CONN_PARKED,	/* in the park, waiting for its time */
	CONN_WRITING,	/* in the epoll set, waiting to write more */
	CONN_READING	/* a loop thread owns it, and libfcgi reads the rest
			   of a large request by read_by */
};

struct conn {
	FCGX_Request	 req;
	struct reply	 reply;
	struct direct	 direct;
	enum conn_state	 state;		/* under conns.lock */
	int		 fd;
	int		 armed;		/* in the epoll set */
	int		 level;		/* there for input, level-triggered */
	int		 waiting;	/* holds one of max_waiting */
	int		 guarded;	/* its I/O timeouts are set */
	unsigned	 served;	/* requests it has carried */
	struct wire_check check;	/* of the request being read */
	unsigned long	 send_ms;	/* conn_guard()'s bound on a write */
	int		 blocked;	/* its answer last stopped for want
					   of room, not on a timer */
	uint64_t	 write_by;	/* CONN_WRITING: cut off by then if
					   the peer takes nothing more */
	unsigned char	*part;		/* a partial request read so far */
	size_t		 part_len, part_cap;
	unsigned	 recheck_ms;	/* a partial request is looked at
					   again after this long, or 0 */
	uint64_t	 read_by;	/* a partial request must end by then */
	int		 cut_fd;	/* CONN_READING: a dup of fd, or -1 */
	struct conn	*prev, *next;	/* under conns.lock */
};

/* A worker process's connections, and where they wait. */
struct conns {
	pthread_mutex_t	 lock;		/* list, n, draining, every state */
	struct conn	*list;
	size_t		 n;
	int		 draining;	/* no connection waits idle any more */
	atomic_uint	 reading;	/* conns in CONN_READING */
	atomic_uint	 writing;	/* conns in CONN_WRITING */
	unsigned long	 write_ms;	/* an answer whose peer takes nothing
					   this long is cut off */
	int		 epfd;		/* the loop threads' epoll set */
	int		 level;		/* one loop thread: idle connections
					   stay in the set level-triggered */
	struct park	*park;
};

/*
 * Sets up cs, empty, waiting in park (level: one loop thread), cutting
 * off answers whose peer takes nothing for write_ms; its epfd is -1 until
 * the caller makes the epoll set. Never fails.
 */
void	conns_init(struct conns *cs, struct park *park, int level,
	    unsigned long write_ms);

/* Frees what conns_init() set up, once every connection is gone. */
void	conns_free(struct conns *cs);

/* A new connection on fd, owned by the caller. Returns NULL if no memory. */
struct conn *conn_new(struct conns *, int fd);

/* Closes c's connection, if still open, and frees it (any state the
 * caller owns). Never fails. */
void	conn_free(struct conns *, struct conn *c);

/*
 * Makes the calling loop thread c's owner (CONN_BUSY), once an epoll
 * event or the park handed c to it. Returns the state c was in.
 */
enum conn_state conn_claim(struct conns *, struct conn *c);

/*
 * Hands a kept connection to the epoll set until its next request comes
 * (CONN_IDLE); the caller gives up c. While draining it is freed instead.
 */
void	conn_idle(struct conns *, struct conn *c);

/*
 * Hands c to the epoll set until its peer can take more of the answer
 * (CONN_WRITING), or until c->write_by, when the main thread cuts it off;
 * the caller gives up c. If the set refuses it, the request ends and c is
 * freed.
 */
void	conn_await_write(struct conns *, struct conn *c);

/*
 * Parks c, as kind, until due (CONN_PARKED), where no epoll event wakes
 * it (one-shot: left disarmed; level: taken out of the set); the caller
 * gives up c. Returns 0, or -1 when the park has no memory: c is
 * then the caller's again (CONN_BUSY).
 */
int	conn_park(struct conns *, struct conn *c, enum park_kind kind,
	    uint64_t due);

/*
 * Puts c, whose large request libfcgi is about to read, in CONN_READING
 * until conn_read_done(). Returns 0, or -1 if there is no descriptor for
 * the duplicate it needs (c is unchanged).
 */
int	conn_read_begin(struct conns *, struct conn *c);

/* Ends c's CONN_READING (conn_read_done() only). Never fails. */
void	conn_read_end(struct conns *, struct conn *c);

/*
 * Ends c's CONN_READING, if it was in it: its thread owns it alone again.
 * Only that thread sets cut_fd, so it tells without the lock whether
 * there is anything to end (most requests never enter CONN_READING).
 * Never fails.
 */
static inline void
conn_read_done(struct conns *cs, struct conn *c)
{
	if (c->cut_fd != -1)
		conn_read_end(cs, c);
}

/*
 * Bounds how long c's peer can hold this thread in a read (IO_TIMEOUT_S)
 * or a write (the write timeout, at most IO_TIMEOUT_S), once a
 * connection. Never fails (a socket that refuses the options blocks as
 * before).
 */
void	conn_guard(struct conn *c);

/*
 * The main thread's moves, each under cs->lock, each touching only the
 * connections in the states it names:
 * conns_cut_slow() shuts down CONN_READING ones past their read_by and
 * CONN_WRITING ones past their write_by;
 * conns_drain() marks the service draining and shuts down CONN_IDLE
 * ones; conns_cut_writing() shuts down CONN_WRITING ones (their owner,
 * woken, finds the write failed and frees them). Never fail.
 */
void	conns_cut_slow(struct conns *);
void	conns_drain(struct conns *);
void	conns_cut_writing(struct conns *);

/* How many connections are open. */
size_t	conns_count(struct conns *);

#endif
