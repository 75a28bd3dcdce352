/*
 * fcgi.c - one FastCGI worker process: libfcgi's fcgiapp for the
 * protocol, an epoll set for connections, the park for waits.
 *
 * Who runs what, and what it may touch:
 * - The main thread (fcgi_run) sets up, starts the loop threads, then
 *   waits for a stop signal, once a second shutting down connections
 *   whose large request libfcgi still reads past its time (under
 *   pool.lock, only those in C_READING: cut_slow()), and drains: it takes
 *   the listening socket out of the epoll set, shuts down idle
 *   connections (under pool.lock, only those in C_IDLE), wakes the park
 *   when the grace period ends, and then shuts down connections whose
 *   answer waits to be written (C_WRITING).
 * - The loop threads (loop_main) wait in epoll_wait on one set: the
 *   listening socket (whoever wakes accepts), connections that went idle
 *   (one-shot: the one thread woken owns the connection until it parks,
 *   re-arms or closes it), connections whose peer can take more of a
 *   large answer (one-shot EPOLLOUT, C_WRITING), the park's timer (parked
 *   replies that are due) and a stop eventfd.
 * A conn, its FCGX_Request and its reply have one owner at a time: the
 *   thread that accepted or claimed it, or the park while it waits; the
 *   owner alone calls libfcgi on it. The loop_thread struct (its scratch, and
 *   the bytes it reads ahead) is per thread, on that thread's stack.
 *
 * libfcgi reads with blocking calls, so a connection goes to it only when
 * a whole request is there: the thread looks at what the connection has
 * without waiting (one recv) and finds where the request ends from the
 * record headers (request_whole()). Where libfcgi is linked in (the static
 * and sanitizer builds, FEED_LIBFCGI) that recv takes the bytes, and
 * libfcgi is handed them: it reads through OS_Read(), which the link
 * wraps (-Wl,--wrap=OS_Read, __wrap_OS_Read() below), so while a thread
 * feeds it, OS_Read() on that connection returns the bytes read already,
 * then reads the socket as before. With a shared libfcgi (the dynamic
 * build: valgrind, the Debian package) no wrap reaches its reads: the
 * recv only peeks, and libfcgi reads the request itself, one system call
 * more. A peer that sends part of a request is looked at again on the
 * park's timer (what it sent kept in its conn, or in its socket when
 * peeking); one that sends nothing waits in the epoll set. Either way a
 * slow peer holds no thread. The one exception is a request larger than
 * the read-ahead, whose rest libfcgi reads from the socket: it must come
 * within the time a part has, or the main thread shuts the connection
 * down (cut_slow()), which ends libfcgi's read.
 *
 * libfcgi never accepts here. A connection's fd goes into its
 * FCGX_Request as ipcFd, and FCGX_Accept_r() then only reads the next
 * request from it (fcgiapp.c: it accepts only when ipcFd < 0). Its first
 * step "finishes the previous request", closing ipcFd unless
 * keepConnection is set, so it is set before each call; listen_sock is -1,
 * so when a peer sends no request libfcgi's retry fails instead of
 * accepting in this thread. FCGX_Finish_r() keeps the fd open exactly when
 * the server asked for FCGI_KEEP_CONN (FastCGI 1.0 §5.1).
 */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "clock.h"
#include "fcgi.h"
#include "park.h"
#include "sandbox.h"
#include "serve.h"
#include "sock.h"

#define IO_TIMEOUT_S	10	/* a read or write stalled this long fails */
#define TAKE_BATCH	32	/* parked replies one thread takes at a time */
#define KEEP_REPLY_MAX	16384	/* reply memory an idle connection keeps */
#define THREAD_STACK	(512 * 1024)
#define BUSY_RETRY_S	5	/* Retry-After when too many answers wait */
#define PEEK_MAX	16384	/* bytes read ahead for a whole request */
#define RECHECK_MS	5	/* a partial request is looked at again */
#define RECHECK_MAX_MS	100
#define INDEX_MAX	128	/* params indexed; more are scanned */
#define NAME_LENS	64	/* index lists: one per name length, longer
				   names share the last */
#define FCGI_BEGIN	1	/* FastCGI 1.0 §8: record types */
#define FCGI_STDIN	5
#define GUARD_WRITE_MIN	16384	/* a larger answer may block a write */
#define EVENTS_MAX	16	/* events one thread takes per epoll_wait */
#define ACCEPT_BATCH	16	/* connections one wake-up accepts at most */
#define DIRECT_MIN	32768	/* a write this large skips libfcgi's buffer */
#define RECORD_MAX	65528	/* record content: 64 KiB - 8, no padding */
#define FCGI_STDOUT_TYPE 6	/* FastCGI 1.0 §8 */

enum cstate {
	C_BUSY,		/* a thread owns it */
	C_IDLE,		/* in the epoll set, waiting for a request */
	C_PARKED,	/* its reply waits in the park */
	C_WRITING,	/* in the epoll set, waiting to write more */
	C_READING	/* a thread owns it, and libfcgi reads the rest of a
			   large request by read_by */
};

