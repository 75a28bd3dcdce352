/* SPDX-License-Identifier: ISC */
/*
 * pool.h - what the loop threads of one FastCGI worker process share
 * (struct pool) and what each keeps for itself (struct loop_thread).
 * The main thread sets a pool up in fcgi_run() before any loop thread
 * starts; after that its fields are only read, but for the atomics, the
 * connections (conn.h) and the park (park.h, under its own lock),
 * written as they say.
 */
#ifndef STATUSCGI_POOL_H
#define STATUSCGI_POOL_H

#include <stdatomic.h>
#include <stdint.h>

#include "fastcgi/conn.h"
#include "fastcgi/fcgi.h"
#include "fastcgi/fcgi_wire.h"
#include "fastcgi/park.h"
#include "answer/serve.h"

struct pool {
	int		 listen_fd, stopfd;
	struct park	 park;
	struct conns	 conns;		/* and the epoll set, conns.epfd */
	const struct fcgi_opts *o;
	struct config	 base;
	const char	*peers;		/* FCGI_WEB_SERVER_ADDRS */
	atomic_int	 hurry;		/* stopping: nothing waits any more */
	atomic_int	 quit;
	atomic_ulong	 waiting;	/* replies parked or about to be */
	atomic_uint	 running;	/* threads past their start-up */
	atomic_uint	 failed;	/* threads with no memory to start */
};

/*
 * What one loop thread keeps: on its own stack, and the memory it
 * allocates at its start (loop_main()), touched by it alone.
 */
struct loop_thread {
	struct scratch	 sc;
	uint64_t	 rng;
	unsigned char	*in;		/* a connection's bytes, read ahead:
					   WINDOW_MAX */
	unsigned char	*aside;		/* records a feed keeps: ASIDE_MAX */
	struct params_index *params;	/* the request being served */
};

#endif
