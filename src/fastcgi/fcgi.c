/* SPDX-License-Identifier: ISC */
/*
 * fcgi.c - one FastCGI worker process: its threads, the event loop they
 * share, and the drain on a stop. libfcgi's fcgiapp speaks the protocol
 * (fcgi_wire.c around it), a connection's requests are served by
 * fcgi_serve.c, its states kept by conn.c, and waits in the park.
 *
 * Who runs what, and what it may touch:
 * - The main thread (fcgi_run) sets up, starts the loop threads, then
 *   waits for a stop signal, once a second shutting down connections
 *   whose large request libfcgi still reads past its time, and those
 *   whose answer waits for a peer that took none of it for the write
 *   timeout (under conns.lock, only those in CONN_READING or
 *   CONN_WRITING: conns_cut_slow()), and drains (drain()): it takes the
 *   listening socket out of the epoll set, shuts down idle connections
 *   (under conns.lock, only those in CONN_IDLE), wakes the park when the
 *   grace period ends, and then shuts down connections whose answer waits
 *   to be written (CONN_WRITING).
 * - The loop threads (loop_main) wait in epoll_wait on one set: the
 *   listening socket (whoever wakes accepts), connections that went idle,
 *   connections whose peer can take more of a large or dripping answer
 *   (CONN_WRITING), the park's timer (parked replies that are due,
 *   partial requests to look at again) and a stop eventfd. How a
 *   connection is armed in the set (one-shot, or level-triggered with one
 *   loop thread) and who owns it in each state: the table at the top of
 *   conn.h.
 * A conn, its FCGX_Request and its reply have one owner at a time: the
 *   thread that accepted or claimed it, or the park while it waits; the
 *   owner alone calls libfcgi on it. A loop_thread (its scratch, and the
 *   bytes it reads ahead) is per thread, on that thread's stack.
 *
 * System calls: here accept(), setsockopt(), epoll_wait(), epoll_ctl(),
 * nanosleep(), getrandom(), sigtimedwait(), madvise() and brk()
 * (malloc_trim()), and write() and close() at the end; before sandbox_enter() anything the supervisor's filter allows.
 * A new one made after sandbox_enter(), here or in conn.c, fcgi_serve.c,
 * fcgi_wire.c or park.c, must join the worker's list in src/sandbox.c
 * (worker_calls), or the sandbox kills the worker that makes it.
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
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "fastcgi/clock.h"
#include "fastcgi/conn.h"
#include "fastcgi/fcgi.h"
#include "fastcgi/fcgi_serve.h"
#include "fastcgi/fcgi_wire.h"
#include "fastcgi/park.h"
#include "fastcgi/pool.h"
#include "sandbox.h"
#include "answer/serve.h"
#include "fastcgi/sock.h"

#define TAKE_BATCH	32	/* parked items one thread takes at a time */
#define THREAD_STACK	(512 * 1024)
#define EVENTS_MAX	16	/* events one thread takes per epoll_wait */
#define ACCEPT_BATCH	16	/* connections one wake-up accepts at most */

/* epoll data for what is not a connection */
static char tag_listen, tag_stop, tag_timer;

/* ---- the loop threads ----------------------------------------------- */

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
	    (c = conn_new(&p->conns, fd)) == NULL) {
		close(fd);
		return 0;
	}
	if (sa.ss_family == AF_INET || sa.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	/* A server writes its request right after connecting: serve it now
	 * if it is there, else wait for it without holding this thread. */
	fcgi_dispatch(p, t, c);
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

/*
 * The park's timer fired: takes up to TAKE_BATCH items that are due (all,
 * once the drain hurries) and goes on with each as its kind says. Never
 * fails.
 */
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
	epoll_ctl(p->conns.epfd, EPOLL_CTL_MOD, p->park.fd, &ev);
	for (i = 0; i < k; i++) {
		struct conn *c = items[i].item;

		conn_claim(&p->conns, c);
		if (items[i].kind == PARK_PARTIAL)
			fcgi_dispatch(p, t, c);	/* look for the rest */
		else
			fcgi_step(p, c, hurry);	/* PARK_ANSWER: go on */
	}
}

/*
 * A loop thread (arg: the pool): waits on the epoll set and serves what
 * it hands this thread until the stop eventfd or quit. Returns NULL.
 */