/*
 * A large answer written straight to the connection in FCGI_STDOUT
 * records of our own, without waiting: how much of the record begun last
 * is still owed (its header, then its content).
 */
struct direct {
	int		 on;		/* this answer goes direct from now on */
	unsigned char	 hdr[8];
	size_t		 hdr_left;	/* bytes of hdr not yet written */
	size_t		 rec_left;	/* content bytes the record still owes */
};

struct conn {
	FCGX_Request	 req;
	struct reply	 reply;
	struct direct	 direct;
	enum cstate	 state;		/* under pool.lock */
	int		 fd;
	int		 armed;		/* in the epoll set */
	int		 level;		/* there for input, level-triggered */
	int		 waiting;	/* holds one of max_waiting */
	int		 guarded;	/* its I/O timeouts are set */
	unsigned char	*part;		/* a partial request read so far */
	size_t		 part_len;
	unsigned	 recheck_ms;	/* a partial request is looked at
					   again after this long, or 0 */
	uint64_t	 read_by;	/* a partial request must end by then */
	int		 cut_fd;	/* C_READING: a dup of fd, or -1 */
	struct conn	*prev, *next;	/* under pool.lock */
};

/*
 * The params of one request, indexed by the length of their names: the
 * program asks for a few dozen names, and FCGX_GetParam() would compare
 * each with every param; a name's length takes no hashing, and few params
 * share one. Built on the first lookup by the thread serving the request;
 * valid until FCGX_Finish_r().
 */
struct params_index {
	FCGX_Request	*req;
	int		 built;		/* 1: indexed, -1: too many, scan */
	short		 head[NAME_LENS];	/* first param of a length */
	short		 next[INDEX_MAX];	/* next of its length, or -1 */
	size_t		 len[INDEX_MAX];
	const char	*entry[INDEX_MAX];
};

struct pool {
	int		 listen_fd, epfd, stopfd;
	struct park	 park;
	const struct fcgi_opts *o;
	struct config	 base;
	const char	*peers;		/* FCGI_WEB_SERVER_ADDRS */
	pthread_mutex_t	 lock;		/* conns, nconns, draining, states */
	struct conn	*conns;
	size_t		 nconns;
	int		 draining;
	atomic_int	 hurry;		/* stopping: nothing waits any more */
	atomic_int	 quit;
	atomic_ulong	 waiting;	/* replies parked or about to be */
	atomic_uint	 running;	/* threads past their start-up */
	atomic_uint	 reading;	/* conns in C_READING */
};

/* epoll data for what is not a connection */
static char tag_listen, tag_stop, tag_timer;

/* What one loop thread keeps: on its own stack, touched by it alone. */
struct loop_thread {
	struct scratch	 sc;
	uint64_t	 rng;
	unsigned char	 in[PEEK_MAX];	/* a connection's bytes, read ahead */
};

/*
 * Bytes of a request read ahead, which libfcgi is given before it reads
 * fd itself: [at, end) of p are still its. Set by the thread that owns
 * the connection for as long as libfcgi reads its request.
 */
struct feed {
	int			 fd;
	const unsigned char	*p;
	size_t			 at, end;
};
static _Thread_local struct feed *feeding;

#ifdef FEED_LIBFCGI
#define LOOK_FLAGS	MSG_DONTWAIT	/* take the bytes: libfcgi is fed */
int	__wrap_OS_Read(int fd, char *buf, size_t len);
int	__real_OS_Read(int fd, char *buf, size_t len);

/*
 * libfcgi's every read of a connection (fcgiapp.c's FillBuffProc): the
 * bytes this thread read ahead on fd first, then os_unix.c's OS_Read().
 * Returns what that returns: a count, 0 at the end, -1 on an error.
 */
int
__wrap_OS_Read(int fd, char *buf, size_t len)
{
	struct feed	*f = feeding;
	size_t		 k;

	if (f == NULL || f->fd != fd || f->at == f->end)
		return __real_OS_Read(fd, buf, len);
	k = f->end - f->at;
	if (k > len)
		k = len;
	if (k > INT32_MAX)
		k = INT32_MAX;
	memcpy(buf, f->p + f->at, k);
	f->at += k;
	return (int)k;
}
#else
#define LOOK_FLAGS	(MSG_DONTWAIT | MSG_PEEK)	/* libfcgi reads them */
#endif

/* ---- libfcgi as the input and the sink of serve.c ------------------- */

/* The index list of names n bytes long. */
static size_t
len_list(size_t n)
{
	return n < NAME_LENS ? n : NAME_LENS - 1;
}

/*
 * Indexes the params of x->req, on its first lookup. Never fails: with
 * more than INDEX_MAX params, built is -1 and lookups scan them instead.
 */
static void
index_build(struct params_index *x)
{
	char	**e;
	const char *eq;
	size_t	 k = 0, b;

	x->built = 1;
	for (e = x->req->envp; e != NULL && *e != NULL; e++) {
		if (k == INDEX_MAX) {
			x->built = -1;
			return;
		}
		if ((eq = strchr(*e, '=')) == NULL)
			continue;
		x->len[k] = (size_t)(eq - *e);
		x->entry[k++] = *e;
	}
	memset(x->head, 0xff, sizeof(x->head));		/* all -1 */
	/* Linked from the last, so that each list keeps the params' order
	 * and a lookup finds the first of a name. */
	while (k-- > 0) {
		b = len_list(x->len[k]);
		x->next[k] = x->head[b];
		x->head[b] = (short)k;
	}
}

