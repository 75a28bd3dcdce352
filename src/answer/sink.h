/* SPDX-License-Identifier: ISC */
/*
 * sink.h - where an answer's bytes go: stdout, a FastCGI stream... A sink's
 * write() runs in the thread that steps the reply (reply_step()): a CGI
 * process's one thread, or the FastCGI worker's loop thread that owns the
 * connection.
 */
#ifndef STATUSCGI_SINK_H
#define STATUSCGI_SINK_H

#include <stddef.h>

/*
 * write() returns how many of the n bytes it took: n, or fewer (even 0)
 * when the sink would have to wait for its reader (call again with the
 * rest once it can take more); or -1 on failure. A blocking sink always
 * takes all n.
 */
struct sink {
	long	(*write)(void *ctx, const char *data, size_t n);
	void	*ctx;
};

#endif