static void *
loop_main(void *arg)
{
	struct pool	*p = arg;
	struct loop_thread t;
	struct epoll_event ev[EVENTS_MAX];
	struct conn	*c;
	int		 i, n, stop = 0, most;

	if (getrandom(&t.rng, sizeof(t.rng), GRND_NONBLOCK) != sizeof(t.rng))
		t.rng = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)&t;
	scratch_init(&t.sc);
	t.in = malloc(WINDOW_MAX);
	t.aside = malloc(ASIDE_MAX);
	t.params = malloc(sizeof(*t.params));
	if (t.in == NULL || t.aside == NULL || t.params == NULL) {
		stop = 1;
		atomic_fetch_add(&p->failed, 1);	/* fcgi_run gives up */
	} else
		atomic_fetch_add(&p->running, 1); /* fcgi_run may sandbox now */
	/* Several threads of a process take turns: each takes what is ready
	 * at once (one-shot events go to one thread only) and serves it. */
	most = p->o->threads > 1 ? 1 : EVENTS_MAX;
	while (!stop && !atomic_load(&p->quit)) {
		n = epoll_wait(p->conns.epfd, ev, most, -1);
		for (i = 0; i < n; i++) {
			if (ev[i].data.ptr == &tag_stop)
				stop = 1;
			else if (ev[i].data.ptr == &tag_listen)
				on_listen(p, &t);
			else if (ev[i].data.ptr == &tag_timer)
				on_timer(p, &t);
			else {
				/* A connection: its answer goes on, or
				 * its (next) request is looked for. */
				c = ev[i].data.ptr;
				if (conn_claim(&p->conns, c) == CONN_WRITING)
					fcgi_step(p, c,
					    atomic_load(&p->hurry));
				else
					fcgi_dispatch(p, &t, c);
			}
		}
	}
	scratch_free(&t.sc);
	free(t.in);
	free(t.aside);
	free(t.params);
	return NULL;
}

/* ---- the main thread ------------------------------------------------ */

/*
 * Adds fd, which is no connection, to the epoll set for events, with tag
 * as its data. Returns 0, or -1 with errno set.
 */
static int
watch(struct pool *p, int fd, uint32_t events, void *tag)
{
	struct epoll_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.events = events;
	ev.data.ptr = tag;
	return epoll_ctl(p->conns.epfd, EPOLL_CTL_ADD, fd, &ev);
}

/*
 * Stops taking connections and waits until every one is closed: idle
 * ones at once, busy ones when their request is answered, parked ones
 * when their time comes, or when the grace period ends (or a second stop
 * signal comes), whichever is first; then answers still being written to
 * a peer that reads slowly are cut off. Peers that stall a read or write
 * are given up on after their I/O timeout (conns_cut_slow(): the write
 * timeout for an answer waiting for room).
 */
static void
drain(struct pool *p, const sigset_t *stop)
{
	struct timespec	 tick = { 0, 10 * 1000000L };
	uint64_t	 now, end = clock_ms() + p->o->grace_ms;

	epoll_ctl(p->conns.epfd, EPOLL_CTL_DEL, p->listen_fd, NULL);
	conns_drain(&p->conns);
	for (;;) {
		if (conns_count(&p->conns) == 0)
			break;
		conns_cut_slow(&p->conns);
		now = clock_ms();
		if (!atomic_load(&p->hurry) && (now >= end ||
		    sigtimedwait(stop, NULL, &tick) > 0)) {
			atomic_store(&p->hurry, 1);
			park_wake(&p->park);
		} else if (atomic_load(&p->hurry)) {
			conns_cut_writing(&p->conns);
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
	conns_init(&p.conns, &p.park, o->threads == 1, o->write_ms);

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
	/* Every byte libfcgi reads must pass the checks first. */
	if (wire_probe() == -1) {
		snprintf(err, n, "libfcgi's reads do not come through OS_Read "
		    "here (a libfcgi linked -Bsymbolic?), so no request could "
		    "be checked before it: build statically (make)");
		return -1;
	}
	if ((tids = calloc(o->threads, sizeof(*tids))) == NULL) {
		snprintf(err, n, "out of memory");
		return -1;
	}
	p.stopfd = -1;
	if ((flags = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1 ||
	    (p.conns.epfd = epoll_create1(EPOLL_CLOEXEC)) == -1 ||
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
		while (atomic_load(&p.running) + atomic_load(&p.failed) <
		    started)
			nanosleep(&spin, NULL);
		if (atomic_load(&p.failed) > 0) {
			snprintf(err, n, "out of memory");
			e = -1;
		} else if (sandbox_enter(SANDBOX_WORKER, err, n) == -1)
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
		 * their time are cut off, and answers their peer stopped
		 * taking; and the memory that a burst of connections left
		 * free goes back to the system (glibc keeps what is free
		 * among what is used: 2,000 sleepers leave some 20 MiB). */
		while (sigtimedwait(&stop, NULL, &second) <= 0) {
			conns_cut_slow(&p.conns);
			malloc_trim(0);
		}
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
	if (p.conns.epfd != -1)
		close(p.conns.epfd);
	conns_free(&p.conns);
	return e;
}
