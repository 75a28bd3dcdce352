/* serve.h - one request through read, plan, wait and write. */
#ifndef STATUSCGI_SERVE_H
#define STATUSCGI_SERVE_H

#include <stdint.h>

#include "plan.h"
#include "request.h"
#include "writer.h"

/* What one worker keeps between requests (memory only, no state). */
struct worker {
	struct request	 req;
	struct plan	 plan;
	struct buf	 out;
};

void	worker_init(struct worker *);
void	worker_free(struct worker *);

/*
 * Answers one request read from in, writing to s in mode. Settings are
 * base overridden by the request's own STATUSCGI_* variables. A 1xx
 * interim answer goes out before the sleep= wait, the final one after.
 * Returns 0, or -1 if the sink failed (the client went away).
 */
int	serve(struct worker *, const struct input *in, const struct sink *s,
	    enum out_mode mode, const struct config *base, uint64_t entropy);

#endif