/* The value of param name, or NULL: the first of that name, as libfcgi. */
static const char *
param_get(void *ctx, const char *name)
{
	struct params_index *x = ctx;
	size_t		 n = strlen(name);
	short		 i;

	if (x->built == 0)
		index_build(x);
	if (x->built == -1)
		return FCGX_GetParam(name, x->req->envp);
	for (i = x->head[len_list(n)]; i != -1; i = x->next[i])
		if (x->len[i] == n && memcmp(x->entry[i], name, n) == 0)
			return x->entry[i] + n + 1;
	return NULL;
}

static long
stream_read(void *ctx, char *buf, size_t n)
{
	int	 got = FCGX_GetStr(buf, n > INT32_MAX ? INT32_MAX : (int)n,
	    ((struct params_index *)ctx)->req->in);

	return got < 0 ? -1 : (long)got;
}

/*
 * Writes what it can of n bytes to fd as FCGI_STDOUT records of request
 * id (FastCGI 1.0 §3.3, §5.3), each as large as a record can be, header
 * and content in one system call, without waiting: a record begun is
 * finished by the next calls (d keeps what it still owes). Returns how
 * many of the n bytes went, fewer when the peer's buffer is full, or -1
 * if the connection failed.
 */
static long
write_records(struct direct *d, int fd, int id, const char *data, size_t n)
{
	struct msghdr	 m;
	struct iovec	 iov[2];
	size_t		 k, taken = 0, h;
	ssize_t		 put;

	while (taken < n) {
		if (d->rec_left == 0) {
			k = n - taken > RECORD_MAX ? RECORD_MAX : n - taken;
			d->hdr[0] = 1;
			d->hdr[1] = FCGI_STDOUT_TYPE;
			d->hdr[2] = (unsigned char)(id >> 8);
			d->hdr[3] = (unsigned char)id;
			d->hdr[4] = (unsigned char)(k >> 8);
			d->hdr[5] = (unsigned char)k;
			d->hdr[6] = d->hdr[7] = 0;
			d->hdr_left = sizeof(d->hdr);
			d->rec_left = k;
		}
		k = n - taken < d->rec_left ? n - taken : d->rec_left;
		iov[0].iov_base = d->hdr + sizeof(d->hdr) - d->hdr_left;
		iov[0].iov_len = d->hdr_left;
		iov[1].iov_base = (void *)(uintptr_t)(data + taken);
		iov[1].iov_len = k;
		memset(&m, 0, sizeof(m));
		m.msg_iov = d->hdr_left > 0 ? iov : iov + 1;
		m.msg_iovlen = d->hdr_left > 0 ? 2 : 1;
		put = sendmsg(fd, &m, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (put == -1 && errno == EINTR)
			continue;
		if (put == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (put <= 0)
			return -1;
		h = (size_t)put < d->hdr_left ? (size_t)put : d->hdr_left;
		d->hdr_left -= h;
		taken += (size_t)put - h;
		d->rec_left -= (size_t)put - h;
	}
	return (long)taken;
}

/*
 * The sink of a FastCGI answer; ctx is the conn. Small writes go through
 * libfcgi's stream (it packs them into 8 KiB records, writing as it
 * fills: a bounded wait, see guard()). A large one (a size= content)
 * goes, after what the stream holds, straight to the connection in
 * records of the largest size, and so does the rest of that answer:
 * an eighth of the system calls, and when the peer reads slowly the
 * write takes what fits and the answer waits in the epoll set for the
 * rest instead of holding this thread (see step()).
 */
static long
stream_write(void *ctx, const char *data, size_t n)
{
	struct conn	*c = ctx;

	if (!c->direct.on && n >= DIRECT_MIN) {
		if (FCGX_FFlush(c->req.out) == -1)
			return -1;
		c->direct.on = 1;
	}
	if (c->direct.on)
		return write_records(&c->direct, c->fd, c->req.requestId, data,
		    n);
	if (n > INT32_MAX)
		return -1;
	return FCGX_PutStr(data, (int)n, c->req.out) == (int)n ? (long)n : -1;
}

/*
 * Reads what is left of the request's stdin, so that a kept connection
 * holds nothing of it when the next request comes. Returns 0 at its end,
 * or -1 after an error or more than DISCARD_MAX bytes.
 */
static int
drain_stdin(FCGX_Request *r)
{
	char	 tmp[4096];
	size_t	 total = 0;
	int	 got;

	while ((got = FCGX_GetStr(tmp, (int)sizeof(tmp), r->in)) > 0)
		if ((total += (size_t)got) > DISCARD_MAX)
			return -1;
	return FCGX_GetError(r->in) != 0 ? -1 : 0;
}

/* ---- connections ---------------------------------------------------- */

static void
set_state(struct pool *p, struct conn *c, enum cstate s)
{
	pthread_mutex_lock(&p->lock);
	c->state = s;
	pthread_mutex_unlock(&p->lock);
}

/*
 * Puts c, whose large request libfcgi is about to read, in C_READING
 * until read_done(), with a duplicate of its descriptor for cut_slow():
 * libfcgi closes the descriptor itself when a request fails to arrive
 * (FCGX_Accept_r), and its number may then be a new connection's, but the
 * duplicate still names this socket. Returns 0, or -1 if there is no
 * descriptor for the duplicate (c is unchanged).
 */
static int
read_begin(struct pool *p, struct conn *c)
{
	int	 d = dup(c->fd);

	if (d == -1)
		return -1;
	pthread_mutex_lock(&p->lock);
	c->cut_fd = d;
	c->state = C_READING;
	atomic_fetch_add(&p->reading, 1);
	pthread_mutex_unlock(&p->lock);
	return 0;
}

/*
 * Ends c's C_READING, if it was in it: its thread owns it alone again.
 * Only that thread sets cut_fd, so it tells without the lock whether
 * there is anything to end (most requests never enter C_READING).
 */
static void
read_done(struct pool *p, struct conn *c)
{
	if (c->cut_fd == -1)
		return;
	pthread_mutex_lock(&p->lock);
	if (c->state == C_READING) {
		c->state = C_BUSY;
		atomic_fetch_sub(&p->reading, 1);
		close(c->cut_fd);
		c->cut_fd = -1;
	}
	pthread_mutex_unlock(&p->lock);
}

/*
 * Run by the main thread: shuts down the connections whose large request
 * libfcgi still reads past its time (C_READING past read_by), so that
 * libfcgi's blocking read in their thread ends (the rest of the request
 * counts as missing, and the answer cannot be written); their thread then
 * closes them. A peer that trickles such a request holds a thread no
 * longer than IO_TIMEOUT_S and a second. Through cut_fd, under pool.lock:
 * it stays open until read_done(), whatever libfcgi closes meanwhile.
 */
static void
cut_slow(struct pool *p)
{
	struct conn	*c;
	uint64_t	 now;

	if (atomic_load(&p->reading) == 0)
		return;
	now = clock_ms();
	pthread_mutex_lock(&p->lock);
	for (c = p->conns; c != NULL; c = c->next)
		if (c->state == C_READING && now >= c->read_by)
			shutdown(c->cut_fd, SHUT_RDWR);
	pthread_mutex_unlock(&p->lock);
}

/* A new connection on fd, owned by the caller. Returns NULL if no memory. */
static struct conn *
conn_new(struct pool *p, int fd)
{
	struct conn	*c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	/* No listening socket: libfcgi must never accept in this thread. */
	FCGX_InitRequest(&c->req, -1, 0);
	c->req.ipcFd = fd;
	c->fd = fd;
	c->cut_fd = -1;
	c->state = C_BUSY;
	reply_init(&c->reply, REPLY_MAX);
	pthread_mutex_lock(&p->lock);
	c->next = p->conns;
	if (p->conns != NULL)
		p->conns->prev = c;
	p->conns = c;
	p->nconns++;
	pthread_mutex_unlock(&p->lock);
	return c;
}

/* Closes c's connection, if still open, and frees it. */
static void
conn_free(struct pool *p, struct conn *c)
{
	if (c->req.ipcFd >= 0)
		FCGX_Free(&c->req, 1);		/* detached: a plain close */
	pthread_mutex_lock(&p->lock);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		p->conns = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	p->nconns--;
	pthread_mutex_unlock(&p->lock);
	reply_free(&c->reply);
	free(c->part);
	free(c);
}

/*
 * Puts c in the epoll set for events, in state s: C_IDLE (waiting for a
 * request) or C_WRITING (for room to write more). With level, c stays
 * there level-triggered from one request to the next (one thread per
 * process: nothing else can take it meanwhile; it leaves the set while
 * its answer waits, see quiet()), so when it is already there nothing is
 * done; else one-shot, re-armed each time, so that one thread alone owns
 * a connection. The caller gives up c. Returns 0, or -1 when c is the
 * caller's again (C_BUSY): the set refused it, or the service is draining
 * and c would wait for a request.
 */
static int
conn_arm(struct pool *p, struct conn *c, enum cstate s, uint32_t events,
    int level)
{
	struct epoll_event ev;
	int		 op = c->armed ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
	int		 there = level && c->level;

	memset(&ev, 0, sizeof(ev));
	ev.events = events | (level ? 0 : EPOLLONESHOT);
	ev.data.ptr = c;
	pthread_mutex_lock(&p->lock);
	if (s == C_IDLE && p->draining) {
		pthread_mutex_unlock(&p->lock);
		return -1;
	}
	c->state = s;
	c->armed = 1;
	c->level = level;
	pthread_mutex_unlock(&p->lock);
	if (there)
		return 0;
	/* From here another thread may own c: touch it no more. */
	if (epoll_ctl(p->epfd, op, c->fd, &ev) == -1) {
		set_state(p, c, C_BUSY);
		return -1;
	}
	return 0;
}

/*
 * Hands a kept connection to the epoll set until its next request comes;
 * the caller gives up c. While draining the connection is closed instead.
 */
static void
conn_idle(struct pool *p, struct conn *c)
{
	if (conn_arm(p, c, C_IDLE, EPOLLIN | EPOLLRDHUP,
	    p->o->threads == 1) == -1)
		conn_free(p, c);
}

/*
 * Takes c out of the epoll set while its answer waits on the park's
 * timer, if it is there level-triggered (one thread per process): it
 * must not wake that thread meanwhile. Never fails.
 */
static void
quiet(struct pool *p, struct conn *c)
{
	if (!c->level)
		return;
	epoll_ctl(p->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	c->armed = 0;
	c->level = 0;
}

/*
 * Hands c to the epoll set until its peer can take more of the answer
 * (EPOLLOUT); the caller gives up c. A peer that never reads holds a
 * descriptor and c, no thread; a stop shuts it down (see drain()).
 */
static void
conn_await_write(struct pool *p, struct conn *c)
{
	if (conn_arm(p, c, C_WRITING, EPOLLOUT, 0) == -1) {
		c->req.keepConnection = 0;
		FCGX_Finish_r(&c->req);
		conn_free(p, c);
	}
}

/* ---- one request ---------------------------------------------------- */

/*
 * Bounds how long c's peer can hold this thread in a read or a write.
 * Needed only where one could block: a request too large to see whole
 * before libfcgi reads it, an answer larger than a socket buffer takes at
 * once; set then, once a connection (two system calls saved on others).
 */
static void
guard(struct conn *c)
{
	struct timeval	 tv = { IO_TIMEOUT_S, 0 };

	if (c->guarded)
		return;
	setsockopt(c->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	c->guarded = 1;
}

/* Ends c's request (failed: close the connection too) and moves on. */
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
		conn_free(p, c);
		return;
	}
	if (c->reply.bytes.size > KEEP_REPLY_MAX)
		reply_free(&c->reply);
	conn_idle(p, c);
}

/*
 * Writes what of c's reply is due; parks it if more is to come later,
 * waits in the epoll set if the peer cannot take more yet, else finishes
 * the request. The caller gives up c.
 */
static void
step(struct pool *p, struct conn *c, int hurry)
{
	struct sink	 s = { stream_write, c };
	long		 ms = reply_step(&c->reply, &s, hurry);

	if (ms == REPLY_BLOCKED) {
		conn_await_write(p, c);		/* the peer reads slowly */
		return;
	}
	if (ms > 0) {
		/* What was due (an interim head) leaves now. */
		if (FCGX_FFlush(c->req.out) == -1) {
			finish(p, c, 1);
			return;
		}
		quiet(p, c);
		set_state(p, c, C_PARKED);
		if (park_add(&p->park, c, PARK_ANSWER,
		    clock_ms() + (uint64_t)ms) == -1) {
			set_state(p, c, C_BUSY);
			step(p, c, 1);		/* no memory to wait in */
		}
		return;
	}
	finish(p, c, ms < 0);
}

#ifdef STATUSCGI_TEST_HOOKS
#include <sys/syscall.h>

/*
 * Test builds only (build/hook/status.cgi, the ASan+UBSan build), never
 * one that is installed: strangers choose a request's params. A request
 * whose STATUSCGI_TEST_SYSCALL param is a system call number makes the
 * thread serving it make that call, every argument 0, as a worker taken
 * over by a hostile request would (tests/sandbox). Returns at once for
 * any other request, and when the call returns.
 */
static void
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

/*
 * Reads, plans and starts answering the request waiting on c, whose
 * first bytes f holds (read ahead), or all of which is still in the
 * socket when f is NULL.
 */
static void
serve_conn(struct pool *p, struct loop_thread *t, struct conn *c, struct feed *f)
{
	struct scratch	*sc = &t->sc;
	struct params_index x;
	struct input	 in = { param_get, stream_read, &x };
	char		 why[128];
	unsigned long	 ms;
	int		 hurry;

	c->req.keepConnection = 1;	/* see the top of this file */
	memset(&c->direct, 0, sizeof(c->direct));
	FCGX_Detach(&c->req);		/* libfcgi's close: no 2 s linger */
	feeding = f;
	if (FCGX_Accept_r(&c->req) < 0) {
		feeding = NULL;
		read_done(p, c);
		conn_free(p, c);	/* the peer closed, or sent garbage */
		return;
	}
	x.req = &c->req;
	x.built = 0;
#ifdef STATUSCGI_TEST_HOOKS
	test_hook(&in);
#endif
	t->rng += 0x9e3779b97f4a7c15ULL;
	ms = serve_plan(sc, &in, OUT_CGI, &p->base, t->rng);
	if (drain_stdin(&c->req) == -1)
		c->req.keepConnection = 0;
	read_done(p, c);
	/* The request is read. What libfcgi was handed past its end (a
	 * peer that sends the next request before this answer) is dropped,
	 * as libfcgi drops what it reads past a request from the socket. */
	feeding = NULL;
	free(c->part);
	c->part = NULL;
	c->part_len = 0;
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
	if (reply_size(&c->reply) > GUARD_WRITE_MIN)
		guard(c);
	step(p, c, hurry);
}

/* ---- events --------------------------------------------------------- */

/*
 * Whether libfcgi may be handed the n bytes at b: they hold a request up
 * to its end as libfcgi reads it, the empty FCGI_STDIN record of the
 * request that the first FCGI_BEGIN_REQUEST record began (FastCGI 1.0
 * §3.3, §5.1, §5.3; libfcgi skips the records of other request ids and
 * answers management ones, request id 0, on its way); or libfcgi stops
 * reading before any end (not FastCGI 1.0, a begin record it refuses);
 * or n is PEEK_MAX (libfcgi reads the rest of a large request from the
 * socket, under guard()). Returns 1 then, 0 if the request goes on.
 */
static int
request_whole(const unsigned char *b, size_t n)
{
	size_t		 at = 0, end, len;
	unsigned	 id, want = 0;		/* 0: no request begun yet */

	while (at + 8 <= n) {
		if (b[at] != 1)
			return 1;		/* libfcgi refuses it */
		id = (unsigned)b[at + 2] << 8 | b[at + 3];
		len = (size_t)b[at + 4] << 8 | b[at + 5];
		end = at + 8 + len + b[at + 6];
		if (b[at + 1] == FCGI_BEGIN && want == 0) {
			if (id == 0 || len != 8)
				return 1;	/* libfcgi refuses it */
			want = id;
		} else if (b[at + 1] == FCGI_STDIN && len == 0 && want != 0 &&
		    id == want) {
			if (end <= n)
				return 1;
			break;
		}
		at = end;
	}
	return n == PEEK_MAX;
}

/*
 * Keeps the n bytes at b, part of a request, in c until the rest comes;
 * nothing when only peeking (they stay in the socket). Returns 0, or -1
 * if there is no memory for them.
 */
static int
keep_part(struct conn *c, const unsigned char *b, size_t n)
{
	if (LOOK_FLAGS & MSG_PEEK)
		return 0;
	if (c->part == NULL && (c->part = malloc(PEEK_MAX)) == NULL)
		return -1;
	if (b != c->part)
		memcpy(c->part, b, n);
	c->part_len = n;
	return 0;
}

/*
 * Serves the request on c once it is all there; until then c waits, in
 * the epoll set (nothing yet) or on the park's timer (part of it, kept
 * in c, which must be complete within IO_TIMEOUT_S). What the connection
 * has is read without waiting, after the part kept before. The caller
 * gives up c.
 */
static void
dispatch(struct pool *p, struct loop_thread *t, struct conn *c)
{
	unsigned char	*b = c->part != NULL ? c->part : t->in;
	size_t		 have = c->part_len;
	ssize_t		 n;
	struct feed	 f;

	n = recv(c->fd, b + have, PEEK_MAX - have, LOOK_FLAGS);
	if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK ||
	    errno == EINTR)) {
		if (have == 0) {
			c->recheck_ms = 0;
			conn_idle(p, c);
			return;
		}
		n = 0;			/* the same part, nothing new */
	} else if (n <= 0) {
		conn_free(p, c);	/* the peer closed, or failed */
		return;
	}
	have += (size_t)n;
	if (request_whole(b, have)) {
		if (have == PEEK_MAX) {
			/* libfcgi may read on from the socket: each read
			 * within IO_TIMEOUT_S, and all of the rest within
			 * the time a part has (cut_slow() ends it then). */
			guard(c);
			if (c->recheck_ms == 0)
				c->read_by = clock_ms() + IO_TIMEOUT_S * 1000;
			if (read_begin(p, c) == -1) {
				conn_free(p, c);	/* no deadline: none */
				return;
			}
		}
		c->recheck_ms = 0;
		f.fd = c->fd;
		f.p = b;
		f.at = 0;
		f.end = have;
		/* When only peeking, libfcgi reads the socket itself. */
		serve_conn(p, t, c, LOOK_FLAGS & MSG_PEEK ? NULL : &f);
		return;
	}
	/* Stopping (no more waiting), or no memory for the part. */
	if (atomic_load(&p->hurry) || keep_part(c, b, have) == -1) {
		conn_free(p, c);
		return;
	}
	if (c->recheck_ms == 0) {
		c->recheck_ms = RECHECK_MS;
		c->read_by = clock_ms() + IO_TIMEOUT_S * 1000;
	} else if (clock_ms() >= c->read_by) {
		conn_free(p, c);	/* too slow: give up */
		return;
	} else if ((c->recheck_ms *= 2) > RECHECK_MAX_MS)
		c->recheck_ms = RECHECK_MAX_MS;
	quiet(p, c);
	set_state(p, c, C_PARKED);
	if (park_add(&p->park, c, PARK_PARTIAL,
	    clock_ms() + c->recheck_ms) == -1) {
		set_state(p, c, C_BUSY);
		conn_free(p, c);
	}
}

