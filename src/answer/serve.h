/* SPDX-License-Identifier: ISC */
/*
 * serve.h - one request through read, plan and render; the waits between
 * an answer's pieces are the transport's (a CGI process sleeps, a FastCGI
 * worker parks the reply).
 */
#ifndef STATUSCGI_SERVE_H
#define STATUSCGI_SERVE_H

#include <stdint.h>

#include "answer/body.h"
#include "answer/plan.h"
#include "answer/reply.h"
#include "http/request.h"
#include "answer/writer.h"

/*
 * The scratch memory of requests, kept from one to the next by whoever
 * serves them (the CGI process, a FastCGI loop thread): memory only, no
 * state that outlives a request. One thread owns it.
 */
struct scratch {
	struct request	 req;
	struct plan	 plan;
	enum out_mode	 mode;
};

void	scratch_init(struct scratch *);
void	scratch_free(struct scratch *);

/*
 * The get of an input that reads the process environment (ctx unused):
 * a CGI request's variables (cgi.c), a FastCGI worker's settings
 * (fcgi.c). Returns name's value, or NULL when it is not set.
 */
const char *env_get(void *ctx, const char *name);

/* The most bytes one rendered answer takes. */
#define REPLY_MAX	(BODY_MAX + 2 * HEAD_MAX + 1024)

/*
 * Reads one request from in and plans its answer in sc, in mode. Settings
 * are base overridden by the request's own STATUSCGI_* variables. Returns
 * how long the answer waits on a timer (sleep=, drip=) in milliseconds,
 * 0 if it goes out at once; never fails
 * (bad input is planned as its 4xx answer).
 */
unsigned long serve_plan(struct scratch *sc, const struct input *in,
	    enum out_mode mode, const struct config *base, uint64_t entropy);

/* Replaces sc's plan by a 503 saying why, with Retry-After retry_s. */
void	serve_busy(struct scratch *sc, const char *why, unsigned long retry_s);

/*
 * Renders sc's plan into r, stamped as sent now plus its wait. Returns 0,
 * or -1 if the answer does not fit r.
 */
int	serve_render(struct scratch *sc, struct reply *r);

/*
 * Answers one request read from in, writing to s in mode: the interim
 * answer first, then the final one after the sleep= wait, sleeping in
 * this thread; s must take every byte it is given (a blocking sink).
 * Returns 0, or -1 if the sink failed (the client went away).
 */
int	serve(struct scratch *, const struct input *in, const struct sink *s,
	    enum out_mode mode, const struct config *base, uint64_t entropy);

#endif
