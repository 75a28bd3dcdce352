/* sink.h - where an answer's bytes go: stdout, a FastCGI stream... */
#ifndef STATUSCGI_SINK_H
#define STATUSCGI_SINK_H

#include <stddef.h>

/* write() returns 0 once all n bytes are taken, or -1 on failure. */
struct sink {
	int	(*write)(void *ctx, const char *data, size_t n);
	void	*ctx;
};

#endif