/*
 * Accepts one connection and serves or waits for its request. Returns 0,
 * or -1 when there was none to accept (or no descriptor for it).
 */
static int
accept_one(struct pool *p, struct loop_thread *t)
{
	struct sockaddr_storage sa;
	socklen_t	 len = sizeof(sa);
	struct timespec	 pause = { 0, 10 * 1000000L };
	struct conn	*c;
	int		 fd, one = 1;

	if ((fd = accept(p->listen_fd, (struct sockaddr *)&sa, &len)) == -1) {
		/* Out of descriptors or memory: let others finish first. */
		if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
		    errno == ENOMEM)
			nanosleep(&pause, NULL);
		return -1;	/* another thread took it, or it went away */
	}
	if (!sock_peer_ok((struct sockaddr *)&sa, p->peers) ||
	    (c = conn_new(p, fd)) == NULL) {
		close(fd);
		return 0;
	}
	if (sa.ss_family == AF_INET || sa.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	/* A server writes its request right after connecting: serve it now
	 * if it is there, else wait for it without holding this thread. */
	dispatch(p, t, c);
	return 0;
}

/*
 * Takes up to ACCEPT_BATCH waiting connections: a burst of connections
 * (2,000 requests at once through nginx) empties the backlog quickly
 * instead of one per wake-up, so the backlog does not overflow.
 */
