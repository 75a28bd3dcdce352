/* SPDX-License-Identifier: ISC */
/*
 * super.h - the FastCGI supervisor: holds the listening socket, runs the
 * worker processes, replaces the ones that die, drains them on a stop.
 */
#ifndef STATUSCGI_SUPER_H
#define STATUSCGI_SUPER_H

#include <stddef.h>

enum super_role {
	SUPER_DONE = 0,		/* the supervisor, after a stop: exit 0 */
	SUPER_WORKER = 1,	/* a new worker process: serve */
	SUPER_FAILED = -1	/* the supervisor could not start */
};

/*
 * Runs processes worker processes on the listening socket fd. Returns in
 * the supervisor with SUPER_DONE once SIGTERM, SIGINT or SIGUSR1 came and
 * every worker has drained (those that outlive grace_ms by far are
 * killed), or SUPER_FAILED with err (size n) saying why; returns in each
 * new worker process with SUPER_WORKER and *ready_fd set to where it
 * tells its pid once it serves.
 */
enum super_role supervise(int fd, unsigned processes, unsigned long grace_ms,
	    int *ready_fd, char *err, size_t n);

#endif
