/* SPDX-License-Identifier: ISC */
/*
 * fcgi.h - one FastCGI worker process: libfcgi's fcgiapp for the
 * protocol, loop threads sharing an epoll set for connections, parked
 * replies for waits.
 */
#ifndef STATUSCGI_FCGI_H
#define STATUSCGI_FCGI_H

#include <stddef.h>

struct fcgi_opts {
	unsigned	 threads;	/* loop threads */
	unsigned long	 max_waiting;	/* parked answers at most */
	unsigned long	 grace_ms;	/* a stop waits this long for them */
	unsigned long	 write_ms;	/* an answer whose peer takes nothing
					   of it this long is cut off */
	int		 ready_fd;	/* told this process's pid once ready, or -1 */
};

/*
 * Serves FastCGI connections accepted on the listening socket fd until
 * SIGTERM, SIGINT or SIGUSR1, then drains: accepts no more, closes idle
 * kept-alive connections, lets requests in flight finish and parked
 * answers wait out their time, but no longer than grace_ms, when they are
 * answered at once. An answer whose peer takes none of it for write_ms is
 * cut off, its connection closed. Returns 0 after such a stop, or -1 with
 * err (size n) saying why it could not start.
 */
int	fcgi_run(int fd, const struct fcgi_opts *, char *err, size_t n);

#endif