static void
on_listen(struct pool *p, struct loop_thread *t)
{
	int	 i;

	for (i = 0; i < ACCEPT_BATCH; i++)
		if (accept_one(p, t) == -1)
			break;
}

static void
on_timer(struct pool *p, struct loop_thread *t)
{
	struct epoll_event ev;
	struct parked	 items[TAKE_BATCH];
	int		 hurry = atomic_load(&p->hurry);
	size_t		 i, k;

	k = park_take(&p->park, items, TAKE_BATCH, hurry);
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN | EPOLLONESHOT;
	ev.data.ptr = &tag_timer;
	/* Re-armed first: other threads take the rest meanwhile. */
	epoll_ctl(p->epfd, EPOLL_CTL_MOD, p->park.fd, &ev);
	for (i = 0; i < k; i++) {
		struct conn *c = items[i].item;

		set_state(p, c, C_BUSY);
		if (items[i].kind == PARK_PARTIAL)
			dispatch(p, t, c);	/* look for the rest */
		else
			step(p, c, hurry);	/* PARK_ANSWER: go on */
	}
}

static void *
loop_main(void *arg)
{
	struct pool	*p = arg;
	struct loop_thread	 t;
	struct epoll_event ev[EVENTS_MAX];
	struct conn	*c;
	int		 i, n, stop = 0;

	if (getrandom(&t.rng, sizeof(t.rng), GRND_NONBLOCK) != sizeof(t.rng))
		t.rng = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)&t;
	scratch_init(&t.sc);
	atomic_fetch_add(&p->running, 1);	/* fcgi_run may sandbox now */
	/* Several threads of a process take turns: each takes what is ready
	 * at once (one-shot events go to one thread only) and serves it. */
	while (!stop && !atomic_load(&p->quit)) {
		n = epoll_wait(p->epfd, ev, p->o->threads > 1 ? 1 : EVENTS_MAX,
		    -1);
		for (i = 0; i < n; i++) {
			if (ev[i].data.ptr == &tag_stop)
				stop = 1;
			else if (ev[i].data.ptr == &tag_listen)
				on_listen(p, &t);
			else if (ev[i].data.ptr == &tag_timer)
				on_timer(p, &t);
			else {
				enum cstate was;

				c = ev[i].data.ptr;
				pthread_mutex_lock(&p->lock);
				was = c->state;
				c->state = C_BUSY;
				pthread_mutex_unlock(&p->lock);
				if (was == C_WRITING)
					step(p, c, atomic_load(&p->hurry));
				else
					dispatch(p, &t, c);
			}
		}
	}
	scratch_free(&t.sc);
	return NULL;
}

/* ---- the main thread ------------------------------------------------ */

static int
watch(struct pool *p, int fd, uint32_t events, void *tag)
{
	struct epoll_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.events = events;
	ev.data.ptr = tag;
	return epoll_ctl(p->epfd, EPOLL_CTL_ADD, fd, &ev);
}

/*
 * Stops taking connections and waits until every one is closed: idle
 * ones at once, busy ones when their request is answered, parked ones
 * when their time comes, or when the grace period ends (or a second stop
 * signal comes), whichever is first; then answers still being written to
 * a peer that reads slowly are cut off. Peers that stall a read or write
 * are given up on after their I/O timeout.
 */
static void
drain(struct pool *p, const sigset_t *stop)
{
	struct timespec	 tick = { 0, 10 * 1000000L };
	struct conn	*c;
	uint64_t	 now, end = clock_ms() + p->o->grace_ms;
	size_t		 left;

	epoll_ctl(p->epfd, EPOLL_CTL_DEL, p->listen_fd, NULL);
	pthread_mutex_lock(&p->lock);
	p->draining = 1;
	for (c = p->conns; c != NULL; c = c->next)
		if (c->state == C_IDLE)
			shutdown(c->fd, SHUT_RDWR);	/* its thread closes it */
	pthread_mutex_unlock(&p->lock);
	for (;;) {
		pthread_mutex_lock(&p->lock);
		left = p->nconns;
		pthread_mutex_unlock(&p->lock);
		if (left == 0)
			break;
		cut_slow(p);
		now = clock_ms();
		if (!atomic_load(&p->hurry) && (now >= end ||
		    sigtimedwait(stop, NULL, &tick) > 0)) {
			atomic_store(&p->hurry, 1);
			park_wake(&p->park);
		} else if (atomic_load(&p->hurry)) {
			/* Its thread finds the write failed, and closes it. */
			pthread_mutex_lock(&p->lock);
			for (c = p->conns; c != NULL; c = c->next)
				if (c->state == C_WRITING)
					shutdown(c->fd, SHUT_RDWR);
			pthread_mutex_unlock(&p->lock);
			nanosleep(&tick, NULL);
		}
		if (now >= end + 2 * IO_TIMEOUT_S * 1000 + 1000)
			break;
	}
}

int
fcgi_run(int fd, const struct fcgi_opts *o, char *err, size_t n)
{
	struct pool	 p;
	struct input	 env = { env_get, NULL, NULL };
	pthread_t	*tids;
	pthread_attr_t	 attr;
	sigset_t	 stop;
	struct timespec	 spin = { 0, 1000000L }, second = { 1, 0 };
	uint64_t	 one = 1;
	unsigned	 i, started = 0;
	int		 e = 0, flags;
	pid_t		 self = getpid();

	memset(&p, 0, sizeof(p));
	p.listen_fd = fd;
	p.o = o;
	p.peers = getenv("FCGI_WEB_SERVER_ADDRS");
	/* Settings from the process environment; a request may override. */
	config_read(&p.base, &env, NULL);
	pthread_mutex_init(&p.lock, NULL);

	/* libfcgi allocates an 8 KiB buffer for every request: without
	 * fastbins glibc need not consolidate small chunks before each. */
	mallopt(M_MXFAST, 0);
	/* Every thread allocates from the main arena (brk), as the main
	 * thread does. A thread's own arena, when glibc shrinks it, reads
	 * /proc/sys/vm/overcommit_memory the first time: an open the
	 * sandbox forbids, at a moment no one chooses. */
	mallopt(M_ARENA_MAX, 1);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);	/* inherited by threads */

	if (FCGX_Init() != 0) {
		snprintf(err, n, "FCGX_Init failed");
		return -1;
	}
	if ((tids = calloc(o->threads, sizeof(*tids))) == NULL) {
		snprintf(err, n, "out of memory");
		return -1;
	}
	p.epfd = p.stopfd = -1;
	if ((flags = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1 ||
	    (p.epfd = epoll_create1(EPOLL_CLOEXEC)) == -1 ||
	    (p.stopfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) == -1 ||
	    park_init(&p.park) == -1 ||
	    watch(&p, p.park.fd, EPOLLIN | EPOLLONESHOT, &tag_timer) == -1 ||
	    watch(&p, p.stopfd, EPOLLIN, &tag_stop) == -1) {
		snprintf(err, n, "cannot serve FastCGI: %s", strerror(errno));
		e = -1;
	}
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, THREAD_STACK);
	for (i = 0; e == 0 && i < o->threads; i++, started++)
		if ((e = pthread_create(&tids[i], &attr, loop_main,
		    &p)) != 0) {
			snprintf(err, n, "cannot start a thread: %s",
			    strerror(e));
			e = -1;
			break;
		}
	pthread_attr_destroy(&attr);

	/* Threads and descriptors exist: from here on only serving. The
	 * filter reaches every thread, so each must be past the system
	 * calls of its start (rseq, set_robust_list) first. */
	if (e == 0) {
		while (atomic_load(&p.running) < started)
			nanosleep(&spin, NULL);
		if (sandbox_enter(SANDBOX_WORKER, err, n) == -1)
			e = -1;
	}
	if (e == 0) {
		/* Ready before the first connection: a worker that a hostile
		 * peer kills is one that served, replaced at once. */
		if (o->ready_fd >= 0) {
			if (write(o->ready_fd, &self, sizeof(self)) == -1)
				(void)0;	/* the supervisor is gone */
			close(o->ready_fd);
		}
		if (watch(&p, fd, EPOLLIN | EPOLLEXCLUSIVE, &tag_listen) == -1) {
			snprintf(err, n, "cannot serve FastCGI: %s",
			    strerror(errno));
			e = -1;
		}
	}
	if (e == 0) {
		/* Between signals, once a second: large requests past
		 * their time are cut off. */
		while (sigtimedwait(&stop, NULL, &second) <= 0)
			cut_slow(&p);
		drain(&p, &stop);
	}
	atomic_store(&p.quit, 1);
	if (p.stopfd != -1 && write(p.stopfd, &one, sizeof(one)) == -1)
		(void)0;		/* an eventfd write cannot fail here */
	for (i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	free(tids);
	if (p.park.fd > 0)
		park_free(&p.park);
	if (p.stopfd != -1)
		close(p.stopfd);
	if (p.epfd != -1)
		close(p.epfd);
	pthread_mutex_destroy(&p.lock);
	return e;
}
